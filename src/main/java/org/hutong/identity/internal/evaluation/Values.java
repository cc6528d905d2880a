package org.hutong.identity.internal.evaluation;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import org.hutong.identity.Finding;

/** Field values read leniently: what fails a rule becomes missing and leaves a finding. */
public final class Values {

  static final int MAX_VALUE_LENGTH = 1000;

  private Values() {}

  /** The trimmed value, {@code null} when empty or too long (then flagged). */
  static String text(String raw, String field, List<Finding> findings) {
    return text(raw, field, findings, MAX_VALUE_LENGTH);
  }

  /** The trimmed value, {@code null} when empty or longer than {@code max} (then flagged). */
  public static String text(String raw, String field, List<Finding> findings, int max) {
    if (raw == null) {
      return null;
    }
    String value = raw.strip();
    if (value.isEmpty()) {
      return null;
    }
    if (value.length() > max) {
      findings.add(new Finding(field, "too-long", "value of " + value.length() + " characters (limit " + max + ") ignored"));
      return null;
    }
    return value;
  }

  /** A date from its year, month and day text, {@code null} (flagged) when impossible or after {@code today}. */
  static LocalDate date(String year, String month, String day, String raw, String field, LocalDate today, List<Finding> findings) {
    try {
      LocalDate date = LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day));
      if (date.isAfter(today) || date.getYear() < 1850) {
        findings.add(new Finding(field, "date-out-of-range", raw + " is in the future or before 1850"));
        return null;
      }
      return date;
    } catch (NumberFormatException | DateTimeException e) {
      findings.add(new Finding(field, "impossible-date", raw + " is not a date"));
      return null;
    }
  }
}
