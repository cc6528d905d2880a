package org.hutong.identity.internal.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.hutong.identity.IdType;
import org.hutong.identity.PersonRecord;
import org.hutong.identity.Sex;
import org.junit.jupiter.api.Test;

/** Agreement levels per field. */
class PairComparatorTest {

  static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

  @Test
  void namesAgreeExactlyCloselyLooselyOrNot() {
    assertThat(PairComparator.name("zhang", "zhang")).isEqualTo(3);
    assertThat(PairComparator.name("zhangwei", "zhangwie")).isEqualTo(2);
    assertThat(PairComparator.name("li", "lu")).isEqualTo(1); // one edit apart
    assertThat(PairComparator.name("wang", "chen")).isZero();
    assertThat(PairComparator.name(null, "chen")).isEqualTo(Field.MISSING);
  }

  @Test
  void familyAndGivenNamesSwappedStillAgree() {
    Profile a = profile("zhang", "wei", null, null, null);
    Profile b = profile("wei", "zhang", null, null, null);
    assertThat(PairComparator.names(a, b)).containsExactly(3, 3);
    assertThat(PairComparator.names(a, profile("zhang", "wei", null, null, null))).containsExactly(3, 3);
    assertThat(PairComparator.names(a, profile("wang", "fang", null, null, null))).containsExactly(0, 0);
  }

  @Test
  void birthDatesExactSwappedOneFieldOffOrDifferent() {
    LocalDate date = LocalDate.of(1985, 3, 12);
    assertThat(PairComparator.birthDate(date, date)).isEqualTo(3);
    assertThat(PairComparator.birthDate(date, LocalDate.of(1985, 12, 3))).isEqualTo(2);
    assertThat(PairComparator.birthDate(date, LocalDate.of(1958, 3, 12))).isEqualTo(1);
    assertThat(PairComparator.birthDate(date, LocalDate.of(1985, 3, 21))).isEqualTo(1);
    assertThat(PairComparator.birthDate(date, LocalDate.of(1990, 7, 1))).isZero();
    assertThat(PairComparator.birthDate(date, null)).isEqualTo(Field.MISSING);
  }

  @Test
  void phonesCompareAfterNormalising() {
    Profile a = profile("王", "芳", null, "+86 138 0013 8000", null);
    assertThat(PairComparator.phone(a.phone(), profile("王", "芳", null, "13800138000", null).phone())).isEqualTo(2);
    assertThat(PairComparator.phone(a.phone(), "13800138001")).isEqualTo(1);
    assertThat(PairComparator.phone("65529988", "01065529988")).isEqualTo(1);
    assertThat(PairComparator.phone(a.phone(), "13911112222")).isZero();
  }

  @Test
  void addressesAgreeByTheirShareOfCommonTokens() {
    Profile a = profile("x", "y", null, null, "27 hallen close williamstown 4670 nsw");
    assertThat(PairComparator.address(a.addressTokens(), a.addressTokens())).isEqualTo(3);
    assertThat(PairComparator.address(a.addressTokens(),
        profile("x", "y", null, null, "27 hallen close wiliamstown 4670 nsw").addressTokens())).isEqualTo(3);
    assertThat(PairComparator.address(a.addressTokens(),
        profile("x", "y", null, null, "9 hallen close williamstown 4670 nsw").addressTokens())).isEqualTo(2); // 5 of 6 tokens
    assertThat(PairComparator.address(a.addressTokens(),
        profile("x", "y", null, null, "9 gurr street concord 3048 vic").addressTokens())).isZero();
  }

  @Test
  void identifiersCompareOnlyWithTheSameKindAndOnlyWhenValid() {
    Profile valid = idProfile(IdType.RESIDENT_ID, "11010519491231002X", Sex.FEMALE);
    Profile other = idProfile(IdType.RESIDENT_ID, "110105194912310029", Sex.FEMALE); // wrong check character
    Profile contradicts = idProfile(IdType.RESIDENT_ID, "11010519491231002X", Sex.MALE);
    assertThat(valid.residentId()).isEqualTo("11010519491231002X");
    assertThat(other.residentId()).isNull();
    assertThat(contradicts.residentId()).isNull();
    assertThat(PairComparator.identifier(valid, valid)).isEqualTo(2);
    assertThat(PairComparator.identifier(valid, other)).isEqualTo(Field.MISSING);
    assertThat(PairComparator.identifier(idProfile(IdType.OTHER, "4606557", Sex.MALE), idProfile(IdType.OTHER, "4605657", Sex.MALE)))
        .isEqualTo(1);
    assertThat(PairComparator.identifier(idProfile(IdType.PASSPORT, "E1234567", Sex.MALE), idProfile(IdType.OTHER, "E1234567", Sex.MALE)))
        .isEqualTo(Field.MISSING);
  }

  static Profile profile(String family, String given, LocalDate birth, String phone, String address) {
    return Profile.of(0, new PersonRecord("r", "s", family, given, Sex.UNKNOWN, birth, null, null, phone, address, List.of()), TODAY);
  }

  static Profile idProfile(IdType type, String id, Sex sex) {
    return Profile.of(0, new PersonRecord("r", "s", "王", "芳", sex, null, type, id, null, null, List.of()), TODAY);
  }
}
