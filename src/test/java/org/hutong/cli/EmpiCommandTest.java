package org.hutong.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.hutong.identity.LabelledRecord;
import org.hutong.identity.PersonRecord;
import org.hutong.identity.SmallPopulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hutong empi evaluate}: what it prints, and how it fails. */
class EmpiCommandTest {

  static final Clock CLOCK = Clock.fixed(LocalDate.of(2026, 11, 23).atStartOfDay().toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
  static final String LAST_LINE = "precision=\\d\\.\\d{4} recall=\\d\\.\\d{4} f1=\\d\\.\\d{4} records_per_second=\\d+";

  @TempDir
  Path dir;

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** The records as an evaluation CSV in the test's folder. */
  private Path evaluationCsv(List<LabelledRecord> records) throws IOException {
    Path file = dir.resolve("people.csv");
    StringBuilder csv = new StringBuilder(
        "record_id,person_id,source,family_name,given_name,sex,birth_date,id_type,id_number,phone,address\n");
    for (LabelledRecord labelled : records) {
      PersonRecord r = labelled.record();
      csv.append(String.join(",", r.recordId(), labelled.personId(), r.source(), r.familyName(), r.givenName(),
              r.sex().name().toLowerCase(), r.birthDate().toString(), r.idType() == null ? "" : r.idType().code(),
              r.idNumber() == null ? "" : r.idNumber(), r.phone(), "\"" + r.address() + "\""))
          .append('\n');
    }
    Files.writeString(file, csv);
    return file;
  }

  @Test
  void givenAnEvaluationCsvThenTheLastLineCarriesTheFourFigures() throws IOException {
    Path file = evaluationCsv(SmallPopulation.generate(150, 42));

    int status = run("evaluate", file.toString());

    assertThat(status).as(err()).isZero();
    List<String> lines = out().lines().toList();
    assertThat(lines.getLast()).matches(LAST_LINE);
    assertThat(out()).contains("blocking recall");
  }

  @Test
  void givenTrainThenTheModelFileIsWrittenAndReadsBack() throws IOException {
    Path file = evaluationCsv(SmallPopulation.generate(300, 7));
    Path model = dir.resolve("model.properties");

    assertThat(run("train", file.toString(), "--out=" + model)).as(err()).isZero();

    assertThat(out()).containsPattern("trained on \\d+ records").contains("lambda=");
    java.util.Properties written = new java.util.Properties();
    try (var in = Files.newBufferedReader(model, StandardCharsets.UTF_8)) {
      written.load(in);
    }
    assertThat(written.stringPropertyNames()).contains("lambda", "m.family_name", "u.birth_date", "observed.phone", "total.given");
    assertThat(written.getProperty("m.birth_date").split(",")).hasSize(4);
    assertThat(run("train", file.toString())).isEqualTo(2);
  }

  @Test
  void givenTwoFebrlFilesThenTheyAreLinkedAcrossSources() throws IOException {
    String header = "rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id\n";
    Files.writeString(dir.resolve("a.csv"), header
        + "rec-1-org, mitchell, green, 7, wallaby place, delmar, cleveland, 2119, sa, 19560409, 1804974\n"
        + "rec-2-org, harley, mccarthy, 177, pridham street, milton, marsden, 3165, nsw, 19080419, 6089216\n");
    Files.writeString(dir.resolve("b.csv"), header
        + "rec-1-dup-0, mitchell, greem, 7, wallaby place, delmar, cleveland, 2119, sa, 19560409, 1804974\n"
        + "rec-2-dup-0, harley, mccarthy, 177, pridhamstreet, milton, marsden, 3165, nsw, 19080419, 6089216\n");

    int status = run("evaluate", "--febrl", "a.csv", "b.csv", "--febrl-dir=" + dir);

    assertThat(status).as(err()).isZero();
    assertThat(out()).startsWith("linkage across sources of 4 records");
    assertThat(out().lines().toList().getLast()).matches(LAST_LINE);
  }

  @Test
  void givenAMalformedLineThenTheErrorNamesItAndTheStatusIsTwo() throws IOException {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, "record_id,person_id,source,family_name,given_name,sex,birth_date,id_type,id_number,phone,address\n"
        + "r1,p1,a,王,芳,female,,,,,\nr2,p2,a,王\n");
    assertThat(run("evaluate", file.toString())).isEqualTo(2);
    assertThat(err()).contains("bad.csv line 3: expected 11 fields, found 4");
  }

  @Test
  void givenNoFileOrAnUnknownOptionThenUsageAndStatusTwo() {
    assertThat(run("evaluate")).isEqualTo(2);
    assertThat(run("evaluate", "x.csv", "--fast")).isEqualTo(2);
    assertThat(err()).contains("Unknown option --fast");
    assertThat(run("evaluate", dir.resolve("missing.csv").toString())).isEqualTo(1);
  }

  private int run(String... args) {
    return EmpiCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), CLOCK);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
