package org.hutong.record.internal.rest;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IPagingProvider;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import org.hutong.record.internal.search.SearchResults;
import org.hutong.record.internal.search.SearchService;

/**
 * Serves later pages of a search from the result list kept in the database, so a paging link
 * works on any node and for as long as results are kept.
 */
final class Paging implements IPagingProvider {

  private final PageSizes sizes;
  private final SearchService search;
  private final RestServices services;

  Paging(PageSizes sizes, SearchService search, RestServices services) {
    this.sizes = sizes;
    this.search = search;
    this.services = services;
  }

  @Override
  public int getDefaultPageSize() {
    return sizes.defaultSize();
  }

  @Override
  public int getMaximumPageSize() {
    return sizes.maximum();
  }

  @Override
  public boolean canStoreSearchResults() {
    return true;
  }

  @Override
  public IBundleProvider retrieveResultList(RequestDetails request, String searchId) {
    org.hutong.access.Caller caller = services.access().caller(request);
    SearchResults results = search.kept(services.access().filter(caller), searchId);
    if (results == null) {
      throw new ResourceGoneException("Search " + searchId + " has expired or never existed; run the search again");
    }
    return services.bundle(caller, "search-type", null, results, services.requestedPageSize(request, sizes.defaultSize()), null);
  }

  @Override
  public String storeResultList(RequestDetails request, IBundleProvider provider) {
    if (provider.getUuid() == null) {
      String[] summary = request.getParameters().get("_summary");
      if (summary != null && java.util.Arrays.asList(summary).contains("count")) {
        return null; // a count has no pages: HAPI leaves the next link out
      }
      throw new InternalErrorException("Result list was not kept; cannot page it");
    }
    return provider.getUuid();
  }
}
