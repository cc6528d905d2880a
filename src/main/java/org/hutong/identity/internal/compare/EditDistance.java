package org.hutong.identity.internal.compare;

/**
 * Optimal-string-alignment distance: insertions, deletions, substitutions and transpositions of
 * adjacent characters each cost one (a typed digit twice or two digits swapped are one error).
 */
public final class EditDistance {

  private EditDistance() {}

  /**
   * Whether two different strings are one edit apart, in one pass without a table (the matcher asks
   * only this, millions of times): one substitution, one adjacent transposition, or one character
   * more in one of them.
   */
  private static boolean withinOne(String a, String b) {
    int n = a.length();
    int m = b.length();
    int i = 0;
    while (i < n && i < m && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    if (n == m) {
      return i == n
          || a.regionMatches(i + 1, b, i + 1, n - i - 1)
          || i + 1 < n && a.charAt(i) == b.charAt(i + 1) && a.charAt(i + 1) == b.charAt(i) && a.regionMatches(i + 2, b, i + 2, n - i - 2);
    }
    return n == m + 1 ? a.regionMatches(i + 1, b, i, m - i) : b.regionMatches(i + 1, a, i, n - i);
  }

  /** The distance, or {@code limit + 1} as soon as it is known to exceed {@code limit}. */
  public static int between(String a, String b, int limit) {
    if (Math.abs(a.length() - b.length()) > limit) {
      return limit + 1;
    }
    if (limit == 1) {
      return a.equals(b) ? 0 : withinOne(a, b) ? 1 : 2;
    }
    int n = a.length();
    int m = b.length();
    int[] before = new int[m + 1];
    int[] previous = new int[m + 1];
    int[] current = new int[m + 1];
    for (int j = 0; j <= m; j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= n; i++) {
      current[0] = i;
      int rowMin = current[0];
      for (int j = 1; j <= m; j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int value = Math.min(Math.min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          value = Math.min(value, before[j - 2] + 1);
        }
        current[j] = value;
        rowMin = Math.min(rowMin, value);
      }
      if (rowMin > limit) {
        return limit + 1;
      }
      int[] spare = before;
      before = previous;
      previous = current;
      current = spare;
    }
    return Math.min(previous[m], limit + 1);
  }
}
