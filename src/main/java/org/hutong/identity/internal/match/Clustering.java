package org.hutong.identity.internal.match;

import java.util.ArrayList;
import java.util.List;

/**
 * Groups records into persons from scored links, strongest first. Plain transitive closure would
 * let a chain A–B–C put A and C together though they look like two people (a false merge mixes two
 * people's medical records), so two groups join only when every pair across them is at least as
 * likely the same person as not ({@code guardProbability}), or is the same person by rule.
 * In linkage mode each source is taken to be free of duplicates: a group holds at most one record
 * per source.
 */
final class Clustering {

  /** What the guard needs to know about any pair of records. */
  interface PairWeights {
    boolean deterministic(int i, int j);

    double weight(int i, int j);
  }

  /** One link between records i and j, with its weight. */
  record Link(int i, int j, double weight, boolean deterministic) {}

  private final PairWeights scorer;
  private final double guardWeight;
  private final boolean onePerSource;
  private final List<Profile> profiles;
  private final int[] parent;
  private final List<List<Integer>> members;
  long refusedMerges;

  Clustering(List<Profile> profiles, PairWeights scorer, double guardProbability, boolean onePerSource) {
    this.profiles = profiles;
    this.scorer = scorer;
    this.guardWeight = FellegiSunterModel.log2(guardProbability / (1 - guardProbability));
    this.onePerSource = onePerSource;
    this.parent = new int[profiles.size()];
    this.members = new ArrayList<>(profiles.size());
    for (int i = 0; i < parent.length; i++) {
      parent[i] = i;
      members.add(null);
    }
  }

  /** Applies the links (deterministic first, then by falling weight); returns each record's group (the index of one member). */
  int[] cluster(List<Link> links) {
    List<Link> ordered = new ArrayList<>(links);
    ordered.sort((x, y) -> x.deterministic() != y.deterministic()
        ? (x.deterministic() ? -1 : 1)
        : Double.compare(y.weight(), x.weight()));
    for (Link link : ordered) {
      int a = find(link.i());
      int b = find(link.j());
      if (a == b) {
        continue;
      }
      if (!link.deterministic() && !compatible(a, b)) {
        refusedMerges++;
        continue;
      }
      union(a, b);
    }
    int[] group = new int[parent.length];
    for (int i = 0; i < group.length; i++) {
      group[i] = find(i);
    }
    return group;
  }

  private boolean compatible(int a, int b) {
    for (int x : membersOf(a)) {
      for (int y : membersOf(b)) {
        if (onePerSource && profiles.get(x).source().equals(profiles.get(y).source())) {
          return false;
        }
        if (!scorer.deterministic(x, y) && scorer.weight(x, y) < guardWeight) {
          return false;
        }
      }
    }
    return true;
  }

  private List<Integer> membersOf(int root) {
    List<Integer> list = members.get(root);
    return list == null ? List.of(root) : list;
  }

  private void union(int a, int b) {
    List<Integer> merged = new ArrayList<>(membersOf(a));
    merged.addAll(membersOf(b));
    int root = merged.size() > 0 && membersOf(a).size() >= membersOf(b).size() ? a : b;
    int other = root == a ? b : a;
    parent[other] = root;
    members.set(root, merged);
    members.set(other, null);
  }

  private int find(int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }
}
