package org.hutong.quality.internal.rules;

import java.time.Duration;
import java.time.Instant;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Resource;

/**
 * {@code plausible-date}: the date at {@code path} is not later than arrival plus {@code future}
 * (default PT24H, for clocks and time zones) and not before {@code earliest} (default 1900).
 */
record PlausibleDate(ElementPath path, Duration future, Instant earliest) implements Check {

  static final Instant YEAR_1900 = Instant.parse("1900-01-01T00:00:00Z");

  @Override
  public void check(Resource resource, Instant stored, Problems problems) {
    for (Base value : path.values(resource)) {
      for (boolean end : new boolean[] {false, true}) {
        Instant t = Times.of(value, end);
        if (t == null) {
          continue;
        }
        if (t.isAfter(stored.plus(future))) {
          problems.add(path.toString(), "date in the future");
          return;
        }
        if (t.isBefore(earliest)) {
          problems.add(path.toString(), "date before " + earliest.toString().substring(0, 4));
          return;
        }
      }
    }
  }
}
