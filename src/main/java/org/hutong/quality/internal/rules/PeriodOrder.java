package org.hutong.quality.internal.rules;

import java.time.Instant;
import org.hl7.fhir.r4.model.Resource;

/**
 * {@code period-order}: the time at {@code start} is not after the time at {@code end} (for a
 * Period at {@code end}, its end): Encounter.period.start ≤ end, DiagnosticReport effective ≤ issued.
 */
record PeriodOrder(ElementPath start, ElementPath end) implements Check {

  @Override
  public void check(Resource resource, Instant stored, Problems problems) {
    Instant from = Times.of(start.first(resource), false);
    Instant to = Times.of(end.first(resource), true);
    if (from != null && to != null && to.isBefore(from)) {
      problems.add(end.toString(), "earlier than " + start);
    }
  }
}
