package org.hutong.record.internal;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import javax.sql.DataSource;
import org.hutong.access.PersonalIdentifiers;
import org.hutong.platform.Ids;
import org.hutong.record.RecordProperties;
import org.hutong.record.internal.index.ElementDefinitions;
import org.hutong.record.internal.index.SearchParamRegistry;
import org.hutong.record.internal.index.SearchValueExtractor;
import org.hutong.record.internal.seal.ProtectedTokens;
import org.hutong.record.internal.seal.SealedJson;
import org.hutong.record.internal.search.SearchQueryParser;
import org.hutong.record.internal.search.SearchService;
import org.hutong.record.internal.store.ResourceRepository;
import org.hutong.record.internal.write.Reads;
import org.hutong.record.internal.write.ResourceCodec;
import org.hutong.record.internal.write.Writes;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the repository: index, storage, search, reads and writes. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RecordProperties.class)
@EnableScheduling
class RecordConfiguration {

  @Bean
  SearchParamRegistry searchParamRegistry(FhirContext context) {
    return new SearchParamRegistry(new ElementDefinitions(context));
  }

  @Bean
  ResourceRepository resourceRepository(DataSource dataSource) {
    return new ResourceRepository(dataSource);
  }

  @Bean
  SealedJson sealedJson(PersonalIdentifiers identifiers) {
    return new SealedJson(identifiers);
  }

  @Bean
  ProtectedTokens protectedTokens(PersonalIdentifiers identifiers) {
    return new ProtectedTokens(identifiers);
  }

  @Bean
  SearchQueryParser searchQueryParser(SearchParamRegistry registry, ProtectedTokens protectedTokens) {
    return new SearchQueryParser(registry, protectedTokens);
  }

  @Bean
  SearchService searchService(
      DataSource dataSource, TransactionTemplate tx, ResourceRepository repository, Clock clock, RecordProperties properties) {
    return new SearchService(dataSource, tx, repository, clock, properties.keepSearchResults());
  }

  @Bean
  ResourceCodec resourceCodec(FhirContext context, SealedJson sealed) {
    return new ResourceCodec(context, sealed);
  }

  @Bean
  Reads reads(TransactionTemplate tx, ResourceRepository repository, ResourceCodec codec, SearchQueryParser parser, SearchService search) {
    return new Reads(tx, repository, codec, parser, search);
  }

  @Bean
  Writes writes(
      TransactionTemplate tx,
      ResourceRepository repository,
      ResourceCodec codec,
      SearchParamRegistry registry,
      SearchQueryParser parser,
      SearchService search,
      Reads reads,
      Ids ids,
      Clock clock,
      org.hutong.access.AuditTrail audit,
      org.hutong.access.AccessProperties policy,
      ProtectedTokens protectedTokens,
      org.hutong.identity.PersonIndex persons,
      org.springframework.beans.factory.ObjectProvider<org.hutong.record.RecordListener> listeners) {
    // resolved at write time: a listener may itself use the repository (no cycle at start-up)
    java.util.concurrent.atomic.AtomicReference<java.util.List<org.hutong.record.RecordListener>> found =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.function.Supplier<java.util.List<org.hutong.record.RecordListener>> current =
        () -> found.updateAndGet(known -> known != null ? known : listeners.orderedStream().toList());
    return new Writes(
        tx, repository, codec, new SearchValueExtractor(registry, protectedTokens), parser, search, reads, ids, clock, audit, policy, persons, current);
  }

  @Bean
  RepositoryRecords clinicalRecords(
      Writes writes, Reads reads, DataSource dataSource, org.hutong.access.AccessProperties policy, org.hutong.access.AuditTrail audit) {
    return new RepositoryRecords(writes, reads, dataSource, policy, audit);
  }

  @Bean
  SearchExpiry searchExpiry(SearchService search) {
    return new SearchExpiry(search);
  }

  /** Forgets kept search results once their paging links have expired. */
  static final class SearchExpiry {
    private final SearchService search;

    SearchExpiry(SearchService search) {
      this.search = search;
    }

    @Scheduled(fixedDelayString = "PT5M", initialDelayString = "PT1M")
    void expire() {
      search.expire();
    }
  }
}
