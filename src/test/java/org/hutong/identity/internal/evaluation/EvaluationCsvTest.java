package org.hutong.identity.internal.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.hutong.identity.Finding;
import org.hutong.identity.IdType;
import org.hutong.identity.LabelledRecord;
import org.hutong.identity.MalformedRecordException;
import org.hutong.identity.PersonRecord;
import org.hutong.identity.Sex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading evaluation files: bad values become flagged missing values; unreadable lines are named. */
class EvaluationCsvTest {

  static final String HEADER = "record_id,person_id,source,family_name,given_name,sex,birth_date,id_type,id_number,phone,address\n";
  static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

  @TempDir
  Path dir;

  @Test
  void givenWellFormedRowsThenEveryColumnIsRead() throws IOException {
    List<LabelledRecord> records = read(HEADER
        + "r1,p1,人民医院,张,伟,male,1985-03-12,resident-id,11010519491231002X,13800138000,\"北京市东城区, 3号\"\n"
        + "r2,p1,社区卫生服务中心,張,偉,,,,,,\n");
    PersonRecord first = records.getFirst().record();
    assertThat(records.getFirst().personId()).isEqualTo("p1");
    assertThat(first.familyName()).isEqualTo("张");
    assertThat(first.sex()).isEqualTo(Sex.MALE);
    assertThat(first.birthDate()).isEqualTo(LocalDate.of(1985, 3, 12));
    assertThat(first.idType()).isEqualTo(IdType.RESIDENT_ID);
    assertThat(first.address()).isEqualTo("北京市东城区, 3号");
    assertThat(first.findings()).extracting(Finding::rule).containsExactly("resident-id-contradicts-record");
    PersonRecord second = records.get(1).record();
    assertThat(second.sex()).isEqualTo(Sex.UNKNOWN);
    assertThat(second.birthDate()).isNull();
    assertThat(second.idNumber()).isNull();
    assertThat(second.findings()).isEmpty();
  }

  @Test
  void givenImpossibleOrFutureDatesThenTheyAreMissingAndFlagged() throws IOException {
    List<LabelledRecord> records = read(HEADER
        + "r1,p1,a,王,芳,female,1990-02-30,,,,\n"
        + "r2,p2,a,王,芳,female,2099-01-01,,,,\n"
        + "r3,p3,a,王,芳,female,12/03/1990,,,,\n");
    for (LabelledRecord record : records) {
      assertThat(record.record().birthDate()).isNull();
      assertThat(record.record().findings()).extracting(Finding::field).containsExactly("birth_date");
    }
  }

  @Test
  void givenUnknownCodesAndABadChecksumThenTheyAreFlaggedNotFatal() throws IOException {
    PersonRecord record = read(HEADER + "r1,p1,a,李,娜,F,,passport-x,110105194912310021,,\n").getFirst().record();
    assertThat(record.sex()).isEqualTo(Sex.UNKNOWN);
    assertThat(record.idType()).isEqualTo(IdType.OTHER);
    assertThat(record.findings()).extracting(Finding::rule).containsExactly("unknown-code", "unknown-code");
    PersonRecord bad = read(HEADER + "r1,p1,a,李,娜,female,,resident-id,110105194912310021,,\n").getFirst().record();
    assertThat(bad.findings()).extracting(Finding::rule).containsExactly("resident-id-checksum");
  }

  @Test
  void givenAHugeValueThenItIsIgnoredAndFlagged() throws IOException {
    String huge = "北".repeat(200_000);
    PersonRecord record = read(HEADER + "r1,p1,a,王," + huge + ",male,,,,," + huge + "\n").getFirst().record();
    assertThat(record.givenName()).isNull();
    assertThat(record.address()).isNull();
    assertThat(record.findings()).extracting(Finding::rule).containsExactly("too-long", "too-long");
  }

  @Test
  void givenAWrongNumberOfFieldsThenTheErrorNamesTheLine() {
    assertThatThrownBy(() -> read(HEADER + "r1,p1,a,王,芳,female,,,,,\n\nr2,p2,a,王,芳\n"))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("line 4")
        .hasMessageContaining("expected 11 fields, found 5");
  }

  @Test
  void givenAQuoteLeftOpenOrAMissingPersonThenTheErrorNamesTheLine() {
    assertThatThrownBy(() -> read(HEADER + "r1,p1,a,王,芳,female,,,,,\"unclosed\n"))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> read(HEADER + "r1,p1,a,王,芳,female,,,,,\nr2,,a,王,芳,female,,,,,\n"))
        .hasMessageContaining("line 3")
        .hasMessageContaining("person_id");
    assertThatThrownBy(() -> read("id,name\n1,王芳\n")).hasMessageContaining("line 1").hasMessageContaining("header");
  }

  @Test
  void givenAQuotedLineBreakThenTheNextRecordKeepsItsLineNumber() {
    assertThatThrownBy(() -> read(HEADER + "r1,p1,a,王,芳,female,,,,,\"line one\nline two\"\nr2,p2\n"))
        .hasMessageContaining("line 4");
  }

  @Test
  void givenFebrlRowsThenTheColumnsAreMappedAndTheTruthTakenFromTheRecordId() throws IOException {
    Path file = dir.resolve("febrl.csv");
    Files.writeString(file, "rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id\n"
        + "rec-1496-org, mitchell, green, 7, wallaby place, delmar, cleveland, 2119, sa, 19560409, 1804974\n"
        + "rec-1496-dup-0, mitchell, , 7, wallaby place, , cleveland, 2119, sa, 19561309, 1804974\n");
    List<LabelledRecord> records = new FebrlFile().read(List.of(file));
    PersonRecord org = records.getFirst().record();
    assertThat(records).extracting(LabelledRecord::personId).containsExactly("1496", "1496");
    assertThat(org.givenName()).isEqualTo("mitchell");
    assertThat(org.familyName()).isEqualTo("green");
    assertThat(org.address()).isEqualTo("7 wallaby place delmar cleveland 2119 sa");
    assertThat(org.birthDate()).isEqualTo(LocalDate.of(1956, 4, 9));
    assertThat(org.idType()).isEqualTo(IdType.OTHER);
    assertThat(org.source()).isEqualTo("febrl.csv");
    PersonRecord dup = records.get(1).record();
    assertThat(dup.familyName()).isNull();
    assertThat(dup.birthDate()).isNull();
    assertThat(dup.findings()).extracting(Finding::rule).containsExactly("impossible-date");
  }

  private List<LabelledRecord> read(String content) throws IOException {
    Path file = dir.resolve("records.csv");
    Files.writeString(file, content);
    return new EvaluationCsv(TODAY).read(file);
  }
}
