package org.hutong.quality.internal.rules;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hutong.quality.QualityRule;

/** A rule's check parameters, read with the rule's code in every error. */
final class Parameters {

  private final QualityRule rule;

  Parameters(QualityRule rule) {
    this.rule = rule;
  }

  String string(String name) {
    Object value = rule.parameters().get(name);
    if (!(value instanceof String s) || s.isBlank()) {
      throw invalid("needs the text parameter '" + name + "'");
    }
    return s;
  }

  String string(String name, String otherwise) {
    return rule.parameters().containsKey(name) ? string(name) : otherwise;
  }

  ElementPath path(String name) {
    try {
      return ElementPath.parse(rule.resourceType(), string(name));
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  Set<String> strings(String name) {
    Object value = rule.parameters().get(name);
    if (!(value instanceof List<?> list) || list.isEmpty() || !list.stream().allMatch(v -> v instanceof String)) {
      throw invalid("needs '" + name + "', a non-empty list of texts");
    }
    return Set.copyOf(list.stream().map(String.class::cast).toList());
  }

  Duration duration(String name, Duration otherwise) {
    if (!rule.parameters().containsKey(name)) {
      return otherwise;
    }
    try {
      return Duration.parse(string(name));
    } catch (java.time.format.DateTimeParseException e) {
      throw invalid("'" + name + "' must be an ISO 8601 duration such as PT24H");
    }
  }

  /** A map of texts to lists of texts, e.g. LOINC code → allowed UCUM units. */
  Map<String, Set<String>> table(String name) {
    Object value = rule.parameters().get(name);
    if (!(value instanceof Map<?, ?> map) || map.isEmpty()) {
      throw invalid("needs '" + name + "', a non-empty object");
    }
    Map<String, Set<String>> table = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getValue() instanceof List<?> list) || list.isEmpty() || !list.stream().allMatch(v -> v instanceof String)) {
        throw invalid("'" + name + "." + e.getKey() + "' must be a non-empty list of texts");
      }
      table.put((String) e.getKey(), Set.copyOf(list.stream().map(String.class::cast).toList()));
    }
    return table;
  }

  /** A list of objects, e.g. the ranges of a quantity-range rule. */
  List<Map<?, ?>> objects(String name) {
    Object value = rule.parameters().get(name);
    if (!(value instanceof List<?> list) || list.isEmpty() || !list.stream().allMatch(v -> v instanceof Map)) {
      throw invalid("needs '" + name + "', a non-empty list of objects");
    }
    return list.stream().<Map<?, ?>>map(v -> (Map<?, ?>) v).toList();
  }

  static double number(Map<?, ?> object, String name, double otherwise) {
    Object value = object.get(name);
    return value instanceof Number n ? n.doubleValue() : otherwise;
  }

  IllegalArgumentException invalid(String message) {
    return new IllegalArgumentException("Rule " + rule.code() + " (" + rule.check() + ") " + message);
  }
}
