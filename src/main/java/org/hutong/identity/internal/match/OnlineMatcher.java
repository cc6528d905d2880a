package org.hutong.identity.internal.match;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.hutong.identity.MatchSettings;
import org.hutong.identity.PersonRecord;

/**
 * The matcher one record at a time, for the online index: the same profiles, blocking keys,
 * comparison and weights as a batch run, with a model fitted beforehand ({@link TrainedModel}).
 */
public final class OnlineMatcher {

  private final PairComparator comparator = new PairComparator();
  private final PairScorer scorer;
  private final double linkWeight;
  private final double reviewWeight;

  public OnlineMatcher(TrainedModel model, MatchSettings settings) {
    this.linkWeight = weightOf(settings.linkProbability());
    this.reviewWeight = weightOf(settings.reviewProbability());
    this.scorer = new PairScorer(model.model, model.families, model.givens, (linkWeight + reviewWeight) / 2);
  }

  /** A record folded for matching. */
  public static final class Prepared {
    final Profile profile;

    private Prepared(Profile profile) {
      this.profile = profile;
    }

    /** The resident ID this record is identified by (valid and agreeing with the record), or null. */
    public String residentId() {
      return profile.residentId();
    }

    /** The health card number, or null. */
    public String healthCard() {
      return profile.healthCard();
    }
  }

  /** How alike two records are. */
  public record Score(double weight, boolean sameByRule, boolean differentByRule) {

    /** The posterior probability that the two records are the same person. */
    public double probability() {
      return sameByRule ? 1.0 : FellegiSunterModel.probability(weight);
    }
  }

  public Prepared prepare(PersonRecord record, LocalDate today) {
    return new Prepared(Profile.of(0, record, today));
  }

  /** The blocking keys of the record, each {@code name=value}: records sharing one are compared. */
  public List<String> blockingKeys(Prepared record) {
    List<String> keys = new ArrayList<>();
    for (Blocking.Key key : Blocking.KEYS) {
      for (String value : key.values().apply(record.profile)) {
        keys.add(key.name() + "=" + value);
      }
    }
    return keys;
  }

  public Score score(Prepared a, Prepared b) {
    boolean same = a.profile.residentId() != null && a.profile.residentId().equals(b.profile.residentId())
        || a.profile.healthCard() != null && a.profile.healthCard().equals(b.profile.healthCard());
    boolean different = PairScorer.distinctByRule(a.profile, b.profile);
    double w = scorer.weight(a.profile, b.profile, comparator.compare(a.profile, b.profile));
    return new Score(w, same && !different, different);
  }

  /** Weight at and above which a pair is linked without review. */
  public double linkWeight() {
    return linkWeight;
  }

  /** Weight from which, up to {@link #linkWeight()}, a pair goes to review; also the bar every pair in one person must clear. */
  public double reviewWeight() {
    return reviewWeight;
  }

  static double weightOf(double probability) {
    return FellegiSunterModel.log2(probability / (1 - probability));
  }
}
