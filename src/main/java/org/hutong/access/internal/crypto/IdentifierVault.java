package org.hutong.access.internal.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.hutong.access.PersonalIdentifiers;
import org.springframework.modulith.NamedInterface;

/**
 * {@link PersonalIdentifiers} with SM4-GCM and HMAC-SM3 over a keyring.
 *
 * <p>The associated data of every sealed value is {@code hutong-pi/1 NUL keyId NUL system}: it
 * binds the ciphertext to the system it belongs to (a phone number's ciphertext copied into a
 * resident ID field does not open) and to the key id written next to it.
 */
@NamedInterface("identifier-keys")
public final class IdentifierVault implements PersonalIdentifiers {

  private static final Pattern SEALED = Pattern.compile("sm4:([a-z][a-z0-9]{0,15}):([A-Za-z0-9_-]{38,})");
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final KeyringSource keys;
  private final Set<String> systems;
  private final Sm4Gcm sm4;

  public IdentifierVault(KeyringSource keys, Set<String> systems) {
    this.keys = keys;
    this.systems = Set.copyOf(systems);
    this.sm4 = new Sm4Gcm(new SecureRandom());
  }

  @Override
  public Set<String> systems() {
    return systems;
  }

  @Override
  public boolean protects(String system) {
    return system != null && systems.contains(system);
  }

  @Override
  public String seal(String system, String value) {
    Keyring keyring = keys.current();
    String keyId = keyring.activeSealKey();
    byte[] sealed = sm4.seal(keyring.sealKey(keyId), associatedData(keyId, system), value.getBytes(StandardCharsets.UTF_8));
    return SEALED_PREFIX + keyId + ":" + BASE64URL.encodeToString(sealed);
  }

  @Override
  public boolean isSealed(String stored) {
    return stored != null && stored.startsWith(SEALED_PREFIX) && SEALED.matcher(stored).matches();
  }

  @Override
  public String open(String system, String sealed) {
    Matcher m = SEALED.matcher(sealed);
    if (!m.matches()) {
      throw new IllegalStateException("A stored " + system + " value is not in the sealed form sm4:<key>:<data>");
    }
    String keyId = m.group(1);
    byte[] key = keys.current().sealKey(keyId);
    if (key == null) {
      key = keys.reload().sealKey(keyId); // sealed by another process that rotated the keyring
    }
    if (key == null) {
      throw new IllegalStateException(
          "A stored " + system + " value was sealed with key '" + keyId + "', which the keyring does not hold");
    }
    try {
      byte[] data = Base64.getUrlDecoder().decode(m.group(2));
      return new String(Sm4Gcm.open(key, associatedData(keyId, system), data), StandardCharsets.UTF_8);
    } catch (InvalidCipherTextException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "A stored " + system + " value (key '" + keyId + "') fails its integrity check: it was altered, or sealed for another field");
    }
  }

  @Override
  public byte[] sealBytes(String system, byte[] value) {
    Keyring keyring = keys.current();
    String keyId = keyring.activeSealKey();
    byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
    byte[] sealed = sm4.seal(keyring.sealKey(keyId), associatedData(keyId, system), value);
    byte[] out = new byte[id.length + 1 + sealed.length];
    System.arraycopy(id, 0, out, 0, id.length);
    System.arraycopy(sealed, 0, out, id.length + 1, sealed.length);
    return out;
  }

  @Override
  public byte[] openBytes(String system, byte[] sealed) {
    int nul = 0;
    while (nul < sealed.length && nul <= 16 && sealed[nul] != 0) {
      nul++;
    }
    if (nul == 0 || nul >= sealed.length || sealed[nul] != 0) {
      throw new IllegalStateException("A stored " + system + " value is not in the sealed form key NUL data");
    }
    String keyId = new String(sealed, 0, nul, StandardCharsets.US_ASCII);
    byte[] key = keys.current().sealKey(keyId);
    if (key == null) {
      key = keys.reload().sealKey(keyId);
    }
    if (key == null) {
      throw new IllegalStateException("A stored " + system + " value was sealed with key '" + keyId + "', which the keyring does not hold");
    }
    try {
      return Sm4Gcm.open(key, associatedData(keyId, system), java.util.Arrays.copyOfRange(sealed, nul + 1, sealed.length));
    } catch (InvalidCipherTextException | IllegalArgumentException e) {
      throw new IllegalStateException("A stored " + system + " value (key '" + keyId + "') fails its integrity check: it was altered, or sealed for another field");
    }
  }

  @Override
  public boolean sealedWithActiveKey(String sealed) {
    Matcher m = SEALED.matcher(sealed);
    return m.matches() && m.group(1).equals(keys.current().activeSealKey());
  }

  @Override
  public String blindIndex(String system, String value) {
    Keyring keyring = keys.current();
    return BlindIndex.of(keyring.indexKey(keyring.activeIndexKey()), system, Normalisation.of(system, value));
  }

  @Override
  public List<String> blindIndexes(String system, String value) {
    Keyring keyring = keys.current();
    String normalised = Normalisation.of(system, value);
    List<String> indexes = new ArrayList<>(keyring.indexKeyIds().size());
    indexes.add(BlindIndex.of(keyring.indexKey(keyring.activeIndexKey()), system, normalised));
    for (String id : keyring.indexKeyIds()) {
      if (!id.equals(keyring.activeIndexKey())) {
        indexes.add(BlindIndex.of(keyring.indexKey(id), system, normalised));
      }
    }
    return indexes;
  }

  /** The keyring in use (ids only are shown by its toString). */
  public Keyring keyring() {
    return keys.current();
  }

  private static byte[] associatedData(String keyId, String system) {
    return ("hutong-pi/1\0" + keyId + "\0" + system).getBytes(StandardCharsets.UTF_8);
  }
}
