package org.hutong.intake.internal.v2;

import ca.uhn.hl7v2.model.v251.datatype.TS;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;

/**
 * HL7 v2 times ({@code YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]}) as FHIR dates and
 * dateTimes of the same precision. A time without an offset is local time in Asia/Shanghai (+08:00,
 * +09:00 in the summers of 1986-1991), as every sender in the region sends local time; a date alone
 * carries no offset. Hours without
 * minutes become minutes and minutes become seconds, since FHIR has no such precisions.
 */
final class V2Dates {

  /** Where a time without offset is local time. */
  static final ZoneId LOCAL_ZONE = ZoneId.of("Asia/Shanghai");

  /** China Standard Time, for local times the zone's rules give no whole-minute offset for (before 1901). */
  private static final String STANDARD_OFFSET = "+08:00";

  private static final Pattern TS_PATTERN = Pattern.compile(
      "(\\d{4})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:\\.(\\d{1,4}))?)?)?)?)?)?([+-]\\d{4})?");

  private V2Dates() {}

  /** The FHIR dateTime of a TS field, or null when it is empty. */
  static DateTimeType dateTime(TS ts, String segment, int occurrence, int field) throws MappingException {
    String text = toFhir(V2Values.text(ts.getTime()), false);
    if (text == null) {
      return null;
    }
    if (text.isEmpty()) {
      throw invalid(segment, occurrence, field);
    }
    return new DateTimeType(text);
  }

  /** The FHIR date (time of day dropped) of a TS field, or null when it is empty. */
  static DateType date(TS ts, String segment, int occurrence, int field) throws MappingException {
    String text = toFhir(V2Values.text(ts.getTime()), true);
    if (text == null) {
      return null;
    }
    if (text.isEmpty()) {
      throw invalid(segment, occurrence, field);
    }
    return new DateType(text);
  }

  /**
   * The FHIR form of an HL7 time: null for null, the empty string when it is not a valid time.
   *
   * @param dateOnly whether to drop the time of day (for FHIR {@code date} elements)
   */
  static String toFhir(String hl7, boolean dateOnly) {
    if (hl7 == null) {
      return null;
    }
    Matcher m = TS_PATTERN.matcher(hl7.strip());
    if (!m.matches()) {
      return "";
    }
    try {
      int year = Integer.parseInt(m.group(1));
      if (year < 1) {
        return "";
      }
      StringBuilder out = new StringBuilder(32).append(m.group(1));
      if (m.group(2) == null) {
        return out.toString();
      }
      int month = Integer.parseInt(m.group(2));
      if (month < 1 || month > 12) {
        return "";
      }
      out.append('-').append(m.group(2));
      if (m.group(3) == null) {
        return out.toString();
      }
      LocalDate.of(year, month, Integer.parseInt(m.group(3)));
      out.append('-').append(m.group(3));
      if (m.group(4) == null || dateOnly) {
        return out.toString();
      }
      int hour = Integer.parseInt(m.group(4));
      int minute = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
      int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
      LocalDateTime local = LocalDateTime.of(year, month, Integer.parseInt(m.group(3)), hour, minute, second);
      out.append('T').append(m.group(4)).append(':').append(m.group(5) == null ? "00" : m.group(5)).append(':')
          .append(m.group(6) == null ? "00" : m.group(6));
      if (m.group(7) != null) {
        out.append('.').append((m.group(7) + "000").substring(0, 3));
      }
      return out.append(offset(m.group(8), local)).toString();
    } catch (DateTimeException e) {
      return "";
    }
  }

  private static String offset(String hl7Offset, LocalDateTime local) {
    if (hl7Offset == null) {
      // China kept summer time 1986-1991; the zone's rules know when.
      ZoneOffset offset = LOCAL_ZONE.getRules().getOffset(local);
      return offset.getTotalSeconds() % 60 == 0 ? offset.getId() : STANDARD_OFFSET;
    }
    int hours = Integer.parseInt(hl7Offset.substring(1, 3));
    int minutes = Integer.parseInt(hl7Offset.substring(3, 5));
    if (hours > 14 || minutes > 59) {
      throw new DateTimeException("offset out of range");
    }
    return hl7Offset.substring(0, 3) + ":" + hl7Offset.substring(3, 5);
  }

  private static MappingException invalid(String segment, int occurrence, int field) {
    return new MappingException(segment, occurrence, field, 0, MappingException.DATA_TYPE_ERROR,
        segment + "-" + field + " is not a valid HL7 date/time");
  }
}
