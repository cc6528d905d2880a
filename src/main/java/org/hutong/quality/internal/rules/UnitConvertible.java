package org.hutong.quality.internal.rules;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;

/**
 * {@code unit-convertible}: an Observation's valueQuantity with a LOINC code named in {@code units}
 * has a UCUM unit from that code's list, so results from different institutions can be compared
 * (glucose in mmol/L or mg/dL, not "mmol" or a local spelling).
 */
record UnitConvertible(Map<String, Set<String>> units) implements Check {

  @Override
  public void check(Resource resource, Instant stored, Problems problems) {
    String code = Loinc.code(resource);
    Set<String> allowed = code == null ? null : units.get(code);
    Quantity q = allowed == null ? null : Loinc.quantity(resource);
    if (q == null) {
      return;
    }
    if (!q.hasCode() && !q.hasUnit()) {
      problems.add("Observation.valueQuantity", "unit missing");
    } else if (!q.hasCode() || !Loinc.UCUM.equals(q.getSystem())) {
      problems.add("Observation.valueQuantity", "unit not coded in UCUM");
    } else if (!allowed.contains(q.getCode())) {
      problems.add("Observation.valueQuantity", "unit '" + ValueSet.abbreviate(q.getCode()) + "' not convertible for " + code);
    }
  }
}
