package org.hutong.identity;

/**
 * A data-quality finding on one field of a record: the value was kept out of matching (treated as
 * missing) and the reason is named so that the source can correct it.
 *
 * @param field the column or element, e.g. {@code birth_date}
 * @param rule a stable short name for the rule that failed, e.g. {@code resident-id-checksum}
 * @param message what was wrong, for people
 */
public record Finding(String field, String rule, String message) {}
