package org.hutong.quality;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/**
 * How good one institution's data was in one month. A dimension's score is 100 × the share of the
 * records it assessed (resource versions stored, of the types the dimension has rules for) that
 * failed none of its scored rules; the overall score is the mean of the four.
 *
 * @param organization the institution's Organization id
 * @param month the month the records arrived in
 * @param records the resource versions assessed
 * @param volume records assessed by resource type
 * @param assessed per dimension code, how many records were of a type it has rules for
 * @param failed per dimension code, how many records failed at least one of its rules
 * @param scores per dimension code, the score in percent (one decimal)
 * @param overall the mean of the four dimension scores
 * @param topRules the rules that failed most often, most first
 */
public record Scorecard(
    String organization,
    YearMonth month,
    long records,
    Map<String, Long> volume,
    Map<String, Long> assessed,
    Map<String, Long> failed,
    Map<String, Double> scores,
    double overall,
    List<RuleCount> topRules) {

  /**
   * A rule's failures in the month.
   *
   * @param code the rule code
   * @param findings how many findings it produced
   * @param examples up to three resource references ({@code Type/id}) that failed it
   */
  public record RuleCount(String code, long findings, List<String> examples) {}
}
