package org.hutong.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hutong empi generate}: writes the evaluation CSV, refuses bad arguments with status 2. */
class EmpiGenerateCommandTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return EmpiGenerateCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void givenSizesAndASeed_whenGenerating_thenTheFileHasAHeaderAndOneLinePerRecord() throws IOException {
    Path file = dir.resolve("pop.csv");
    assertThat(run("generate", "--persons=300", "--records=500", "--seed=7", "--out=" + file, "--typo=0.2")).isZero();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines.getFirst())
        .isEqualTo("record_id,person_id,source,family_name,given_name,sex,birth_date,id_type,id_number,phone,address");
    assertThat(lines).hasSize(501);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("500 records of 300 persons").contains("typo");
  }

  @Test
  void givenTheEmpiCommand_whenAskedToGenerate_thenItGeneratesAndTheFileEvaluates() throws IOException {
    Path file = dir.resolve("via-empi.csv");
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertThat(EmpiCommand.run(new String[] {"generate", "--persons=200", "--records=300", "--seed=3", "--out=" + file}, o, e,
        java.time.Clock.systemUTC())).isZero();
    assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).hasSize(301);
    out.reset();
    assertThat(EmpiCommand.run(new String[] {"evaluate", file.toString()}, o, e, java.time.Clock.systemUTC())).as(err.toString()).isZero();
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines.getLast()).matches("precision=\\S+ recall=\\S+ f1=\\S+ records_per_second=\\S+");
  }

  @Test
  void theSameArgumentsWriteTheSameFile() throws IOException {
    Path a = dir.resolve("a.csv");
    Path b = dir.resolve("b.csv");
    assertThat(run("--persons", "200", "--records", "300", "--seed", "3", "--out", a.toString())).isZero();
    assertThat(run("--persons=200", "--records=300", "--seed=3", "--out=" + b)).isZero();
    assertThat(Files.readString(b)).isEqualTo(Files.readString(a));
  }

  @Test
  void badArgumentsAreRefusedWithStatusTwo() {
    assertThat(run("--persons=10")).isEqualTo(2);
    assertThat(run("--out=x.csv", "--persons=10", "--records=5")).isEqualTo(2);
    assertThat(run("--out=x.csv", "--typo=2")).isEqualTo(2);
    assertThat(run("--out=x.csv", "--typo=often")).isEqualTo(2);
    assertThat(run("--out=x.csv", "--colour=red")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: hutong empi generate");
    assertThat(run("--help")).isZero();
  }

  @Test
  void anUnwritableFileIsStatusOne() {
    assertThat(run("--persons=5", "--records=5", "--out=" + dir.resolve("missing/dir/pop.csv"))).isEqualTo(1);
  }
}
