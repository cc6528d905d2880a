package org.hutong.quality.internal.rules;

import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;

/**
 * {@code quantity-range}: an Observation's valueQuantity lies within the plausible range for its
 * LOINC code and unit ({@code ranges}: loinc, unit or {@code *}, min, max). A unit no range names
 * is left to {@code unit-convertible}.
 */
record QuantityRange(List<Range> ranges) implements Check {

  record Range(String loinc, String unit, double min, double max) {
    boolean appliesTo(String code, String unit) {
      return loinc.equals(code) && (this.unit.equals("*") || this.unit.equals(unit));
    }
  }

  @Override
  public void check(Resource resource, Instant stored, Problems problems) {
    String code = Loinc.code(resource);
    Quantity q = code == null ? null : Loinc.quantity(resource);
    if (q == null) {
      return;
    }
    String unit = Loinc.unit(q);
    double value = q.getValue().doubleValue();
    for (Range r : ranges) {
      if (r.appliesTo(code, unit) && (value < r.min || value > r.max)) {
        problems.add("Observation.valueQuantity", "value outside " + plain(r.min) + "–" + plain(r.max) + " for " + code);
        return;
      }
    }
  }

  private static String plain(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
