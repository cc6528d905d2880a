package org.hutong.identity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairwise quality of a matching run against the truth: a predicted pair is two records put in the
 * same group, a true pair two records of the same person. In linkage mode only pairs across
 * sources count.
 *
 * @param truePairs pairs of records of the same person
 * @param predictedPairs pairs of records in the same group
 * @param correctPairs pairs both true and predicted
 * @param truePairsCompared true pairs that blocking put up for comparison
 */
public record PairwiseQuality(long truePairs, long predictedPairs, long correctPairs, long truePairsCompared) {

  /** Measures {@code result} against the person ids of {@code records} (same order as matched). */
  public static PairwiseQuality measure(List<LabelledRecord> records, MatchResult result, boolean crossSourceOnly) {
    Map<String, List<Integer>> persons = new HashMap<>();
    Map<Integer, Map<String, List<Integer>>> groups = new HashMap<>();
    for (int i = 0; i < records.size(); i++) {
      String person = records.get(i).personId();
      persons.computeIfAbsent(person, k -> new ArrayList<>()).add(i);
      groups.computeIfAbsent(result.groupOf(i), k -> new HashMap<>()).computeIfAbsent(person, k -> new ArrayList<>()).add(i);
    }
    long truth = 0;
    long compared = 0;
    for (List<Integer> members : persons.values()) {
      truth += pairs(records, members, crossSourceOnly);
      for (int x = 0; x < members.size(); x++) {
        for (int y = x + 1; y < members.size(); y++) {
          if (counts(records, members.get(x), members.get(y), crossSourceOnly) && result.compared(members.get(x), members.get(y))) {
            compared++;
          }
        }
      }
    }
    long predicted = 0;
    long correct = 0;
    for (Map<String, List<Integer>> byPerson : groups.values()) {
      List<Integer> all = new ArrayList<>();
      for (List<Integer> members : byPerson.values()) {
        correct += pairs(records, members, crossSourceOnly);
        all.addAll(members);
      }
      predicted += pairs(records, all, crossSourceOnly);
    }
    return new PairwiseQuality(truth, predicted, correct, compared);
  }

  private static long pairs(List<LabelledRecord> records, List<Integer> members, boolean crossSourceOnly) {
    long n = members.size();
    long all = n * (n - 1) / 2;
    if (!crossSourceOnly) {
      return all;
    }
    Map<String, Long> bySource = new HashMap<>();
    for (int i : members) {
      bySource.merge(records.get(i).record().source(), 1L, Long::sum);
    }
    for (long k : bySource.values()) {
      all -= k * (k - 1) / 2;
    }
    return all;
  }

  private static boolean counts(List<LabelledRecord> records, int i, int j, boolean crossSourceOnly) {
    return !crossSourceOnly || !records.get(i).record().source().equals(records.get(j).record().source());
  }

  /** Share of predicted pairs that are true (1 when nothing was predicted). */
  public double precision() {
    return predictedPairs == 0 ? 1 : (double) correctPairs / predictedPairs;
  }

  /** Share of true pairs that were predicted (1 when there are none). */
  public double recall() {
    return truePairs == 0 ? 1 : (double) correctPairs / truePairs;
  }

  public double f1() {
    double p = precision();
    double r = recall();
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** Share of true pairs that blocking compared at all: the ceiling on recall. */
  public double blockingRecall() {
    return truePairs == 0 ? 1 : (double) truePairsCompared / truePairs;
  }
}
