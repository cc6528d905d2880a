package org.hutong.record.internal.index;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Every search value extracted from one resource, one list per index table. */
public final class IndexValues {

  public record StringValue(String param, String normalized, String exact) {}

  /** {@code display} is normalized as {@link StringNormalizer} does, for {@code :text}. */
  public record TokenValue(String param, String system, String code, String display) {}

  public record DateValue(String param, DateRange range) {}

  public record ReferenceValue(String param, String targetType, String targetId) {}

  public record QuantityValue(String param, BigDecimal value, String system, String code) {}

  public record UriValue(String param, String uri) {}

  public final List<StringValue> strings = new ArrayList<>();
  public final List<TokenValue> tokens = new ArrayList<>();
  public final List<DateValue> dates = new ArrayList<>();
  public final List<ReferenceValue> references = new ArrayList<>();
  public final List<QuantityValue> quantities = new ArrayList<>();
  public final List<UriValue> uris = new ArrayList<>();

  /** The Patient whose compartment the resource is in, or null. */
  public String patientId;

  /** One rule of an active privacy Consent: permit, deny-all, deny-org (orgId) or deny-label (label). */
  public record ConsentRule(String rule, String orgId, String label) {}

  /** The institution whose record this is (set by the write path from the caller), or null. */
  public String orgId;

  /** Security label codes (meta.security). */
  public List<String> labels = List.of();

  /** For a Consent: the rules it sets. */
  public List<ConsentRule> consentRules = List.of();

  public int size() {
    return strings.size() + tokens.size() + dates.size() + references.size() + quantities.size() + uris.size();
  }
}
