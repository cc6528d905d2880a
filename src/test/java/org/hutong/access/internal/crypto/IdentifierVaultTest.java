package org.hutong.access.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.hutong.platform.NamingSystems;
import org.junit.jupiter.api.Test;

/** Sealing with SM4-GCM and blind indexing with HMAC-SM3, over a throwaway keyring. */
class IdentifierVaultTest {

  private static final String SSN = "http://hl7.org/fhir/sid/us-ssn";
  private static final String RESIDENT_ID = "11010519491231002X";

  private final Keyring keyring = Keyring.generate(new SecureRandom());
  private final IdentifierVault vault = vault(keyring);

  private static IdentifierVault vault(Keyring keyring) {
    return new IdentifierVault(KeyringSource.fixed(keyring), Set.of(NamingSystems.RESIDENT_ID, SSN, NamingSystems.PHONE));
  }

  @Test
  void aSealedResidentIdOpensToItselfAndShowsNothingOfIt() {
    String sealed = vault.seal(NamingSystems.RESIDENT_ID, RESIDENT_ID);

    assertThat(sealed).startsWith("sm4:k1:").doesNotContain(RESIDENT_ID).doesNotContain("\"").doesNotContain("\\");
    assertThat(sealed.substring("sm4:k1:".length())).matches("[A-Za-z0-9_-]+");
    assertThat(vault.isSealed(sealed)).isTrue();
    assertThat(vault.isSealed(RESIDENT_ID)).isFalse();
    assertThat(vault.open(NamingSystems.RESIDENT_ID, sealed)).isEqualTo(RESIDENT_ID);
    // nonce (12) + ciphertext (18) + tag (16) bytes
    assertThat(Base64.getUrlDecoder().decode(sealed.substring(7))).hasSize(12 + 18 + 16);
  }

  @Test
  void sealingTheSameValueTwiceGivesTwoCiphertexts() {
    assertThat(vault.seal(NamingSystems.PHONE, "13800138000")).isNotEqualTo(vault.seal(NamingSystems.PHONE, "13800138000"));
  }

  @Test
  void everyFlippedBitIsDetectedWithAnErrorThatNamesNoValue() {
    String sealed = vault.seal(NamingSystems.RESIDENT_ID, RESIDENT_ID);
    byte[] data = Base64.getUrlDecoder().decode(sealed.substring(7));
    for (int bit = 0; bit < data.length * 8; bit++) {
      byte[] altered = data.clone();
      altered[bit / 8] ^= (byte) (1 << (bit % 8));
      String tampered = "sm4:k1:" + Base64.getUrlEncoder().withoutPadding().encodeToString(altered);
      assertThatThrownBy(() -> vault.open(NamingSystems.RESIDENT_ID, tampered))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("fails its integrity check")
          .hasMessageNotContaining(RESIDENT_ID);
    }
  }

  @Test
  void aCiphertextMovedToAnotherSystemDoesNotOpen() {
    String phone = vault.seal(NamingSystems.PHONE, "13800138000");
    assertThatThrownBy(() -> vault.open(NamingSystems.RESIDENT_ID, phone))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sealed for another field");
  }

  @Test
  void aCiphertextRelabelledWithAnotherKeyIdDoesNotOpen() {
    IdentifierVault rotated = vault(keyring.rotated(new SecureRandom(), false));
    String sealed = rotated.seal(NamingSystems.PHONE, "13800138000");
    assertThat(sealed).startsWith("sm4:k2:");
    String relabelled = "sm4:k1:" + sealed.substring(7);
    assertThatThrownBy(() -> rotated.open(NamingSystems.PHONE, relabelled)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aValueOfAKeyNotInTheKeyringIsAClearError() {
    String sealed = vault(Keyring.generate(new SecureRandom()).rotated(new SecureRandom(), false)).seal(SSN, "999-12-3456");
    assertThatThrownBy(() -> vault.open(SSN, sealed))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("key 'k2', which the keyring does not hold");
  }

  @Test
  void afterRotationOldValuesOpenAndNewOnesUseTheNewKey() {
    String old = vault.seal(SSN, "999-12-3456");
    IdentifierVault rotated = vault(keyring.rotated(new SecureRandom(), false));
    String fresh = rotated.seal(SSN, "999-12-3456");

    assertThat(rotated.open(SSN, old)).isEqualTo("999-12-3456");
    assertThat(fresh).startsWith("sm4:k2:");
    assertThat(rotated.sealedWithActiveKey(fresh)).isTrue();
    assertThat(rotated.sealedWithActiveKey(old)).isFalse();
  }

  @Test
  void theBlindIndexIsDeterministicKeyedAndBoundToTheSystem() {
    String index = vault.blindIndex(NamingSystems.RESIDENT_ID, RESIDENT_ID);

    assertThat(index).startsWith("sm3:").doesNotContain(RESIDENT_ID).matches("sm3:[A-Za-z0-9_-]{43}");
    assertThat(vault.blindIndex(NamingSystems.RESIDENT_ID, RESIDENT_ID)).isEqualTo(index);
    assertThat(vault.blindIndex(SSN, RESIDENT_ID)).isNotEqualTo(index);
    assertThat(vault(Keyring.generate(new SecureRandom())).blindIndex(NamingSystems.RESIDENT_ID, RESIDENT_ID)).isNotEqualTo(index);
  }

  @Test
  void residentIdsAreTrimmedAndTheirCheckCharacterUpperCased() {
    String index = vault.blindIndex(NamingSystems.RESIDENT_ID, RESIDENT_ID);
    assertThat(vault.blindIndex(NamingSystems.RESIDENT_ID, " 11010519491231002x ")).isEqualTo(index);
    assertThat(vault.blindIndex(NamingSystems.RESIDENT_ID, "110105194912310021")).isNotEqualTo(index);
  }

  @Test
  void phoneNumbersAreDigitsWithoutTheChinaCountryCode() {
    String index = vault.blindIndex(NamingSystems.PHONE, "13800138000");
    for (String same : new String[] {"+86 138-0013-8000", "+8613800138000", "0086 138 0013 8000", "(138) 0013 8000", " 13800138000 "}) {
      assertThat(vault.blindIndex(NamingSystems.PHONE, same)).as(same).isEqualTo(index);
    }
    assertThat(vault.blindIndex(NamingSystems.PHONE, "+1 138 0013 8000")).isNotEqualTo(index);
    assertThat(Normalisation.phone("86 13800138000")).isEqualTo("8613800138000"); // no + : not surely a country code
    assertThat(Normalisation.phone("unknown")).isEqualTo("unknown");
  }

  @Test
  void otherSystemsAreOnlyTrimmed() {
    assertThat(vault.blindIndex(SSN, " 999-12-3456 ")).isEqualTo(vault.blindIndex(SSN, "999-12-3456"));
    assertThat(vault.blindIndex(SSN, "999123456")).isNotEqualTo(vault.blindIndex(SSN, "999-12-3456"));
  }

  @Test
  void aSearchMatchesTheIndexUnderEveryIndexKeyActiveFirst() {
    Keyring rotated = keyring.rotated(new SecureRandom(), true);
    IdentifierVault before = vault;
    IdentifierVault after = vault(rotated);

    assertThat(after.blindIndexes(NamingSystems.PHONE, "13800138000"))
        .containsExactly(after.blindIndex(NamingSystems.PHONE, "13800138000"), before.blindIndex(NamingSystems.PHONE, "13800138000"));
    assertThat(vault(rotated.retired()).blindIndexes(NamingSystems.PHONE, "13800138000")).hasSize(1);
  }
}
