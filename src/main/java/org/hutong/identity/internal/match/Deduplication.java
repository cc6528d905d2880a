package org.hutong.identity.internal.match;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.hutong.identity.MatchResult;
import org.hutong.identity.MatchSettings;
import org.hutong.identity.PersonRecord;

/** One matching run over a list of records: fold, block, train the model, score, link and cluster. */
public final class Deduplication {

  private final MatchSettings settings;
  private final LocalDate today;
  private final boolean linkage;

  public Deduplication(MatchSettings settings, LocalDate today, boolean linkage) {
    this.settings = settings;
    this.today = today;
    this.linkage = linkage;
  }

  public MatchResult run(List<PersonRecord> records) {
    // Folding, comparing and scoring look at one record or one pair at a time: they run on every core.
    List<Profile> profiles = IntStream.range(0, records.size()).parallel()
        .mapToObj(i -> Profile.of(i, records.get(i), today)).toList();
    Blocking blocking = new Blocking(settings.maxBlockSize(), linkage);
    long[] candidates = blocking.candidates(profiles);
    int[] vectors = compare(profiles, candidates);
    FellegiSunterModel model = new ModelTraining(settings, linkage).train(profiles, candidates, vectors);

    double linkWeight = weightOf(settings.linkProbability());
    double reviewWeight = weightOf(settings.reviewProbability());
    PairScorer scorer = new PairScorer(model, profiles, (linkWeight + reviewWeight) / 2);
    double[] weights = new double[candidates.length];
    boolean[] rules = new boolean[candidates.length];
    IntStream.range(0, candidates.length).parallel().forEach(k -> {
      int i = first(candidates[k]);
      int j = second(candidates[k]);
      rules[k] = scorer.deterministic(i, j);
      weights[k] = scorer.weight(profiles.get(i), profiles.get(j), vectors[k]);
    });
    List<Clustering.Link> links = new ArrayList<>();
    long deterministic = 0;
    long reviews = 0;
    for (int k = 0; k < candidates.length; k++) {
      int i = first(candidates[k]);
      int j = second(candidates[k]);
      boolean rule = rules[k];
      double w = weights[k];
      if (rule || w >= linkWeight) {
        links.add(new Clustering.Link(i, j, w, rule));
        deterministic += rule ? 1 : 0;
      } else if (w >= reviewWeight) {
        reviews++;
      }
    }
    Clustering clustering = new Clustering(profiles, scorer, settings.reviewProbability(), linkage);
    int[] groups = clustering.cluster(links);
    return new MatchResult(groups, candidates, links.size(), deterministic, reviews, clustering.refusedMerges,
        blocking.pairsByKey, blocking.skippedBlocks, model.describe());
  }

  /** The comparison vector of each pair, computed in parallel. */
  static int[] compare(List<Profile> profiles, long[] pairs) {
    PairComparator comparator = new PairComparator();
    int[] vectors = new int[pairs.length];
    IntStream.range(0, pairs.length).parallel().forEach(k ->
        vectors[k] = comparator.compare(profiles.get(first(pairs[k])), profiles.get(second(pairs[k]))));
    return vectors;
  }

  private static double weightOf(double probability) {
    return FellegiSunterModel.log2(probability / (1 - probability));
  }

  private static int first(long pair) {
    return (int) (pair >>> 32);
  }

  private static int second(long pair) {
    return (int) pair;
  }
}
