package org.hutong.identity.internal.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hutong.identity.LabelledRecord;
import org.hutong.identity.SmallPopulation;
import org.junit.jupiter.api.Test;

/** Blocking keeps the true pairs while comparing only a small share of all pairs. */
class BlockingTest {

  @Test
  void givenDuplicatesWithOneErrorEachThenEveryTruePairIsComparedAndFewOthers() {
    List<LabelledRecord> records = SmallPopulation.generate(1000, 5);
    List<Profile> profiles = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      profiles.add(Profile.of(i, records.get(i).record(), LocalDate.of(2026, 11, 23)));
    }
    long[] candidates = new Blocking(1000, false).candidates(profiles);

    long truePairs = 0;
    long found = 0;
    for (int i = 0; i < records.size(); i++) {
      for (int j = i + 1; j < records.size(); j++) {
        if (records.get(i).personId().equals(records.get(j).personId())) {
          truePairs++;
          found += Arrays.binarySearch(candidates, (long) i << 32 | j) >= 0 ? 1 : 0;
        }
      }
    }
    long allPairs = (long) records.size() * (records.size() - 1) / 2;
    assertThat(truePairs).isPositive();
    assertThat((double) found / truePairs).as("blocking recall").isEqualTo(1.0);
    assertThat((long) candidates.length).as("compared pairs").isLessThan(allPairs / 20);
  }

  @Test
  void givenABlockLargerThanTheLimitThenEachRecordMeetsOnlyItsNeighboursInTheKeysOrder() {
    List<Profile> indexed = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      // Birth dates 1980-01-05, -04, ... -01: the block sorts them in reverse of their positions.
      indexed.add(PairComparatorTest.profile("wang", "wei", LocalDate.of(1980, 1, 5 - i), null, null).at(i));
    }
    Blocking blocking = new Blocking(2, false);
    long[] pairs = blocking.candidates(indexed, List.of(new Blocking.Key("family", p -> List.of(p.familyKey()))));

    assertThat(pairs).containsExactly(0L << 32 | 1, 1L << 32 | 2, 2L << 32 | 3, 3L << 32 | 4);
    assertThat(blocking.windowedBlocks).isEqualTo(1);
    assertThat(blocking.skippedBlocks).isZero();
  }

  @Test
  void givenABlockFarLargerThanTheLimitThenItIsSkippedAndCounted() {
    List<Profile> indexed = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      indexed.add(PairComparatorTest.profile("wang", "wei", LocalDate.of(1980, 1, 1), null, null).at(i));
    }
    Blocking blocking = new Blocking(0, false);
    assertThat(blocking.candidates(indexed)).isEmpty();
    assertThat(blocking.skippedBlocks).isPositive();
  }
}
