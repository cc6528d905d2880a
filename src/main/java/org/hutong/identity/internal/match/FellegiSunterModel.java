package org.hutong.identity.internal.match;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Fellegi–Sunter model: for each field and agreement level, m = P(level | same person) and
 * u = P(level | different persons), and λ, the share of compared pairs that are matches. A pair's
 * weight is log2 of its posterior odds: log2(λ/(1-λ)) + Σ log2(m/u) over the comparable fields.
 */
final class FellegiSunterModel {

  final double[][] m;
  final double[][] u;
  double lambda;
  /** Fields with a value on both sides in at least one compared pair; the others keep their starting values and never count. */
  final boolean[] observed = new boolean[Field.ALL.length];

  FellegiSunterModel(double[][] m, double[][] u, double lambda) {
    this.m = m;
    this.u = u;
    this.lambda = lambda;
    java.util.Arrays.fill(observed, true);
  }

  /** A starting point for EM: exact agreement likely for matches, disagreement unlikely. */
  static double[][] initialM() {
    double[][] m = new double[Field.ALL.length][];
    for (Field field : Field.ALL) {
      double[] levels = new double[field.levels];
      levels[0] = 0.05;
      levels[field.exact()] = 0.8;
      for (int l = 1; l < field.exact(); l++) {
        levels[l] = 0.15 / (field.levels - 2);
      }
      if (field.levels == 2) {
        levels[1] = 0.95;
      }
      m[field.ordinal()] = levels;
    }
    return m;
  }

  /** Uniform agreement levels, the starting u when EM also estimates u. */
  static double[][] uniform() {
    double[][] u = new double[Field.ALL.length][];
    for (Field field : Field.ALL) {
      u[field.ordinal()] = new double[field.levels];
      java.util.Arrays.fill(u[field.ordinal()], 1.0 / field.levels);
      u[field.ordinal()][0] = 1.0 - (field.levels - 1) * 0.1;
      for (int l = 1; l < field.levels; l++) {
        u[field.ordinal()][l] = 0.1;
      }
    }
    return u;
  }

  double priorWeight() {
    return log2(lambda / (1 - lambda));
  }

  /** log2(m/u) of one field at one level; 0 for a missing value. */
  double fieldWeight(Field field, int level) {
    if (level == Field.MISSING) {
      return 0;
    }
    return log2(m[field.ordinal()][level] / u[field.ordinal()][level]);
  }

  /** The weight of a comparison vector, without term-frequency adjustments. */
  double weight(int vector) {
    double w = priorWeight();
    for (Field field : Field.ALL) {
      w += fieldWeight(field, field.levelIn(vector));
    }
    return w;
  }

  static double probability(double weight) {
    return 1 / (1 + Math.pow(2, -weight));
  }

  static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  /** The fitted parameters as lines of text, for people checking what the model learned. */
  List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "lambda=%.5f", lambda));
    for (Field field : Field.ALL) {
      StringBuilder line = new StringBuilder(field.name().toLowerCase(Locale.ROOT)).append(':');
      if (!observed[field.ordinal()]) {
        lines.add(line.append(" no values to compare").toString());
        continue;
      }
      for (int l = field.exact(); l >= 0; l--) {
        line.append(String.format(Locale.ROOT, " L%d m=%.4f u=%.5f w=%+.2f", l, m[field.ordinal()][l], u[field.ordinal()][l],
            fieldWeight(field, l)));
      }
      lines.add(line.toString());
    }
    return lines;
  }
}
