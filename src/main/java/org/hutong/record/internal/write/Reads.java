package org.hutong.record.internal.write;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.BundleEntryResponseComponent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;
import org.hutong.record.internal.access.RowFilter;
import org.hutong.record.internal.search.SearchQuery;
import org.hutong.record.internal.search.SearchQueryParser;
import org.hutong.record.internal.search.SearchResults;
import org.hutong.record.internal.search.SearchService;
import org.hutong.record.internal.store.ResourceRepository;
import org.hutong.record.internal.store.StoredResource;
import org.springframework.transaction.support.TransactionTemplate;

/** Reads by id and version, history, and the GET entries of bundles. */
public final class Reads {

  private static final int BUNDLE_SEARCH_LIMIT = 1000;

  private final TransactionTemplate tx;
  private final ResourceRepository repository;
  private final ResourceCodec codec;
  private final SearchQueryParser parser;
  private final SearchService search;

  public Reads(TransactionTemplate tx, ResourceRepository repository, ResourceCodec codec, SearchQueryParser parser, SearchService search) {
    this.tx = tx;
    this.repository = repository;
    this.codec = codec;
    this.parser = parser;
    this.search = search;
  }

  /**
   * The current version, if the filter lets it through: a record the caller may not see is
   * answered exactly like one that does not exist.
   */
  public IBaseResource read(RowFilter filter, String type, String id) {
    return codec.decode(readStored(filter, type, id));
  }

  /** The current version as stored, with the same checks as {@link #read}. */
  public StoredResource readStored(RowFilter filter, String type, String id) {
    StoredResource stored =
        tx.execute(s -> repository.current(type, id, false).filter(r -> repository.visible(r.pk(), filter)))
            .orElseThrow(() -> new ResourceNotFoundException(new IdType(type, id)));
    if (stored.deleted()) {
      throw new ResourceGoneException("Resource " + type + "/" + id + " was deleted (version " + stored.version() + ")");
    }
    return stored;
  }

  public IBaseResource vread(RowFilter filter, String type, String id, String version) {
    return codec.decode(vreadStored(filter, type, id, version));
  }

  /**
   * A version as stored, if the filter lets the resource through (judged on its current row, so
   * the versions of a deleted resource stay readable to whoever could see it).
   */
  public StoredResource vreadStored(RowFilter filter, String type, String id, String version) {
    int v;
    try {
      v = Integer.parseInt(version);
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("Version must be a whole number, not '" + version + "'");
    }
    StoredResource stored =
        tx.execute(
                s ->
                    repository.version(type, id, v)
                        .filter(r -> repository.current(type, id, false).map(c -> repository.visible(c.pk(), filter)).orElse(false)))
            .orElseThrow(() -> new ResourceNotFoundException(new IdType(type, id, version)));
    if (stored.deleted()) {
      throw new ResourceGoneException("Version " + v + " of " + type + "/" + id + " is a deletion");
    }
    return stored;
  }

  /** Versions newest first; deleted versions come back with {@code content} null. */
  /** A page of the versions up to {@code until}, newest first. */
  public List<StoredResource> history(RowFilter filter, String type, String id, Instant since, Instant until, int offset, int limit) {
    return tx.execute(s -> repository.history(type, id, since, until, offset, limit, filter));
  }

  public int historyCount(RowFilter filter, String type, String id, Instant since, Instant until) {
    return tx.execute(s -> repository.historyCount(type, id, since, until, filter));
  }

  /** An empty resource of the type, to stand for a deleted version in a history bundle. */
  public IBaseResource decodeEmpty(String type) {
    return codec.context().getResourceDefinition(type).newInstance();
  }

  public IBaseResource decode(StoredResource stored) {
    return codec.decode(stored);
  }

  /**
   * A GET entry of a transaction or batch: a read, vread or search under the caller's filter; what
   * it returns is handed to {@code seen} (for the audit trail).
   */
  BundleEntryResponseComponent entryResponse(RowFilter filter, BundleEntryComponent entry, int index, Consumer<StoredResource> seen) {
    String url = entry.getRequest().getUrl();
    String[] conditional = ConditionalMatcher.split(url);
    BundleEntryResponseComponent response = new BundleEntryResponseComponent().setStatus("200 OK");
    if (conditional != null) {
      SearchQuery query = parser.parse(conditional[0], ConditionalMatcher.parameters(conditional[1]), false);
      SearchResults results = search.search(filter, query, BUNDLE_SEARCH_LIMIT);
      Bundle set = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(results.total());
      for (StoredResource r : results.page(0, BUNDLE_SEARCH_LIMIT)) {
        seen.accept(r);
        set.addEntry().setResource((Resource) codec.decode(r));
      }
      entry.setResource(set);
      return response;
    }
    IdType id = new IdType(url);
    if (id.getResourceType() == null || !id.hasIdPart()) {
      throw new InvalidRequestException("Bundle.entry[" + index + "]: GET '" + url + "' is not a read or a search");
    }
    StoredResource stored =
        id.hasVersionIdPart()
            ? vreadStored(filter, id.getResourceType(), id.getIdPart(), id.getVersionIdPart())
            : readStored(filter, id.getResourceType(), id.getIdPart());
    seen.accept(stored);
    entry.setResource((Resource) codec.decode(stored));
    return response;
  }

}
