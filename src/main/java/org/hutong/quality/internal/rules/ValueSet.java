package org.hutong.quality.internal.rules;

import java.time.Instant;
import java.util.Set;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Resource;

/**
 * {@code value-set}: the code at {@code path} is one of {@code codes}. For a Coding or
 * CodeableConcept with a {@code system}, a coding of that system must carry one of the codes; a
 * missing element is left to a {@code required} rule.
 */
record ValueSet(ElementPath path, String system, Set<String> codes) implements Check {

  @Override
  public void check(Resource resource, Instant stored, Problems problems) {
    for (Base value : path.values(resource)) {
      String code = switch (value) {
        case Coding c -> codeOf(c);
        case CodeableConcept cc -> cc.getCoding().stream().map(this::codeOf).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        case PrimitiveType<?> p -> p.getValueAsString();
        default -> null;
      };
      if (code == null) {
        problems.add(path.toString(), system == null ? "no code" : "no code of " + system);
      } else if (!codes.contains(code)) {
        problems.add(path.toString(), "code '" + abbreviate(code) + "' not in the value set");
      }
    }
  }

  private String codeOf(Coding coding) {
    return system == null || system.equals(coding.getSystem()) ? coding.getCode() : null;
  }

  /** Codes are not personal, but a field misused for free text could be: keep the detail short. */
  static String abbreviate(String code) {
    return code.length() <= 20 ? code : code.substring(0, 20) + "…";
  }
}
