package org.hutong.identity.internal.names;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A person's name after folding: simplified characters (or lower-case pinyin when only a
 * romanised name was recorded), family and given name apart, and their toneless pinyin.
 *
 * @param family the family name ("张", "欧阳", "zhang"); empty for an ethnic-minority name
 * @param given the given name ("伟", "wei"), or the whole dotted name of a minority person
 * @param script which writing the recorded name used
 * @param minority whether the name is an ethnic-minority name written with a middle dot
 * @param familyPinyin toneless syllables of the family name, separated by spaces
 * @param givenPinyin toneless syllables of the given name, separated by spaces
 */
public record ChineseName(
    String family, String given, Script script, boolean minority, String familyPinyin, String givenPinyin) {

  /** The writing a name was recorded in. */
  public enum Script {
    /** Chinese characters only. */
    HAN,
    /** Latin letters only: pinyin or another romanisation. */
    LATIN,
    /** Both. */
    MIXED,
    /** No letters at all: null, empty, digits or symbols only. */
    EMPTY
  }

  static final ChineseName EMPTY = new ChineseName("", "", Script.EMPTY, false, "", "");

  /** Whether nothing usable as a name was recorded. */
  public boolean isEmpty() {
    return script == Script.EMPTY;
  }

  /** The full name as it is written: "张伟", "欧阳娜娜", "zhang wei", "阿依古丽·买买提". */
  public String full() {
    if (family.isEmpty() || given.isEmpty()) {
      return family + given;
    }
    return script == Script.HAN ? family + given : family + " " + given;
  }

  /**
   * The homophone key, family name first: the toneless syllables run together. 张伟, 章炜, 張偉,
   * "Zhang Wei" and "zhāng wěi" all have the key {@code zhangwei}.
   */
  public String key() {
    return squeeze(familyPinyin + givenPinyin);
  }

  /**
   * The homophone key with family and given name the other way round, for records where the
   * two fields were swapped ("Wei Zhang" entered as family Wei, given Zhang); for a minority
   * name, its dotted parts in reverse order.
   */
  public String swappedKey() {
    if (minority) {
      String[] parts = given.split(String.valueOf(NameText.DOT));
      StringBuilder reversed = new StringBuilder();
      for (int i = parts.length - 1; i >= 0; i--) {
        reversed.append(ChineseNames.syllables(parts[i], false));
      }
      return squeeze(reversed.toString());
    }
    return squeeze(givenPinyin + familyPinyin);
  }

  /**
   * The name romanised as on a passport, family name first: "Zhang Wei", "Ouyang Nana"; a
   * minority name as its dotted parts ("Ayiguli Maimaiti").
   */
  public String romanised() {
    if (minority) {
      StringBuilder out = new StringBuilder();
      for (String part : given.split(String.valueOf(NameText.DOT))) {
        String word = capitalised(ChineseNames.syllables(part, false));
        if (!word.isEmpty()) {
          out.append(out.isEmpty() ? "" : " ").append(word);
        }
      }
      return out.toString();
    }
    String f = capitalised(familyPinyin);
    String g = capitalised(givenPinyin);
    return f.isEmpty() || g.isEmpty() ? f + g : f + " " + g;
  }

  private static String capitalised(String syllables) {
    String joined = squeeze(syllables);
    return joined.isEmpty() ? "" : Character.toUpperCase(joined.charAt(0)) + joined.substring(1);
  }

  /** The keys this name can be found under, its own order first: the ones to block and compare on. */
  public Set<String> keys() {
    Set<String> keys = new LinkedHashSet<>(2);
    if (!isEmpty()) {
      keys.add(key());
      keys.add(swappedKey());
    }
    return keys;
  }

  private static String squeeze(String syllables) {
    return syllables.replace(" ", "");
  }
}
