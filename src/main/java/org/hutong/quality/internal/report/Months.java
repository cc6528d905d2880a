package org.hutong.quality.internal.report;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** The {@code month} parameter of the API and the bulletin. */
final class Months {

  private Months() {}

  /** The month asked for ({@code yyyy-MM}), or the current one in the zone. */
  static YearMonth of(String text, Clock clock, ZoneId zone) {
    if (text == null || text.isBlank()) {
      return YearMonth.now(clock.withZone(zone));
    }
    try {
      return YearMonth.parse(text);
    } catch (DateTimeParseException e) {
      throw new BadMonth();
    }
  }

  /** A month that is not yyyy-MM: 400. */
  static final class BadMonth extends RuntimeException {
    BadMonth() {
      super("month must be yyyy-MM, e.g. 2026-11");
    }
  }
}
