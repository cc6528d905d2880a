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
import java.util.Set;
import org.hl7.fhir.instance.model.api.IAnyResource;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hutong.access.Caller;
import org.hutong.access.Interaction;
import org.hutong.identity.PersonIndex;
import org.hutong.record.internal.access.RowFilter;
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
  private final RequestAccess access;
  private final PersonIndex persons;

  RestServices(Writes writes, Reads reads, SearchQueryParser parser, SearchService search, PageSizes sizes, RequestAccess access,
      PersonIndex persons) {
    this.access = access;
    this.persons = persons;
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

  RequestAccess access() {
    return access;
  }

  /** Read or vread, answered 404 for what the caller may not see; audited. */
  IBaseResource read(RequestDetails request, String type, String id, String version) {
    Caller caller = access.caller(request);
    access.require(caller, type, Interaction.READ, version == null ? "read" : "vread");
    RowFilter filter = access.filter(caller);
    StoredResource stored = version == null ? reads.readStored(filter, type, id) : reads.vreadStored(filter, type, id, version);
    access.read(caller, version == null ? "read" : "vread", type, List.of(stored), null);
    return reads.decode(stored);
  }

  IBundleProvider search(String type, RequestDetails request) {
    String withControl = parameterWithControlCharacter(request.getParameters());
    if (withControl != null) {
      throw new ca.uhn.fhir.rest.server.exceptions.InvalidRequestException(
          "Search parameter '" + withControl + "' contains a control character");
    }
    Caller caller = access.caller(request);
    access.require(caller, type, Interaction.SEARCH, "search-type");
    RowFilter filter = access.filter(caller);
    SearchQuery query = parser.parse(type, widened(type, request.getParameters()), lenient(request.getHeader("Prefer")));
    if (query.summaryCount()) {
      int total = search.count(filter, query);
      access.read(caller, "search-type", type, List.of(), request.getCompleteUrl());
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
    return bundle(caller, "search-type", type, search.search(filter, query, pageSize), pageSize, request.getCompleteUrl());
  }

  /**
   * With {@code _person=true}, a search by patient ({@code patient}, {@code subject}, or Patient
   * {@code _id}) covers every record of that patient's person in the master patient index: the
   * resident's records at all institutions. Each row still passes the caller's filter.
   */
  java.util.Map<String, String[]> widened(String type, java.util.Map<String, String[]> parameters) {
    String[] person = parameters.get("_person");
    if (person == null) {
      return parameters;
    }
    if (person.length != 1 || !(person[0].equals("true") || person[0].equals("false"))) {
      throw new ca.uhn.fhir.rest.server.exceptions.InvalidRequestException("_person must be true or false");
    }
    java.util.Map<String, String[]> out = new java.util.LinkedHashMap<>(parameters);
    out.remove("_person");
    if (person[0].equals("false")) {
      return out;
    }
    boolean widenedAny = false;
    for (String name : type.equals("Patient") ? List.of("_id") : List.of("patient", "subject")) {
      String[] values = out.get(name);
      if (values == null) {
        continue;
      }
      String[] wide = new String[values.length];
      for (int i = 0; i < values.length; i++) {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        for (String ref : values[i].split(",")) {
          String id = ref.startsWith("Patient/") ? ref.substring(8) : ref;
          ids.add(id);
          if (!id.contains("/")) {
            ids.addAll(persons.samePerson(id));
          }
        }
        wide[i] = String.join(",", ids);
      }
      out.put(name, wide);
      widenedAny = true;
    }
    if (!widenedAny) {
      throw new ca.uhn.fhir.rest.server.exceptions.InvalidRequestException(
          "_person=true widens a search by " + (type.equals("Patient") ? "_id" : "patient or subject") + "; the search has none");
    }
    return out;
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

  IBundleProvider everything(RequestDetails request, String patientId, Integer count, InstantType since) {
    Caller caller = access.caller(request);
    access.require(caller, "Patient", Interaction.READ, "everything");
    RowFilter filter = access.filter(caller);
    reads.readStored(filter, "Patient", patientId); // 404/410 before anything else
    int pageSize = sizes.clamp(count, sizes.everything());
    SearchResults results =
        search.everything(filter, access.readableTypes(caller), patientId, since == null ? null : since.getValue().toInstant(), pageSize);
    return bundle(caller, "everything", "Patient", results, pageSize, null);
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

  IBundleProvider bundle(Caller caller, String operation, String type, SearchResults results, int pageSize, String query) {
    return new ResultsBundle(caller, operation, type, results, pageSize, query);
  }

  IBundleProvider history(String type, String id, InstantType since, RequestDetails request) {
    Caller caller = access.caller(request);
    String operation = "history";
    if (type == null) {
      access.requireAllTypes(caller, operation);
    } else {
      access.require(caller, type, Interaction.READ, operation);
    }
    RowFilter filter = access.filter(caller);
    if (id != null) {
      reads.readStored(filter, type, id); // 404 for an id that never existed or is not visible
    }
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
    return new HistoryBundle(caller, filter, type, id, from, Instant.now(), offset, requestedPageSize(request, sizes.defaultSize()));
  }

  /**
   * History pages: HAPI pages history by {@code _offset}, calling the history method again for
   * each page, so each page is one OFFSET/LIMIT over the versions (newest first). A version written
   * between two page requests shifts later pages by one; ask with {@code _since} to resume.
   */
  private final class HistoryBundle implements IBundleProvider {
    private final Caller caller;
    private final RowFilter filter;
    private final String type;
    private final String id;
    private final Instant since;
    private final Instant until;
    /** Where this page starts: HAPI pages history by {@code _offset}. */
    private final int offset;
    private final int pageSize;
    private Integer size;

    HistoryBundle(Caller caller, RowFilter filter, String type, String id, Instant since, Instant until, int offset, int pageSize) {
      this.caller = caller;
      this.filter = filter;
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
      List<StoredResource> versions = reads.history(filter, type, id, since, until, offset + from, Math.max(0, to - from));
      access.read(caller, "history", type, versions, null);
      for (StoredResource v : versions) {
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
        size = reads.historyCount(filter, type, id, since, until);
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
    private final Caller caller;
    private final String operation;
    private final String type;
    private final String query;
    private final SearchResults results;
    private final int pageSize;
    private final InstantType published = InstantType.now();

    ResultsBundle(Caller caller, String operation, String type, SearchResults results, int pageSize, String query) {
      this.caller = caller;
      this.operation = operation;
      this.type = type;
      this.query = query;
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
      // included resources of types the caller may not read are left out, like rows they may not see
      Set<String> readable = access.readableTypes(caller);
      List<StoredResource> included = results.includes(page).stream().filter(r -> readable.contains(r.type())).toList();
      List<StoredResource> all = new ArrayList<>(page);
      all.addAll(included);
      access.read(caller, operation, type, all, query);
      List<IBaseResource> out = new ArrayList<>(page.size());
      for (StoredResource r : page) {
        IAnyResource resource = (IAnyResource) reads.decode(r);
        ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(resource, BundleEntrySearchModeEnum.MATCH);
        out.add(resource);
      }
      for (StoredResource r : included) {
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
