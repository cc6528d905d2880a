package org.hutong.identity.internal.synth;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A hospital or clinic that keeps records, and its habits.
 *
 * @param code the value of the {@code source} column
 * @param weight its share of all records, relative to the others
 * @param style how it writes names, identifiers and addresses
 */
record Source(String code, int weight, Style style) {

  /** House styles of record keeping. */
  enum Style {
    /** Simplified characters, resident ID, full address. */
    ORDINARY,
    /** Electronic health card more often than resident ID; addresses without "北京市". */
    HEALTH_CARD,
    /** Pinyin names and passports only; addresses with commas between their parts. */
    PINYIN_PASSPORT,
    /** Traditional characters. */
    TRADITIONAL
  }

  private static final List<Source> ORDINARY = List.of(
      new Source("bj-peoples-hospital", 30, Style.ORDINARY),
      new Source("chaoyang-hospital", 25, Style.ORDINARY),
      new Source("haidian-community-clinic", 20, Style.HEALTH_CARD),
      new Source("fengtai-maternal-child", 15, Style.ORDINARY),
      new Source("internet-hospital", 10, Style.ORDINARY));

  private static final List<Source> STYLED = List.of(
      new Source("intl-clinic", 4, Style.PINYIN_PASSPORT), new Source("hk-style-clinic", 3, Style.TRADITIONAL));

  static List<Source> all(boolean styled) {
    if (!styled) {
      return ORDINARY;
    }
    return java.util.stream.Stream.concat(ORDINARY.stream(), STYLED.stream()).toList();
  }

  static Source pick(List<Source> sources, SplittableRandom random) {
    int total = sources.stream().mapToInt(Source::weight).sum();
    int pick = random.nextInt(total);
    for (Source source : sources) {
      pick -= source.weight();
      if (pick < 0) {
        return source;
      }
    }
    return sources.getLast();
  }
}
