package org.hutong.access.internal.audit;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.DateTimeType;

/**
 * An AuditEvent search as the client asked for it. Each occurrence of a parameter narrows the
 * search (AND); the comma-separated values of one occurrence are alternatives (OR).
 *
 * @param patients Patient ids; each inner list is one occurrence
 * @param dates each a bound on {@code recorded}
 * @param agents user names or client ids ({@code agent})
 * @param actions C, R, U, D, E
 * @param outcomes 0, 4, 8, 12
 * @param subtypes restful-interaction codes, or 110122 / 110123 for login / logout
 * @param purposes ActReason codes (ETREAT: the break-the-glass report)
 * @param count results per page
 * @param cursor where the page starts: the last event of the previous page, or null
 */
record AuditCriteria(
    List<List<String>> patients,
    List<Bound> dates,
    List<List<String>> agents,
    List<List<String>> actions,
    List<List<String>> outcomes,
    List<List<String>> subtypes,
    List<List<String>> purposes,
    int count,
    Cursor cursor) {

  static final int DEFAULT_COUNT = 50;
  static final int MAX_COUNT = 1000;
  static final String CURSOR = "_cursor";
  /** Parameters HAPI itself answers, which need no handling here. */
  private static final Set<String> FRAMEWORK = Set.of("_format", "_pretty", "_summary", "_elements");
  private static final Set<String> ACTIONS = Set.of("C", "R", "U", "D", "E");
  private static final Set<String> OUTCOMES = Set.of("0", "4", "8", "12");
  private static final Pattern CURSOR_FORMAT = Pattern.compile("(-?\\d{1,19})\\.([0-9a-z]{1,64})");

  /** A bound on the time recorded: {@code after} (or at, when inclusive) or {@code before}. */
  record Bound(Instant instant, boolean lower, boolean inclusive) {}

  /** The position after which the next page starts (newest first: recorded, then id, descending). */
  record Cursor(long recordedMicros, String id) {
    @Override
    public String toString() {
      return recordedMicros + "." + id;
    }
  }

  static AuditCriteria all() {
    return new AuditCriteria(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), DEFAULT_COUNT, null);
  }

  /**
   * Reads the search parameters of a request.
   *
   * @throws IllegalArgumentException naming the parameter and what is wrong with it
   */
  static AuditCriteria parse(Map<String, String[]> parameters) {
    Map<String, List<List<String>>> tokens = new LinkedHashMap<>();
    List<Bound> dates = new ArrayList<>();
    int count = DEFAULT_COUNT;
    Cursor cursor = null;
    for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
      String name = parameter.getKey();
      if (FRAMEWORK.contains(name)) {
        continue;
      }
      if (name.indexOf(':') >= 0) {
        throw new IllegalArgumentException("AuditEvent search supports no modifiers ('" + name + "')");
      }
      for (String value : parameter.getValue()) {
        if (value == null || value.isBlank()) {
          throw new IllegalArgumentException("Parameter '" + name + "' needs a value");
        }
        switch (name) {
          case "patient", "agent", "action", "outcome", "subtype", "purpose" ->
              tokens.computeIfAbsent(name, n -> new ArrayList<>()).add(values(name, value));
          case "date" -> dates.addAll(bounds(value));
          case "_count" -> count = count(value);
          case CURSOR -> cursor = cursor(value);
          default ->
              throw new IllegalArgumentException(
                  "Unknown AuditEvent search parameter '" + name + "'; supported: patient, date, agent, action, outcome, subtype, purpose, _count");
        }
      }
    }
    return new AuditCriteria(
        tokens.getOrDefault("patient", List.of()),
        dates,
        tokens.getOrDefault("agent", List.of()),
        tokens.getOrDefault("action", List.of()),
        tokens.getOrDefault("outcome", List.of()),
        tokens.getOrDefault("subtype", List.of()),
        tokens.getOrDefault("purpose", List.of()),
        count,
        cursor);
  }

  private static List<String> values(String name, String value) {
    List<String> out = new ArrayList<>();
    for (String raw : value.split(",", -1)) {
      String v = raw.trim();
      // token parameters may carry a system; ours are fixed, so only the code matters
      int bar = v.lastIndexOf('|');
      if (bar >= 0 && !name.equals("agent")) {
        v = v.substring(bar + 1);
      }
      if (name.equals("patient") && v.startsWith("Patient/")) {
        v = v.substring("Patient/".length());
      }
      if (v.isEmpty()) {
        throw new IllegalArgumentException("Parameter '" + name + "' has an empty value in '" + value + "'");
      }
      if (name.equals("action") && !ACTIONS.contains(v)) {
        throw new IllegalArgumentException("action must be one of C, R, U, D, E, not '" + v + "'");
      }
      if (name.equals("outcome") && !OUTCOMES.contains(v)) {
        throw new IllegalArgumentException("outcome must be one of 0, 4, 8, 12, not '" + v + "'");
      }
      out.add(v);
    }
    return List.copyOf(out);
  }

  /**
   * The bounds a {@code date} value sets on the time recorded. The value stands for the whole
   * interval of its precision ({@code 2025-03-14} is that day; {@code 2025-03-14T10:00:00Z} that
   * second), read in the server's time zone when it names none: {@code eq} within it, {@code ge}
   * from its start, {@code gt} after its end, {@code le} up to its end, {@code lt} before its start.
   */
  private static List<Bound> bounds(String value) {
    if (value.indexOf(',') >= 0) {
      throw new IllegalArgumentException("date takes one value per occurrence; repeat date= for a range");
    }
    String prefix = value.length() > 2 && Character.isLetter(value.charAt(0)) ? value.substring(0, 2) : "eq";
    String date = prefix.equals("eq") && !value.startsWith("eq") ? value : value.substring(2);
    DateTimeType parsed;
    try {
      parsed = new DateTimeType(date);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("date '" + value + "' is not a FHIR date or dateTime (e.g. ge2025-03-01 or lt2025-03-01T08:00:00+08:00)");
    }
    ZoneId zone = parsed.getTimeZone() != null ? parsed.getTimeZone().toZoneId() : ZoneId.systemDefault();
    ZonedDateTime start = parsed.getValue().toInstant().atZone(zone);
    ZonedDateTime end =
        switch (parsed.getPrecision()) {
          case YEAR -> start.plusYears(1);
          case MONTH -> start.plusMonths(1);
          case DAY -> start.plusDays(1);
          case MINUTE -> start.plusMinutes(1);
          case SECOND -> start.plusSeconds(1);
          case MILLI -> start.plus(1, ChronoUnit.MILLIS);
        };
    Instant from = start.toInstant();
    Instant until = end.toInstant();
    return switch (prefix) {
      case "eq" -> List.of(new Bound(from, true, true), new Bound(until, false, false));
      case "ge" -> List.of(new Bound(from, true, true));
      case "gt", "sa" -> List.of(new Bound(until, true, true));
      case "le" -> List.of(new Bound(until, false, false));
      case "lt", "eb" -> List.of(new Bound(from, false, false));
      default -> throw new IllegalArgumentException("date supports the prefixes eq, ge, gt, le, lt, sa, eb, not '" + prefix + "'");
    };
  }

  private static int count(String value) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n < 1) {
        throw new IllegalArgumentException("_count must be at least 1, not " + n);
      }
      return Math.min(n, MAX_COUNT);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("_count must be a whole number, not '" + value + "'");
    }
  }

  private static Cursor cursor(String value) {
    var matcher = CURSOR_FORMAT.matcher(value);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("_cursor '" + value + "' is not one this server gave out; follow the next link as it is");
    }
    return new Cursor(Long.parseLong(matcher.group(1)), matcher.group(2));
  }

  /** The same search from the given position on. */
  AuditCriteria after(Cursor next) {
    return new AuditCriteria(patients, dates, agents, actions, outcomes, subtypes, purposes, count, next);
  }
}
