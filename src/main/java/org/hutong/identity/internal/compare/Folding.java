package org.hutong.identity.internal.compare;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The forms values are compared in: names and addresses folded (NFKC, lower case, punctuation
 * and spaces dropped, the minority-name dot {@code ·} kept), phones and identifiers reduced to
 * their significant characters. Chinese simplified/traditional folding and pinyin are applied on
 * top of this by the matcher's profile, from {@code internal.names}.
 */
public final class Folding {

  private Folding() {}

  /** Longer values are not names, phones or identifiers: they are compared as missing. */
  public static final int MAX_NAME = 100;
  public static final int MAX_PHONE = 32;
  public static final int MAX_IDENTIFIER = 64;

  /** A name folded for comparison, or {@code null} when nothing is left (or far too much). */
  public static String name(String raw) {
    if (raw == null || raw.length() > 4 * MAX_NAME) {
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
    return out.isEmpty() || out.length() > MAX_NAME ? null : out.toString();
  }

  /** Addresses are compared on at most this many tokens, so a runaway value costs no more than a long address. */
  public static final int MAX_ADDRESS_TOKENS = 64;

  /** Address tokens: Latin words and numbers split on anything else; each CJK character a token of its own. */
  public static List<String> addressTokens(String raw) {
    List<String> tokens = new ArrayList<>();
    if (raw == null) {
      return tokens;
    }
    String text = Normalizer.normalize(raw, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < text.length() && tokens.size() < MAX_ADDRESS_TOKENS; i++) {
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
    if (!word.isEmpty() && tokens.size() < MAX_ADDRESS_TOKENS) {
      tokens.add(word.toString());
    }
    return tokens;
  }

  /** Phone digits without the country code {@code 86} and trunk prefix, or {@code null} when too short to mean anything. */
  public static String phone(String raw) {
    if (raw == null || raw.length() > 4 * MAX_PHONE) {
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
    return d.length() < 6 || d.length() > MAX_PHONE || placeholder(d) ? null : d;
  }

  /** One character repeated ({@code 000000}, {@code 99999999}): what forms hold when the real value was not known. */
  static boolean placeholder(CharSequence value) {
    for (int i = 1; i < value.length(); i++) {
      if (value.charAt(i) != value.charAt(0)) {
        return false;
      }
    }
    return true;
  }

  /** An identifier (at least 4 characters, not a placeholder): letters and digits only, upper case, or {@code null} when nothing is left. */
  public static String identifier(String raw) {
    if (raw == null || raw.length() > 4 * MAX_IDENTIFIER) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        out.append(Character.toUpperCase(c));
      }
    }
    return out.length() < 4 || out.length() > MAX_IDENTIFIER || placeholder(out) ? null : out.toString();
  }
}
