package org.hutong.identity.internal.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.hutong.identity.internal.compare.JaroWinkler;

/**
 * The address level counts exact-only tokens (Chinese characters, numbers, short words) by a sorted
 * merge and the other words greedily: the same level as the plain greedy match over all tokens in
 * their order, whatever order the tokens come in.
 */
class AddressAgreementPropertiesTest {

  @Provide
  Arbitrary<List<String>> addresses() {
    return Arbitraries.of("北", "京", "市", "海", "淀", "区", "路", "号", "楼", "12", "2304", "3048", "st", "nsw",
            "hallen", "halen", "close", "williamstown", "wiliamstown", "concord", "street", "streat")
        .list().ofMinSize(1).ofMaxSize(12);
  }

  @Property(tries = 3000)
  void givenAnyTwoTokenListsThenTheLevelIsThatOfTheGreedyMatchInOrder(
      @ForAll("addresses") List<String> a, @ForAll("addresses") List<String> b) {
    assertThat(PairComparator.address(a, b)).isEqualTo(greedy(a, b));
    assertThat(PairComparator.address(PairComparator.canonicalAddress(a), PairComparator.canonicalAddress(b))).isEqualTo(greedy(a, b));
  }

  /** The matcher's address comparison as it was first written: each token takes the first unused token it agrees with. */
  private static int greedy(List<String> a, List<String> b) {
    boolean[] used = new boolean[b.size()];
    int matched = 0;
    for (String token : a) {
      for (int j = 0; j < b.size(); j++) {
        if (!used[j] && agree(token, b.get(j))) {
          used[j] = true;
          matched++;
          break;
        }
      }
    }
    double dice = 2.0 * matched / (a.size() + b.size());
    return dice >= 0.95 ? 3 : dice >= 0.75 ? 2 : dice >= 0.45 ? 1 : 0;
  }

  private static boolean agree(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    if (a.length() < 4 || b.length() < 4 || Character.isDigit(a.charAt(0)) || Character.isDigit(b.charAt(0))) {
      return false;
    }
    double shorter = Math.min(a.length(), b.length());
    double jaroBound = (shorter / a.length() + shorter / b.length() + 1) / 3;
    if (jaroBound + 0.4 * (1 - jaroBound) < 0.9) {
      return false;
    }
    return JaroWinkler.similarity(a, b) >= 0.9;
  }
}
