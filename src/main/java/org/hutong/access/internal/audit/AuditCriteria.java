package org.hutong.access.internal.audit;

import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

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

  private static List<Bound> bounds(String value) {
    if (value.indexOf(',') >= 0) {
      throw new IllegalArgumentException("date takes one value per occurrence; repeat date= for a range");
    }
    DateParam param;
    try {
      param = new DateParam(value);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("date '" + value + "' is not a FHIR date or dateTime (e.g. ge2025-03-01)");
    }
    if (param.getValue() == null) {
      throw new IllegalArgumentException("date '" + value + "' is not a FHIR date or dateTime (e.g. ge2025-03-01)");
    }
    ParamPrefixEnum prefix = param.getPrefix() == null ? ParamPrefixEnum.EQUAL : param.getPrefix();
    DateRangeParam range = new DateRangeParam(param);
    Instant lower = range.getLowerBoundAsInstant() == null ? null : range.getLowerBoundAsInstant().toInstant();
    Instant upper = range.getUpperBoundAsInstant() == null ? null : range.getUpperBoundAsInstant().toInstant();
    return switch (prefix) {
      case EQUAL -> List.of(new Bound(lower, true, true), new Bound(upper, false, true));
      case GREATERTHAN_OR_EQUALS, STARTS_AFTER -> List.of(new Bound(lower, true, true));
      case GREATERTHAN -> List.of(new Bound(lower, true, true)); // HAPI already moved it past the value's precision
      case LESSTHAN_OR_EQUALS, ENDS_BEFORE -> List.of(new Bound(upper, false, true));
      case LESSTHAN -> List.of(new Bound(upper, false, true));
      default -> throw new IllegalArgumentException("date supports the prefixes eq, ge, gt, le, lt, not '" + prefix.getValue() + "'");
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
