package org.hutong.record.internal.rest;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import java.util.List;

/** HAPI's REST framework over our storage: routing, content negotiation, bundles, errors. */
final class FhirServer extends RestfulServer {

  FhirServer(
      FhirContext context, List<IResourceProvider> resources, SystemProvider system, Paging paging, CapabilityProvider capabilities) {
    super(context);
    setResourceProviders(resources);
    registerProvider(system);
    setPagingProvider(paging);
    setServerConformanceProvider(capabilities);
    setDefaultResponseEncoding(EncodingEnum.JSON);
    setDefaultPrettyPrint(false);
    setImplementationDescription("Hutong regional health platform");
    setServerName("Hutong");
  }
}
