package org.hutong.identity.internal.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The generator's own GB 11643 numbers: ISO 7064 MOD 11-2 check character, sex digit, transposition. */
class ResidentIdsTest {

  @Test
  void theStandardsExampleHasCheckCharacterX() {
    assertThat(ResidentIds.checkCharacter("11010519491231002")).isEqualTo('X');
    assertThat(ResidentIds.hasValidChecksum("11010519491231002X")).isTrue();
    assertThat(ResidentIds.hasValidChecksum("11010519491231002x")).isTrue();
    assertThat(ResidentIds.hasValidChecksum("110105194912310021")).isFalse();
    assertThat(ResidentIds.hasValidChecksum("1101051949123100")).isFalse();
    assertThat(ResidentIds.hasValidChecksum(null)).isFalse();
  }

  @Property
  void everyNumberMadeHasAValidChecksumAndTheRightSexDigit(
      @ForAll @LongRange(min = -20_000, max = 20_000) long day, @ForAll @IntRange(min = 0, max = 499) int sequence,
      @ForAll boolean male) {
    String id = ResidentIds.of("110105", LocalDate.of(1980, 1, 1).plusDays(day), sequence, male);
    assertThat(id).hasSize(18);
    assertThat(ResidentIds.hasValidChecksum(id)).isTrue();
    assertThat((id.charAt(16) - '0') % 2 == 1).isEqualTo(male);
    assertThat(id.substring(6, 14)).isEqualTo(LocalDate.of(1980, 1, 1).plusDays(day).toString().replace("-", ""));
  }

  @Property
  void aTranspositionOfAdjacentDigitsAlwaysFailsTheChecksum(
      @ForAll @LongRange(min = -20_000, max = 20_000) long day, @ForAll @IntRange(min = 0, max = 499) int sequence,
      @ForAll @IntRange(min = 0, max = 15) int position) {
    String id = ResidentIds.of("440106", LocalDate.of(1980, 1, 1).plusDays(day), sequence, true);
    String transposed = ResidentIds.transposed(id, position);
    assertThat(transposed).isNotEqualTo(id);
    assertThat(ResidentIds.hasValidChecksum(transposed)).isFalse();
  }
}
