package org.hutong.record.internal.rest;

import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.Since;
import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.InstantType;

/** System-level interactions: transaction and batch bundles, whole-system history. */
final class SystemProvider {

  private final RestServices services;

  SystemProvider(RestServices services) {
    this.services = services;
  }

  @Transaction
  public Bundle transaction(@TransactionParam Bundle bundle, RequestDetails request) {
    org.hutong.access.Caller caller = services.access().caller(request);
    return services.access().guarded(caller, bundle.getType() == null ? "transaction" : bundle.getType().toCode(), null,
        () -> services.writes().process(caller, bundle));
  }

  @History
  public IBundleProvider systemHistory(@Since InstantType since, RequestDetails request) {
    return services.history(null, null, since, request);
  }
}
