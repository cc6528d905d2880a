package org.hutong.identity.internal.match;

import java.time.LocalDate;
import java.util.List;
import org.hutong.identity.Sex;
import org.hutong.identity.internal.compare.EditDistance;
import org.hutong.identity.internal.compare.JaroWinkler;

/** Compares two profiles field by field into a comparison vector (one agreement level per {@link Field}). */
final class PairComparator {

  static final double NAME_CLOSE = 0.92;
  static final double NAME_SIMILAR = 0.80;

  int compare(Profile a, Profile b) {
    int vector = 0;
    int[] names = names(a, b);
    vector = Field.FAMILY_NAME.into(vector, names[0]);
    vector = Field.GIVEN_NAME.into(vector, names[1]);
    vector = Field.SEX.into(vector, sex(a.sex(), b.sex()));
    vector = Field.BIRTH_DATE.into(vector, birthDate(a.birthDate(), b.birthDate()));
    vector = Field.PHONE.into(vector, phone(a.phone(), b.phone()));
    vector = Field.ADDRESS.into(vector, address(a.addressTokens(), b.addressTokens()));
    vector = Field.IDENTIFIER.into(vector, identifier(a, b));
    return vector;
  }

  /** Family and given levels, read straight or with family and given swapped, whichever agrees more. */
  static int[] names(Profile a, Profile b) {
    boolean chinese = a.han() || b.han();
    int family = part(a.family(), a.familyPinyin(), b.family(), b.familyPinyin(), chinese);
    int given = part(a.given(), a.givenPinyin(), b.given(), b.givenPinyin(), chinese);
    int swappedFamily = part(a.family(), a.familyPinyin(), b.given(), b.givenPinyin(), chinese);
    int swappedGiven = part(a.given(), a.givenPinyin(), b.family(), b.familyPinyin(), chinese);
    if (swappedFamily != Field.MISSING && swappedGiven != Field.MISSING
        && swappedFamily + swappedGiven > score(family) + score(given)) {
      return new int[] {swappedFamily, swappedGiven};
    }
    return new int[] {family, given};
  }

  private static int part(String a, String pinyinA, String b, String pinyinB, boolean chinese) {
    return chinese ? chineseName(a, pinyinA, b, pinyinB) : name(a, b);
  }

  /**
   * One part of a name when either record writes it in Chinese characters: 3 the same simplified
   * characters (張偉 and 张伟), 2 the same toneless pinyin (homophones 张伟 and 章炜, or 张伟 and a
   * record holding only "Zhang Wei"), 1 one character mistyped in a name of two or more, or pinyin
   * Jaro–Winkler ≥ 0.92, 0 otherwise.
   */
  static int chineseName(String a, String pinyinA, String b, String pinyinB) {
    if (a == null || b == null) {
      return Field.MISSING;
    }
    if (a.equals(b)) {
      return 3;
    }
    if (pinyinA != null && pinyinA.equals(pinyinB)) {
      return 2;
    }
    if (a.length() == b.length() && a.length() >= 2 && EditDistance.between(a, b, 1) <= 1) {
      return 1;
    }
    return pinyinA != null && pinyinB != null && JaroWinkler.similarity(pinyinA, pinyinB) >= NAME_CLOSE ? 1 : 0;
  }

  private static int score(int level) {
    return level == Field.MISSING ? 0 : level;
  }

  /** 3 exact, 2 Jaro–Winkler ≥ 0.92, 1 ≥ 0.80 or one edit apart, 0 otherwise. */
  static int name(String a, String b) {
    if (a == null || b == null) {
      return Field.MISSING;
    }
    if (a.equals(b)) {
      return 3;
    }
    double similarity = JaroWinkler.similarity(a, b);
    if (similarity >= NAME_CLOSE) {
      return 2;
    }
    return similarity >= NAME_SIMILAR || EditDistance.between(a, b, 1) <= 1 ? 1 : 0;
  }

  static int sex(Sex a, Sex b) {
    if (a == Sex.UNKNOWN || b == Sex.UNKNOWN) {
      return Field.MISSING;
    }
    return a == b ? 1 : 0;
  }

  /** 3 exact, 2 day and month swapped, 1 one of year/month/day differs or one digit typed wrong, 0 otherwise. */
  static int birthDate(LocalDate a, LocalDate b) {
    if (a == null || b == null) {
      return Field.MISSING;
    }
    if (a.equals(b)) {
      return 3;
    }
    if (a.getYear() == b.getYear() && a.getDayOfMonth() == b.getMonthValue() && a.getMonthValue() == b.getDayOfMonth()) {
      return 2;
    }
    int same = (a.getYear() == b.getYear() ? 1 : 0) + (a.getMonthValue() == b.getMonthValue() ? 1 : 0)
        + (a.getDayOfMonth() == b.getDayOfMonth() ? 1 : 0);
    if (same == 2 || same == 1 && oneDigitApart(digits(a), digits(b))) {
      return 1;
    }
    return 0;
  }

  /** YYYYMMDD, for catching one mistyped digit that changes two fields at once (e.g. 1989-12-31 → 1989-11-31 impossible, 1980-01-09 → 1980-10-09). */
  private static int digits(LocalDate date) {
    return date.getYear() * 10000 + date.getMonthValue() * 100 + date.getDayOfMonth();
  }

  /** Whether the decimal digits of two numbers are at most one edit apart (without making strings for the common case). */
  private static boolean oneDigitApart(int a, int b) {
    if (a < 10_000_000 || b < 10_000_000 || a > 99_999_999 || b > 99_999_999) {
      return EditDistance.between(Integer.toString(a), Integer.toString(b), 1) <= 1;
    }
    // Eight digits each: one substitution, or one swap of neighbouring digits.
    int differing = 0;
    int first = -1;
    for (int k = 0, x = a, y = b; k < 8; k++, x /= 10, y /= 10) {
      if (x % 10 != y % 10) {
        differing++;
        first = first < 0 ? k : first;
      }
    }
    if (differing <= 1) {
      return true;
    }
    if (differing != 2) {
      return false;
    }
    int power = (int) Math.pow(10, first);
    int da0 = a / power % 10;
    int da1 = a / power / 10 % 10;
    int db0 = b / power % 10;
    int db1 = b / power / 10 % 10;
    return da0 == db1 && da1 == db0 && a / power / 100 == b / power / 100;
  }

  /** 2 same number, 1 one edit apart or one the tail of the other (area code), 0 otherwise. */
  static int phone(String a, String b) {
    if (a == null || b == null) {
      return Field.MISSING;
    }
    if (a.equals(b)) {
      return 2;
    }
    boolean tail = Math.min(a.length(), b.length()) >= 7 && (a.endsWith(b) || b.endsWith(a));
    return tail || EditDistance.between(a, b, 1) <= 1 ? 1 : 0;
  }

  /**
   * By the share of tokens found in both (Dice, typos forgiven on words): 3 ≥ 0.95, 2 ≥ 0.75, 1 ≥ 0.45, 0 otherwise.
   * Tokens that can only agree exactly (shorter than four characters, or numbers: every Chinese
   * character is one) and words that may agree with a typo never meet each other, so they are
   * counted apart: the first as a multiset intersection (a merge of sorted arrays; {@link Profile}
   * keeps them sorted at the end of its list, so there is nothing to sort), the second greedily in
   * order as before. A Chinese address has some thirty one-character tokens: this is the hot loop.
   */
  static int address(List<String> a, List<String> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return Field.MISSING;
    }
    List<String> x = canonicalAddress(a);
    List<String> y = canonicalAddress(b);
    int wordsX = words(x);
    int wordsY = words(y);
    int matched = commonExactOnly(x, wordsX, y, wordsY) + commonWords(x, wordsX, y, wordsY);
    double dice = 2.0 * matched / (a.size() + b.size());
    return dice >= 0.95 ? 3 : dice >= 0.75 ? 2 : dice >= 0.45 ? 1 : 0;
  }

  /** Whether a token can only agree exactly: shorter than four characters, or a number. */
  static boolean exactOnly(String token) {
    return token.length() < 4 || Character.isDigit(token.charAt(0));
  }

  /** The number of words before the exact-only tokens of a list in {@link #canonicalAddress} order. */
  private static int words(List<String> tokens) {
    int start = tokens.size();
    while (start > 0 && exactOnly(tokens.get(start - 1))) {
      start--;
    }
    return start;
  }

  /**
   * The tokens in {@link Profile}'s order: words that may agree with a typo first, in their order,
   * then the exact-only tokens sorted. Profiles already are (checked, not trusted); other lists are copied.
   */
  static List<String> canonicalAddress(List<String> tokens) {
    int start = tokens.size();
    while (start > 0 && exactOnly(tokens.get(start - 1))
        && (start == tokens.size() || tokens.get(start - 1).compareTo(tokens.get(start)) <= 0)) {
      start--;
    }
    boolean canonical = true;
    for (int k = 0; k < start && canonical; k++) {
      canonical = !exactOnly(tokens.get(k));
    }
    if (canonical) {
      return tokens;
    }
    List<String> words = new java.util.ArrayList<>(tokens.size());
    List<String> exact = new java.util.ArrayList<>(tokens.size());
    for (String token : tokens) {
      (exactOnly(token) ? exact : words).add(token);
    }
    exact.sort(null);
    words.addAll(exact);
    return words;
  }

  /** How many exact-only tokens the two sorted tails have in common (as multisets). */
  private static int commonExactOnly(List<String> a, int fromA, List<String> b, int fromB) {
    int matched = 0;
    for (int i = fromA, j = fromB; i < a.size() && j < b.size(); ) {
      int c = a.get(i).compareTo(b.get(j));
      if (c == 0) {
        matched++;
        i++;
        j++;
      } else if (c < 0) {
        i++;
      } else {
        j++;
      }
    }
    return matched;
  }

  /** Words that may agree with a typo, each taking the first unused word of the other address it agrees with. */
  private static int commonWords(List<String> a, int wordsA, List<String> b, int wordsB) {
    if (wordsA == 0 || wordsB == 0) {
      return 0;
    }
    boolean[] used = new boolean[wordsB];
    int matched = 0;
    for (int i = 0; i < wordsA; i++) {
      String token = a.get(i);
      for (int j = 0; j < wordsB; j++) {
        if (!used[j] && tokensAgree(token, b.get(j))) {
          used[j] = true;
          matched++;
          break;
        }
      }
    }
    return matched;
  }

  private static boolean tokensAgree(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    if (a.length() < 4 || b.length() < 4 || Character.isDigit(a.charAt(0)) || Character.isDigit(b.charAt(0))) {
      return false;
    }
    // Jaro–Winkler cannot reach 0.9 when the lengths differ this much: skip the comparison.
    double shorter = Math.min(a.length(), b.length());
    double jaroBound = (shorter / a.length() + shorter / b.length() + 1) / 3;
    if (jaroBound + 0.4 * (1 - jaroBound) < 0.9) {
      return false;
    }
    return JaroWinkler.similarity(a, b) >= 0.9;
  }

  /**
   * Resident IDs when both have one (two different valid ones disagree), else health cards, else
   * another identifier of the same type: 2 equal, 1 one edit apart (not for resident IDs: a valid
   * one cannot be one typo away from another), 0 otherwise.
   */
  static int identifier(Profile a, Profile b) {
    if (a.residentId() != null && b.residentId() != null) {
      return a.residentId().equals(b.residentId()) ? 2 : 0;
    }
    if (a.healthCard() != null && b.healthCard() != null) {
      return closeness(a.healthCard(), b.healthCard());
    }
    if (a.otherId() != null && b.otherId() != null && a.otherIdType() == b.otherIdType()) {
      return closeness(a.otherId(), b.otherId());
    }
    return Field.MISSING;
  }

  private static int closeness(String a, String b) {
    if (a.equals(b)) {
      return 2;
    }
    return EditDistance.between(a, b, 1) <= 1 ? 1 : 0;
  }
}
