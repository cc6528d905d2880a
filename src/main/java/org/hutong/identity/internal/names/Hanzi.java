package org.hutong.identity.internal.names;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.dictionary.py.Pinyin;
import java.util.List;

/**
 * Han characters through HanLP's dictionaries (shipped in its jar): traditional to simplified
 * and the toneless reading of each character.
 *
 * <p>Readings are looked up per character, not per word: a name is not a word, and a reading
 * chosen from word context ("长孙" as zhǎng) would differ between records of the same person.
 * Each character's reading is remembered after its first lookup (a lookup through the library
 * costs about a microsecond); the memo only ever holds the library's answer, so a race between
 * threads writes the same value twice.
 */
final class Hanzi {

  private static final String[] READINGS = new String[0x10000];
  private static final String NONE = "";

  private Hanzi() {}

  /** Traditional (and variant) characters to their simplified form; other text unchanged. */
  static String simplified(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x2E80) {
        return HanLP.convertToSimplifiedChinese(text);
      }
    }
    return text;
  }

  /** Simplified to traditional, for the synthetic population's records from Hong Kong or Taiwan style sources. */
  static String traditional(String text) {
    return HanLP.convertToTraditionalChinese(text);
  }

  /**
   * The toneless reading of one character, ü written v ("lv"), or the empty string when the
   * dictionary has none (rare and supplementary-plane characters).
   */
  static String reading(int codePoint) {
    if (codePoint > 0xFFFF) {
      return NONE;
    }
    String known = READINGS[codePoint];
    if (known == null) {
      known = lookUp((char) codePoint);
      READINGS[codePoint] = known;
    }
    return known;
  }

  /** Characters whose dictionary reading is not the one they take in given names (婀娜 nuó, 娜娜 nà). */
  private static final java.util.Map<Character, String> IN_NAMES = java.util.Map.of('娜', "na", '莎', "sha");

  private static String lookUp(char c) {
    String inNames = IN_NAMES.get(c);
    if (inNames != null) {
      return inNames;
    }
    List<Pinyin> list = HanLP.convertToPinyinList(String.valueOf(c));
    if (list.isEmpty() || list.getFirst() == Pinyin.none5) {
      return NONE;
    }
    return list.getFirst().getPinyinWithoutTone().replace('ü', 'v');
  }

  /** Every toneless syllable the library knows, for segmenting romanised names. */
  static java.util.Set<String> syllables() {
    java.util.Set<String> all = new java.util.HashSet<>();
    for (Pinyin p : Pinyin.values()) {
      if (p != Pinyin.none5) {
        all.add(p.getPinyinWithoutTone().replace('ü', 'v'));
      }
    }
    return all;
  }
}
