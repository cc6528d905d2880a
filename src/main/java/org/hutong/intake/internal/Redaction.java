package org.hutong.intake.internal;

import java.util.regex.Pattern;

/**
 * Masks what may be personal data in texts that come from a message's content (parser errors,
 * repository errors) before they are archived, acknowledged or logged: runs of Chinese characters
 * (names, addresses) and of six or more digits (ID numbers, phones, dates of birth), and quoted
 * values.
 */
final class Redaction {

  private static final Pattern PERSONAL = Pattern.compile("[\\u3400-\\u9fff\\uf900-\\ufaff]+|\\d{6,}[0-9Xx]?|'[^']*'|\"[^\"]*\"");

  private Redaction() {}

  static String mask(String text) {
    if (text == null) {
      return "";
    }
    String masked = PERSONAL.matcher(text).replaceAll("***");
    return masked.length() > 400 ? masked.substring(0, 400) : masked;
  }
}
