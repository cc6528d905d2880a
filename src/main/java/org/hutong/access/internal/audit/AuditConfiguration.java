package org.hutong.access.internal.audit;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import org.hutong.access.AuditChain;
import org.hutong.access.AuditTrail;
import org.hutong.platform.Ids;
import org.hutong.platform.PlatformProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the audit trail: recorder, sealer, verifier and the FHIR AuditEvent API. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
class AuditConfiguration {

  @Bean
  BalpRenderer balpRenderer(FhirContext fhir, AuditProperties properties) {
    return new BalpRenderer(fhir, properties.sourceId());
  }

  @Bean
  AuditTrail auditTrail(DataSource dataSource, BalpRenderer renderer, Ids ids, Clock clock) {
    return new AuditRecorder(dataSource, renderer, ids, clock);
  }

  @Bean
  AuditSealer auditSealer(DataSource dataSource, AuditProperties audit, PlatformProperties platform, Clock clock) {
    return new AuditSealer(dataSource, audit.sealInterval(), audit.sealBatch(), anchorFile(audit, platform), clock);
  }

  @Bean
  AuditChain auditChain(DataSource dataSource, AuditProperties audit, PlatformProperties platform) {
    return new AuditVerifier(dataSource, anchorFile(audit, platform));
  }

  @Bean
  AuditEventProvider auditEventProvider(DataSource dataSource, FhirContext fhir) {
    return new AuditEventProvider(new AuditSearch(dataSource, fhir));
  }

  /** The anchor file, or null: a throwaway database has nothing worth anchoring in the data home. */
  static Path anchorFile(AuditProperties audit, PlatformProperties platform) {
    if (!audit.anchor() || (platform.db().ephemeral() && audit.anchorFile() == null)) {
      return null;
    }
    return audit.anchorFile() != null ? audit.anchorFile() : AuditChain.defaultAnchorFile(platform.home());
  }
}
