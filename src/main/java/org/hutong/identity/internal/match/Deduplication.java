package org.hutong.identity.internal.match;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hutong.identity.MatchResult;
import org.hutong.identity.MatchSettings;
import org.hutong.identity.PersonRecord;

/**
 * One matching run over a list of records: fold, block, estimate u from random pairs, fit m and λ
 * by EM on the blocked pairs, score, link and cluster.
 */
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
    List<Profile> profiles = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      profiles.add(Profile.of(i, records.get(i), today));
    }
    Blocking blocking = new Blocking(settings.maxBlockSize(), linkage);
    long[] candidates = blocking.candidates(profiles);

    PairComparator comparator = new PairComparator();
    FellegiSunterModel model = new FellegiSunterModel(FellegiSunterModel.initialM(), chanceAgreement(profiles, comparator), 0.1);
    int[] vectors = new int[candidates.length];
    Map<Integer, Long> patterns = new HashMap<>();
    for (int k = 0; k < candidates.length; k++) {
      vectors[k] = comparator.compare(profiles.get(first(candidates[k])), profiles.get(second(candidates[k])));
      patterns.merge(vectors[k], 1L, Long::sum);
    }
    int[] distinct = patterns.keySet().stream().mapToInt(Integer::intValue).toArray();
    long[] counts = new long[distinct.length];
    for (int p = 0; p < distinct.length; p++) {
      counts[p] = patterns.get(distinct[p]);
    }
    if (distinct.length > 0) {
      new ExpectationMaximisation().fit(distinct, counts, model, true);
    }

    PairScorer scorer = new PairScorer(model, profiles);
    double linkWeight = weightOf(settings.linkProbability());
    double reviewWeight = weightOf(settings.reviewProbability());
    List<Clustering.Link> links = new ArrayList<>();
    long deterministic = 0;
    long reviews = 0;
    for (int k = 0; k < candidates.length; k++) {
      int i = first(candidates[k]);
      int j = second(candidates[k]);
      boolean rule = scorer.deterministic(i, j);
      double w = scorer.weight(profiles.get(i), profiles.get(j), vectors[k]);
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

  /**
   * u: how often each level occurs between random pairs of records, nearly all of which are
   * different persons (with add-one smoothing so no level has probability 0).
   */
  private double[][] chanceAgreement(List<Profile> profiles, PairComparator comparator) {
    double[][] counts = new double[Field.ALL.length][];
    for (Field field : Field.ALL) {
      counts[field.ordinal()] = new double[field.levels];
      java.util.Arrays.fill(counts[field.ordinal()], 1);
    }
    SplittableRandom random = new SplittableRandom(settings.seed());
    int n = profiles.size();
    for (int drawn = 0, attempts = 0; n > 1 && drawn < settings.randomPairs() && attempts < 4 * settings.randomPairs(); attempts++) {
      Profile a = profiles.get(random.nextInt(n));
      Profile b = profiles.get(random.nextInt(n));
      if (a == b || linkage && a.source().equals(b.source())) {
        continue;
      }
      drawn++;
      int vector = comparator.compare(a, b);
      for (Field field : Field.ALL) {
        int level = field.levelIn(vector);
        if (level != Field.MISSING) {
          counts[field.ordinal()][level]++;
        }
      }
    }
    for (double[] levels : counts) {
      double total = 0;
      for (double c : levels) {
        total += c;
      }
      for (int l = 0; l < levels.length; l++) {
        levels[l] /= total;
      }
    }
    return counts;
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
