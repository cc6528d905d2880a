package org.hutong.identity.internal.synth;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import org.hutong.identity.ResidentId;

/**
 * 18-character resident ID numbers (GB 11643-1999): a 6-digit administrative region code, the
 * birth date as YYYYMMDD, a 3-digit sequence whose last digit is odd for men and even for women,
 * and a check character by ISO 7064 MOD 11-2.
 */
final class ResidentIds {

  private static final DateTimeFormatter BASIC = DateTimeFormatter.BASIC_ISO_DATE;

  private ResidentIds() {}

  /** The check character of the first 17 digits (the module's one checksum, {@link ResidentId}). */
  static char checkCharacter(CharSequence first17) {
    return ResidentId.checkCharacter(first17);
  }

  /** Whether a number has 17 digits and the right check character (x accepted for X); nothing about region or date. */
  static boolean hasValidChecksum(String number) {
    if (number == null || number.length() != 18) {
      return false;
    }
    for (int i = 0; i < 17; i++) {
      if (number.charAt(i) < '0' || number.charAt(i) > '9') {
        return false;
      }
    }
    return Character.toUpperCase(number.charAt(17)) == checkCharacter(number);
  }

  /** A number for a person: region, birth date, a sequence (0-499) made odd for men and even for women. */
  static String of(String region, LocalDate birth, int sequence, boolean male) {
    int seq = sequence * 2 + (male ? 1 : 0);
    String first17 = region + birth.format(BASIC) + String.format("%03d", seq % 1000);
    return first17 + checkCharacter(first17);
  }

  /** Two adjacent, different digits among the first 17 swapped at a position from {@code pick}: the checksum then fails. */
  static String transposed(String number, int pick) {
    char[] chars = number.toCharArray();
    for (int tries = 0; tries < 16; tries++) {
      int i = (pick + tries) % 16;
      if (chars[i] != chars[i + 1]) {
        char c = chars[i];
        chars[i] = chars[i + 1];
        chars[i + 1] = c;
        return new String(chars);
      }
    }
    return number;
  }
}
