package org.hutong.identity.internal.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.hutong.identity.IdType;
import org.hutong.identity.PersonRecord;
import org.hutong.identity.ResidentId;
import org.hutong.identity.Sex;
import org.junit.jupiter.api.Test;

/** Chinese names through the matcher: the ways one name is written agree, blocking brings them together, look-alikes stay apart. */
class ChineseNameMatchingTest {

  static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
  static final LocalDate BORN = LocalDate.of(1980, 3, 12);

  @Test
  void givenTraditionalAndSimplifiedCharactersThenBothPartsAgreeExactly() {
    assertThat(PairComparator.names(name("張", "偉"), name("张", "伟"))).containsExactly(3, 3);
    assertThat(name("張", "偉").family()).isEqualTo("张");
  }

  @Test
  void givenAPinyinOnlyRecordThenItAgreesWithItsCharactersOnPinyin() {
    assertThat(PairComparator.names(name("Zhang", "Wei"), name("张", "伟"))).containsExactly(2, 2);
    assertThat(PairComparator.names(name("ZHANG", "WEI"), name("張", "偉"))).containsExactly(2, 2);
    // The whole name in one field, with or without a space, is split on the family name.
    assertThat(PairComparator.names(name("Zhang Wei", null), name("张", "伟"))).containsExactly(2, 2);
    assertThat(PairComparator.names(name(null, "ouyangnana"), name("欧阳", "娜娜"))).containsExactly(2, 2);
  }

  @Test
  void givenHomophonesThenTheyAgreeOnPinyinButNotOnCharacters() {
    assertThat(PairComparator.names(name("章", "炜"), name("张", "伟"))).containsExactly(2, 2);
    assertThat(PairComparator.names(name("张", "芳"), name("张", "伟"))).containsExactly(3, 0);
  }

  @Test
  void givenFamilyAndGivenSwappedThenTheyAgreeAsIfInOrder() {
    assertThat(PairComparator.names(name("伟", "张"), name("张", "伟"))).containsExactly(3, 3);
    assertThat(PairComparator.names(name("Wei", "Zhang"), name("张", "伟"))).containsExactly(2, 2);
  }

  @Test
  void givenOneCharacterMistypedInATwoCharacterGivenNameThenTheyAgreeLoosely() {
    assertThat(PairComparator.names(name("王", "晓明"), name("王", "晓朋"))).containsExactly(3, 1);
  }

  @Test
  void givenACommonFoldedNameThenAgreeingOnItCountsLessThanOnARareOne() {
    List<Profile> profiles = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      profiles.add(person(i % 2 == 0 ? "張" : "张", "伟", null).at(i));
    }
    profiles.add(person("欧阳", "娜娜", null).at(20));
    profiles.add(person("歐陽", "娜娜", null).at(21));
    PairScorer scorer = new PairScorer(new FellegiSunterModel(FellegiSunterModel.initialM(), FellegiSunterModel.uniform(), 0.1),
        profiles, 100);
    double common = scorer.weight(0, 1); // 張偉 and 张伟: one folded name, 20 of 22 records
    double rare = scorer.weight(20, 21);
    assertThat(scorer.vector(0, 1)).isEqualTo(scorer.vector(20, 21));
    assertThat(common).isLessThan(rare);
  }

  @Test
  void givenAPinyinOnlyRecordThenItIsBlockedWithItsCharacterCounterpart() {
    Profile characters = person("張", "偉", LocalDate.of(1980, 3, 12)).at(0);
    Profile pinyin = person("Wei", "Zhang", LocalDate.of(1980, 12, 3)).at(1); // swapped, day and month swapped
    Profile stranger = person("王", "芳", LocalDate.of(1980, 3, 12)).at(2);
    long[] pairs = new Blocking(1000, false).candidates(List.of(characters, pinyin, stranger), List.of(Blocking.HOMOPHONE_AND_YEAR));
    assertThat(pairs).containsExactly(0L << 32 | 1);
  }

  @Test
  void givenTwoDifferentValidResidentIdsThenTheirHalvesDoNotBlock() {
    Profile a = withId(residentId("11010519800312001")).at(0);
    Profile b = withId(residentId("11010519800312003")).at(1);
    assertThat(a.residentId()).isNotNull();
    assertThat(b.residentId()).isNotNull();
    assertThat(new Blocking(1000, false).candidates(List.of(a, b), List.of(Blocking.IDENTIFIER_HALVES))).isEmpty();
  }

  @Test
  void givenAResidentIdButNoBirthDateThenTheBirthDateAndSexComeFromTheId() {
    Profile p = withId(residentId("11010519800312003"));
    assertThat(p.birthDate()).isEqualTo(BORN);
    assertThat(p.sex()).isEqualTo(Sex.MALE);
  }

  @Test
  void givenNamesakesWithNothingElseInCommonThenTheyAreHeldForReview() {
    int namesakes = vector(3, 3, 1, 3, 0, 1, Field.MISSING);
    assertThat(PairScorer.lookAlikeStrangers(namesakes)).isTrue();
    assertThat(PairScorer.lookAlikeStrangers(vector(3, 3, 1, Field.MISSING, 0, 0, Field.MISSING))).isTrue();
    assertThat(PairScorer.lookAlikeStrangers(vector(3, 3, 1, 3, 2, 1, Field.MISSING))).as("same phone").isFalse();
    assertThat(PairScorer.lookAlikeStrangers(vector(2, 2, 1, 3, 0, 3, Field.MISSING))).as("same address").isFalse();
    int twins = vector(3, 0, 0, 3, 2, 3, Field.MISSING);
    assertThat(PairScorer.lookAlikeStrangers(twins)).isTrue();
  }

  @Test
  void givenNamesakesScoredThenTheWeightStaysBelowTheLink() {
    List<Profile> profiles = List.of(
        person("王", "芳", BORN, "13800138000", "北京市朝阳区建外街道复兴路1号").at(0),
        person("王", "芳", BORN, "13911112222", "北京市海淀区清河街道学院路88号").at(1),
        person("Wang", "Fang", BORN, "13911112222", "北京市海淀区清河街道学院路88号").at(2));
    FellegiSunterModel model = new FellegiSunterModel(FellegiSunterModel.initialM(), FellegiSunterModel.uniform(), 0.5);
    PairScorer scorer = new PairScorer(model, profiles, 2.0);
    assertThat(scorer.weight(0, 1)).isLessThanOrEqualTo(2.0);
    assertThat(scorer.weight(1, 2)).isGreaterThan(2.0);
  }

  private static int vector(int... levels) {
    int v = 0;
    for (Field field : Field.ALL) {
      v = field.into(v, levels[field.ordinal()]);
    }
    return v;
  }

  private static String residentId(String body) {
    return body + ResidentId.checkCharacter(body);
  }

  private static Profile name(String family, String given) {
    return person(family, given, null);
  }

  private static Profile person(String family, String given, LocalDate born) {
    return person(family, given, born, null, null);
  }

  private static Profile person(String family, String given, LocalDate born, String phone, String address) {
    return Profile.of(0, new PersonRecord("r", "s", family, given, Sex.UNKNOWN, born, null, null, phone, address, List.of()), TODAY);
  }

  private static Profile withId(String id) {
    return Profile.of(0, new PersonRecord("r", "s", "李", "明", Sex.UNKNOWN, null, IdType.RESIDENT_ID, id, null, null, List.of()),
        TODAY);
  }
}
