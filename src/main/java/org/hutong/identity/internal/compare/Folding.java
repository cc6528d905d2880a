package org.hutong.identity.internal.compare;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The forms values are compared in: names and addresses folded (NFKC, lower case, punctuation
 * and spaces dropped, the minority-name dot {@code ·} kept), phones and identifiers reduced to
 * their significant characters. Chinese simplified/traditional folding and pinyin come later from
 * the names module.
 */
public final class Folding {

  private Folding() {}

  /** A name folded for comparison, or {@code null} when nothing is left. */
  public static String name(String raw) {
    if (raw == null) {
      return null;
    }
    String text = Normalizer.normalize(raw, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isLetterOrDigit(c) || c == '·') {
        out.append(c);
      } else if (c == '.' || c == '•' || c == '・') {
        out.append('·');
      }
    }
    return out.isEmpty() ? null : out.toString();
  }

  /** Address tokens: Latin words and numbers split on anything else; each CJK character a token of its own. */
  public static List<String> addressTokens(String raw) {
    List<String> tokens = new ArrayList<>();
    if (raw == null) {
      return tokens;
    }
    String text = Normalizer.normalize(raw, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean cjk = Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
      if (Character.isLetterOrDigit(c) && !cjk) {
        word.append(c);
        continue;
      }
      if (!word.isEmpty()) {
        tokens.add(word.toString());
        word.setLength(0);
      }
      if (cjk) {
        tokens.add(String.valueOf(c));
      }
    }
    if (!word.isEmpty()) {
      tokens.add(word.toString());
    }
    return tokens;
  }

  /** Phone digits without the country code {@code 86} and trunk prefix, or {@code null} when too short to mean anything. */
  public static String phone(String raw) {
    if (raw == null) {
      return null;
    }
    StringBuilder digits = new StringBuilder();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      }
    }
    String d = digits.toString();
    if (raw.strip().startsWith("+86") || d.startsWith("0086")) {
      d = d.substring(d.indexOf("86") + 2);
    } else if (d.length() == 13 && d.startsWith("861")) {
      d = d.substring(2);
    }
    return d.length() < 6 ? null : d;
  }

  /** An identifier: letters and digits only, upper case, or {@code null} when nothing is left. */
  public static String identifier(String raw) {
    if (raw == null) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        out.append(Character.toUpperCase(c));
      }
    }
    return out.isEmpty() ? null : out.toString();
  }
}
