package org.hutong.identity.internal.names;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Romanised words split into pinyin syllables: "zhangwei" is zhang + wei, "zhang1wei3" too. */
final class Syllables {

  private static final Set<String> KNOWN = Hanzi.syllables();
  private static final int LONGEST = 6; // "zhuang", "shuang"

  private Syllables() {}

  /**
   * The syllables of one lower-case romanised word without tone marks; tone digits split and
   * are dropped. Passport spellings "lyu"/"nyu" and "u:" are read as "lv"/"nv". A word that is
   * not pinyin (a foreign name) comes back whole.
   */
  static List<String> split(String word) {
    String plain = word.replace("u:", "v").replace("lyu", "lv").replace("nyu", "nv");
    List<String> out = new ArrayList<>(4);
    StringBuilder run = new StringBuilder();
    for (int i = 0; i < plain.length(); i++) {
      char c = plain.charAt(i);
      if (c >= 'a' && c <= 'z') {
        run.append(c);
      } else if (!run.isEmpty()) {
        segment(run.toString(), out);
        run.setLength(0);
      }
    }
    if (!run.isEmpty()) {
      segment(run.toString(), out);
    }
    return out;
  }

  /** Whether a lower-case romanised word is made wholly of pinyin syllables ("xiaoming" is, "smith" is not). */
  static boolean isPinyin(String word) {
    List<String> syllables = split(word);
    if (syllables.isEmpty()) {
      return false;
    }
    for (String syllable : syllables) {
      if (!KNOWN.contains(syllable)) {
        return false;
      }
    }
    return true;
  }

  /** Fewest syllables that cover the run exactly (dynamic programming); the run itself if none do. */
  private static void segment(String run, List<String> out) {
    int n = run.length();
    int[] best = new int[n + 1];
    int[] cut = new int[n + 1];
    java.util.Arrays.fill(best, Integer.MAX_VALUE);
    best[n] = 0;
    for (int i = n - 1; i >= 0; i--) {
      for (int len = Math.min(LONGEST, n - i); len >= 1; len--) {
        if (best[i + len] != Integer.MAX_VALUE && best[i + len] + 1 < best[i]
            && KNOWN.contains(run.substring(i, i + len))) {
          best[i] = best[i + len] + 1;
          cut[i] = i + len;
        }
      }
    }
    if (best[0] == Integer.MAX_VALUE) {
      out.add(run);
      return;
    }
    for (int i = 0; i < n; i = cut[i]) {
      out.add(run.substring(i, cut[i]));
    }
  }
}
