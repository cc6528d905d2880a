package org.hutong.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pairwise precision, recall and F1 on examples small enough to count by hand. */
class PairwiseQualityTest {

  @Test
  void givenThreePersonsAndOneWrongMergeThenPairsAreCountedByHand() {
    // Truth: A = {0,1,2}, B = {3,4}, C = {5}: 3 + 1 = 4 true pairs.
    List<LabelledRecord> records = records("A", "A", "A", "B", "B", "C");
    // Predicted groups: {0,1}, {2}, {3,4,5}: pairs 01, 34, 35, 45 = 4 predicted; 01 and 34 correct.
    MatchResult result = result(new int[] {0, 0, 2, 3, 3, 3}, new long[] {pair(0, 1), pair(0, 2), pair(3, 4)});

    PairwiseQuality quality = PairwiseQuality.measure(records, result, false);

    assertThat(quality.truePairs()).isEqualTo(4);
    assertThat(quality.predictedPairs()).isEqualTo(4);
    assertThat(quality.correctPairs()).isEqualTo(2);
    assertThat(quality.precision()).isEqualTo(0.5);
    assertThat(quality.recall()).isEqualTo(0.5);
    assertThat(quality.f1()).isEqualTo(0.5);
    assertThat(quality.truePairsCompared()).isEqualTo(3); // 01, 02, 34; 12 never compared
    assertThat(quality.blockingRecall()).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void givenLinkageThenOnlyPairsAcrossSourcesCount() {
    List<LabelledRecord> records = new ArrayList<>();
    records.add(labelled("a1", "hospital", "P"));
    records.add(labelled("a2", "hospital", "P"));
    records.add(labelled("b1", "clinic", "P"));
    records.add(labelled("b2", "clinic", "Q"));
    // All four in one group: cross pairs a1b1, a1b2, a2b1, a2b2 = 4 predicted; a1b1, a2b1 correct.
    MatchResult result = result(new int[] {0, 0, 0, 0}, new long[] {});

    PairwiseQuality quality = PairwiseQuality.measure(records, result, true);

    assertThat(quality.truePairs()).isEqualTo(2);
    assertThat(quality.predictedPairs()).isEqualTo(4);
    assertThat(quality.correctPairs()).isEqualTo(2);
    assertThat(quality.precision()).isEqualTo(0.5);
    assertThat(quality.recall()).isEqualTo(1.0);
    assertThat(quality.f1()).isCloseTo(2 * 0.5 / 1.5, within(1e-12));
  }

  @Test
  void givenNothingPredictedThenPrecisionIsOneAndRecallZero() {
    PairwiseQuality quality = PairwiseQuality.measure(records("A", "A"), result(new int[] {0, 1}, new long[] {}), false);
    assertThat(quality.precision()).isEqualTo(1.0);
    assertThat(quality.recall()).isZero();
    assertThat(quality.f1()).isZero();
  }

  static long pair(int i, int j) {
    return (long) i << 32 | j;
  }

  static MatchResult result(int[] groups, long[] compared) {
    return new MatchResult(groups, compared, 0, 0, 0, 0, Map.of(), 0, List.of());
  }

  static List<LabelledRecord> records(String... persons) {
    List<LabelledRecord> records = new ArrayList<>();
    for (int i = 0; i < persons.length; i++) {
      records.add(labelled("r" + i, "s", persons[i]));
    }
    return records;
  }

  static LabelledRecord labelled(String id, String source, String person) {
    return new LabelledRecord(new PersonRecord(id, source, "王", "芳", Sex.FEMALE, null, null, null, null, null, List.of()), person);
  }
}
