package org.hutong.identity.internal.match;

import java.util.List;

/** Scores a pair of profiles: its comparison vector under the fitted model, adjusted for how common agreeing names are. */
final class PairScorer implements Clustering.PairWeights {

  private final PairComparator comparator = new PairComparator();
  private final FellegiSunterModel model;
  private final TermFrequencies families;
  private final TermFrequencies givens;
  private final List<Profile> profiles;
  private final double reviewCap;

  /**
   * @param reviewCap the highest weight a {@linkplain #lookAlikeStrangers look-alike} pair may have:
   *     below the link threshold, at or above the review threshold
   */
  PairScorer(FellegiSunterModel model, List<Profile> profiles, double reviewCap) {
    this.model = model;
    this.reviewCap = reviewCap;
    this.profiles = profiles;
    this.families = new TermFrequencies(profiles, Profile::family);
    this.givens = new TermFrequencies(profiles, Profile::given);
  }

  /** A scorer for pairs handed to {@link #weight(Profile, Profile, int)}, with name frequencies known beforehand. */
  PairScorer(FellegiSunterModel model, TermFrequencies families, TermFrequencies givens, double reviewCap) {
    this.model = model;
    this.reviewCap = reviewCap;
    this.profiles = List.of();
    this.families = families;
    this.givens = givens;
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
    return a.chineseName() && b.chineseName() && lookAlikeStrangers(vector) ? Math.min(w, reviewCap) : w;
  }

  /**
   * Pairs whose fields are far from independent, so that summed weights overstate the evidence:
   * <ul>
   *   <li>namesakes: the same name and birth date and nothing else in common. Chinese names are few
   *       (张伟 alone is carried by some 300,000 people), so name and birth date are not enough on
   *       their own: any pair whose identifier, phone and address all fail to agree is held;
   *   <li>twins: same family name and birth date, usually the same phone and address, but a wholly
   *       different given name.
   * </ul>
   * Such a pair is never linked on its own weight; it goes to review, and joins a person only
   * through other records that do link (the cluster guard still checks it).
   */
  static boolean lookAlikeStrangers(int vector) {
    int family = Field.FAMILY_NAME.levelIn(vector);
    int given = Field.GIVEN_NAME.levelIn(vector);
    boolean sameBirthDate = Field.BIRTH_DATE.levelIn(vector) == Field.BIRTH_DATE.exact();
    boolean familyAgrees = family != Field.MISSING && family >= 2;
    return sameBirthDate && familyAgrees && given == 0 || !corroborated(vector);
  }

  private static boolean corroborated(int vector) {
    int phone = Field.PHONE.levelIn(vector);
    int address = Field.ADDRESS.levelIn(vector);
    int identifier = Field.IDENTIFIER.levelIn(vector);
    return phone == Field.PHONE.exact() || address != Field.MISSING && address >= 2 || identifier == Field.IDENTIFIER.exact();
  }

  private double adjustment(Field field, double frequency) {
    return FellegiSunterModel.log2(model.u[field.ordinal()][field.exact()] / frequency);
  }

  int vector(int i, int j) {
    return comparator.compare(profiles.get(i), profiles.get(j));
  }
}
