package org.hutong.quality.internal;

import java.time.Clock;
import javax.sql.DataSource;
import org.hutong.access.AuditTrail;
import org.hutong.quality.QualityProperties;
import org.hutong.quality.internal.assess.Assessor;
import org.hutong.quality.internal.assess.QualityListener;
import org.hutong.quality.internal.report.Institutions;
import org.hutong.quality.internal.report.MeasureReports;
import org.hutong.quality.internal.report.QualityAccess;
import org.hutong.quality.internal.report.ScorecardStore;
import org.hutong.quality.internal.rules.RuleCatalogue;
import org.hutong.record.ClinicalRecords;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Data quality: the catalogue, the write-path listener, scorecards and their reports. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(QualityProperties.class)
class QualityConfiguration {

  @Bean
  RuleCatalogue qualityRules(QualityProperties properties) {
    return RuleCatalogue.shipped(properties.zone());
  }

  @Bean
  @org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty(name = "hutong.quality.enabled", matchIfMissing = true)
  QualityListener qualityListener(RuleCatalogue rules, DataSource dataSource, QualityProperties properties) {
    return new QualityListener(new Assessor(rules), dataSource, properties.zone(), properties.refuseFatal());
  }

  @Bean
  ScorecardStore scorecardStore(DataSource dataSource, RuleCatalogue rules, QualityProperties properties) {
    return new ScorecardStore(new JdbcTemplate(dataSource), rules, properties.topRules());
  }

  @Bean
  MeasureReports measureReports(ClinicalRecords records, QualityProperties properties) {
    return new MeasureReports(records, properties.zone());
  }

  @Bean
  QualityAccess qualityAccess(AuditTrail audit) {
    return new QualityAccess(audit);
  }

  @Bean
  Institutions institutions(ClinicalRecords records) {
    return new Institutions(records);
  }
}
