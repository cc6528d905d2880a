package org.hutong.record.internal.write;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hutong.record.internal.search.SearchQuery;
import org.hutong.record.internal.search.SearchQueryParser;
import org.hutong.record.internal.search.SearchResults;
import org.hutong.record.internal.search.SearchService;
import org.hutong.record.internal.store.ResourceRepository;
import org.hutong.record.internal.store.StoredResource;

/**
 * Evaluates the conditions of conditional create/update/delete and conditional references
 * ({@code Patient?identifier=sys|val}) with the same search code clients use.
 */
final class ConditionalMatcher {

  private final SearchQueryParser parser;
  private final SearchService search;
  private final ResourceRepository repository;

  ConditionalMatcher(SearchQueryParser parser, SearchService search, ResourceRepository repository) {
    this.parser = parser;
    this.search = search;
    this.repository = repository;
  }

  /**
   * The ids of at most two resources of {@code type} matching {@code query} (enough to tell none,
   * one and several apart). Holds a lock on the condition until the transaction ends so that two
   * concurrent conditional creates cannot both create.
   */
  List<String> match(org.hutong.record.internal.access.RowFilter filter, String type, String query) {
    if (query == null || query.isBlank()) {
      throw new InvalidRequestException("Empty condition for " + type);
    }
    repository.lock(type + "?" + query);
    SearchQuery parsed = parser.parse(type, parameters(query), false);
    if (parsed.conditions().isEmpty()) {
      throw new InvalidRequestException("Condition '" + query + "' has no search criteria");
    }
    SearchResults results = search.search(filter, parsed, 2);
    return results.page(0, 2).stream().map(StoredResource::id).toList();
  }

  /**
   * The search part of a condition as clients send it: {@code identifier=a|b}, {@code
   * ?identifier=...}, {@code Patient?identifier=...} or a whole URL ending in one of those.
   */
  static String queryOf(String condition) {
    int q = condition.indexOf('?');
    return q >= 0 ? condition.substring(q + 1) : condition;
  }

  /** Splits {@code Type?query} into its two parts, or returns null when it is not one. */
  static String[] split(String url) {
    int q = url.indexOf('?');
    if (q <= 0) {
      return null;
    }
    return new String[] {url.substring(0, q), url.substring(q + 1)};
  }

  static Map<String, String[]> parameters(String query) {
    Map<String, List<String>> collected = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      collected.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    Map<String, String[]> parameters = new LinkedHashMap<>();
    collected.forEach((k, v) -> parameters.put(k, v.toArray(String[]::new)));
    return parameters;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("Malformed URL encoding in '" + s + "'");
    }
  }
}
