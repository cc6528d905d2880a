package org.hutong.record.internal.rest;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hutong.access.Caller;
import org.hutong.access.Interaction;
import org.hutong.record.internal.ResourceTypes;
import org.hutong.record.internal.seal.SealedJson;
import org.hutong.record.internal.search.SearchQuery;
import org.hutong.record.internal.search.SearchQueryParser;
import org.hutong.record.internal.search.SearchResults;
import org.hutong.record.internal.search.SearchService;
import org.hutong.record.internal.store.StoredResource;
import org.hutong.record.internal.write.Reads;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first page of a search ({@code GET /fhir/Type?...}) and of {@code GET Patient/id/$everything}
 * in JSON, written straight from the stored JSON of each resource instead of parsing it into HAPI
 * objects and encoding it again. That round trip is nearly all the cost of a page (about 0.5 ms
 * per resource); the stored JSON is already exactly what HAPI would write (the codec stamps id and
 * meta when it stores it).
 *
 * <p>Anything this does not handle exactly as HAPI would goes on to HAPI, which answers it the
 * ordinary way: XML, {@code _include}/{@code _revinclude}, {@code _summary}, {@code _elements},
 * {@code _pretty}, {@code _since}, {@code _count=0}, any other result parameter, any error (HAPI
 * runs the request again and reports it), an unknown or deleted patient. Later pages come from
 * HAPI's paging over the same kept result list.
 *
 * <p>Sealed identifiers in the stored JSON are opened on the string ({@link SealedJson}), which
 * costs one {@code indexOf} for a resource without any.
 */
final class RawJsonPages extends OncePerRequestFilter {

  private static final Pattern PATH = Pattern.compile("/fhir/Patient/(" + ResourceTypes.ID + ")/\\$everything");
  private static final Pattern SEARCH = Pattern.compile("/fhir/([A-Z][A-Za-z]+)/?");
  private static final Set<String> HANDLED = Set.of("_count", "_format");
  private static final Set<String> SEARCH_HANDLED =
      Set.of("_count", "_format", "_sort", "_total", "_id", "_lastUpdated", "_tag", "_profile", "_security");

  private final SearchService search;
  private final SearchQueryParser parser;
  private final Set<String> types;
  private final Reads reads;
  private final PageSizes sizes;
  private final RequestAccess access;
  private final SealedJson sealed;

  RawJsonPages(
      SearchService search, SearchQueryParser parser, Set<String> types, Reads reads, PageSizes sizes, RequestAccess access, SealedJson sealed) {
    this.access = access;
    this.search = search;
    this.parser = parser;
    this.types = types;
    this.reads = reads;
    this.sizes = sizes;
    this.sealed = sealed;
  }

  /** A plain search of one type: its first page, or false when HAPI should answer. */
  private boolean search(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Matcher m = SEARCH.matcher(request.getRequestURI().substring(request.getContextPath().length()));
    if (!m.matches() || !types.contains(m.group(1)) || !request.getMethod().equals("GET") || !json(request)) {
      return false;
    }
    for (String name : request.getParameterMap().keySet()) {
      String bare = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
      if (bare.startsWith("_") && !SEARCH_HANDLED.contains(bare)) {
        return false;
      }
    }
    if (RestServices.parameterWithControlCharacter(request.getParameterMap()) != null) {
      return false;
    }
    if (!(request.getAttribute(Caller.ATTRIBUTE) instanceof Caller caller) || !caller.permits(m.group(1), Interaction.SEARCH)) {
      return false; // HAPI refuses it, with the audit record of the refusal
    }
    boolean lenient = RestServices.lenient(request.getHeader("Prefer"));
    SearchQuery query;
    SearchResults results;
    int pageSize;
    List<StoredResource> page;
    try {
      query = parser.parse(m.group(1), request.getParameterMap(), lenient);
      if (query.summaryCount() || !query.includes().isEmpty() || !query.revIncludes().isEmpty()
          || (query.count() != null && query.count() == 0)) {
        return false;
      }
      pageSize = sizes.clamp(query.count(), sizes.defaultSize());
      results = search.search(access.filter(caller), query, pageSize);
      page = opened(results.page(0, pageSize));
    } catch (RuntimeException e) {
      return false; // HAPI runs it again and reports the problem its own way
    }
    access.read(caller, "search-type", m.group(1), page, request.getRequestURL() + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
    write(request, response, results, pageSize, page);
    return true;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (search(request, response)) {
      return;
    }
    Matcher m = PATH.matcher(request.getRequestURI().substring(request.getContextPath().length()));
    Integer count = m.matches() && request.getMethod().equals("GET") && json(request) ? count(request) : null;
    if (count == null || count == 0) {
      chain.doFilter(request, response);
      return;
    }
    String patientId = m.group(1);
    if (!(request.getAttribute(Caller.ATTRIBUTE) instanceof Caller caller) || !caller.permits("Patient", Interaction.READ)) {
      chain.doFilter(request, response); // HAPI refuses it
      return;
    }
    var filter = access.filter(caller);
    try {
      reads.readStored(filter, "Patient", patientId);
    } catch (BaseServerResponseException e) {
      chain.doFilter(request, response); // HAPI answers 404/410 with its OperationOutcome
      return;
    }
    int pageSize = sizes.clamp(count < 0 ? null : count, sizes.everything());
    SearchResults results = search.everything(filter, access.readableTypes(caller), patientId, null, pageSize);
    List<StoredResource> page;
    try {
      page = opened(results.page(0, pageSize));
    } catch (IllegalStateException e) {
      chain.doFilter(request, response); // a sealed value does not open: HAPI reports it as a server error
      return;
    }
    access.read(caller, "everything", "Patient", page, null);
    write(request, response, results, pageSize, page);
  }

  /**
   * The page with sealed identifiers opened, before anything is written, so that one that does not
   * open makes an error response rather than half a bundle.
   */
  private List<StoredResource> opened(List<StoredResource> page) {
    List<StoredResource> out = new java.util.ArrayList<>(page.size());
    for (StoredResource r : page) {
      String content = sealed.open(r.content());
      out.add(content == r.content() ? r : new StoredResource(r.pk(), r.type(), r.id(), r.version(), r.updated(), r.deleted(), content, r.patientId(), r.orgId()));
    }
    return out;
  }

  private static void write(
      HttpServletRequest request, HttpServletResponse response, SearchResults results, int pageSize, List<StoredResource> page)
      throws IOException {
    String url = request.getRequestURL().toString();
    String base = url.substring(0, url.indexOf("/fhir") + "/fhir".length());
    String self = request.getQueryString() == null ? url : url + "?" + request.getQueryString();

    response.setStatus(200);
    response.setContentType("application/fhir+json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    Writer out = response.getWriter();
    out.write("{\"resourceType\":\"Bundle\",\"id\":\"" + UUID.randomUUID() + "\",\"meta\":{\"lastUpdated\":\"" + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
        + "\"},\"type\":\"searchset\",\"total\":" + results.total() + ",\"link\":[{\"relation\":\"self\",\"url\":" + quote(self) + "}");
    if (results.searchId() != null && results.total() > pageSize) {
      String next = base + "?_getpages=" + results.searchId() + "&_getpagesoffset=" + pageSize + "&_count=" + pageSize
          + "&_bundletype=searchset";
      out.write(",{\"relation\":\"next\",\"url\":" + quote(next) + "}");
    }
    out.write("],\"entry\":[");
    boolean first = true;
    for (StoredResource r : page) {
      if (!first) {
        out.write(',');
      }
      first = false;
      out.write("{\"fullUrl\":" + quote(base + "/" + r.type() + "/" + r.id()) + ",\"resource\":");
      out.write(r.content());
      out.write(",\"search\":{\"mode\":\"match\"}}");
    }
    out.write("]}");
  }

  /** JSON was asked for (or nothing in particular). */
  private static boolean json(HttpServletRequest request) {
    String format = request.getParameter("_format");
    if (format != null) {
      return format.equals("json") || format.contains("json");
    }
    String accept = request.getHeader("Accept");
    return accept == null || accept.contains("json") || !accept.contains("xml");
  }

  /** The requested page size (-1 for the default), or null when the request has anything else. */
  private static Integer count(HttpServletRequest request) {
    for (String name : request.getParameterMap().keySet()) {
      if (!HANDLED.contains(name)) {
        return null;
      }
    }
    String[] values = request.getParameterValues("_count");
    if (values == null) {
      return -1;
    }
    if (values.length != 1 || !values[0].matches("\\d{1,9}")) {
      return null;
    }
    return Integer.valueOf(values[0]);
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
