package org.hutong.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** GB 11643-1999 resident ID numbers: what validates, what is caught, what the number tells. */
class ResidentIdPropertiesTest {

  static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
  static final List<String> REGIONS = List.of("110105", "310104", "440106", "510107", "330102", "650102", "210202", "370212");

  /** A number as an issuing office would write it. */
  record Issued(String region, LocalDate birth, int sequence, String number) {}

  @Provide
  Arbitrary<Issued> issued() {
    return Combinators.combine(
            Arbitraries.of(REGIONS),
            Arbitraries.integers().between(0, 45_000).map(d -> LocalDate.of(1900, 1, 1).plusDays(d)),
            Arbitraries.integers().between(0, 999))
        .as((region, birth, sequence) -> {
          String body = region + String.format("%04d%02d%02d", birth.getYear(), birth.getMonthValue(), birth.getDayOfMonth())
              + String.format("%03d", sequence);
          return new Issued(region, birth, sequence, body + ResidentId.checkCharacter(body));
        });
  }

  @Property
  void everyIssuedNumberValidates(@ForAll("issued") Issued issued) {
    assertThat(ResidentId.validate(issued.number(), TODAY)).isInstanceOf(ResidentId.Valid.class);
  }

  @Property
  void birthDateRegionAndSexComeFromTheNumber(@ForAll("issued") Issued issued) {
    ResidentId id = ((ResidentId.Valid) ResidentId.validate(issued.number(), TODAY)).id();
    assertThat(id.birthDate()).isEqualTo(issued.birth());
    assertThat(id.region()).isEqualTo(issued.region());
    assertThat(id.sex()).isEqualTo(issued.sequence() % 2 == 1 ? Sex.MALE : Sex.FEMALE);
  }

  @Property
  void anySingleCharacterChangeIsCaught(
      @ForAll("issued") Issued issued, @ForAll @IntRange(min = 0, max = 17) int position, @ForAll @IntRange(min = 1, max = 10) int shift) {
    String alphabet = "0123456789X";
    char original = issued.number().charAt(position);
    int size = position == 17 ? 11 : 10;
    char changed = alphabet.charAt((alphabet.indexOf(original) + shift) % size);
    if (changed == original) {
      return;
    }
    String typo = issued.number().substring(0, position) + changed + issued.number().substring(position + 1);
    assertThat(ResidentId.validate(typo, TODAY)).as(typo).isInstanceOf(ResidentId.Invalid.class);
  }

  @Property
  void anyAdjacentTranspositionOfDifferentCharactersIsCaught(@ForAll("issued") Issued issued, @ForAll @IntRange(min = 0, max = 16) int position) {
    char[] chars = issued.number().toCharArray();
    if (chars[position] == chars[position + 1]) {
      return;
    }
    char swap = chars[position];
    chars[position] = chars[position + 1];
    chars[position + 1] = swap;
    assertThat(ResidentId.validate(new String(chars), TODAY)).isInstanceOf(ResidentId.Invalid.class);
  }

  @Example
  void theStandardsExampleWithCheckCharacterXValidatesAndLowerCaseXIsAccepted() {
    assertThat(ResidentId.validate("11010519491231002X", TODAY)).isInstanceOf(ResidentId.Valid.class);
    ResidentId id = ((ResidentId.Valid) ResidentId.validate(" 11010519491231002x ", TODAY)).id();
    assertThat(id.value()).isEqualTo("11010519491231002X");
    assertThat(id.birthDate()).isEqualTo(LocalDate.of(1949, 12, 31));
    assertThat(id.sex()).isEqualTo(Sex.FEMALE);
  }

  @Example
  void eachBrokenRuleIsNamed() {
    assertThat(rule("1101051949123100")).isEqualTo("resident-id-length");
    assertThat(rule("11010519491231002Y")).isEqualTo("resident-id-digits");
    assertThat(rule("110105194912310021")).isEqualTo("resident-id-checksum");
    assertThat(rule(withCheck("99010519491231002"))).isEqualTo("resident-id-region");
    assertThat(rule(withCheck("11010519490230002"))).isEqualTo("resident-id-birth-date");
    assertThat(rule(withCheck("11010520300101002"))).isEqualTo("resident-id-birth-date");
    assertThat(rule(null)).isEqualTo("resident-id-missing");
  }

  @Example
  void aNumberThatContradictsTheRecordIdentifiesNobody() {
    ResidentId id = ((ResidentId.Valid) ResidentId.validate("11010519491231002X", TODAY)).id();
    assertThat(id.agreesWith(Sex.FEMALE, LocalDate.of(1949, 12, 31))).isTrue();
    assertThat(id.agreesWith(Sex.UNKNOWN, null)).isTrue();
    assertThat(id.agreesWith(Sex.MALE, null)).isFalse();
    assertThat(id.agreesWith(Sex.FEMALE, LocalDate.of(1949, 12, 30))).isFalse();
  }

  private static String withCheck(String body) {
    return body + ResidentId.checkCharacter(body);
  }

  private static String rule(String number) {
    return ((ResidentId.Invalid) ResidentId.validate(number, TODAY)).finding().rule();
  }
}
