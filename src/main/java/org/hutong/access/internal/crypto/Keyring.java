package org.hutong.access.internal.crypto;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.modulith.NamedInterface;

/**
 * The keys that protect personal identifiers: SM4 sealing keys by id, with the one new values are
 * sealed with, and HMAC-SM3 blind-index keys by id, with the one index rows are written with.
 * Older keys stay until every value they sealed (or index row they made) has been redone with the
 * active one. Immutable: rotation gives a new keyring.
 *
 * <p>Its text form is what the keyring file holds:
 *
 * <pre>
 * seal.active=k2
 * seal.k1=&lt;base64 of 16 bytes&gt;
 * seal.k2=&lt;base64 of 16 bytes&gt;
 * index.active=i1
 * index.i1=&lt;base64 of 32 bytes&gt;
 * </pre>
 *
 * {@link #toString()} names the key ids only, never key material.
 */
@NamedInterface("identifier-keys")
public final class Keyring {

  private static final Pattern KEY_ID = Pattern.compile("[a-z][a-z0-9]{0,15}");

  private final Map<String, byte[]> sealKeys;
  private final String activeSeal;
  private final Map<String, byte[]> indexKeys;
  private final String activeIndex;

  private Keyring(Map<String, byte[]> sealKeys, String activeSeal, Map<String, byte[]> indexKeys, String activeIndex) {
    this.sealKeys = Collections.unmodifiableMap(new LinkedHashMap<>(sealKeys));
    this.activeSeal = activeSeal;
    this.indexKeys = Collections.unmodifiableMap(new LinkedHashMap<>(indexKeys));
    this.activeIndex = activeIndex;
    if (!sealKeys.containsKey(activeSeal)) {
      throw new IllegalArgumentException("The active sealing key '" + activeSeal + "' is not in the keyring");
    }
    if (!indexKeys.containsKey(activeIndex)) {
      throw new IllegalArgumentException("The active index key '" + activeIndex + "' is not in the keyring");
    }
  }

  /** A keyring of one fresh sealing key and one fresh index key. */
  public static Keyring generate(SecureRandom random) {
    return new Keyring(Map.of("k1", bytes(random, Sm4Gcm.KEY_BYTES)), "k1", Map.of("i1", bytes(random, BlindIndex.KEY_BYTES)), "i1");
  }

  /**
   * This keyring with a new active sealing key (and a new active index key when {@code index});
   * the old keys stay, to open what they sealed until it is resealed.
   */
  public Keyring rotated(SecureRandom random, boolean index) {
    Map<String, byte[]> seals = new LinkedHashMap<>(sealKeys);
    String seal = nextId("k", seals);
    seals.put(seal, bytes(random, Sm4Gcm.KEY_BYTES));
    Map<String, byte[]> indexes = new LinkedHashMap<>(indexKeys);
    String activeIdx = activeIndex;
    if (index) {
      activeIdx = nextId("i", indexes);
      indexes.put(activeIdx, bytes(random, BlindIndex.KEY_BYTES));
    }
    return new Keyring(seals, seal, indexes, activeIdx);
  }

  /** This keyring with only its active keys: run after every value has been resealed. */
  public Keyring retired() {
    return new Keyring(Map.of(activeSeal, sealKeys.get(activeSeal)), activeSeal, Map.of(activeIndex, indexKeys.get(activeIndex)), activeIndex);
  }

  public String activeSealKey() {
    return activeSeal;
  }

  public String activeIndexKey() {
    return activeIndex;
  }

  public java.util.Set<String> sealKeyIds() {
    return sealKeys.keySet();
  }

  public java.util.Set<String> indexKeyIds() {
    return indexKeys.keySet();
  }

  byte[] sealKey(String id) {
    return sealKeys.get(id);
  }

  byte[] indexKey(String id) {
    return indexKeys.get(id);
  }

  /** Parses the text form; errors name the line, never a key. */
  static Keyring parse(String text, String source) {
    Map<String, byte[]> seals = new LinkedHashMap<>();
    Map<String, byte[]> indexes = new LinkedHashMap<>();
    String activeSeal = null;
    String activeIndex = null;
    int lineNumber = 0;
    for (String raw : text.split("\n", -1)) {
      lineNumber++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      String where = source + " line " + lineNumber;
      if (eq < 0) {
        throw new IllegalArgumentException(where + ": expected name=value");
      }
      String name = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      switch (name) {
        case "seal.active" -> activeSeal = value;
        case "index.active" -> activeIndex = value;
        default -> {
          boolean seal = name.startsWith("seal.");
          if (!seal && !name.startsWith("index.")) {
            throw new IllegalArgumentException(where + ": unknown entry '" + name + "'");
          }
          String id = name.substring(name.indexOf('.') + 1);
          if (!KEY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(where + ": key id '" + id + "' must be a lower-case letter and up to 15 letters or digits");
          }
          byte[] key;
          try {
            key = Base64.getDecoder().decode(value);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": key '" + id + "' is not valid base64");
          }
          int expected = seal ? Sm4Gcm.KEY_BYTES : BlindIndex.KEY_BYTES;
          if (key.length != expected) {
            throw new IllegalArgumentException(where + ": key '" + id + "' has " + key.length + " bytes, not " + expected);
          }
          if ((seal ? seals : indexes).put(id, key) != null) {
            throw new IllegalArgumentException(where + ": key '" + id + "' appears twice");
          }
        }
      }
    }
    if (activeSeal == null || activeIndex == null) {
      throw new IllegalArgumentException(source + ": needs seal.active and index.active");
    }
    try {
      return new Keyring(seals, activeSeal, indexes, activeIndex);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage());
    }
  }

  /** The text form, with the key material: for the keyring file only. */
  String format() {
    StringBuilder out =
        new StringBuilder(
            """
            # Hutong keyring: the keys that protect resident ID and phone numbers at rest.
            # Secret. Keep a backup in a safe place: without it the stored identifiers cannot be read.
            # Change it with `hutong keys rotate|reseal|retire`, not by hand (docs/security.md).
            """);
    out.append("seal.active=").append(activeSeal).append('\n');
    sealKeys.forEach((id, key) -> out.append("seal.").append(id).append('=').append(Base64.getEncoder().encodeToString(key)).append('\n'));
    out.append("index.active=").append(activeIndex).append('\n');
    indexKeys.forEach((id, key) -> out.append("index.").append(id).append('=').append(Base64.getEncoder().encodeToString(key)).append('\n'));
    return out.toString();
  }

  @Override
  public String toString() {
    return "sealing keys " + sealKeys.keySet() + " (active " + activeSeal + "), index keys " + indexKeys.keySet() + " (active "
        + activeIndex + ")";
  }

  private static String nextId(String prefix, Map<String, byte[]> keys) {
    int n = 1;
    for (String id : keys.keySet()) {
      if (id.startsWith(prefix) && id.substring(prefix.length()).matches("\\d{1,9}")) {
        n = Math.max(n, Integer.parseInt(id.substring(prefix.length())) + 1);
      }
    }
    return prefix + n;
  }

  private static byte[] bytes(SecureRandom random, int n) {
    byte[] key = new byte[n];
    random.nextBytes(key);
    return key;
  }
}
