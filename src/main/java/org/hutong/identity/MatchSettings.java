package org.hutong.identity;

/**
 * The matcher's fixed constants. They were chosen once, from what the probabilities mean, not
 * fitted to any evaluation set's truth (docs/benchmarks/empi.md).
 *
 * @param linkProbability a pair whose posterior match probability reaches this is linked automatically
 * @param reviewProbability from here up to {@code linkProbability} a pair goes to review; below it the
 *     records are different persons. Also the bar every pair inside one person must clear, so
 *     that a chain of links cannot join two people who do not look alike.
 * @param maxBlockSize blocks with more records than this are not compared whole: each record meets
 *     only the next {@code maxBlockSize / 2} in the key's order (sorted neighbourhood), so the cost
 *     grows with the records, not their square; blocks beyond 100 times this are skipped (counted in the result)
 * @param randomPairs how many random pairs estimate u (the chance agreement of different persons)
 * @param seed the seed for drawing the random pairs, so a run can be repeated exactly
 */
public record MatchSettings(double linkProbability, double reviewProbability, int maxBlockSize, int randomPairs, long seed) {

  public MatchSettings {
    if (!(reviewProbability > 0 && reviewProbability <= linkProbability && linkProbability < 1)) {
      throw new IllegalArgumentException("need 0 < review probability <= link probability < 1");
    }
  }

  /** Link at 0.95, review from 0.5, blocks compared whole up to 100 records, 200,000 random pairs. */
  public static MatchSettings defaults() {
    return new MatchSettings(0.95, 0.5, 100, 200_000, 20_261_123L);
  }
}
