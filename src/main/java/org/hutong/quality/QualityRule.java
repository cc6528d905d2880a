package org.hutong.quality;

import java.util.Map;

/**
 * One rule of the catalogue ({@code quality/rules.json}): rules are data, checked by a small set of
 * generic check kinds.
 *
 * @param code the rule's code, e.g. {@code PAT-COMP-001}
 * @param dimension what it measures
 * @param severity how bad a failure is
 * @param resourceType the FHIR resource type it applies to
 * @param check the check kind: required, value-set, resident-id, plausible-date, quantity-range,
 *     id-consistency, period-order, unit-convertible, timeliness
 * @param parameters the check's parameters (paths, codes, ranges, thresholds)
 * @param chinese the description in Chinese
 * @param english the description in English
 */
public record QualityRule(
    String code,
    Dimension dimension,
    Severity severity,
    String resourceType,
    String check,
    Map<String, Object> parameters,
    String chinese,
    String english) {

  public QualityRule {
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
  }
}
