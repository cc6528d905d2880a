package org.hutong.platform;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Server-assigned logical ids: 26 characters of Crockford base32 over a time-ordered 128-bit value
 * (48 bits of milliseconds, 80 random bits), so ids sort by creation and keep B-tree inserts local.
 */
public final class Ids {

  private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public Ids(Clock clock) {
    this.clock = clock;
  }

  public String next() {
    long millis = clock.millis();
    byte[] noise = new byte[10];
    random.nextBytes(noise);
    char[] out = new char[26];
    // 48-bit time in the first 10 characters (50 bits, top 2 zero)
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (millis & 31)];
      millis >>>= 5;
    }
    // 80 random bits in the last 16 characters
    long high = 0;
    long low = 0;
    for (int i = 0; i < 5; i++) {
      high = (high << 8) | (noise[i] & 0xff);
      low = (low << 8) | (noise[i + 5] & 0xff);
    }
    for (int i = 17; i >= 10; i--) {
      out[i] = ALPHABET[(int) (high & 31)];
      high >>>= 5;
    }
    for (int i = 25; i >= 18; i--) {
      out[i] = ALPHABET[(int) (low & 31)];
      low >>>= 5;
    }
    return new String(out);
  }
}
