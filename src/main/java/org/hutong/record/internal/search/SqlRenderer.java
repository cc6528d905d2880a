package org.hutong.record.internal.search;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hutong.record.internal.access.RowFilter;
import org.hutong.record.internal.index.DateRange;
import org.hutong.record.internal.index.ParamType;
import org.hutong.record.internal.index.SearchParam;
import org.hutong.record.internal.index.StringNormalizer;

/**
 * Renders a {@link SearchQuery} as SQL over the resource table and the typed index tables: one
 * {@code EXISTS} per condition, one method per parameter type. Every value is a bind parameter.
 */
final class SqlRenderer {

  /** The most digits (or places of exponent) a searched number may have. */
  private static final int MAX_SCALE = 1000;

  private static final Pattern PREFIX = Pattern.compile("^(eq|ne|gt|lt|ge|le|sa|eb|ap)(?=[0-9+\\-.])");

  /**
   * The rendered query: {@code where} over alias {@code r} with its bind values, {@code order}
   * (without ORDER BY) with its own, since callers place the two differently.
   */
  record Sql(String where, List<Object> whereArgs, String order, List<Object> orderArgs) {}

  private final List<Object> args = new ArrayList<>();
  private final RowFilter filter;
  private int aliases;

  private SqlRenderer(RowFilter filter) {
    this.filter = filter;
  }

  /**
   * @param filter what the caller may see: applied here to the targets of chained parameters (a
   *     match must not reveal what an invisible resource contains); the caller applies it to the
   *     matches themselves
   */
  static Sql render(SearchQuery query, RowFilter filter) {
    SqlRenderer renderer = new SqlRenderer(filter);
    StringBuilder where = new StringBuilder("r.res_type = ? AND NOT r.deleted");
    renderer.args.add(query.type());
    for (SearchQuery.Condition c : query.conditions()) {
      where.append(" AND ").append(renderer.condition("r", query.type(), c));
    }
    List<Object> whereArgs = List.copyOf(renderer.args);
    renderer.args.clear();
    String order = renderer.order(query.sorts());
    return new Sql(where.toString(), whereArgs, order, List.copyOf(renderer.args));
  }

  private String condition(String r, String type, SearchQuery.Condition c) {
    if (c.param() == null) {
      return c.name().equals("_id") ? idCondition(r, c) : lastUpdated(r, c);
    }
    if ("missing".equals(c.modifier())) {
      return missing(r, c);
    }
    if (c.chained()) {
      return chain(r, type, c);
    }
    String i = "i" + (++aliases);
    args.add(type);
    args.add(c.param().name());
    List<String> ors = new ArrayList<>();
    for (String value : c.values()) {
      ors.add(value(i, c, value));
    }
    String exists =
        "EXISTS (SELECT 1 FROM record." + table(c.param().type()) + " " + i + " WHERE " + i + ".resource_pk = " + r
            + ".pk AND " + i + ".res_type = ? AND " + i + ".param = ? AND (" + String.join(" OR ", ors) + "))";
    return "not".equals(c.modifier()) ? "NOT " + exists : exists;
  }

  private String value(String i, SearchQuery.Condition c, String value) {
    return switch (c.param().type()) {
      case STRING -> string(i, c.modifier(), value);
      case TOKEN -> token(i, c.modifier(), value);
      case DATE -> date(i + ".low", i + ".high", value, c);
      case REFERENCE -> reference(i, c, value);
      case QUANTITY, NUMBER -> quantity(i, value, c);
      case URI -> uri(i, c.modifier(), value);
    };
  }

  private String string(String i, String modifier, String value) {
    value = unescape(value);
    if ("exact".equals(modifier)) {
      args.add(value);
      return i + ".value_exact = ?";
    }
    String normalized = likeEscape(StringNormalizer.normalize(value));
    if ("contains".equals(modifier)) {
      args.add("%" + normalized + "%");
    } else if (modifier == null) {
      args.add(normalized + "%");
    } else {
      throw new InvalidRequestException("Modifier :" + modifier + " does not apply to string parameters");
    }
    return i + ".value_norm LIKE ?";
  }

  private String token(String i, String modifier, String value) {
    if ("text".equals(modifier)) {
      args.add(likeEscape(StringNormalizer.normalize(unescape(value))) + "%");
      return "lower(" + i + ".display) LIKE ?";
    }
    if (modifier != null && !modifier.equals("not")) {
      throw new InvalidRequestException("Modifier :" + modifier + " does not apply to token parameters");
    }
    List<String> parts = splitBars(value, 2);
    if (parts.size() == 1) {
      args.add(parts.getFirst());
      return i + ".code = ?";
    }
    String system = parts.get(0);
    String code = parts.get(1);
    if (system.isEmpty()) {
      args.add(code);
      return "(" + i + ".system IS NULL AND " + i + ".code = ?)";
    }
    args.add(system);
    if (code.isEmpty()) {
      return i + ".system = ?";
    }
    args.add(code);
    return "(" + i + ".system = ? AND " + i + ".code = ?)";
  }

  /**
   * Date prefixes per the FHIR spec, comparing the target's range [low, high) with the searched
   * value's range [pLow, pHigh) given by its precision.
   */
  private String date(String low, String high, String value, SearchQuery.Condition c) {
    String prefix = "eq";
    // a '+' of a time zone that the client did not encode arrives as a space; no date has one
    value = value.replace(' ', '+');
    Matcher m = Pattern.compile("^(eq|ne|gt|lt|ge|le|sa|eb|ap)").matcher(value);
    if (m.find()) {
      prefix = m.group(1);
      value = value.substring(2);
    }
    DateRange range;
    try {
      range = DateRange.parse(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("Invalid date in search parameter '" + c.name() + "': " + e.getMessage());
    }
    Timestamp pLow = Timestamp.from(range.low());
    Timestamp pHigh = Timestamp.from(range.high());
    switch (prefix) {
      case "eq", "ne" -> {
        args.add(pLow);
        args.add(pHigh);
        String eq = "(" + low + " >= ? AND " + high + " <= ?)";
        return prefix.equals("eq") ? eq : "NOT " + eq;
      }
      case "gt" -> {
        args.add(pHigh);
        return high + " > ?";
      }
      case "lt" -> {
        args.add(pLow);
        return low + " < ?";
      }
      case "ge" -> {
        args.add(pHigh);
        args.add(pLow);
        args.add(pHigh);
        return "(" + high + " > ? OR (" + low + " >= ? AND " + high + " <= ?))";
      }
      case "le" -> {
        args.add(pLow);
        args.add(pLow);
        args.add(pHigh);
        return "(" + low + " < ? OR (" + low + " >= ? AND " + high + " <= ?))";
      }
      case "sa" -> {
        args.add(pHigh);
        return low + " >= ?";
      }
      case "eb" -> {
        args.add(pLow);
        return high + " <= ?";
      }
      default -> { // ap: within 10% of the distance from now, at least a day
        long now = System.currentTimeMillis();
        long gap = Math.max(86_400_000L, Math.abs(now - range.low().toEpochMilli()) / 10);
        args.add(Timestamp.from(range.high().plusMillis(gap)));
        args.add(Timestamp.from(range.low().minusMillis(gap)));
        return "(" + low + " < ? AND " + high + " > ?)";
      }
    }
  }

  private String reference(String i, SearchQuery.Condition c, String value) {
    String modifier = c.modifier();
    String type = modifier != null && !modifier.equals("not") ? modifier : null;
    value = unescape(value);
    String id = value;
    String[] parts = value.split("/");
    if (parts.length >= 2) {
      int at = parts.length >= 4 && parts[parts.length - 2].equals("_history") ? parts.length - 4 : parts.length - 2;
      type = parts[at];
      id = parts[at + 1];
    }
    if (id.isEmpty()) {
      throw new InvalidRequestException("Empty reference in search parameter '" + c.name() + "'");
    }
    args.add(id);
    if (type == null) {
      return i + ".target_id = ?";
    }
    args.add(type);
    return "(" + i + ".target_id = ? AND " + i + ".target_type = ?)";
  }

  private String quantity(String i, String value, SearchQuery.Condition c) {
    String prefix = "eq";
    Matcher m = PREFIX.matcher(value);
    if (m.find()) {
      prefix = m.group(1);
      value = value.substring(2);
    }
    String[] parts = splitBars(value, 3).toArray(String[]::new);
    BigDecimal number;
    try {
      number = new BigDecimal(parts[0]);
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("Invalid number in search parameter '" + c.name() + "': '" + parts[0] + "'");
    }
    // 1e999999999 would overflow the prefix arithmetic below, 1e-99999 PostgreSQL's numeric: both 500s
    if (Math.abs((long) number.scale()) > MAX_SCALE || number.precision() > MAX_SCALE) {
      throw new InvalidRequestException("Number in search parameter '" + c.name() + "' is out of range");
    }
    String v = i + ".value";
    String condition;
    switch (prefix) {
      case "eq", "ne", "ap" -> {
        BigDecimal half =
            prefix.equals("ap")
                ? number.abs().multiply(new BigDecimal("0.1"))
                : BigDecimal.ONE.movePointLeft(Math.max(number.scale(), 0)).divide(BigDecimal.valueOf(2));
        args.add(number.subtract(half));
        args.add(number.add(half));
        condition = "(" + v + " >= ? AND " + v + " < ?)";
        if (prefix.equals("ne")) {
          condition = "NOT " + condition;
        }
      }
      case "gt", "sa" -> {
        args.add(number);
        condition = v + " > ?";
      }
      case "lt", "eb" -> {
        args.add(number);
        condition = v + " < ?";
      }
      case "ge" -> {
        args.add(number);
        condition = v + " >= ?";
      }
      default -> {
        args.add(number);
        condition = v + " <= ?";
      }
    }
    if (parts.length > 1 && !parts[1].isEmpty()) {
      args.add(parts[1]);
      condition += " AND " + i + ".system = ?";
    }
    if (parts.length > 2 && !parts[2].isEmpty()) {
      args.add(parts[2]);
      condition += " AND " + i + ".code = ?";
    }
    return "(" + condition + ")";
  }

  private String uri(String i, String modifier, String value) {
    value = unescape(value);
    if (modifier == null) {
      args.add(value);
      return i + ".uri = ?";
    }
    if (modifier.equals("below")) {
      args.add(likeEscape(value) + "%");
      return i + ".uri LIKE ?";
    }
    if (modifier.equals("above")) {
      args.add(value);
      return "starts_with(?, " + i + ".uri)";
    }
    throw new InvalidRequestException("Modifier :" + modifier + " does not apply to uri parameters");
  }

  private String missing(String r, SearchQuery.Condition c) {
    String value = c.values().getFirst();
    if (!value.equals("true") && !value.equals("false")) {
      throw new InvalidRequestException(":missing takes true or false, not '" + value + "'");
    }
    String i = "i" + (++aliases);
    args.add(c.param().name());
    String exists =
        "EXISTS (SELECT 1 FROM record." + table(c.param().type()) + " " + i + " WHERE " + i + ".resource_pk = " + r
            + ".pk AND " + i + ".param = ?)";
    return value.equals("true") ? "NOT " + exists : exists;
  }

  private String chain(String r, String type, SearchQuery.Condition c) {
    String i = "i" + (++aliases);
    String t = "t" + aliases;
    args.add(type);
    args.add(c.param().name());
    List<String> targets = new ArrayList<>();
    for (var chain : c.chains().entrySet()) {
      args.add(chain.getKey());
      targets.add("(" + i + ".target_type = ? AND " + condition(t, chain.getKey(), chain.getValue()) + ")");
    }
    String visible = "";
    if (!filter.unrestricted()) {
      visible = " AND " + filter.sql(t);
      args.addAll(filter.args());
    }
    return "EXISTS (SELECT 1 FROM record.idx_reference " + i + " JOIN record.resource " + t + " ON " + t + ".res_type = "
        + i + ".target_type AND " + t + ".res_id = " + i + ".target_id WHERE " + i + ".resource_pk = " + r + ".pk AND "
        + i + ".res_type = ? AND " + i + ".param = ? AND NOT " + t + ".deleted AND (" + String.join(" OR ", targets) + ")" + visible + ")";
  }

  private String idCondition(String r, SearchQuery.Condition c) {
    args.add(c.values().stream().map(SqlRenderer::unescape).toArray(String[]::new));
    return ("not".equals(c.modifier()) ? "NOT " : "") + r + ".res_id = ANY(?)";
  }

  private String lastUpdated(String r, SearchQuery.Condition c) {
    List<String> ors = new ArrayList<>();
    for (String value : c.values()) {
      // a stored instant is a range of one microsecond
      ors.add(date(r + ".updated", "(" + r + ".updated + interval '1 microsecond')", value, c));
    }
    return "(" + String.join(" OR ", ors) + ")";
  }

  private String order(List<SearchQuery.Sort> sorts) {
    List<String> terms = new ArrayList<>();
    for (SearchQuery.Sort s : sorts) {
      String direction = s.descending() ? " DESC NULLS LAST" : " ASC NULLS LAST";
      if (s.param() == null) {
        terms.add((s.name().equals("_id") ? "r.res_id" : "r.updated") + direction);
        continue;
      }
      String table = table(s.param().type());
      String column =
          switch (s.param().type()) {
            case DATE -> s.descending() ? "max(o.high)" : "min(o.low)";
            case STRING -> s.descending() ? "max(o.value_norm)" : "min(o.value_norm)";
            case TOKEN -> s.descending() ? "max(o.code)" : "min(o.code)";
            default -> s.descending() ? "max(o.value)" : "min(o.value)";
          };
      args.add(s.param().name());
      terms.add("(SELECT " + column + " FROM record." + table + " o WHERE o.resource_pk = r.pk AND o.param = ?)" + direction);
    }
    terms.add("r.pk");
    return String.join(", ", terms);
  }

  static String table(ParamType type) {
    return switch (type) {
      case STRING -> "idx_string";
      case TOKEN -> "idx_token";
      case DATE -> "idx_date";
      case REFERENCE -> "idx_reference";
      case QUANTITY, NUMBER -> "idx_quantity";
      case URI -> "idx_uri";
    };
  }

  /**
   * Splits on {@code |} not escaped with a backslash into at most {@code limit} parts, and removes
   * the escapes from each ({@code system|code}, {@code number|system|code}).
   */
  static List<String> splitBars(String value, int limit) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int k = 0; k < value.length(); k++) {
      char ch = value.charAt(k);
      if (ch == '\\' && k + 1 < value.length()) {
        current.append(ch).append(value.charAt(++k));
      } else if (ch == '|' && parts.size() < limit - 1) {
        parts.add(unescape(current.toString()));
        current.setLength(0);
      } else {
        current.append(ch);
      }
    }
    parts.add(unescape(current.toString()));
    return parts;
  }

  /** Removes the search escapes: {@code \,} {@code \|} {@code \$} {@code \\}. */
  static String unescape(String value) {
    if (value.indexOf('\\') < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    for (int k = 0; k < value.length(); k++) {
      char ch = value.charAt(k);
      if (ch == '\\' && k + 1 < value.length()) {
        ch = value.charAt(++k);
      }
      out.append(ch);
    }
    return out.toString();
  }

  private static String likeEscape(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

}
