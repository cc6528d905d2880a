package org.hutong.identity;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The outcome of matching a list of records: which person (group) each record belongs to, which
 * pairs were compared at all (for measuring blocking recall) and what the model learned.
 */
public final class MatchResult {

  private final int[] groups;
  private final long[] compared;
  private final long links;
  private final long deterministicLinks;
  private final long reviews;
  private final long refusedMerges;
  private final Map<String, Long> pairsByBlockingKey;
  private final long skippedBlocks;
  private final List<String> model;

  /**
   * @param groups for each record (by its position in the input), the position of one record of its group
   * @param compared the compared pairs {@code i << 32 | j} (i < j), sorted
   */
  public MatchResult(int[] groups, long[] compared, long links, long deterministicLinks, long reviews, long refusedMerges,
      Map<String, Long> pairsByBlockingKey, long skippedBlocks, List<String> model) {
    this.groups = groups.clone();
    this.compared = compared;
    this.links = links;
    this.deterministicLinks = deterministicLinks;
    this.reviews = reviews;
    this.refusedMerges = refusedMerges;
    this.pairsByBlockingKey = Map.copyOf(pairsByBlockingKey);
    this.skippedBlocks = skippedBlocks;
    this.model = List.copyOf(model);
  }

  /** The group (person) of record {@code i}: equal values mean the same person. */
  public int groupOf(int i) {
    return groups[i];
  }

  public int size() {
    return groups.length;
  }

  /** Whether blocking put records {@code i} and {@code j} together for comparison. */
  public boolean compared(int i, int j) {
    long key = (long) Math.min(i, j) << 32 | Math.max(i, j);
    return Arrays.binarySearch(compared, key) >= 0;
  }

  public long comparedPairs() {
    return compared.length;
  }

  /** Pairs at or above the link probability, those linked by rule included. */
  public long links() {
    return links;
  }

  public long deterministicLinks() {
    return deterministicLinks;
  }

  /** Pairs between the review and the link probability: a person should look at them. */
  public long reviews() {
    return reviews;
  }

  /** Links not followed because the groups they would join contain a pair that looks like two people. */
  public long refusedMerges() {
    return refusedMerges;
  }

  public Map<String, Long> pairsByBlockingKey() {
    return pairsByBlockingKey;
  }

  public long skippedBlocks() {
    return skippedBlocks;
  }

  /** The fitted model (λ, m, u and weight per field and level), one line each. */
  public List<String> model() {
    return model;
  }
}
