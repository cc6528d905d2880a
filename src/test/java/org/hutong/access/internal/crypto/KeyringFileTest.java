package org.hutong.access.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.hutong.platform.NamingSystems;
import org.hutong.platform.PlatformProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keyring file: generated owner-only, rotated and retired without losing what is needed. */
class KeyringFileTest {

  @TempDir Path home;

  private static IdentifierProperties properties(Path keyring) {
    return new IdentifierProperties(keyring, Set.of(NamingSystems.RESIDENT_ID, NamingSystems.PHONE), java.time.Duration.ZERO);
  }

  private PlatformProperties platform(boolean ephemeral) {
    return new PlatformProperties(home, new PlatformProperties.Db(null, null, null, 2, ephemeral, false));
  }

  @Test
  void givenNoKeyringTheDefaultIsGeneratedReadableByItsOwnerOnly() throws Exception {
    KeyringSource source = IdentifierCryptoConfiguration.source(properties(null), platform(false));

    Path file = home.resolve("keys/identifiers.keyring");
    assertThat(file).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
    assertThat(source.current().activeSealKey()).isEqualTo("k1");
    assertThat(source.current().activeIndexKey()).isEqualTo("i1");
    assertThat(Files.readString(file)).contains("seal.active=k1", "seal.k1=", "index.active=i1", "index.i1=");

    // a second start uses the same keys
    KeyringSource again = IdentifierCryptoConfiguration.source(properties(null), platform(false));
    IdentifierVault first = new IdentifierVault(source, Set.of(NamingSystems.PHONE));
    IdentifierVault second = new IdentifierVault(again, Set.of(NamingSystems.PHONE));
    assertThat(second.open(NamingSystems.PHONE, first.seal(NamingSystems.PHONE, "13800138000"))).isEqualTo("13800138000");
  }

  @Test
  void aNamedKeyringThatDoesNotExistIsAnErrorNotANewKeyring() {
    Path named = home.resolve("elsewhere/identifiers.keyring");
    assertThatThrownBy(() -> IdentifierCryptoConfiguration.source(properties(named), platform(false)))
        .hasMessageContaining(named.toString())
        .hasMessageContaining("does not exist");
    assertThat(named).doesNotExist();
  }

  @Test
  void aThrowawayDatabaseGetsThrowawayKeysAndNoFile() {
    KeyringSource source = IdentifierCryptoConfiguration.source(properties(null), platform(true));
    assertThat(source).isInstanceOf(KeyringSource.Fixed.class);
    assertThat(home.resolve("keys")).doesNotExist();
  }

  @Test
  void rotationAddsAnActiveKeyAndKeepsTheOldOnesUntilRetired() {
    KeyringFile file = new KeyringFile(home.resolve("keys/identifiers.keyring"));
    Keyring first = file.generate(new SecureRandom());

    file.write(file.read().rotated(new SecureRandom(), false));
    Keyring rotated = file.read();
    assertThat(rotated.sealKeyIds()).containsExactly("k1", "k2");
    assertThat(rotated.activeSealKey()).isEqualTo("k2");
    assertThat(rotated.indexKeyIds()).containsExactly("i1");
    assertThat(rotated.sealKey("k1")).isEqualTo(first.sealKey("k1"));

    file.write(rotated.rotated(new SecureRandom(), true));
    assertThat(file.read().indexKeyIds()).containsExactly("i1", "i2");
    assertThat(file.read().activeIndexKey()).isEqualTo("i2");

    file.write(file.read().retired());
    assertThat(file.read().sealKeyIds()).containsExactly("k3");
    assertThat(file.read().indexKeyIds()).containsExactly("i2");
  }

  @Test
  void theKeyringNeverShowsKeyMaterial() {
    Keyring keyring = Keyring.generate(new SecureRandom());
    String material = Base64.getEncoder().encodeToString(keyring.sealKey("k1"));
    assertThat(keyring.toString()).contains("k1", "i1").doesNotContain(material);
  }

  @Test
  void aGenerationNeverOverwritesAKeyring() {
    KeyringFile file = new KeyringFile(home.resolve("identifiers.keyring"));
    file.generate(new SecureRandom());
    assertThatThrownBy(() -> file.generate(new SecureRandom())).hasMessageContaining("never overwritten");
  }

  @Test
  void malformedKeyringsAreRefusedNamingTheLineButNoKey() {
    String key = Base64.getEncoder().encodeToString(new byte[16]);
    String index = Base64.getEncoder().encodeToString(new byte[32]);
    assertThatThrownBy(() -> Keyring.parse("seal.active=k2\nseal.k1=" + key + "\nindex.active=i1\nindex.i1=" + index, "f"))
        .hasMessageContaining("active sealing key 'k2' is not in the keyring");
    assertThatThrownBy(() -> Keyring.parse("seal.active=k1\nseal.k1=" + index + "\nindex.active=i1\nindex.i1=" + index, "f"))
        .hasMessageContaining("line 2")
        .hasMessageContaining("32 bytes, not 16")
        .hasMessageNotContaining(index);
    assertThatThrownBy(() -> Keyring.parse("seal.active=k1\nseal.k1=%%%\n", "f")).hasMessageContaining("not valid base64");
    assertThatThrownBy(() -> Keyring.parse("seal.active=k1\nseal.k1=" + key + "\n", "f")).hasMessageContaining("index.active");
    assertThatThrownBy(() -> Keyring.parse("colour=blue\n", "f")).hasMessageContaining("unknown entry 'colour'");
  }

  @Test
  void aRunningVaultPicksUpARotationFromTheFile() {
    KeyringFile file = new KeyringFile(home.resolve("identifiers.keyring"));
    file.generate(new SecureRandom());
    IdentifierVault vault = new IdentifierVault(KeyringSource.file(file, java.time.Duration.ZERO), Set.of(NamingSystems.PHONE));
    String old = vault.seal(NamingSystems.PHONE, "13800138000");

    file.write(file.read().rotated(new SecureRandom(), false));

    assertThat(vault.seal(NamingSystems.PHONE, "13800138000")).startsWith("sm4:k2:");
    assertThat(vault.open(NamingSystems.PHONE, old)).isEqualTo("13800138000");
  }
}
