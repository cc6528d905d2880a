package org.hutong.identity;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Set;

/**
 * A valid GB 11643-1999 resident identity number (公民身份号码): six-digit region code, birth date
 * {@code YYYYMMDD}, three-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2
 * check character ({@code X} stands for 10).
 *
 * <p>Only {@link #validate} makes one, so holding a {@code ResidentId} means the number passed
 * every rule. A number that fails is a data-quality finding, never an identity.
 *
 * @param value the 18 characters, check character upper case
 * @param region the six-digit administrative region code of first registration
 * @param birthDate the date of birth the number carries
 * @param sex the sex the sequence number carries
 */
public record ResidentId(String value, String region, LocalDate birthDate, Sex sex) {

  /** ISO 7064 MOD 11-2 weights, 2^(17-i) mod 11. */
  private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

  /** First two digits of region codes in use (provinces, autonomous regions, municipalities, HK/MO/TW). */
  private static final Set<String> PROVINCES = Set.of(
      "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
      "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
      "71", "81", "82");

  /** The outcome of checking a number: valid, or the rule it broke. */
  public sealed interface Validation {}

  /** The number passed every rule. */
  public record Valid(ResidentId id) implements Validation {}

  /** The number broke a rule; {@code finding.field()} is {@code id_number}. */
  public record Invalid(Finding finding) implements Validation {}

  /**
   * Checks a number. Spaces around it are ignored and a lower-case {@code x} is read as {@code X};
   * nothing else is forgiven.
   *
   * @param text the number as written
   * @param today the date against which a birth date in the future is refused
   */
  public static Validation validate(String text, LocalDate today) {
    if (text == null || text.isBlank()) {
      return invalid("resident-id-missing", "no resident ID number");
    }
    String value = text.strip().toUpperCase(java.util.Locale.ROOT);
    if (value.length() != 18) {
      return invalid("resident-id-length", "a resident ID has 18 characters, this one " + Math.min(value.length(), 999));
    }
    for (int i = 0; i < 17; i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        return invalid("resident-id-digits", "character " + (i + 1) + " of a resident ID must be a digit");
      }
    }
    char last = value.charAt(17);
    if (!(last >= '0' && last <= '9') && last != 'X') {
      return invalid("resident-id-digits", "the check character of a resident ID is a digit or X");
    }
    if (checkCharacter(value) != last) {
      return invalid("resident-id-checksum", "the check character does not match (ISO 7064 MOD 11-2)");
    }
    String region = value.substring(0, 6);
    if (!PROVINCES.contains(region.substring(0, 2)) || region.endsWith("0000") && !region.startsWith("71")
        && !region.startsWith("8")) {
      return invalid("resident-id-region", "region code " + region + " is not a county-level code");
    }
    LocalDate birth;
    try {
      birth = LocalDate.of(
          Integer.parseInt(value.substring(6, 10)), Integer.parseInt(value.substring(10, 12)), Integer.parseInt(value.substring(12, 14)));
    } catch (DateTimeException e) {
      return invalid("resident-id-birth-date", "the birth date " + value.substring(6, 14) + " does not exist");
    }
    if (birth.isAfter(today) || birth.getYear() < 1850) {
      return invalid("resident-id-birth-date", "the birth date " + birth + " is in the future or before 1850");
    }
    Sex sex = (value.charAt(16) - '0') % 2 == 1 ? Sex.MALE : Sex.FEMALE;
    return new Valid(new ResidentId(value, region, birth, sex));
  }

  /** The check character for the first 17 digits of {@code digits}. */
  public static char checkCharacter(CharSequence digits) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (digits.charAt(i) - '0') * WEIGHTS[i];
    }
    int check = (12 - sum % 11) % 11;
    return check == 10 ? 'X' : (char) ('0' + check);
  }

  /**
   * Whether the number agrees with what the record says; a number that contradicts the record's sex
   * or birth date identifies nobody. Missing values on the record contradict nothing.
   */
  public boolean agreesWith(Sex recordedSex, LocalDate recordedBirthDate) {
    boolean sexAgrees = recordedSex == null || recordedSex == Sex.UNKNOWN || recordedSex == sex;
    return sexAgrees && (recordedBirthDate == null || recordedBirthDate.equals(birthDate));
  }

  private static Invalid invalid(String rule, String message) {
    return new Invalid(new Finding("id_number", rule, message));
  }
}
