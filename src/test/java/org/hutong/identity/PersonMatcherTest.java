package org.hutong.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the matcher decides, on a small seeded population plus the hard cases placed in it. */
class PersonMatcherTest {

  static final Clock CLOCK = Clock.fixed(LocalDate.of(2026, 11, 23).atStartOfDay().toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
  static final PersonMatcher MATCHER = new PersonMatcher(new MatchSettings(0.95, 0.5, 1000, 50_000, 1L), CLOCK);

  @Test
  void givenAPopulationWithOneErrorPerDuplicateThenMostPairsAreFoundAndFewAreWrong() {
    List<LabelledRecord> records = SmallPopulation.generate(600, 7);
    MatchResult result = MATCHER.deduplicate(records.stream().map(LabelledRecord::record).toList());
    PairwiseQuality quality = PairwiseQuality.measure(records, result, false);
    assertThat(quality.blockingRecall()).isGreaterThan(0.99);
    assertThat(quality.precision()).isGreaterThan(0.98);
    assertThat(quality.recall()).isGreaterThan(0.95);
  }

  @Test
  void givenTheSameValidResidentIdThenTheRecordsAreOnePersonWhateverTheNames() {
    LocalDate birth = LocalDate.of(1985, 3, 12);
    String id = SmallPopulation.residentId("440106", birth, 123);
    List<PersonRecord> records = population();
    records.add(record("a", "张", "伟", Sex.MALE, birth, IdType.RESIDENT_ID, id, null));
    records.add(record("b", "zhang", "wei", Sex.MALE, null, IdType.RESIDENT_ID, id, "13800138000"));
    MatchResult result = MATCHER.deduplicate(records);
    assertThat(result.groupOf(records.size() - 2)).isEqualTo(result.groupOf(records.size() - 1));
    assertThat(result.deterministicLinks()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void givenAResidentIdThatContradictsTheRecordsSexThenItLinksNothing() {
    LocalDate birth = LocalDate.of(1985, 3, 12);
    String id = SmallPopulation.residentId("440106", birth, 123); // odd sequence: male
    List<PersonRecord> records = population();
    records.add(record("a", "刘", "洋", Sex.MALE, birth, IdType.RESIDENT_ID, id, null));
    records.add(record("b", "陈", "静", Sex.FEMALE, LocalDate.of(1990, 6, 1), IdType.RESIDENT_ID, id, null));
    MatchResult result = MATCHER.deduplicate(records);
    assertThat(result.groupOf(records.size() - 2)).isNotEqualTo(result.groupOf(records.size() - 1));
  }

  @Test
  void givenTwinsWithTheSameFamilyBirthDateAddressAndPhoneThenTheyStayTwoPeople() {
    LocalDate birth = LocalDate.of(2012, 9, 1);
    List<PersonRecord> records = population();
    records.add(record("twin-a", "huang", "zihan", Sex.MALE, birth, IdType.RESIDENT_ID,
        SmallPopulation.residentId("310104", birth, 11), "13912345678"));
    records.add(record("twin-b", "huang", "zixuan", Sex.MALE, birth, IdType.RESIDENT_ID,
        SmallPopulation.residentId("310104", birth, 13), "13912345678"));
    MatchResult result = MATCHER.deduplicate(records);
    assertThat(result.groupOf(records.size() - 2)).isNotEqualTo(result.groupOf(records.size() - 1));
  }

  @Test
  void givenLinkageThenRecordsOfOneSourceAreNeverComparedNorLinkedByWeight() {
    // Without identifiers: a link by rule (same resident ID) joins records of one source, as it should.
    List<PersonRecord> records = SmallPopulation.generate(200, 11).stream()
        .map(LabelledRecord::record)
        .map(r -> new PersonRecord(r.recordId(), r.source(), r.familyName(), r.givenName(), r.sex(), r.birthDate(), null, null, r.phone(),
            r.address(), r.findings()))
        .toList();
    MatchResult result = MATCHER.link(records);
    for (int i = 0; i < records.size(); i++) {
      for (int j = i + 1; j < records.size(); j++) {
        if (records.get(i).source().equals(records.get(j).source())) {
          assertThat(result.compared(i, j)).isFalse();
          assertThat(result.groupOf(i)).as("one record per source in a person").isNotEqualTo(result.groupOf(j));
        }
      }
    }
  }

  @Test
  void givenHugeAndEmptyValuesHandedStraightToTheMatcherThenItAnswersWithoutLinkingOnThem() {
    List<PersonRecord> records = population();
    String huge = "长".repeat(300_000) + " " + "lu ".repeat(100_000);
    records.add(new PersonRecord("huge-1", null, huge, huge, null, null, IdType.RESIDENT_ID, huge, huge, huge, List.of()));
    records.add(new PersonRecord("huge-2", null, huge, huge, null, null, IdType.RESIDENT_ID, huge, huge, huge, List.of()));
    records.add(new PersonRecord("empty", "", "", " ", Sex.UNKNOWN, null, null, "", "", "", List.of()));
    MatchResult result = MATCHER.deduplicate(records);
    assertThat(result.size()).isEqualTo(records.size());
    int n = records.size();
    assertThat(result.groupOf(n - 3)).as("nothing usable to link on").isNotEqualTo(result.groupOf(n - 2));
    assertThat(result.groupOf(n - 1)).isEqualTo(n - 1);
  }

  private static List<PersonRecord> population() {
    return new ArrayList<>(SmallPopulation.generate(300, 3).stream().map(LabelledRecord::record).toList());
  }

  private static PersonRecord record(String id, String family, String given, Sex sex, LocalDate birth, IdType type, String number,
      String phone) {
    return new PersonRecord(id, "test", family, given, sex, birth, type, number, phone, "12 zhongshan lu haidian beijing", List.of());
  }
}
