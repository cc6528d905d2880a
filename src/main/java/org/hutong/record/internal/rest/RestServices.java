package org.hutong.record.internal.rest;

import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import ca.uhn.fhir.model.valueset.BundleEntryTransactionMethodEnum;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.instance.model.api.IAnyResource;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hutong.record.internal.search.SearchQuery;
import org.hutong.record.internal.search.SearchQueryParser;
import org.hutong.record.internal.search.SearchResults;
import org.hutong.record.internal.search.SearchService;
import org.hutong.record.internal.store.StoredResource;
import org.hutong.record.internal.write.Reads;
import org.hutong.record.internal.write.Writes;

/** What the REST providers share: the services and how results become HAPI bundle providers. */
final class RestServices {

  private final Writes writes;
  private final Reads reads;
  private final SearchQueryParser parser;
  private final SearchService search;
  private final PageSizes sizes;

  RestServices(Writes writes, Reads reads, SearchQueryParser parser, SearchService search, PageSizes sizes) {
    this.writes = writes;
    this.reads = reads;
    this.parser = parser;
    this.search = search;
    this.sizes = sizes;
  }

  Writes writes() {
    return writes;
  }

  Reads reads() {
    return reads;
  }

  IBundleProvider search(String type, RequestDetails request) {
    String withControl = parameterWithControlCharacter(request.getParameters());
    if (withControl != null) {
      throw new ca.uhn.fhir.rest.server.exceptions.InvalidRequestException(
          "Search parameter '" + withControl + "' contains a control character");
    }
    SearchQuery query = parser.parse(type, request.getParameters(), lenient(request.getHeader("Prefer")));
    if (query.summaryCount()) {
      int total = search.count(query);
      SimpleBundleProvider counted =
          new SimpleBundleProvider(total) {
            @Override
            public List<IBaseResource> getResources(int from, int to) {
              return List.of();
            }
          };
      counted.setPreferredPageSize(Math.max(1, total)); // one page, nothing to keep
      return counted;
    }
    int pageSize = sizes.clamp(query.count(), sizes.defaultSize());
    return bundle(search.search(query, pageSize), pageSize);
  }

  /** Whether the {@code Prefer} header asks unknown search parameters to be ignored. */
  static boolean lenient(String prefer) {
    return prefer != null && prefer.replace(" ", "").contains("handling=lenient");
  }

  /** The first parameter whose value holds a control character, or null: search values may not. */
  static String parameterWithControlCharacter(java.util.Map<String, String[]> parameters) {
    for (java.util.Map.Entry<String, String[]> e : parameters.entrySet()) {
      for (String value : e.getValue()) {
        if (value.chars().anyMatch(c -> c < 0x20)) {
          return e.getKey();
        }
      }
    }
    return null;
  }

  IBundleProvider everything(String patientId, Integer count, InstantType since) {
    int pageSize = sizes.clamp(count, sizes.everything());
    return bundle(search.everything(patientId, since == null ? null : since.getValue().toInstant(), pageSize), pageSize);
  }

  /** The page size the request asks for with {@code _count}, within the maximum. */
  int requestedPageSize(RequestDetails request, int fallback) {
    String[] count = request.getParameters().get("_count");
    if (count == null || count.length == 0) {
      return sizes.clamp(null, fallback);
    }
    try {
      return sizes.clamp(Integer.valueOf(count[0]), fallback);
    } catch (NumberFormatException e) {
      throw new ca.uhn.fhir.rest.server.exceptions.InvalidRequestException("_count must be a whole number, not '" + count[0] + "'");
    }
  }

  IBundleProvider bundle(SearchResults results, int pageSize) {
    return new ResultsBundle(results, pageSize);
  }

  IBundleProvider history(String type, String id, InstantType since, RequestDetails request) {
    Instant from = since == null ? null : since.getValue().toInstant();
    String[] offsetParam = request.getParameters().get("_offset");
    int offset = 0;
    if (offsetParam != null && offsetParam.length > 0) {
      try {
        offset = Math.max(0, Integer.parseInt(offsetParam[0]));
      } catch (NumberFormatException e) {
        throw new ca.uhn.fhir.rest.server.exceptions.InvalidRequestException("_offset must be a whole number, not '" + offsetParam[0] + "'");
      }
    }
    return new HistoryBundle(type, id, from, Instant.now(), offset, requestedPageSize(request, sizes.defaultSize()));
  }

  /**
   * History pages: HAPI pages history by {@code _offset}, calling the history method again for
   * each page, so each page is one OFFSET/LIMIT over the versions (newest first). A version written
   * between two page requests shifts later pages by one; ask with {@code _since} to resume.
   */
  private final class HistoryBundle implements IBundleProvider {
    private final String type;
    private final String id;
    private final Instant since;
    private final Instant until;
    /** Where this page starts: HAPI pages history by {@code _offset}. */
    private final int offset;
    private final int pageSize;
    private Integer size;

    HistoryBundle(String type, String id, Instant since, Instant until, int offset, int pageSize) {
      this.type = type;
      this.id = id;
      this.since = since;
      this.until = until;
      this.offset = offset;
      this.pageSize = pageSize;
    }

    @Override
    public IPrimitiveType<Date> getPublished() {
      return new InstantType(Date.from(until));
    }

    @Override
    public List<IBaseResource> getResources(int from, int to) {
      List<IBaseResource> out = new ArrayList<>();
      for (StoredResource v : reads.history(type, id, since, until, offset + from, Math.max(0, to - from))) {
        out.add(historyEntry(v));
      }
      return out;
    }

    /** Not a kept list: HAPI pages a provider that has an id and a page offset by {@code _offset}. */
    @Override
    public String getUuid() {
      return "history";
    }

    @Override
    public Integer preferredPageSize() {
      return pageSize;
    }

    @Override
    public Integer getCurrentPageOffset() {
      return offset;
    }

    @Override
    public Integer getCurrentPageSize() {
      return pageSize;
    }

    @Override
    public Integer size() {
      if (size == null) {
        size = reads.historyCount(type, id, since, until);
      }
      return size;
    }
  }

  private IBaseResource historyEntry(StoredResource v) {
    IAnyResource resource;
    if (v.deleted()) {
      resource = (IAnyResource) reads.decodeEmpty(v.type());
      resource.setId(new IdType(v.type(), v.id(), Integer.toString(v.version())));
      ResourceMetadataKeyEnum.DELETED_AT.put(resource, new InstantType(Date.from(v.updated())));
      ResourceMetadataKeyEnum.ENTRY_TRANSACTION_METHOD.put(resource, BundleEntryTransactionMethodEnum.DELETE);
    } else {
      resource = (IAnyResource) reads.decode(v);
      ResourceMetadataKeyEnum.ENTRY_TRANSACTION_METHOD.put(
          resource, v.version() == 1 ? BundleEntryTransactionMethodEnum.POST : BundleEntryTransactionMethodEnum.PUT);
    }
    return resource;
  }

  /** A page of search results with its includes, decoded only when HAPI asks for it. */
  private final class ResultsBundle implements IBundleProvider {
    private final SearchResults results;
    private final int pageSize;
    private final InstantType published = InstantType.now();

    ResultsBundle(SearchResults results, int pageSize) {
      this.results = results;
      this.pageSize = pageSize;
    }

    @Override
    public IPrimitiveType<Date> getPublished() {
      return published;
    }

    @Override
    public List<IBaseResource> getResources(int from, int to) {
      List<StoredResource> page = results.page(from, Math.max(0, to - from));
      List<IBaseResource> out = new ArrayList<>(page.size());
      for (StoredResource r : page) {
        IAnyResource resource = (IAnyResource) reads.decode(r);
        ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(resource, BundleEntrySearchModeEnum.MATCH);
        out.add(resource);
      }
      for (StoredResource r : results.includes(page)) {
        IAnyResource resource = (IAnyResource) reads.decode(r);
        ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(resource, BundleEntrySearchModeEnum.INCLUDE);
        out.add(resource);
      }
      return out;
    }

    @Override
    public String getUuid() {
      return results.searchId();
    }

    @Override
    public Integer preferredPageSize() {
      return pageSize;
    }

    @Override
    public Integer size() {
      return results.total();
    }
  }
}
