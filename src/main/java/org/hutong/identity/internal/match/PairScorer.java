package org.hutong.identity.internal.match;

import java.util.List;

/** Scores a pair of profiles: its comparison vector under the fitted model, adjusted for how common agreeing names are. */
final class PairScorer implements Clustering.PairWeights {

  private final PairComparator comparator = new PairComparator();
  private final FellegiSunterModel model;
  private final TermFrequencies families;
  private final TermFrequencies givens;
  private final List<Profile> profiles;

  PairScorer(FellegiSunterModel model, List<Profile> profiles) {
    this.model = model;
    this.profiles = profiles;
    this.families = new TermFrequencies(profiles, Profile::family);
    this.givens = new TermFrequencies(profiles, Profile::given);
  }

  /** Same person by rule: the same valid resident ID that agrees with both records, or the same health card number. */
  @Override
  public boolean deterministic(int i, int j) {
    Profile a = profiles.get(i);
    Profile b = profiles.get(j);
    return a.residentId() != null && a.residentId().equals(b.residentId())
        || a.healthCard() != null && a.healthCard().equals(b.healthCard());
  }

  @Override
  public double weight(int i, int j) {
    Profile a = profiles.get(i);
    Profile b = profiles.get(j);
    return weight(a, b, comparator.compare(a, b));
  }

  /**
   * Different persons by rule: both records carry a valid resident ID that agrees with the record,
   * and the numbers differ. Nobody holds two, and one typed wrong fails the checksum (or contradicts
   * the record) and is not used; twins, who share everything else, differ here.
   */
  static boolean distinctByRule(Profile a, Profile b) {
    return a.residentId() != null && b.residentId() != null && !a.residentId().equals(b.residentId());
  }

  /**
   * The weight with term-frequency adjustment: on exact name agreement, u (the average chance of
   * agreeing) is replaced by the frequency of the agreed value. Minus infinity for pairs that are
   * {@linkplain #distinctByRule different persons by rule}.
   */
  double weight(Profile a, Profile b, int vector) {
    if (distinctByRule(a, b)) {
      return Double.NEGATIVE_INFINITY;
    }
    double w = model.weight(vector);
    if (Field.FAMILY_NAME.levelIn(vector) == Field.FAMILY_NAME.exact()) {
      w += adjustment(Field.FAMILY_NAME, families.frequency(a.family()));
    }
    if (Field.GIVEN_NAME.levelIn(vector) == Field.GIVEN_NAME.exact()) {
      w += adjustment(Field.GIVEN_NAME, givens.frequency(a.given()));
    }
    return w;
  }

  private double adjustment(Field field, double frequency) {
    return FellegiSunterModel.log2(model.u[field.ordinal()][field.exact()] / frequency);
  }

  int vector(int i, int j) {
    return comparator.compare(profiles.get(i), profiles.get(j));
  }
}
