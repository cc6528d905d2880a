package org.hutong.record.internal.rest;

/**
 * Finds JSON numbers whose exponent is out of all proportion ({@code 1e999999999}). The FHIR
 * parser turns a JSON decimal into its plain digits, so such a number of a dozen bytes costs
 * gigabytes of memory and minutes of CPU before anything else can look at it. A linear scan of
 * the raw body (skipping strings) refuses it first.
 */
final class JsonNumbers {

  /** Far beyond any measured value, far below what hurts: a thousand digits at most. */
  static final int MAX_EXPONENT = 1000;

  private JsonNumbers() {}

  /** Whether some number outside a string has an exponent beyond ±{@link #MAX_EXPONENT}. */
  static boolean hasHugeExponent(byte[] json) {
    boolean inString = false;
    for (int i = 0; i < json.length; i++) {
      byte b = json[i];
      if (inString) {
        if (b == '\\') {
          i++;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if ((b == 'e' || b == 'E') && i > 0 && isDigitOrPoint(json[i - 1])) {
        int k = i + 1;
        if (k < json.length && (json[k] == '+' || json[k] == '-')) {
          k++;
        }
        while (k < json.length && json[k] == '0') {
          k++;
        }
        long exponent = 0;
        while (k < json.length && json[k] >= '0' && json[k] <= '9') {
          exponent = exponent * 10 + (json[k] - '0');
          if (exponent > MAX_EXPONENT) {
            return true;
          }
          k++;
        }
        i = k - 1;
      }
    }
    return false;
  }

  private static boolean isDigitOrPoint(byte b) {
    return (b >= '0' && b <= '9') || b == '.';
  }
}
