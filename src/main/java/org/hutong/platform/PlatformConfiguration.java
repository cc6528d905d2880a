package org.hutong.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The shared kernel's beans: clock, ids, database, FHIR context. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PlatformProperties.class)
class PlatformConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  Ids ids(Clock clock) {
    return new Ids(clock);
  }

  @Bean(destroyMethod = "close")
  Database database(PlatformProperties properties) {
    return Database.open(properties);
  }

  @Bean
  DataSource dataSource(Database database) {
    return database.dataSource();
  }

  @Bean
  PlatformTransactionManager transactionManager(DataSource dataSource) {
    return new DataSourceTransactionManager(dataSource);
  }

  @Bean
  TransactionTemplate transactionTemplate(PlatformTransactionManager transactionManager) {
    return new TransactionTemplate(transactionManager);
  }

  /**
   * One FHIR R4 context for the whole application (it is expensive to build). Parsing is strict:
   * unknown elements, invalid primitive values and codes outside a required binding are errors the
   * sender must hear about, not warnings we drop.
   *
   * <p>Encoding never contains reference targets on its own: a reference says what it points at,
   * and a resource is stored as it was sent, not with copies of other resources pulled in. This
   * also spares the encoder a walk over every element of every resource it writes (a third of
   * the cost of encoding a Synthea resource).
   */
  @Bean
  FhirContext fhirContext() {
    FhirContext context = FhirContext.forR4();
    context.setParserErrorHandler(new StrictErrorHandler());
    context.getParserOptions().setAutoContainReferenceTargetsWithNoId(false);
    return context;
  }
}
