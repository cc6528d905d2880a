package org.hutong.identity.internal.match;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.hutong.identity.MatchSettings;
import org.hutong.identity.internal.match.ExpectationMaximisation.Estimate;

/**
 * Estimates the model from the records themselves, without any truth.
 *
 * <ol>
 *   <li>u: agreement levels among random pairs, nearly all of which are different persons.
 *   <li>m: EM in training sessions, each over the pairs that share one blocking key, with the
 *       fields that key uses left out. EM over all blocked pairs at once tends to find "same name"
 *       rather than "same person" (many different people share a common name, and the name key
 *       brings them all in); among pairs with the same birth date, agreeing names really do
 *       separate matches from non-matches, and among pairs with alike names, agreeing birth dates
 *       and addresses do.
 *   <li>λ: EM over all blocked pairs with m and u fixed, so that weights are posterior odds for
 *       the pairs actually compared.
 * </ol>
 */
final class ModelTraining {

  /** A training session: pairs sharing {@code key}; the fields it uses are not estimated from them. */
  record Session(Blocking.Key key, Set<Field> excluded) {}

  static final List<Session> SESSIONS = List.of(
      new Session(Blocking.BIRTH_DATE, EnumSet.of(Field.BIRTH_DATE)),
      new Session(Blocking.BOTH_NAMES, EnumSet.of(Field.FAMILY_NAME, Field.GIVEN_NAME)));

  /** Fewer observations than this of a field in a session and the session's m for it is not used. */
  static final long MIN_OBSERVATIONS = 20;

  /** The most pairs of one training session that are compared (see {@link #sample}). */
  static final int SESSION_PAIRS = 2_000_000;

  private final MatchSettings settings;
  private final boolean linkage;
  private final PairComparator comparator = new PairComparator();

  ModelTraining(MatchSettings settings, boolean linkage) {
    this.settings = settings;
    this.linkage = linkage;
  }

  FellegiSunterModel train(List<Profile> profiles, long[] candidates, int[] vectors) {
    double[][] u = chanceAgreement(profiles);
    FellegiSunterModel model = new FellegiSunterModel(FellegiSunterModel.initialM(), u, 0.1);
    Patterns all = Patterns.of(vectors, EnumSet.noneOf(Field.class));
    for (Field field : Field.ALL) {
      model.observed[field.ordinal()] = all.observations(field) > 0;
    }
    if (all.size() == 0) {
      return model;
    }
    // Starting point, and the fallback for fields no session could estimate.
    new ExpectationMaximisation().fit(all.vectors, all.counts, model, Estimate.M_AND_LAMBDA);

    double[][] sum = new double[Field.ALL.length][];
    int[] sessions = new int[Field.ALL.length];
    for (Session session : SESSIONS) {
      long[] pairs = sample(new Blocking(settings.maxBlockSize(), linkage).candidates(profiles, List.of(session.key())));
      int[] sessionVectors = Deduplication.compare(profiles, pairs);
      Patterns patterns = Patterns.of(sessionVectors, session.excluded());
      if (patterns.size() == 0) {
        continue;
      }
      FellegiSunterModel fitted = new FellegiSunterModel(FellegiSunterModel.initialM(), u, 0.1);
      new ExpectationMaximisation().fit(patterns.vectors, patterns.counts, fitted, Estimate.M_AND_LAMBDA);
      for (Field field : Field.ALL) {
        if (!session.excluded().contains(field) && patterns.observations(field) >= MIN_OBSERVATIONS) {
          double[] m = fitted.m[field.ordinal()];
          if (sum[field.ordinal()] == null) {
            sum[field.ordinal()] = new double[m.length];
          }
          for (int l = 0; l < m.length; l++) {
            sum[field.ordinal()][l] += m[l];
          }
          sessions[field.ordinal()]++;
        }
      }
    }
    for (Field field : Field.ALL) {
      if (sessions[field.ordinal()] > 0) {
        for (int l = 0; l < field.levels; l++) {
          model.m[field.ordinal()][l] = sum[field.ordinal()][l] / sessions[field.ordinal()];
        }
      }
    }
    new ExpectationMaximisation().fit(all.vectors, all.counts, model, Estimate.LAMBDA);
    return model;
  }

  /**
   * At most {@link #SESSION_PAIRS} of a session's pairs, evenly spread over them (they are sorted by
   * record, so a stride takes every part of the file): a few hundred comparison patterns are all EM
   * sees, and their shares are as good from a million pairs as from twenty million.
   */
  static long[] sample(long[] pairs) {
    if (pairs.length <= SESSION_PAIRS) {
      return pairs;
    }
    long[] sample = new long[SESSION_PAIRS];
    double stride = (double) pairs.length / SESSION_PAIRS;
    for (int k = 0; k < SESSION_PAIRS; k++) {
      sample[k] = pairs[(int) (k * stride)];
    }
    return sample;
  }

  /**
   * u: how often each level occurs between random pairs of records (with add-one smoothing so no
   * level has probability 0). In linkage mode the pairs are drawn across sources.
   */
  double[][] chanceAgreement(List<Profile> profiles) {
    double[][] counts = new double[Field.ALL.length][];
    for (Field field : Field.ALL) {
      counts[field.ordinal()] = new double[field.levels];
      Arrays.fill(counts[field.ordinal()], 1);
    }
    SplittableRandom random = new SplittableRandom(settings.seed());
    int n = profiles.size();
    int wanted = settings.randomPairs();
    for (int drawn = 0, attempts = 0; n > 1 && drawn < wanted && attempts < 4 * wanted; attempts++) {
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
      double total = Arrays.stream(levels).sum();
      for (int l = 0; l < levels.length; l++) {
        levels[l] /= total;
      }
    }
    return counts;
  }

  /** Distinct comparison vectors with their counts, some fields blanked out. */
  record Patterns(int[] vectors, long[] counts) {

    static Patterns of(int[] all, Set<Field> blanked) {
      int mask = ~0;
      for (Field field : blanked) {
        mask = field.into(mask, 0);
      }
      int missing = 0;
      for (Field field : blanked) {
        missing = field.into(missing, Field.MISSING);
      }
      // Sorting and counting runs: no boxing, however many pairs there are.
      int[] sorted = new int[all.length];
      for (int k = 0; k < all.length; k++) {
        sorted[k] = all[k] & mask | missing;
      }
      Arrays.parallelSort(sorted);
      int distinct = 0;
      for (int k = 0; k < sorted.length; k++) {
        distinct += k == 0 || sorted[k] != sorted[k - 1] ? 1 : 0;
      }
      int[] vectors = new int[distinct];
      long[] counts = new long[distinct];
      int p = -1;
      for (int k = 0; k < sorted.length; k++) {
        if (k == 0 || sorted[k] != sorted[k - 1]) {
          vectors[++p] = sorted[k];
        }
        counts[p]++;
      }
      return new Patterns(vectors, counts);
    }

    int size() {
      return vectors.length;
    }

    long observations(Field field) {
      long n = 0;
      for (int p = 0; p < vectors.length; p++) {
        if (field.levelIn(vectors[p]) != Field.MISSING) {
          n += counts[p];
        }
      }
      return n;
    }
  }
}
