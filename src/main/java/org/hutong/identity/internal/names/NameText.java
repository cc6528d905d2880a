package org.hutong.identity.internal.names;

import java.text.Normalizer;

/**
 * The characters of a name as typed: full-width forms, stray spaces, the many middle dots of
 * ethnic-minority names and invisible characters made uniform before any folding.
 */
final class NameText {

  /** The one middle dot a normalised name uses between the parts of a minority name. */
  static final char DOT = '\u00B7';

  /** Longer input is cut here: no real name comes near it, and a pasted document must stay cheap. */
  static final int MAX_CHARS = 128;

  private NameText() {}

  /**
   * Full-width to half-width (NFKC), every dot variant between Han characters to {@link #DOT},
   * other dots to spaces, spaces between Han characters removed, runs of spaces collapsed,
   * control, format and symbol characters (emoji) dropped.
   */
  static String normalise(String raw) {
    if (raw == null || raw.isEmpty()) {
      return "";
    }
    String text = raw.length() > MAX_CHARS * 2 ? raw.substring(0, MAX_CHARS * 2) : raw;
    text = Normalizer.normalize(text, Normalizer.Form.NFKC);
    StringBuilder kept = new StringBuilder(text.length());
    for (int i = 0; i < text.length() && kept.length() < MAX_CHARS; ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (isDot(cp)) {
        kept.append(DOT);
      } else if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        kept.append(' ');
      } else if (Character.isLetterOrDigit(cp) || isMark(cp) || cp == ',' || cp == '-' || cp == '\'') {
        kept.appendCodePoint(cp);
      }
      // anything else (controls, zero-width characters, emoji, punctuation) carries no name
    }
    return tidy(kept);
  }

  private static String tidy(StringBuilder kept) {
    StringBuilder out = new StringBuilder(kept.length());
    int n = kept.length();
    for (int i = 0; i < n; i++) {
      char c = kept.charAt(i);
      if (c == ' ' || c == DOT) {
        int before = out.length() == 0 ? -1 : out.charAt(out.length() - 1);
        int j = i;
        boolean dot = false;
        while (j < n && (kept.charAt(j) == ' ' || kept.charAt(j) == DOT)) {
          dot |= kept.charAt(j) == DOT;
          j++;
        }
        int after = j < n ? kept.charAt(j) : -1;
        i = j - 1;
        if (before < 0 || after < 0) {
          continue; // leading or trailing separators
        }
        boolean hanBefore = isHan(before) || Character.isLowSurrogate((char) before);
        boolean hanAfter = isHan(after) || Character.isHighSurrogate((char) after);
        if (dot && (hanBefore || hanAfter)) {
          out.append(DOT);
        } else if (!(hanBefore && hanAfter)) {
          out.append(' '); // Latin initials "W. Zhang" and word gaps; Han characters close up
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  static boolean isHan(int cp) {
    return Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN;
  }

  static boolean isDot(int cp) {
    return switch (cp) {
      // middle dot, Greek ano teleia, bullet, hyphenation point, bullet operator, dot operator,
      // katakana middle dot, full stop (full-width forms arrive here after NFKC), runic dot
      case 0x00B7, 0x0387, 0x2022, 0x2027, 0x2219, 0x22C5, 0x30FB, 0x002E, 0x16EB, 0x2E31, 0x318D -> true;
      default -> false;
    };
  }

  private static boolean isMark(int cp) {
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
  }

  /** Lower case without tone marks; ü (with or without tone) becomes v as in keyboard pinyin. */
  static String plainLatin(String text) {
    String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(decomposed.length());
    for (int i = 0; i < decomposed.length(); i++) {
      char c = decomposed.charAt(i);
      if (c == '\u0308' && out.length() > 0 && Character.toLowerCase(out.charAt(out.length() - 1)) == 'u') {
        out.setCharAt(out.length() - 1, 'v');
      } else if (!isMark(c)) {
        out.append(c < 0x80 ? Character.toLowerCase(c) : c);
      }
    }
    return Normalizer.normalize(out, Normalizer.Form.NFC);
  }
}
