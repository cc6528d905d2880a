package org.hutong.identity.internal.compare;

/** Jaro–Winkler similarity (0 = nothing in common, 1 = equal), prefix scale 0.1 over up to four characters. */
public final class JaroWinkler {

  private JaroWinkler() {}

  public static double similarity(String a, String b) {
    if (a.equals(b)) {
      return a.isEmpty() ? 0 : 1;
    }
    if (a.isEmpty() || b.isEmpty()) {
      return 0;
    }
    if (a.length() > 64 || b.length() > 64) {
      return similarity(a.substring(0, Math.min(64, a.length())), b.substring(0, Math.min(64, b.length())));
    }
    // Matched positions as bit sets: names and address words are short, and this is the hot loop.
    int window = Math.max(0, Math.max(a.length(), b.length()) / 2 - 1);
    long matchedA = 0;
    long matchedB = 0;
    int matches = 0;
    for (int i = 0; i < a.length(); i++) {
      int from = Math.max(0, i - window);
      int to = Math.min(b.length() - 1, i + window);
      char c = a.charAt(i);
      for (int j = from; j <= to; j++) {
        if ((matchedB & 1L << j) == 0 && c == b.charAt(j)) {
          matchedA |= 1L << i;
          matchedB |= 1L << j;
          matches++;
          break;
        }
      }
    }
    if (matches == 0) {
      return 0;
    }
    int halfTranspositions = 0;
    long restB = matchedB;
    for (int i = 0; i < a.length(); i++) {
      if ((matchedA & 1L << i) != 0) {
        int k = Long.numberOfTrailingZeros(restB);
        restB &= restB - 1;
        if (a.charAt(i) != b.charAt(k)) {
          halfTranspositions++;
        }
      }
    }
    double m = matches;
    double jaro = (m / a.length() + m / b.length() + (m - halfTranspositions / 2.0) / m) / 3;
    int prefix = 0;
    while (prefix < Math.min(4, Math.min(a.length(), b.length())) && a.charAt(prefix) == b.charAt(prefix)) {
      prefix++;
    }
    return jaro + prefix * 0.1 * (1 - jaro);
  }
}
