package org.hutong.record.internal.index;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instant range a FHIR date, dateTime or instant stands for, from its precision: {@code 2020}
 * is all of 2020, {@code 2020-03-01T10:00+08:00} is that minute. {@code low} is inclusive, {@code
 * high} exclusive. Values without a time zone are read as UTC, both when indexing and when
 * searching, so the two always agree.
 */
public record DateRange(Instant low, Instant high) {

  /** Stands for an open start (a period with no start). */
  public static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");

  /** Stands for an open end (a period with no end, e.g. an ongoing encounter). */
  public static final Instant MAX = Instant.parse("9999-12-31T23:59:59Z");

  private static final Pattern FORMAT =
      Pattern.compile(
          "(\\d{4})(?:-(\\d{2})(?:-(\\d{2})(?:T(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?"
              + "(Z|[+-]\\d{2}:\\d{2})?)?)?)?");

  public DateRange {
    if (low.isAfter(high)) {
      throw new IllegalArgumentException("Date range starts after it ends");
    }
  }

  /**
   * Parses a FHIR date/dateTime/instant (or a search value, which may leave out seconds).
   *
   * @throws IllegalArgumentException naming the value when it is not a valid date
   */
  public static DateRange parse(String text) {
    Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("Not a valid FHIR date: '" + text + "'");
    }
    try {
      int year = Integer.parseInt(m.group(1));
      if (m.group(2) == null) {
        LocalDate start = LocalDate.of(year, 1, 1);
        return ofLocal(start.atStartOfDay(), start.plusYears(1).atStartOfDay(), ZoneOffset.UTC);
      }
      int month = Integer.parseInt(m.group(2));
      if (m.group(3) == null) {
        LocalDate start = LocalDate.of(year, month, 1);
        return ofLocal(start.atStartOfDay(), start.plusMonths(1).atStartOfDay(), ZoneOffset.UTC);
      }
      LocalDate day = LocalDate.of(year, month, Integer.parseInt(m.group(3)));
      if (m.group(4) == null) {
        return ofLocal(day.atStartOfDay(), day.plusDays(1).atStartOfDay(), ZoneOffset.UTC);
      }
      ZoneOffset zone = m.group(8) == null ? ZoneOffset.UTC : ZoneOffset.of(m.group(8));
      LocalDateTime start =
          day.atTime(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)));
      if (m.group(6) == null) {
        return ofLocal(start, start.plusMinutes(1), zone);
      }
      start = start.withSecond(Integer.parseInt(m.group(6)));
      String fraction = m.group(7);
      if (fraction == null) {
        return ofLocal(start, start.plusSeconds(1), zone);
      }
      long nanos = Long.parseLong((fraction + "000000000").substring(0, 9));
      long step = (long) Math.pow(10, 9 - fraction.length());
      start = start.withNano((int) nanos);
      return ofLocal(start, start.plusNanos(step), zone);
    } catch (java.time.DateTimeException | NumberFormatException e) {
      throw new IllegalArgumentException("Not a valid FHIR date: '" + text + "'", e);
    }
  }

  private static DateRange ofLocal(LocalDateTime start, LocalDateTime end, ZoneOffset zone) {
    return new DateRange(
        OffsetDateTime.of(start, zone).toInstant(), OffsetDateTime.of(end, zone).toInstant());
  }

  /**
   * The smallest range covering both (for periods and timings). A period that ends before it
   * starts (bad data that is stored and flagged by data quality, not refused) covers both points.
   */
  public static DateRange span(DateRange start, DateRange end) {
    if (start != null && end != null && end.high.isBefore(start.low)) {
      return new DateRange(end.low, start.high);
    }
    return new DateRange(start == null ? MIN : start.low, end == null ? MAX : end.high);
  }

  /** Millisecond-truncated bounds, as PostgreSQL stores microseconds. */
  public DateRange truncated() {
    return new DateRange(low.truncatedTo(ChronoUnit.MICROS), high.truncatedTo(ChronoUnit.MICROS));
  }

  static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return false;
    }
  }
}
