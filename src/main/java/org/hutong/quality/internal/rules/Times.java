package org.hutong.quality.internal.rules;

import java.time.Instant;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Period;

/** Reads a point in time from a date-like element: a date, dateTime, instant or Period. */
final class Times {

  private Times() {}

  /** The element's time: for a Period its start, or with {@code end} its end. Null when it has none. */
  static Instant of(Base value, boolean end) {
    return switch (value) {
      case null -> null;
      case BaseDateTimeType t -> t.getValue() == null ? null : t.getValue().toInstant();
      case Period p -> {
        BaseDateTimeType t = end && p.hasEnd() ? p.getEndElement() : p.getStartElement();
        yield t.getValue() == null ? null : t.getValue().toInstant();
      }
      default -> null;
    };
  }
}
