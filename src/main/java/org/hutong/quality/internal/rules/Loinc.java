package org.hutong.quality.internal.rules;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;

/** The LOINC code and quantity of an Observation, which the quantity rules look at. */
final class Loinc {

  static final String SYSTEM = "http://loinc.org";
  static final String UCUM = "http://unitsofmeasure.org";

  private Loinc() {}

  /** The Observation's first LOINC code, or null. */
  static String code(Resource resource) {
    if (resource instanceof Observation o && o.hasCode()) {
      for (Coding c : o.getCode().getCoding()) {
        if (SYSTEM.equals(c.getSystem()) && c.hasCode()) {
          return c.getCode();
        }
      }
    }
    return null;
  }

  /** The Observation's valueQuantity with a value, or null. */
  static Quantity quantity(Resource resource) {
    return resource instanceof Observation o && o.getValue() instanceof Quantity q && q.hasValue() ? q : null;
  }

  /** The quantity's unit: its UCUM code, else its human-readable unit. */
  static String unit(Quantity q) {
    return q.hasCode() ? q.getCode() : q.hasUnit() ? q.getUnit() : null;
  }
}
