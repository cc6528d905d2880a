package org.hutong.record.internal.search;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hutong.record.internal.index.SearchParam;

/**
 * A parsed search: the conditions (ANDed; the values of one condition ORed), sort order, page
 * size and what to include. It knows nothing of SQL; {@link SqlRenderer} renders it.
 */
public record SearchQuery(
    String type,
    List<Condition> conditions,
    List<Sort> sorts,
    Integer count,
    List<Include> includes,
    List<Include> revIncludes,
    boolean summaryCount) {

  /**
   * One parameter occurrence: {@code param:modifier=v1,v2}. For the resource's own columns
   * ({@code _id}, {@code _lastUpdated}) {@code param} is null and {@code name} tells which.
   * {@code chains} is set for {@code param.chained=value}: the chained condition for each type the
   * reference may point to that has the chained parameter (ORed), empty when not chained.
   */
  public record Condition(
      String name, SearchParam param, String modifier, List<String> values, Map<String, Condition> chains) {

    public Condition {
      chains = chains == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(chains));
    }

    public boolean chained() {
      return !chains.isEmpty();
    }
  }

  /**
   * Whether the matches are bounded by one subject's records: a plain {@code patient=} or
   * {@code subject=} condition with one value (or a Patient search by one {@code _id}).
   */
  public boolean oneSubject() {
    for (Condition c : conditions) {
      if (c.chained() || c.values().size() != 1 || (c.modifier() != null && !c.modifier().equals("Patient"))) {
        continue;
      }
      if (c.param() == null ? c.name().equals("_id") && type.equals("Patient")
          : c.param().type() == org.hutong.record.internal.index.ParamType.REFERENCE
              && (c.name().equals("patient") || c.name().equals("subject"))) {
        return true;
      }
    }
    return false;
  }

  /** Sort by a parameter (or {@code _id}, {@code _lastUpdated}), descending when asked. */
  public record Sort(String name, SearchParam param, boolean descending) {}

  /**
   * {@code _include=Source:param[:Target]} or {@code _revinclude=Source:param[:Target]}; {@code
   * param} is {@code *} for every reference parameter of the source. {@code iterate} for {@code
   * _include:iterate}, which applies to included resources too.
   */
  public record Include(String sourceType, String param, String targetType, boolean iterate) {

    public Include(String sourceType, String param, String targetType) {
      this(sourceType, param, targetType, false);
    }

    public Include iterating() {
      return new Include(sourceType, param, targetType, true);
    }

    public String spec() {
      return sourceType + ":" + param + (targetType == null ? "" : ":" + targetType);
    }

    public static Include parse(String spec) {
      String[] parts = spec.split(":");
      if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].isBlank()) {
        throw new IllegalArgumentException("Invalid include '" + spec + "': expected Type:param[:TargetType]");
      }
      return new Include(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
    }
  }
}
