package org.hutong.quality.internal.report;

import java.sql.Array;
import java.sql.Date;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hutong.quality.Dimension;
import org.hutong.quality.Scorecard;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Scorecards from the stored assessments: one grouped scan of the month's assessment index and one
 * of its findings. Records written without an institution (the platform, administrators) are not
 * scored.
 */
public final class ScorecardStore {

  private static final String COUNTS =
      """
      SELECT organization, resource_type, count(*) AS records,
             count(*) FILTER (WHERE failed & 1 <> 0) AS completeness,
             count(*) FILTER (WHERE failed & 2 <> 0) AS validity,
             count(*) FILTER (WHERE failed & 4 <> 0) AS consistency,
             count(*) FILTER (WHERE failed & 8 <> 0) AS timeliness
      FROM quality.assessment
      WHERE month = ? AND organization <> '' AND (?::text IS NULL OR organization = ?)
      GROUP BY organization, resource_type
      """;

  /** Examples without DISTINCT: a hash aggregate instead of sorting every finding (a resource failing a rule twice is rare; six cover it). */
  private static final String RULES =
      """
      SELECT organization, rule_code, count(*) AS findings,
             (array_agg(resource_type || '/' || resource_id))[1:6] AS examples
      FROM quality.finding
      WHERE month = ? AND organization <> '' AND (?::text IS NULL OR organization = ?)
      GROUP BY organization, rule_code
      """;

  private static final String TREND =
      """
      SELECT organization, month, count(*) AS records,
             count(*) FILTER (WHERE failed & 1 <> 0) AS completeness,
             count(*) FILTER (WHERE failed & 2 <> 0) AS validity,
             count(*) FILTER (WHERE failed & 4 <> 0) AS consistency,
             count(*) FILTER (WHERE failed & 8 <> 0) AS timeliness
      FROM quality.assessment
      WHERE month BETWEEN ? AND ? AND organization <> '' AND (?::text IS NULL OR organization = ?)
      GROUP BY organization, month
      """;

  private final JdbcTemplate jdbc;
  private final int topRules;

  public ScorecardStore(JdbcTemplate jdbc, int topRules) {
    this.jdbc = jdbc;
    this.topRules = topRules;
  }

  /** The scorecards of the month, by organization id; only the one institution when it is given. */
  public Map<String, Scorecard> month(YearMonth month, String organization) {
    Date first = Date.valueOf(month.atDay(1));
    Map<String, Counts> counts = new TreeMap<>();
    Map<String, Map<String, Long>> volumes = new TreeMap<>();
    jdbc.query(COUNTS, rs -> {
      String org = rs.getString("organization");
      counts.computeIfAbsent(org, o -> new Counts()).add(rs);
      volumes.computeIfAbsent(org, o -> new TreeMap<>()).put(rs.getString("resource_type"), rs.getLong("records"));
    }, first, organization, organization);
    Map<String, List<Scorecard.RuleCount>> rules = new TreeMap<>();
    jdbc.query(RULES, rs -> {
      Array examples = rs.getArray("examples");
      rules.computeIfAbsent(rs.getString("organization"), o -> new ArrayList<>())
          .add(new Scorecard.RuleCount(rs.getString("rule_code"), rs.getLong("findings"),
              Arrays.stream((String[]) examples.getArray()).distinct().limit(3).toList()));
    }, first, organization, organization);
    Map<String, Scorecard> cards = new LinkedHashMap<>();
    counts.forEach((org, c) -> {
      List<Scorecard.RuleCount> top = rules.getOrDefault(org, List.of()).stream()
          .sorted(Comparator.comparingLong(Scorecard.RuleCount::findings).reversed().thenComparing(Scorecard.RuleCount::code))
          .limit(topRules)
          .toList();
      cards.put(org, new Scorecard(org, month, c.records, volumes.get(org), c.failed(), c.scores(), c.overall(), top));
    });
    return cards;
  }

  /** The overall score per organization and month, for the months up to and including {@code last}. */
  public Map<String, Map<YearMonth, Double>> trend(YearMonth last, int months, String organization) {
    Map<String, Map<YearMonth, Double>> trend = new TreeMap<>();
    jdbc.query(TREND, rs -> {
      Counts c = new Counts();
      c.add(rs);
      YearMonth m = YearMonth.from(rs.getDate("month").toLocalDate());
      trend.computeIfAbsent(rs.getString("organization"), o -> new TreeMap<>()).put(m, c.overall());
    }, Date.valueOf(last.minusMonths(months - 1L).atDay(1)), Date.valueOf(last.atDay(1)), organization, organization);
    return trend;
  }

  /** Records and failing records per dimension; the score formulas live here. */
  static final class Counts {
    long records;
    final long[] failed = new long[Dimension.values().length];

    void add(java.sql.ResultSet rs) throws java.sql.SQLException {
      records += rs.getLong("records");
      for (Dimension d : Dimension.values()) {
        failed[d.ordinal()] += rs.getLong(d.code());
      }
    }

    Map<String, Long> failed() {
      Map<String, Long> m = new LinkedHashMap<>();
      for (Dimension d : Dimension.values()) {
        m.put(d.code(), failed[d.ordinal()]);
      }
      return m;
    }

    /** 100 × share of records with no failing scored rule of the dimension, one decimal. */
    Map<String, Double> scores() {
      Map<String, Double> m = new LinkedHashMap<>();
      for (Dimension d : Dimension.values()) {
        m.put(d.code(), score(records, failed[d.ordinal()]));
      }
      return m;
    }

    /** The mean of the four dimension scores, one decimal. */
    double overall() {
      double sum = 0;
      for (Dimension d : Dimension.values()) {
        sum += 100.0 * (records - failed[d.ordinal()]) / records;
      }
      return Math.round(sum / Dimension.values().length * 10) / 10.0;
    }
  }

  static double score(long records, long failed) {
    return records == 0 ? 100.0 : Math.round(1000.0 * (records - failed) / records) / 10.0;
  }
}
