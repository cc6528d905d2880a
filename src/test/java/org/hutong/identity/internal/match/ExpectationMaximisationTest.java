package org.hutong.identity.internal.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.hutong.identity.internal.match.ExpectationMaximisation.Estimate;
import org.junit.jupiter.api.Test;

/** EM recovers the parameters of a mixture whose parameters we know. */
class ExpectationMaximisationTest {

  static final Field[] USED = {Field.FAMILY_NAME, Field.BIRTH_DATE, Field.ADDRESS, Field.IDENTIFIER};

  @Test
  void givenTheExactCountsOfAKnownMixtureWhenFittedFromAFarStartThenMUAndLambdaAreRecovered() {
    double lambda = 0.2;
    double[][] m = FellegiSunterModel.initialM();
    double[][] u = FellegiSunterModel.initialM();
    m[Field.FAMILY_NAME.ordinal()] = new double[] {0.05, 0.05, 0.1, 0.8};
    u[Field.FAMILY_NAME.ordinal()] = new double[] {0.9, 0.06, 0.03, 0.01};
    m[Field.BIRTH_DATE.ordinal()] = new double[] {0.05, 0.02, 0.08, 0.85};
    u[Field.BIRTH_DATE.ordinal()] = new double[] {0.96, 0.005, 0.03, 0.005};
    m[Field.ADDRESS.ordinal()] = new double[] {0.1, 0.2, 0.3, 0.4};
    u[Field.ADDRESS.ordinal()] = new double[] {0.85, 0.1, 0.04, 0.01};
    m[Field.IDENTIFIER.ordinal()] = new double[] {0.1, 0.1, 0.8};
    u[Field.IDENTIFIER.ordinal()] = new double[] {0.97, 0.02, 0.01};

    List<Integer> vectors = new ArrayList<>();
    List<Long> counts = new ArrayList<>();
    long total = 100_000_000L;
    enumerate(0, allMissing(), 1, 1, m, u, lambda, total, vectors, counts);

    FellegiSunterModel start = new FellegiSunterModel(FellegiSunterModel.initialM(), FellegiSunterModel.uniform(), 0.5);
    ExpectationMaximisation em = new ExpectationMaximisation();
    FellegiSunterModel fitted = em.fit(
        vectors.stream().mapToInt(Integer::intValue).toArray(), counts.stream().mapToLong(Long::longValue).toArray(), start, Estimate.ALL);

    assertThat(fitted.lambda).isCloseTo(lambda, within(0.002));
    for (Field field : USED) {
      for (int l = 0; l < field.levels; l++) {
        assertThat(fitted.m[field.ordinal()][l]).as("m %s %d", field, l).isCloseTo(m[field.ordinal()][l], within(0.005));
        assertThat(fitted.u[field.ordinal()][l]).as("u %s %d", field, l).isCloseTo(u[field.ordinal()][l], within(0.005));
      }
    }
    assertThat(em.iterations).isLessThan(ExpectationMaximisation.MAX_ITERATIONS);
  }

  @Test
  void givenUFixedThenOnlyMAndLambdaMove() {
    double[][] u = FellegiSunterModel.uniform();
    double before = u[Field.SEX.ordinal()][1];
    int agree = Field.SEX.into(allMissing(), 1);
    int disagree = Field.SEX.into(allMissing(), 0);
    FellegiSunterModel model = new FellegiSunterModel(FellegiSunterModel.initialM(), u, 0.3);
    new ExpectationMaximisation().fit(new int[] {agree, disagree}, new long[] {70, 30}, model, Estimate.M_AND_LAMBDA);
    assertThat(model.u[Field.SEX.ordinal()][1]).isEqualTo(before);
  }

  private static int allMissing() {
    int v = 0;
    for (Field field : Field.ALL) {
      v = field.into(v, Field.MISSING);
    }
    return v;
  }

  private static void enumerate(int depth, int vector, double pm, double pu, double[][] m, double[][] u, double lambda, long total,
      List<Integer> vectors, List<Long> counts) {
    if (depth == USED.length) {
      long count = Math.round(total * (lambda * pm + (1 - lambda) * pu));
      if (count > 0) {
        vectors.add(vector);
        counts.add(count);
      }
      return;
    }
    Field field = USED[depth];
    for (int l = 0; l < field.levels; l++) {
      enumerate(depth + 1, field.into(vector, l), pm * m[field.ordinal()][l], pu * u[field.ordinal()][l], m, u, lambda, total, vectors, counts);
    }
  }
}
