package org.hutong.quality.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import javax.sql.DataSource;
import org.hutong.platform.CopyRows;
import org.hutong.quality.Scorecard;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The monthly aggregate over 200,000 assessed records (and 60,000 findings) of 40 institutions in one
 * month: opt-in ({@code -Dquality.bench=true}), since benchmarks are not timed unit tests; the
 * figures go to docs/data-quality.md.
 */
class ScorecardScaleBench {

  @Test
  void twoHundredThousandAssessmentsAggregateQuickly() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("quality.bench"), "opt-in: -Dquality.bench=true");
    var platform = RunningPlatform.shared();
    DataSource dataSource = platform.getBean(DataSource.class);
    ScorecardStore store = platform.getBean(ScorecardStore.class);
    YearMonth month = YearMonth.of(2019, 7);
    LocalDate first = month.atDay(1);
    String[] types = {"Patient", "Encounter", "Observation", "Observation", "Observation", "DiagnosticReport"};
    String[] rules = {"OBS-CONS-001", "PAT-COMP-003", "ENC-TIME-001", "PAT-VAL-001", "OBS-TIME-001"};
    long load = System.nanoTime();
    try (Connection connection = dataSource.getConnection()) {
      CopyRows assessments = new CopyRows("quality.assessment (organization, month, resource_type, resource_id, version, patient_id, assessed_at, event_time, delay_seconds, failed)", 1 << 20);
      CopyRows findings = new CopyRows("quality.finding (organization, month, rule_code, resource_type, resource_id, version, patient_id, path, detail)", 1 << 20);
      Instant at = Instant.parse("2019-07-10T02:00:00Z");
      for (int i = 0; i < 200_000; i++) {
        String org = "bench-org-" + (i / 10 % 40);
        String type = types[i % types.length];
        int failed = i % 10 == 0 ? 1 : i % 10 == 1 ? 4 : i % 10 == 2 ? 8 : 0;
        assessments.row(org, first, type, "b" + i, 1, "p" + (i / 5), at, at.minusSeconds(3600), 3600L, failed);
        if (i % 10 < 3) {
          findings.row(org, first, rules[i % rules.length], type, "b" + i, 1, "p" + (i / 5), type + ".x", "bench");
        }
        if (assessments.rows() == 20_000) {
          assessments.send(connection);
          findings.send(connection);
        }
      }
      assessments.send(connection);
      findings.send(connection);
      connection.createStatement().execute("ANALYZE quality.assessment; ANALYZE quality.finding");
    }
    long loaded = System.nanoTime();
    Map<String, Scorecard> cards = null;
    long best = Long.MAX_VALUE;
    for (int run = 0; run < 5; run++) {
      long start = System.nanoTime();
      cards = store.month(month, null);
      best = Math.min(best, System.nanoTime() - start);
    }
    long trendStart = System.nanoTime();
    store.trend(month, 6, null);
    long trend = System.nanoTime() - trendStart;
    try (Connection connection = dataSource.getConnection(); var st = connection.createStatement()) {
      for (String q : new String[] {
          "SELECT organization, resource_type, count(*), count(*) FILTER (WHERE failed & 1 <> 0) FROM quality.assessment WHERE month = '2019-07-01' AND organization <> '' GROUP BY 1, 2",
          "SELECT organization, rule_code, count(*), (array_agg(resource_type || '/' || resource_id))[1:6] FROM quality.finding WHERE month = '2019-07-01' AND organization <> '' GROUP BY 1, 2"}) {
        var rs = st.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + q);
        while (rs.next()) {
          System.out.println("quality bench plan: " + rs.getString(1));
        }
      }
    }
    System.out.printf("quality bench: load 200k assessments + 60k findings %d ms; month aggregate (40 institutions) best of 5 %d ms; 6-month trend %d ms%n",
        (loaded - load) / 1_000_000, best / 1_000_000, trend / 1_000_000);
    assertThat(cards).hasSize(40);
    assertThat(cards.values().stream().mapToLong(Scorecard::records).sum()).isEqualTo(200_000);
    assertThat(cards.get("bench-org-0").scores().get("completeness")).isEqualTo(90.0);
  }
}
