package org.hutong.identity.internal.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.hutong.identity.PersonRecord;
import org.hutong.identity.Sex;
import org.junit.jupiter.api.Test;

/** Groups protect precision: a chain of links does not join records that look like two people. */
class ClusteringTest {

  /** Weights by pair; unlisted pairs are clear non-matches. */
  record Table(Map<String, Double> weights) implements Clustering.PairWeights {
    @Override
    public boolean deterministic(int i, int j) {
      return false;
    }

    @Override
    public double weight(int i, int j) {
      return weights.getOrDefault(Math.min(i, j) + "-" + Math.max(i, j), -20.0);
    }
  }

  @Test
  void givenAChainWhoseEndsDisagreeThenTheWeakerLinkIsRefused() {
    // 0–1 strong, 1–2 strong enough to link, 0–2 clearly two people.
    Table table = new Table(Map.of("0-1", 15.0, "1-2", 6.0));
    Clustering clustering = new Clustering(profiles(3, "s"), table, 0.5, false);
    int[] groups = clustering.cluster(List.of(new Clustering.Link(0, 1, 15, false), new Clustering.Link(1, 2, 6, false)));
    assertThat(groups[0]).isEqualTo(groups[1]);
    assertThat(groups[2]).isNotEqualTo(groups[0]);
    assertThat(clustering.refusedMerges).isEqualTo(1);
  }

  @Test
  void givenEveryPairAgreesThenTheChainBecomesOneGroup() {
    Table table = new Table(Map.of("0-1", 15.0, "1-2", 6.0, "0-2", 2.0));
    int[] groups = new Clustering(profiles(3, "s"), table, 0.5, false)
        .cluster(List.of(new Clustering.Link(0, 1, 15, false), new Clustering.Link(1, 2, 6, false)));
    assertThat(groups[0]).isEqualTo(groups[1]).isEqualTo(groups[2]);
  }

  @Test
  void givenALinkByRuleThenTheGuardDoesNotStandInItsWay() {
    Table table = new Table(Map.of());
    int[] groups = new Clustering(profiles(2, "s"), table, 0.5, false).cluster(List.of(new Clustering.Link(0, 1, -5, true)));
    assertThat(groups[0]).isEqualTo(groups[1]);
  }

  private static List<Profile> profiles(int n, String source) {
    return java.util.stream.IntStream.range(0, n)
        .mapToObj(i -> Profile.of(i, new PersonRecord("r" + i, source, "li", "na", Sex.FEMALE, null, null, null, null, null, List.of()),
            LocalDate.of(2026, 1, 1)))
        .toList();
  }
}
