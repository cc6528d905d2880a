package org.hutong.intake.internal.v2;

import ca.uhn.hl7v2.model.Composite;
import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.model.Varies;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * Reads values out of HL7 v2 fields: blank and the HL7 explicit null ({@code ""}) read as null,
 * composite fields of any type (also the generic ones inside OBX-5) by component number, and coded
 * elements (CE, CWE, CNE) as CodeableConcepts in the sender's code systems.
 */
final class V2Values {

  private V2Values() {}

  /** The stripped value of a primitive, or null when it is empty or the HL7 null {@code ""}. */
  static String text(Primitive primitive) {
    return primitive == null ? null : text(primitive.getValue());
  }

  /** The stripped text, or null when it is empty or the HL7 null {@code ""}. */
  static String text(String value) {
    if (value == null) {
      return null;
    }
    String stripped = value.strip();
    return stripped.isEmpty() || "\"\"".equals(stripped) ? null : stripped;
  }

  /** Component {@code n} (from 1) of any field, or null; a primitive field is its own component 1. */
  static String component(Type type, int n) {
    Type data = unwrap(type);
    if (data instanceof Composite composite) {
      Type[] components = composite.getComponents();
      return n - 1 < components.length ? first(components[n - 1]) : null;
    }
    return n == 1 ? first(data) : null;
  }

  /** Whether a field has no value at all. */
  static boolean isEmpty(Type type) {
    try {
      return type == null || unwrap(type).isEmpty();
    } catch (ca.uhn.hl7v2.HL7Exception e) {
      return true;
    }
  }

  /** Whether a segment or group has no content. */
  static boolean isEmpty(ca.uhn.hl7v2.model.Structure structure) {
    try {
      return structure == null || structure.isEmpty();
    } catch (ca.uhn.hl7v2.HL7Exception e) {
      return true;
    }
  }

  /**
   * A coded element (components identifier, text, coding system, then the alternate triple) as a
   * CodeableConcept, or null when it carries neither code nor text.
   */
  static CodeableConcept codeable(Type coded, String organization) {
    String code = component(coded, 1);
    String display = component(coded, 2);
    CodeableConcept concept = new CodeableConcept();
    if (code != null) {
      concept.addCoding(new Coding(V2Systems.codeSystem(component(coded, 3), organization), code, display));
    }
    String alternate = component(coded, 4);
    if (alternate != null) {
      concept.addCoding(new Coding(V2Systems.codeSystem(component(coded, 6), organization), alternate, component(coded, 5)));
    }
    if (display != null) {
      concept.setText(display);
    } else if (code == null) {
      return null;
    }
    return concept;
  }

  /** A person field (XCN, PPN) as {@code family + given}, the Chinese way, or null. */
  static String personName(Type person) {
    String family = component(person, 2);
    String given = component(person, 3);
    if (family == null && given == null) {
      return null;
    }
    return V2Names.join(family, given);
  }

  private static Type unwrap(Type type) {
    Type data = type;
    while (data instanceof Varies varies) {
      data = varies.getData();
    }
    return data;
  }

  private static String first(Type type) {
    Type data = unwrap(type);
    if (data instanceof Primitive primitive) {
      return text(primitive);
    }
    if (data instanceof Composite composite) {
      Type[] parts = composite.getComponents();
      return parts.length == 0 ? null : first(parts[0]);
    }
    return null;
  }
}
