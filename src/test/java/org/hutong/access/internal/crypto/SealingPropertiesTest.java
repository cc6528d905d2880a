package org.hutong.access.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.hutong.platform.NamingSystems;

/** Whatever text is sealed opens to itself, only under its own system. */
class SealingPropertiesTest {

  private final IdentifierVault vault =
      new IdentifierVault(KeyringSource.fixed(Keyring.generate(new SecureRandom())), Set.of(NamingSystems.RESIDENT_ID, NamingSystems.PHONE));

  @Provide
  Arbitrary<String> text() {
    // control characters, ASCII, Latin-1, CJK (汉字), full-width forms, and characters outside the BMP
    Arbitrary<String> bmp =
        Arbitraries.strings()
            .withCharRange('\u0000', '\u00ff')
            .withCharRange('\u4e00', '\u9fff')
            .withCharRange('\uff00', '\uffef')
            .ofMinLength(0)
            .ofMaxLength(64);
    Arbitrary<String> astral = Arbitraries.of("𠀀", "😀", "𪚥").list().ofMaxSize(3).map(l -> String.join("", l));
    return net.jqwik.api.Combinators.combine(bmp, astral, bmp).as((a, b, c) -> a + b + c);
  }

  @Property(tries = 500)
  void sealedTextOpensToItself(@ForAll("text") String value) {
    String sealed = vault.seal(NamingSystems.RESIDENT_ID, value);
    assertThat(sealed).matches("sm4:k1:[A-Za-z0-9_-]+");
    assertThat(vault.open(NamingSystems.RESIDENT_ID, sealed)).isEqualTo(value);
  }

  @Property(tries = 200)
  void theBlindIndexIsPrintableAndStable(@ForAll("text") String value) {
    assertThat(vault.blindIndex(NamingSystems.PHONE, value)).matches("sm3:[A-Za-z0-9_-]{43}").isEqualTo(vault.blindIndex(NamingSystems.PHONE, value));
  }
}
