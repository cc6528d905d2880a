package org.hutong.record.internal.search;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hutong.record.internal.ResourceTypes;
import org.hutong.record.internal.index.ParamType;
import org.hutong.record.internal.index.SearchParam;
import org.hutong.record.internal.index.SearchParamRegistry;
import org.hutong.record.internal.seal.ProtectedTokens;

/**
 * Turns request parameters into a {@link SearchQuery}, rejecting what we do not support with a
 * message that names the parameter (or ignoring it, when the client asked for lenient handling).
 */
public final class SearchQueryParser {

  /** Parameters about the response, not the match; HAPI or the REST layer handles them. */
  private static final Set<String> RESULT_PARAMS =
      Set.of(
          "_count", "_sort", "_include", "_revinclude", "_total", "_summary", "_elements", "_format",
          "_pretty", "_getpages", "_getpagesoffset", "_bundletype", "_since", "_offset", "_include:iterate",
          "_revinclude:iterate", "_include:recurse", "_revinclude:recurse");

  private final SearchParamRegistry registry;
  private final ProtectedTokens protectedTokens;

  public SearchQueryParser(SearchParamRegistry registry, ProtectedTokens protectedTokens) {
    this.registry = registry;
    this.protectedTokens = protectedTokens;
  }

  public SearchQuery parse(String type, Map<String, String[]> parameters, boolean lenient) {
    List<SearchQuery.Condition> conditions = new ArrayList<>();
    for (Map.Entry<String, String[]> e : parameters.entrySet()) {
      String key = e.getKey();
      if (RESULT_PARAMS.contains(key)) {
        continue;
      }
      for (String raw : e.getValue()) {
        try {
          conditions.add(condition(type, key, raw));
        } catch (UnsupportedParameter u) {
          if (!lenient) {
            throw new InvalidRequestException(u.getMessage());
          }
        }
      }
    }
    return new SearchQuery(
        type,
        List.copyOf(conditions),
        sorts(type, parameters.get("_sort"), lenient),
        count(parameters.get("_count")),
        includes(type, parameters, false),
        includes(type, parameters, true),
        has(parameters, "_summary", "count"));
  }

  private SearchQuery.Condition condition(String type, String key, String raw) {
    if (raw == null || raw.isEmpty()) {
      throw new InvalidRequestException("Search parameter '" + key + "' has an empty value");
    }
    // PostgreSQL text cannot hold NUL (a 500 from the driver); conditions of conditional writes come here unchecked
    if (raw.chars().anyMatch(ch -> ch < 0x20)) {
      throw new InvalidRequestException("Search parameter '" + key + "' contains a control character");
    }
    String chained = null;
    int dot = key.indexOf('.');
    if (dot > 0) {
      chained = key.substring(dot + 1);
      key = key.substring(0, dot);
    }
    int colon = key.indexOf(':');
    String name = colon > 0 ? key.substring(0, colon) : key;
    String modifier = colon > 0 ? key.substring(colon + 1) : null;
    List<String> values = splitOr(raw);
    if (name.equals("_id") || name.equals("_lastUpdated")) {
      if (chained != null || (modifier != null && !(name.equals("_id") && modifier.equals("not")))) {
        throw new UnsupportedParameter("Modifier or chain not supported on " + name + ": '" + key + "'");
      }
      return new SearchQuery.Condition(name, null, modifier, values, null);
    }
    SearchParam param =
        registry.find(type, name)
            .orElseThrow(() -> new UnsupportedParameter("Unknown search parameter '" + name + "' for resource type " + type
                + ". Known: " + String.join(", ", registry.forType(type).keySet())));
    if (modifier != null && !applies(modifier, param.type())) {
      throw new UnsupportedParameter("Unsupported modifier ':" + modifier + "' on " + param.type().name().toLowerCase()
          + " parameter '" + name + "'");
    }
    if (chained == null) {
      if (param.type() == ParamType.TOKEN) {
        values = protectedTokens.searchValues(type, name, modifier, values); // protected values are found by blind index
      }
      return new SearchQuery.Condition(name, param, modifier, values, null);
    }
    if (param.type() != ParamType.REFERENCE) {
      throw new UnsupportedParameter("Parameter '" + name + "' is not a reference and cannot be chained");
    }
    if (chained.contains(".")) {
      throw new UnsupportedParameter("Only one level of chaining is supported: '" + key + "." + chained + "'");
    }
    if (modifier != null && !ResourceTypes.STORED.contains(modifier)) {
      throw new UnsupportedParameter("Modifier ':" + modifier + "' cannot be chained on parameter '" + name + "'");
    }
    // name:Type.chained names the target; otherwise every stored target type that has the
    // chained parameter is searched, as the spec asks for references to several types
    List<String> targets = new ArrayList<>();
    if (modifier != null) {
      targets.add(modifier);
    } else if (param.targets().isEmpty()) {
      throw new UnsupportedParameter("Chained parameter '" + name + "' may point to any type; name one, e.g. "
          + name + ":Patient." + chained);
    } else {
      param.targets().stream().filter(ResourceTypes.STORED::contains).sorted().forEach(targets::add);
    }
    String chainedName = chained.split(":", 2)[0];
    Map<String, SearchQuery.Condition> chains = new LinkedHashMap<>();
    for (String target : targets) {
      if (targets.size() == 1 || chainedName.startsWith("_") || registry.find(target, chainedName).isPresent()) {
        chains.put(target, condition(target, chained, raw));
      }
    }
    if (chains.isEmpty()) {
      throw new UnsupportedParameter("Unknown search parameter '" + chainedName + "' in chain '" + key + "." + chained
          + "': none of the types " + targets + " that '" + name + "' may point to has it");
    }
    return new SearchQuery.Condition(name, param, null, values, chains);
  }

  /** Whether we support the modifier on a parameter of the type (a resource type on references). */
  private static boolean applies(String modifier, ParamType type) {
    return switch (modifier) {
      case "missing" -> true;
      case "exact", "contains" -> type == ParamType.STRING;
      case "text" -> type == ParamType.TOKEN;
      case "not" -> type == ParamType.TOKEN || type == ParamType.REFERENCE;
      case "below", "above" -> type == ParamType.URI;
      default -> type == ParamType.REFERENCE && ResourceTypes.STORED.contains(modifier);
    };
  }

  private List<SearchQuery.Sort> sorts(String type, String[] raw, boolean lenient) {
    if (raw == null) {
      return List.of();
    }
    List<SearchQuery.Sort> sorts = new ArrayList<>();
    for (String value : raw) {
      for (String s : value.split(",")) {
        boolean descending = s.startsWith("-");
        String name = descending ? s.substring(1) : s;
        if (name.equals("_id") || name.equals("_lastUpdated")) {
          sorts.add(new SearchQuery.Sort(name, null, descending));
          continue;
        }
        SearchParam param = registry.find(type, name).orElse(null);
        if (param == null || param.type() == ParamType.REFERENCE || param.type() == ParamType.URI) {
          if (!lenient) {
            throw new InvalidRequestException("Cannot sort " + type + " by '" + name + "'");
          }
          continue;
        }
        sorts.add(new SearchQuery.Sort(name, param, descending));
      }
    }
    return List.copyOf(sorts);
  }

  private static Integer count(String[] raw) {
    if (raw == null || raw.length == 0) {
      return null;
    }
    try {
      int count = Integer.parseInt(raw[0]);
      if (count < 0) {
        throw new NumberFormatException();
      }
      return count;
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("_count must be a non-negative whole number, not '" + raw[0] + "'");
    }
  }

  /** {@code _include} (or {@code _revinclude}) with its {@code :iterate} (R3: {@code :recurse}) forms. */
  private List<SearchQuery.Include> includes(String type, Map<String, String[]> parameters, boolean reverse) {
    String name = reverse ? "_revinclude" : "_include";
    List<SearchQuery.Include> includes = new ArrayList<>();
    includes(type, name, parameters.get(name), reverse, false, includes);
    includes(type, name + ":iterate", parameters.get(name + ":iterate"), reverse, true, includes);
    includes(type, name + ":recurse", parameters.get(name + ":recurse"), reverse, true, includes);
    return List.copyOf(includes);
  }

  private void includes(
      String type, String name, String[] raw, boolean reverse, boolean iterate, List<SearchQuery.Include> out) {
    if (raw == null) {
      return;
    }
    for (String value : raw) {
      if (reverse && value.contains("*")) {
        throw new InvalidRequestException(name + "=" + value + ": wildcard reverse includes are not supported");
      }
      SearchQuery.Include include;
      try {
        include = value.equals("*") ? new SearchQuery.Include(type, "*", null) : SearchQuery.Include.parse(value);
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException(e.getMessage());
      }
      if (!ResourceTypes.STORED.contains(include.sourceType())
          || (include.targetType() != null && !ResourceTypes.STORED.contains(include.targetType()))) {
        throw new InvalidRequestException(name + "=" + value + " names a resource type this server does not store");
      }
      if (!reverse && !iterate && !include.sourceType().equals(type)) {
        throw new InvalidRequestException(name + "=" + value + " must start with the searched type " + type);
      }
      if (!include.param().equals("*")) {
        SearchParam param = registry.find(include.sourceType(), include.param()).orElse(null);
        if (param == null || param.type() != ParamType.REFERENCE) {
          throw new InvalidRequestException("'" + value + "' does not name a reference parameter");
        }
      }
      out.add(iterate ? include.iterating() : include);
    }
  }

  private static boolean has(Map<String, String[]> parameters, String name, String value) {
    String[] values = parameters.get(name);
    return values != null && Arrays.asList(values).contains(value);
  }

  /**
   * Splits on commas that are not escaped with a backslash. The escapes stay, since an escaped
   * {@code \|} matters to how a token or quantity is split further; {@link SqlRenderer} removes them.
   */
  static List<String> splitOr(String raw) {
    List<String> values = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\' && i + 1 < raw.length()) {
        current.append(c).append(raw.charAt(++i));
      } else if (c == ',') {
        values.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    values.add(current.toString());
    return values;
  }

  private static final class UnsupportedParameter extends RuntimeException {
    UnsupportedParameter(String message) {
      super(message);
    }
  }
}
