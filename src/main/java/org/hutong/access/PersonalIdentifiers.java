package org.hutong.access;

import java.util.List;
import java.util.Set;

/**
 * Protection of personal identifiers at rest: resident ID numbers and phone numbers are sealed
 * with SM4 in an authenticated mode (GCM) before they are stored, and found again through a keyed
 * SM3 (HMAC) blind index, so exact lookup works without the clear value ever being stored.
 *
 * <p>A value is always sealed, opened and indexed together with its <em>system</em> (the
 * identifier system, or {@code phone} for telecom): a sealed value only opens under the system it
 * was sealed for, so a stored ciphertext moved to another field fails to open instead of showing up
 * there. Keys come from a keyring outside the repository; several sealing keys can be held at
 * once, so values sealed with an older key still open while they are being resealed.
 */
public interface PersonalIdentifiers {

  /** The prefix of every sealed value: {@code sm4:<keyId>:<base64url(nonce|ciphertext|tag)>}. */
  String SEALED_PREFIX = "sm4:";

  /** The protected systems: identifier systems and {@code phone}. */
  Set<String> systems();

  /** Whether identifiers of this system (or telecom of this kind, e.g. {@code phone}) are protected. */
  boolean protects(String system);

  /**
   * The sealed form of a value of the system: printable, JSON-safe (no quote, no backslash), with
   * the id of the key that sealed it. Sealing the same value twice gives different results.
   */
  String seal(String system, String value);

  /**
   * Seals bytes (an archived message, a document) of the system: the key id, a NUL, then nonce,
   * ciphertext and tag. For values too large or too binary for {@link #seal}.
   */
  byte[] sealBytes(String system, byte[] value);

  /**
   * The clear bytes of a value sealed by {@link #sealBytes} for the system.
   *
   * @throws IllegalStateException as {@link #open}
   */
  byte[] openBytes(String system, byte[] sealed);

  /** Whether a stored string is a sealed value. */
  boolean isSealed(String stored);

  /**
   * The clear value of a sealed one of the system.
   *
   * @throws IllegalStateException when it was altered, sealed for another system, or its key is
   *     not in the keyring; the message never contains the value
   */
  String open(String system, String sealed);

  /** Whether a sealed value was sealed with the keyring's active key (resealing can skip it). */
  boolean sealedWithActiveKey(String sealed);

  /**
   * The blind index of a value of the system under the active index key: the same (normalised)
   * value always gives the same index; printable, prefixed so it never equals a clear value.
   */
  String blindIndex(String system, String value);

  /**
   * The blind indexes of the value under every index key the keyring holds, the active one first.
   * A search matches any of them, so lookups keep working while index rows are being recomputed
   * after the index key was replaced.
   */
  List<String> blindIndexes(String system, String value);
}
