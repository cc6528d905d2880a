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
import org.hutong.quality.internal.rules.RuleCatalogue;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Scorecards from the stored assessments: one grouped scan of the month's assessments and one of
 * its findings. A record counts in a dimension only when its type has rules of that dimension (a
 * Patient has no event time, so it is not in the timeliness score). Records written without an institution (the platform, administrators) are not
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
      SELECT organization, month, resource_type, count(*) AS records,
             count(*) FILTER (WHERE failed & 1 <> 0) AS completeness,
             count(*) FILTER (WHERE failed & 2 <> 0) AS validity,
             count(*) FILTER (WHERE failed & 4 <> 0) AS consistency,
             count(*) FILTER (WHERE failed & 8 <> 0) AS timeliness
      FROM quality.assessment
      WHERE month BETWEEN ? AND ? AND organization <> '' AND (?::text IS NULL OR organization = ?)
      GROUP BY organization, month, resource_type
      """;

  private final JdbcTemplate jdbc;
  private final RuleCatalogue catalogue;
  private final int topRules;

  public ScorecardStore(JdbcTemplate jdbc, RuleCatalogue catalogue, int topRules) {
    this.jdbc = jdbc;
    this.catalogue = catalogue;
    this.topRules = topRules;
  }

  /** The scorecards of the month, by organization id; only the one institution when it is given. */
  public Map<String, Scorecard> month(YearMonth month, String organization) {
    Date first = Date.valueOf(month.atDay(1));
    Map<String, Counts> counts = new TreeMap<>();
    Map<String, Map<String, Long>> volumes = new TreeMap<>();
    jdbc.query(COUNTS, rs -> {
      String org = rs.getString("organization");
      counts.computeIfAbsent(org, o -> new Counts()).add(rs, catalogue);
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
      cards.put(org, new Scorecard(org, month, c.records, volumes.get(org), c.assessed(), c.failed(), c.scores(), c.overall(), top));
    });
    return cards;
  }

  /** The overall score per organization and month, for the months up to and including {@code last}. */
  public Map<String, Map<YearMonth, Double>> trend(YearMonth last, int months, String organization) {
    Map<String, Map<YearMonth, Double>> trend = new TreeMap<>();
    Map<String, Map<YearMonth, Counts>> counts = new TreeMap<>();
    jdbc.query(TREND, rs -> {
      YearMonth m = YearMonth.from(rs.getDate("month").toLocalDate());
      counts.computeIfAbsent(rs.getString("organization"), o -> new TreeMap<>()).computeIfAbsent(m, k -> new Counts()).add(rs, catalogue);
    }, Date.valueOf(last.minusMonths(months - 1L).atDay(1)), Date.valueOf(last.atDay(1)), organization, organization);
    counts.forEach((org, byMonth) -> byMonth.forEach((m, c) -> trend.computeIfAbsent(org, o -> new TreeMap<>()).put(m, c.overall())));
    return trend;
  }

  /** Records and failing records per dimension; the score formulas live here. */
  static final class Counts {
    long records;
    final long[] assessed = new long[Dimension.values().length];
    final long[] failed = new long[Dimension.values().length];

    /** Adds a row of one resource type: to the dimensions the type has rules of. */
    void add(java.sql.ResultSet rs, RuleCatalogue catalogue) throws java.sql.SQLException {
      long n = rs.getLong("records");
      String type = rs.getString("resource_type");
      records += n;
      for (Dimension d : Dimension.values()) {
        if (catalogue.covers(type, d)) {
          assessed[d.ordinal()] += n;
          failed[d.ordinal()] += rs.getLong(d.code());
        }
      }
    }

    Map<String, Long> assessed() {
      Map<String, Long> m = new LinkedHashMap<>();
      for (Dimension d : Dimension.values()) {
        m.put(d.code(), assessed[d.ordinal()]);
      }
      return m;
    }

    Map<String, Long> failed() {
      Map<String, Long> m = new LinkedHashMap<>();
      for (Dimension d : Dimension.values()) {
        m.put(d.code(), failed[d.ordinal()]);
      }
      return m;
    }

    /** 100 × share of the dimension's records with no failing scored rule of it, one decimal. */
    Map<String, Double> scores() {
      Map<String, Double> m = new LinkedHashMap<>();
      for (Dimension d : Dimension.values()) {
        m.put(d.code(), Math.round(exact(d) * 10) / 10.0);
      }
      return m;
    }

    /** The mean of the four dimension scores (unrounded), one decimal. */
    double overall() {
      double sum = 0;
      for (Dimension d : Dimension.values()) {
        sum += exact(d);
      }
      return Math.round(sum / Dimension.values().length * 10) / 10.0;
    }

    /** A dimension none of whose records were assessed has nothing wrong: 100. */
    private double exact(Dimension d) {
      long n = assessed[d.ordinal()];
      return n == 0 ? 100.0 : 100.0 * (n - failed[d.ordinal()]) / n;
    }
  }
}
