package org.hutong.identity.internal.match;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How often each value of a field occurs among the records. Two records agreeing on a value
 * that a share f of all records carry happens by chance with probability about f, so an exact
 * agreement on a common name (王, 伟, smith) counts less than on a rare one.
 */
final class TermFrequencies {

  private final Map<String, Integer> counts = new HashMap<>();
  private final double total;

  TermFrequencies(List<Profile> profiles, Function<Profile, String> value) {
    int n = 0;
    for (Profile profile : profiles) {
      String v = value.apply(profile);
      if (v != null) {
        counts.merge(v, 1, Integer::sum);
        n++;
      }
    }
    total = Math.max(1, n);
  }

  /** Frequencies known beforehand: the counts of values and the number of records they were counted over. */
  TermFrequencies(Map<String, Integer> counts, double total) {
    this.counts.putAll(counts);
    this.total = Math.max(1, total);
  }

  /** The values seen at least {@code min} times, with their counts. */
  Map<String, Integer> counts(int min) {
    Map<String, Integer> kept = new HashMap<>();
    counts.forEach((value, count) -> {
      if (count >= min) {
        kept.put(value, count);
      }
    });
    return kept;
  }

  double total() {
    return total;
  }

  /** The share of records with this value (at least one record's share). */
  double frequency(String value) {
    return Math.max(1, counts.getOrDefault(value, 0)) / total;
  }
}
