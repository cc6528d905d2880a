package org.hutong.quality.internal.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ResourceFactory;
import org.hutong.quality.Dimension;
import org.hutong.quality.QualityRule;
import org.hutong.quality.Severity;

/**
 * The rule catalogue ({@code quality/rules.json}), each rule bound to its check kind once at
 * start-up: a bad rule (unknown kind, path or parameter) stops the platform from starting rather
 * than failing on a write.
 */
public final class RuleCatalogue {

  /** The catalogue shipped with the platform. */
  public static final String SHIPPED = "quality/rules.json";

  /** The check kinds a rule can use. */
  public static final Set<String> KINDS =
      Set.of("required", "value-set", "resident-id", "plausible-date", "quantity-range", "id-consistency", "period-order",
          "unit-convertible", "timeliness");

  /** A rule with its check. */
  public record Bound(QualityRule rule, Check check) {}

  private final List<QualityRule> rules;
  private final Map<String, List<Bound>> byType;
  private final Map<String, Timeliness> eventTimes;

  private RuleCatalogue(List<QualityRule> rules, ZoneId zone) {
    this.rules = List.copyOf(rules);
    Map<String, List<Bound>> types = new HashMap<>();
    Map<String, Timeliness> events = new HashMap<>();
    Set<String> codes = new HashSet<>();
    for (QualityRule rule : rules) {
      if (!codes.add(rule.code())) {
        throw new IllegalArgumentException("Rule code " + rule.code() + " is used twice");
      }
      Check check = bind(rule, zone);
      types.computeIfAbsent(rule.resourceType(), t -> new ArrayList<>()).add(new Bound(rule, check));
      if (check instanceof Timeliness t) {
        events.putIfAbsent(rule.resourceType(), t);
      }
    }
    types.replaceAll((t, list) -> List.copyOf(list));
    this.byType = Map.copyOf(types);
    this.eventTimes = Map.copyOf(events);
  }

  /** Reads the shipped catalogue. */
  public static RuleCatalogue shipped(ZoneId zone) {
    try (InputStream in = RuleCatalogue.class.getClassLoader().getResourceAsStream(SHIPPED)) {
      if (in == null) {
        throw new IllegalStateException("The rule catalogue " + SHIPPED + " is missing from the classpath");
      }
      return read(in, zone);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the rule catalogue", e);
    }
  }

  /** Reads a catalogue: {@code {"rules": [ {code, dimension, severity, resourceType, check, parameters, zh, en}, … ]}}. */
  @SuppressWarnings("unchecked")
  public static RuleCatalogue read(InputStream in, ZoneId zone) throws IOException {
    Map<String, Object> document = new ObjectMapper().readValue(in, LinkedHashMap.class);
    List<QualityRule> rules = new ArrayList<>();
    for (Map<String, Object> r : (List<Map<String, Object>>) document.get("rules")) {
      String code = text(r, "code", "?");
      rules.add(
          new QualityRule(
              code,
              Dimension.of(text(r, "dimension", code)),
              Severity.of(text(r, "severity", code)),
              text(r, "resourceType", code),
              text(r, "check", code),
              (Map<String, Object>) r.getOrDefault("parameters", Map.of()),
              text(r, "zh", code),
              text(r, "en", code)));
    }
    return new RuleCatalogue(rules, zone);
  }

  private static String text(Map<String, Object> rule, String field, String code) {
    if (!(rule.get(field) instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException("Rule " + code + " has no " + field);
    }
    return s;
  }

  private static Check bind(QualityRule rule, ZoneId zone) {
    if (!rule.code().matches("[A-Z]{2,5}-[A-Z]{3,5}-\\d{3}")) {
      throw new IllegalArgumentException("Rule code " + rule.code() + " is not of the form PAT-COMP-001");
    }
    Resource prototype;
    try {
      prototype = ResourceFactory.createResource(rule.resourceType());
    } catch (org.hl7.fhir.exceptions.FHIRException e) {
      throw new IllegalArgumentException("Rule " + rule.code() + " names an unknown resource type " + rule.resourceType());
    }
    Parameters p = new Parameters(rule);
    Check check = switch (rule.check()) {
      case "required" -> new Required(p.path("path"));
      case "value-set" -> new ValueSet(p.path("path"), p.string("system", null), p.strings("codes"));
      case "resident-id" -> new ResidentIdCheck(zone);
      case "id-consistency" -> new IdConsistency(p.string("compare"), zone);
      case "plausible-date" ->
          new PlausibleDate(p.path("path"), p.duration("future", Duration.ofHours(24)), Instant.parse(p.string("earliest", "1900-01-01") + "T00:00:00Z"));
      case "period-order" -> new PeriodOrder(p.path("start"), p.path("end"));
      case "quantity-range" ->
          new QuantityRange(p.objects("ranges").stream()
              .map(m -> new QuantityRange.Range(String.valueOf(m.get("loinc")), String.valueOf(m.get("unit")),
                  Parameters.number(m, "min", Double.NEGATIVE_INFINITY), Parameters.number(m, "max", Double.POSITIVE_INFINITY)))
              .toList());
      case "unit-convertible" -> new UnitConvertible(p.table("units"));
      case "timeliness" -> new Timeliness(p.path("path"), p.duration("threshold", Duration.ofHours(24)));
      default -> throw p.invalid("uses an unknown check kind; one of " + KINDS);
    };
    for (String name : List.of("path", "start", "end")) {
      if (rule.parameters().containsKey(name) && !p.path(name).validFor(prototype)) {
        throw p.invalid("names '" + rule.parameters().get(name) + "', not an element of " + rule.resourceType());
      }
    }
    if ((check instanceof QuantityRange || check instanceof UnitConvertible) && !rule.resourceType().equals("Observation")
        || (check instanceof ResidentIdCheck || check instanceof IdConsistency) && !rule.resourceType().equals("Patient")) {
      throw p.invalid("does not apply to " + rule.resourceType());
    }
    return check;
  }

  /** Every rule, in catalogue order. */
  public List<QualityRule> rules() {
    return rules;
  }

  /** The rules of a resource type with their checks (empty for types no rule covers). */
  public List<Bound> forType(String type) {
    return byType.getOrDefault(type, List.of());
  }

  /** Whether the type has a rule of the dimension: a record counts in a dimension's score only then. */
  public boolean covers(String type, Dimension dimension) {
    for (Bound b : forType(type)) {
      if (b.rule().dimension() == dimension) {
        return true;
      }
    }
    return false;
  }

  /** The clinical event time of a record (from its type's first timeliness rule), or null. */
  public Instant eventTime(String type, Resource resource) {
    Timeliness t = eventTimes.get(type);
    return t == null ? null : t.eventTime(resource);
  }
}
