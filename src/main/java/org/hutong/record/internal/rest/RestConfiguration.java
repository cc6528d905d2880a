package org.hutong.record.internal.rest;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.IResourceProvider;
import java.util.ArrayList;
import java.util.List;
import org.hutong.record.RecordProperties;
import org.hutong.record.internal.ResourceTypes;
import org.hutong.record.internal.index.SearchParamRegistry;
import org.hutong.record.internal.seal.SealedJson;
import org.hutong.record.internal.search.SearchQueryParser;
import org.hutong.record.internal.search.SearchService;
import org.hutong.record.internal.write.Reads;
import org.hutong.record.internal.write.Writes;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Mounts the FHIR REST API at {@code /fhir}. */
@Configuration(proxyBeanMethods = false)
class RestConfiguration {

  @Bean
  ServletRegistrationBean<FhirServer> fhirServlet(
      FhirContext context,
      Writes writes,
      Reads reads,
      SearchQueryParser parser,
      SearchService search,
      SearchParamRegistry registry,
      RecordProperties properties,
      RequestAccess access,
      org.hutong.access.AccessProperties policy,
      org.springframework.beans.factory.ObjectProvider<IResourceProvider> otherModules,
      org.hutong.identity.PersonIndex persons) {
    PageSizes sizes = PageSizes.of(properties);
    RestServices services = new RestServices(writes, reads, parser, search, sizes, access, persons);
    List<IResourceProvider> providers = new ArrayList<>();
    for (String type : ResourceTypes.STORED) {
      providers.add(
          type.equals("Patient")
              ? new PatientProvider(services, new PersonOperations(services, persons, parser, search))
              : new ResourceProvider(context.getResourceDefinition(type).getImplementingClass(), type, services));
    }
    // Other modules serve resource types that do not live in this store (e.g. AuditEvent from access)
    List<org.hutong.platform.CapabilityContribution> described = new ArrayList<>();
    otherModules.orderedStream().forEach(provider -> {
      providers.add(provider);
      if (provider instanceof org.hutong.platform.CapabilityContribution contribution) {
        described.add(contribution);
      }
    });
    FhirServer server =
        new FhirServer(
            context, providers, new SystemProvider(services), new Paging(sizes, search, services), new CapabilityProvider(registry, policy, described));
    ServletRegistrationBean<FhirServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
    registration.setLoadOnStartup(1);
    registration.setName("fhir");
    return registration;
  }

  @Bean
  RequestAccess requestAccess(org.hutong.access.AuditTrail trail, org.hutong.access.AccessProperties policy) {
    return new RequestAccess(trail, policy, java.util.Set.copyOf(ResourceTypes.STORED));
  }

  @Bean
  FilterRegistrationBean<RawJsonPages> rawJsonPages(
      SearchService search, SearchQueryParser parser, Reads reads, RecordProperties properties, RequestAccess access, SealedJson sealed) {
    PageSizes sizes = PageSizes.of(properties);
    FilterRegistrationBean<RawJsonPages> registration =
        new FilterRegistrationBean<>(new RawJsonPages(search, parser, java.util.Set.copyOf(ResourceTypes.STORED), reads, sizes, access, sealed));
    registration.addUrlPatterns("/fhir/*");
    return registration;
  }

  @Bean
  FilterRegistrationBean<BodySizeLimit> bodySizeLimit(RecordProperties properties) {
    FilterRegistrationBean<BodySizeLimit> registration = new FilterRegistrationBean<>(new BodySizeLimit(properties.maxBodyBytes()));
    registration.addUrlPatterns("/fhir/*");
    return registration;
  }
}
