package org.hutong.identity.internal.names;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hutong.identity.internal.names.ChineseName.Script;

/**
 * Chinese personal names folded so that the ways one name gets written compare equal:
 * traditional characters (張偉 → 张伟), pinyin with or without tones (zhāng wěi, zhang1 wei3),
 * homophones (张伟 and 章炜 share a key), romanised names in either order (Zhang Wei, WEI ZHANG,
 * "Zhang, Wei", zhangwei), swapped family and given name, compound surnames (欧阳, 诸葛),
 * ethnic-minority names with any middle dot (·, •, ．, .), full-width letters and stray spaces.
 *
 * <p>Pure functions, safe from any thread; input of any size or content (null, emoji, a pasted
 * page) gives a result, never an exception. Only the first {@value NameText#MAX_CHARS}
 * characters of a name are read.
 */
public final class ChineseNames {

  private ChineseNames() {}

  /** Width, spaces and middle dots made uniform; characters and case as recorded. */
  public static String normalise(String name) {
    return NameText.normalise(name);
  }

  /**
   * The canonical form of a name: normalised, Han characters simplified, Latin letters in lower
   * case without tone marks (ü as v). 張 偉 → 张伟, ＺＨＡＮＧ　Wěi → zhang wei.
   */
  public static String fold(String name) {
    return foldNormalised(NameText.normalise(name));
  }

  private static String foldNormalised(String normalised) {
    return NameText.plainLatin(Hanzi.simplified(normalised)).toLowerCase(Locale.ROOT);
  }

  /**
   * Simplified characters written traditional (张伟 → 張偉): how some sources record names, used
   * by the synthetic population.
   */
  public static String traditional(String name) {
    return name == null ? "" : Hanzi.traditional(name);
  }

  /**
   * The toneless pinyin of a full name, family name first, syllables separated by spaces:
   * 單雄信 → "shan xiong xin" (the family name read as a surname), "Zhang1 wei3" → "zhang wei".
   * Characters without a known reading stand for themselves; other symbols are dropped.
   */
  public static String pinyin(String fullName) {
    ChineseName name = parse(fullName, "");
    return join(name.familyPinyin(), name.givenPinyin());
  }

  /** The homophone key of a full name written family name first: see {@link ChineseName#key()}. */
  public static String homophoneKey(String fullName) {
    return parse(fullName, "").key();
  }

  /** Whether a toneless pinyin word ("zhang", "ouyang") is a common Chinese family name. */
  public static boolean isCommonSurname(String pinyin) {
    return pinyin != null && Surnames.isCommonPinyin(pinyin);
  }

  /** Whether a lower-case romanised word is wholly pinyin syllables without tones ("xiaoming" is, "smith" is not). */
  public static boolean isPinyin(String word) {
    return word != null && Syllables.isPinyin(word);
  }

  /** Whether a name is an ethnic-minority name written with a middle dot (阿依古丽·买买提). */
  public static boolean isMinorityName(String name) {
    return NameText.normalise(name).indexOf(NameText.DOT) >= 0;
  }

  /** Whether a family/given pair is an ethnic-minority name: either field carries a middle dot. */
  public static boolean isMinorityName(String family, String given) {
    return isMinorityName(family) || isMinorityName(given);
  }

  /**
   * A recorded family and given name, folded. When one field is empty the other is read as a
   * full name and split: a compound surname or the first character of a Han name; for a
   * romanised name the part before a comma, else the word that is a common surname (the first
   * when both are, as Chinese order is the norm), else a word in capitals ("Wei ZHANG"); an
   * unsegmented word "zhangwei" by its syllables. Both fields filled are trusted as they are;
   * {@link ChineseName#swappedKey()} covers a swap.
   */
  public static ChineseName parse(String family, String given) {
    String f = NameText.normalise(family);
    String g = NameText.normalise(given);
    if (f.indexOf(NameText.DOT) >= 0 || g.indexOf(NameText.DOT) >= 0) {
      String whole = f.isEmpty() ? g : g.isEmpty() ? f : f + NameText.DOT + g;
      String folded = foldNormalised(whole);
      return new ChineseName("", folded, scriptOf(folded), true, "", syllables(folded, false));
    }
    if (f.isEmpty() || g.isEmpty()) {
      String[] parts = split(f.isEmpty() ? g : f);
      f = parts[0];
      g = parts[1];
    }
    String familyFolded = foldNormalised(f).strip();
    String givenFolded = foldNormalised(g).strip();
    Script script = scriptOf(familyFolded + givenFolded);
    if (script == Script.EMPTY) {
      return ChineseName.EMPTY;
    }
    return new ChineseName(familyFolded, givenFolded, script, false,
        syllables(familyFolded, true), syllables(givenFolded, false));
  }

  private static String[] split(String full) {
    if (full.isEmpty()) {
      return new String[] {"", ""};
    }
    if (NameText.isHan(full.codePointAt(0))) {
      String simplified = Hanzi.simplified(full);
      int cut = Surnames.lengthAtStart(simplified);
      return new String[] {simplified.substring(0, cut), simplified.substring(cut)};
    }
    int comma = full.indexOf(',');
    if (comma >= 0) {
      return new String[] {full.substring(0, comma).strip(), full.substring(comma + 1).replace(",", " ").strip()};
    }
    String[] words = full.split(" ");
    if (words.length == 1) {
      List<String> syllables = Syllables.split(NameText.plainLatin(full));
      if (syllables.size() < 2) {
        return new String[] {full, ""};
      }
      int take = Math.max(1, Surnames.compoundSyllablesAtStart(syllables));
      return new String[] {
        String.join("", syllables.subList(0, take)), String.join("", syllables.subList(take, syllables.size()))
      };
    }
    String first = words[0];
    String last = words[words.length - 1];
    boolean firstIsSurname = Surnames.isCommonPinyin(wordKey(first));
    boolean lastIsSurname = Surnames.isCommonPinyin(wordKey(last));
    boolean lastInCapitals = isCapitals(last) && !isCapitals(first);
    if ((lastIsSurname && !firstIsSurname) || (lastInCapitals && !(firstIsSurname && !lastIsSurname))) {
      return new String[] {last, String.join(" ", List.of(words).subList(0, words.length - 1))};
    }
    return new String[] {first, String.join(" ", List.of(words).subList(1, words.length))};
  }

  private static String wordKey(String word) {
    return String.join("", Syllables.split(NameText.plainLatin(word)));
  }

  private static boolean isCapitals(String word) {
    boolean letters = false;
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (Character.isLowerCase(c)) {
        return false;
      }
      letters |= Character.isUpperCase(c);
    }
    return letters && word.length() > 1;
  }

  /** The toneless syllables of folded text; the first Han name read as a surname when asked. */
  static String syllables(String folded, boolean asSurname) {
    if (folded.isEmpty()) {
      return "";
    }
    if (asSurname && NameText.isHan(folded.codePointAt(0))) {
      return Surnames.reading(folded);
    }
    List<String> out = new ArrayList<>(4);
    StringBuilder latin = new StringBuilder();
    for (int i = 0; i < folded.length(); ) {
      int cp = folded.codePointAt(i);
      i += Character.charCount(cp);
      if (NameText.isHan(cp)) {
        flush(latin, out);
        String reading = Hanzi.reading(cp);
        out.add(reading.isEmpty() ? new String(Character.toChars(cp)) : reading);
      } else if (Character.isLetterOrDigit(cp)) {
        latin.appendCodePoint(cp);
      } else {
        flush(latin, out);
      }
    }
    flush(latin, out);
    return String.join(" ", out);
  }

  private static void flush(StringBuilder latin, List<String> out) {
    if (!latin.isEmpty()) {
      out.addAll(Syllables.split(latin.toString()));
      latin.setLength(0);
    }
  }

  private static Script scriptOf(String folded) {
    boolean han = false;
    boolean other = false;
    for (int i = 0; i < folded.length(); ) {
      int cp = folded.codePointAt(i);
      i += Character.charCount(cp);
      if (NameText.isHan(cp)) {
        han = true;
      } else if (Character.isLetter(cp)) {
        other = true;
      }
    }
    return han && other ? Script.MIXED : han ? Script.HAN : other ? Script.LATIN : Script.EMPTY;
  }

  private static String join(String a, String b) {
    return a.isEmpty() ? b : b.isEmpty() ? a : a + " " + b;
  }

}
