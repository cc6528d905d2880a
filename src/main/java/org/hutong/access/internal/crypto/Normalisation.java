package org.hutong.access.internal.crypto;

import java.util.Locale;
import org.hutong.platform.NamingSystems;

/**
 * How a value is normalised before it is blind-indexed, so that the forms people write the same
 * number in find each other: exact search on an index cannot forgive anything the normalisation
 * does not.
 */
final class Normalisation {

  private Normalisation() {}

  static String of(String system, String value) {
    if (NamingSystems.PHONE.equals(system)) {
      return phone(value);
    }
    if (NamingSystems.RESIDENT_ID.equals(system)) {
      return value.trim().toUpperCase(Locale.ROOT); // the check character X is written either way
    }
    return value.trim();
  }

  /**
   * Digits only, with a leading mainland China country code ({@code +86}, {@code 0086}) dropped:
   * {@code +86 138-0013-8000}, {@code 0086 13800138000} and {@code 138 0013 8000} are one number.
   * A value without digits is kept trimmed, so it still indexes as itself.
   */
  static String phone(String value) {
    String trimmed = value.trim();
    StringBuilder digits = new StringBuilder(trimmed.length());
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      }
    }
    if (digits.isEmpty()) {
      return trimmed;
    }
    String d = digits.toString();
    if (trimmed.startsWith("+86") && d.startsWith("86")) {
      return d.substring(2);
    }
    if (d.startsWith("0086")) {
      return d.substring(4);
    }
    return d;
  }
}
