package org.hutong.access.internal.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The keyed SM3 blind index: {@code sm3:} + base64url(HMAC-SM3(indexKey, system NUL normalised
 * value)). The system is part of the input, so the same number under two systems gives two
 * unrelated indexes; the key makes it impossible to test guesses (an 18-digit ID has few enough
 * candidates to enumerate) without it.
 */
final class BlindIndex {

  /** Marks an index value; no clear identifier or phone number looks like it. */
  static final String PREFIX = "sm3:";

  static final int KEY_BYTES = 32;

  private BlindIndex() {}

  static String of(byte[] key, String system, String normalisedValue) {
    HMac mac = new HMac(new SM3Digest());
    mac.init(new KeyParameter(key));
    byte[] s = system.getBytes(StandardCharsets.UTF_8);
    byte[] v = normalisedValue.getBytes(StandardCharsets.UTF_8);
    mac.update(s, 0, s.length);
    mac.update((byte) 0);
    mac.update(v, 0, v.length);
    byte[] out = new byte[mac.getMacSize()];
    mac.doFinal(out, 0);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
  }
}
