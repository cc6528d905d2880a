package org.hutong.record.internal.index;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How string search compares: case-insensitive, accent-insensitive, with runs of white space
 * folded, as the FHIR spec asks. Used for both indexed values and searched values.
 */
public final class StringNormalizer {

  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private StringNormalizer() {}

  public static String normalize(String value) {
    String decomposed = Normalizer.normalize(value, Normalizer.Form.NFD);
    String stripped = MARKS.matcher(decomposed).replaceAll("");
    return SPACES.matcher(stripped.toLowerCase(Locale.ROOT)).replaceAll(" ").trim();
  }
}
