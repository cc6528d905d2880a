package org.hutong.identity.internal.match;

/**
 * Fits a {@link FellegiSunterModel} to comparison vectors by expectation–maximisation, under the
 * usual assumption that fields agree independently given the match status. Works on distinct
 * vectors with their counts, so a million pairs cost no more than the few hundred patterns they show.
 */
final class ExpectationMaximisation {

  static final int MAX_ITERATIONS = 200;
  static final double TOLERANCE = 1e-7;
  /** Keeps every probability away from 0, so a level never seen still has a finite weight. */
  private static final double FLOOR = 1e-6;

  int iterations;

  /** Which parameters a fit estimates; the others stay as given. */
  enum Estimate {
    LAMBDA,
    M_AND_LAMBDA,
    ALL
  }

  /** Fits the parameters named by {@code estimate}; returns the model (updated in place). */
  FellegiSunterModel fit(int[] vectors, long[] counts, FellegiSunterModel start, Estimate estimate) {
    FellegiSunterModel model = start;
    for (iterations = 1; iterations <= MAX_ITERATIONS; iterations++) {
      double[][] mSum = zeros();
      double[][] uSum = zeros();
      double matchTotal = 0;
      double total = 0;
      for (int p = 0; p < vectors.length; p++) {
        double g = matchProbability(model, vectors[p]);
        double c = counts[p];
        matchTotal += c * g;
        total += c;
        for (Field field : Field.ALL) {
          int level = field.levelIn(vectors[p]);
          if (level != Field.MISSING) {
            mSum[field.ordinal()][level] += c * g;
            uSum[field.ordinal()][level] += c * (1 - g);
          }
        }
      }
      double change = Math.abs(model.lambda - clamp(matchTotal / total));
      model.lambda = clamp(matchTotal / total);
      if (estimate != Estimate.LAMBDA) {
        change = Math.max(change, normaliseInto(mSum, model.m));
      }
      if (estimate == Estimate.ALL) {
        change = Math.max(change, normaliseInto(uSum, model.u));
      }
      if (change < TOLERANCE) {
        break;
      }
    }
    return model;
  }

  /** P(match | vector) under the current parameters. */
  static double matchProbability(FellegiSunterModel model, int vector) {
    double pm = model.lambda;
    double pu = 1 - model.lambda;
    for (Field field : Field.ALL) {
      int level = field.levelIn(vector);
      if (level != Field.MISSING) {
        pm *= model.m[field.ordinal()][level];
        pu *= model.u[field.ordinal()][level];
      }
    }
    return pm / (pm + pu);
  }

  private static double[][] zeros() {
    double[][] sums = new double[Field.ALL.length][];
    for (Field field : Field.ALL) {
      sums[field.ordinal()] = new double[field.levels];
    }
    return sums;
  }

  /** Writes the normalised sums into {@code target} (fields never observed keep their values); returns the largest change. */
  private static double normaliseInto(double[][] sums, double[][] target) {
    double change = 0;
    for (Field field : Field.ALL) {
      double[] s = sums[field.ordinal()];
      double total = 0;
      for (double v : s) {
        total += v;
      }
      if (total <= 0) {
        continue;
      }
      for (int l = 0; l < s.length; l++) {
        double next = Math.max(FLOOR, s[l] / total);
        change = Math.max(change, Math.abs(next - target[field.ordinal()][l]));
        target[field.ordinal()][l] = next;
      }
    }
    return change;
  }

  private static double clamp(double lambda) {
    return Math.min(1 - FLOOR, Math.max(FLOOR, lambda));
  }
}
