package org.hutong.access.internal.crypto;

import java.security.SecureRandom;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.modes.gcm.BasicGCMMultiplier;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * SM4 (GB/T 32907) in GCM: confidentiality and integrity of one value, with associated data that
 * is authenticated but not encrypted. A fresh random 12-byte nonce per value; the output is {@code
 * nonce | ciphertext | 16-byte tag}. Bouncy Castle's lightweight API, no JCE provider needed.
 */
final class Sm4Gcm {

  static final int KEY_BYTES = 16;
  static final int NONCE_BYTES = 12;
  static final int TAG_BITS = 128;

  private final SecureRandom random;

  Sm4Gcm(SecureRandom random) {
    this.random = random;
  }

  byte[] seal(byte[] key, byte[] associatedData, byte[] plaintext) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    GCMModeCipher gcm = cipher(true, key, nonce, associatedData);
    byte[] out = new byte[NONCE_BYTES + gcm.getOutputSize(plaintext.length)];
    System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
    int n = gcm.processBytes(plaintext, 0, plaintext.length, out, NONCE_BYTES);
    try {
      gcm.doFinal(out, NONCE_BYTES + n);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("SM4-GCM sealing failed", e); // cannot happen when encrypting
    }
    return out;
  }

  /**
   * The plaintext, or {@link InvalidCipherTextException} when the sealed bytes, the key or the
   * associated data are not exactly those it was sealed with.
   */
  static byte[] open(byte[] key, byte[] associatedData, byte[] sealed) throws InvalidCipherTextException {
    if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new InvalidCipherTextException("too short to be a sealed value");
    }
    byte[] nonce = java.util.Arrays.copyOf(sealed, NONCE_BYTES);
    GCMModeCipher gcm = cipher(false, key, nonce, associatedData);
    byte[] out = new byte[gcm.getOutputSize(sealed.length - NONCE_BYTES)];
    int n = gcm.processBytes(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES, out, 0);
    n += gcm.doFinal(out, n);
    return n == out.length ? out : java.util.Arrays.copyOf(out, n);
  }

  private static GCMModeCipher cipher(boolean encrypt, byte[] key, byte[] nonce, byte[] associatedData) {
    // the basic multiplier: precomputed tables pay off for long messages, not for a phone number
    GCMModeCipher gcm = GCMBlockCipher.newInstance(new SM4Engine(), new BasicGCMMultiplier());
    gcm.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_BITS, nonce, associatedData));
    return gcm;
  }
}
