package org.hutong.identity.internal.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.hutong.identity.SyntheticPopulation;
import org.hutong.identity.SyntheticPopulation.Knobs;
import org.hutong.identity.SyntheticPopulation.Summary;
import org.hutong.identity.internal.names.ChineseNames;
import org.junit.jupiter.api.Test;

/** The synthetic population: deterministic, truthful about its persons, corrupted at the rates asked for. */
class SyntheticPopulationTest {

  private static final int PERSONS = 6_000;
  private static final int RECORDS = 10_000;

  /** A knob set to {@code p} with everything else clean. */
  private static Knobs only(String knob, double p) {
    Knobs c = Knobs.clean();
    return new Knobs(
        knob.equals("typo") ? p : c.typo(),
        knob.equals("homophone") ? p : c.homophone(),
        knob.equals("traditional") ? p : c.traditional(),
        knob.equals("pinyinOnly") ? p : c.pinyinOnly(),
        knob.equals("swappedNames") ? p : c.swappedNames(),
        knob.equals("missingId") ? p : c.missingId(),
        knob.equals("transposedId") ? p : c.transposedId(),
        knob.equals("dayMonthSwap") ? p : c.dayMonthSwap(),
        knob.equals("movedAddress") ? p : c.movedAddress(),
        knob.equals("newPhone") ? p : c.newPhone(),
        knob.equals("missingField") ? p : c.missingField(),
        knob.equals("twins") ? p : c.twins(),
        knob.equals("namesakes") ? p : c.namesakes(),
        knob.equals("minority") ? p : c.minority(),
        false);
  }

  private record Generated(Summary summary, String csv, List<List<String>> rows) {
    long count(Predicate<List<String>> test) {
      return rows.stream().filter(test).count();
    }
  }

  private static Generated generate(int persons, int records, long seed, Knobs knobs) throws IOException {
    StringWriter out = new StringWriter();
    Summary summary = SyntheticPopulation.write(out, persons, records, seed, knobs);
    List<List<String>> rows = Csv.parse(out.toString());
    assertThat(rows.getFirst()).containsExactly(PopulationGenerator.HEADER.split(","));
    return new Generated(summary, out.toString(), rows.subList(1, rows.size()));
  }

  private static final int FAMILY = 3, GIVEN = 4, SEX = 5, BIRTH = 6, ID_TYPE = 7, ID = 8, PHONE = 9, ADDRESS = 10;

  @Test
  void theSameSeedGivesTheSameFileAndAnotherSeedAnother() throws IOException {
    String first = generate(2_000, 3_000, 7, Knobs.defaults()).csv();
    String again = generate(2_000, 3_000, 7, Knobs.defaults()).csv();
    String other = generate(2_000, 3_000, 8, Knobs.defaults()).csv();
    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void theFileHoldsExactlyTheAskedPersonsAndRecords() throws IOException {
    Generated g = generate(PERSONS, RECORDS, 11, Knobs.defaults());
    assertThat(g.rows()).hasSize(RECORDS);
    assertThat(g.rows().stream().map(r -> r.get(1)).distinct().count()).isEqualTo(PERSONS);
    assertThat(g.rows().stream().map(r -> r.getFirst()).distinct().count()).isEqualTo(RECORDS);
    assertThat(g.summary().persons()).isEqualTo(PERSONS);
    assertThat(g.summary().records()).isEqualTo(RECORDS);
    assertThat(g.rows()).allSatisfy(r -> assertThat(r).hasSize(11));
  }

  @Test
  void everyResidentIdIsValidUnlessTransposedAndAgreesWithSexAndBirthDate() throws IOException {
    Generated clean = generate(PERSONS, RECORDS, 3, Knobs.clean());
    List<List<String>> ids = clean.rows().stream().filter(r -> r.get(ID_TYPE).equals("resident-id")).toList();
    assertThat(ids).hasSizeGreaterThan(RECORDS * 8 / 10); // the community clinic often takes the health card instead
    for (List<String> r : ids) {
      String id = r.get(ID);
      assertThat(ResidentIds.hasValidChecksum(id)).as(id).isTrue();
      assertThat(id.substring(6, 14)).isEqualTo(r.get(BIRTH).replace("-", ""));
      assertThat((id.charAt(16) - '0') % 2 == 1 ? "male" : "female").isEqualTo(r.get(SEX));
      assertThat(id.substring(0, 2)).isIn("11", "12", "13", "14", "15", "21", "23", "31", "32", "34", "36", "37", "41",
          "42", "43", "44", "50", "51", "61", "65");
    }

    Generated defaults = generate(PERSONS, RECORDS, 3, Knobs.defaults());
    long invalid = defaults.count(r -> r.get(ID_TYPE).equals("resident-id") && !ResidentIds.hasValidChecksum(r.get(ID)));
    assertThat(invalid).isEqualTo((long) defaults.summary().corruptions().get("transposedId"));
  }

  @Test
  void eachRecordCorruptionAppearsAtRoughlyItsRate() throws IOException {
    double p = 0.1;
    for (String knob : List.of("typo", "homophone", "traditional", "pinyinOnly", "swappedNames", "missingId",
        "transposedId", "movedAddress", "newPhone")) {
      Summary summary = generate(PERSONS, RECORDS, 5, only(knob, p)).summary();
      assertThat(summary.corruptions().get(knob) / (double) RECORDS).as(knob).isCloseTo(p, within(0.015));
    }
    Summary missing = generate(PERSONS, RECORDS, 5, only("missingField", p)).summary();
    for (String field : List.of("missingSex", "missingBirthDate", "missingPhone", "missingAddress")) {
      assertThat(missing.corruptions().get(field) / (double) RECORDS).as(field).isCloseTo(p, within(0.015));
    }
    // only birth dates whose day can be a month (and differs from it) can be swapped: about 38% of them
    Summary swapped = generate(PERSONS, RECORDS, 5, only("dayMonthSwap", p)).summary();
    assertThat(swapped.corruptions().get("dayMonthSwap") / (double) RECORDS).isBetween(0.025, 0.05);
  }

  @Test
  void corruptionsShowInTheRecordsAsDescribed() throws IOException {
    Generated missingId = generate(PERSONS, RECORDS, 9, only("missingId", 0.1));
    assertThat(missingId.count(r -> r.get(ID_TYPE).isEmpty() && r.get(ID).isEmpty()) / (double) RECORDS)
        .isCloseTo(0.1, within(0.015));

    Generated pinyin = generate(PERSONS, RECORDS, 9, only("pinyinOnly", 0.1));
    assertThat(pinyin.count(r -> (r.get(FAMILY) + r.get(GIVEN)).chars().allMatch(c -> c < 0x80)) / (double) RECORDS)
        .isCloseTo(0.1, within(0.015));

    Generated traditional = generate(PERSONS, RECORDS, 9, only("traditional", 0.1));
    long written = traditional.count(r -> !ChineseNames.fold(r.get(FAMILY) + r.get(GIVEN)).equals(r.get(FAMILY) + r.get(GIVEN)));
    assertThat(written).isPositive().isLessThanOrEqualTo(traditional.summary().corruptions().get("traditional"));

    Generated transposed = generate(PERSONS, RECORDS, 9, only("transposedId", 0.1));
    assertThat(transposed.count(r -> r.get(ID_TYPE).equals("resident-id") && !ResidentIds.hasValidChecksum(r.get(ID))))
        .isEqualTo((long) transposed.summary().corruptions().get("transposedId"));
  }

  @Test
  void twinsShareFamilyNameBirthDateAndAddressButNotGivenNameOrId() throws IOException {
    Generated g = generate(PERSONS, RECORDS, 13, only("twins", 0.05));
    assertThat(g.summary().corruptions().get("twins")).isBetween(200, 400);
    Map<String, Set<String>> personsByFamilyBirthAddress = new HashMap<>();
    Map<String, List<String>> recordOf = new HashMap<>();
    for (List<String> r : g.rows()) {
      String key = r.get(FAMILY) + "|" + r.get(BIRTH) + "|" + r.get(ADDRESS).replaceFirst("^北京市", "");
      personsByFamilyBirthAddress.computeIfAbsent(key, k -> new HashSet<>()).add(r.get(1));
      recordOf.put(r.get(1), r);
    }
    List<Set<String>> pairs = personsByFamilyBirthAddress.values().stream().filter(s -> s.size() == 2).toList();
    assertThat(pairs.size()).isGreaterThanOrEqualTo(g.summary().corruptions().get("twins") / 2 * 9 / 10);
    for (Set<String> pair : pairs) {
      List<List<String>> twins = pair.stream().map(recordOf::get).toList();
      assertThat(twins.get(0).get(GIVEN)).isNotEqualTo(twins.get(1).get(GIVEN));
      assertThat(twins.get(0).get(ID)).isNotEqualTo(twins.get(1).get(ID));
    }
  }

  @Test
  void namesakesShareNameAndBirthDateButAreDifferentPeople() throws IOException {
    Generated g = generate(PERSONS, RECORDS, 17, only("namesakes", 0.05));
    Map<String, Set<String>> personsByNameAndBirth = new HashMap<>();
    Map<String, Set<String>> idsByNameAndBirth = new HashMap<>();
    for (List<String> r : g.rows()) {
      String key = r.get(FAMILY) + r.get(GIVEN) + "|" + r.get(BIRTH);
      personsByNameAndBirth.computeIfAbsent(key, k -> new HashSet<>()).add(r.get(1));
      idsByNameAndBirth.computeIfAbsent(key, k -> new HashSet<>()).add(r.get(ID));
    }
    List<String> shared = personsByNameAndBirth.keySet().stream().filter(k -> personsByNameAndBirth.get(k).size() > 1).toList();
    assertThat(shared.size()).isGreaterThanOrEqualTo(g.summary().corruptions().get("namesakes") * 9 / 10);
    assertThat(shared).allSatisfy(k -> assertThat(idsByNameAndBirth.get(k)).hasSizeGreaterThan(1));
  }

  @Test
  void commonNamesCollideWithoutAnyKnob() throws IOException {
    Generated g = generate(PERSONS, RECORDS, 19, Knobs.clean());
    Map<String, Set<String>> personsByName = new HashMap<>();
    for (List<String> r : g.rows()) {
      personsByName.computeIfAbsent(r.get(FAMILY) + r.get(GIVEN), k -> new HashSet<>()).add(r.get(1));
    }
    assertThat(personsByName.getOrDefault("王芳", Set.of()).size() + personsByName.getOrDefault("张伟", Set.of()).size())
        .isGreaterThan(10);
    long wang = g.count(r -> r.get(FAMILY).equals("王"));
    assertThat(wang / (double) RECORDS).isCloseTo(0.071, within(0.02));
    assertThat(g.count(r -> r.get(FAMILY).length() == 2)).isPositive(); // compound surnames
  }

  @Test
  void minorityNamesAreWrittenWithVariousDots() throws IOException {
    Generated g = generate(PERSONS, RECORDS, 23, only("minority", 0.05));
    long minority = g.count(r -> ChineseNames.isMinorityName(r.get(FAMILY), r.get(GIVEN)));
    assertThat(minority / (double) RECORDS).isCloseTo(0.05, within(0.015));
    for (String dot : List.of("·", "•", ".", "．")) {
      assertThat(g.count(r -> (r.get(FAMILY) + r.get(GIVEN)).contains(dot))).as(dot).isPositive();
    }
  }

  @Test
  void styledSourcesWriteTheirOwnWay() throws IOException {
    Generated g = generate(PERSONS, RECORDS, 29, Knobs.defaults());
    List<List<String>> intl = g.rows().stream().filter(r -> r.get(2).equals("intl-clinic")).toList();
    assertThat(intl).isNotEmpty().allSatisfy(r -> {
      assertThat((r.get(FAMILY) + r.get(GIVEN)).chars().allMatch(c -> c < 0x80)).isTrue();
      assertThat(r.get(ID_TYPE)).isIn("passport", "");
    });
    assertThat(g.count(r -> r.get(2).equals("haidian-community-clinic") && r.get(ID_TYPE).equals("health-card")))
        .isPositive();
    assertThat(g.count(r -> r.get(ADDRESS).contains(","))).isPositive(); // quoted in the file
  }

  @Test
  void fieldsWithCommasQuotesAndLineBreaksAreQuoted() throws IOException {
    StringWriter out = new StringWriter();
    CsvLine.write(out, "a,b", "say \"hi\"", "line\nbreak", "plain", "", "cr\r");
    assertThat(out.toString()).isEqualTo("\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\",plain,,\"cr\r\"\n");
    assertThat(Csv.parse(out.toString()).getFirst()).containsExactly("a,b", "say \"hi\"", "line\nbreak", "plain", "", "cr\r");
  }

  @Test
  void impossibleSizesAreRefused() {
    assertThatThrownBy(() -> SyntheticPopulation.write(new StringWriter(), 10, 5, 1, Knobs.defaults()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SyntheticPopulation.write(new StringWriter(), 0, 5, 1, Knobs.defaults()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> only("typo", 1.5)).isInstanceOf(IllegalArgumentException.class);
  }

  /** A strict RFC 4180 reader, to check the writer rather than trust it. */
  static final class Csv {
    static List<List<String>> parse(String text) {
      List<List<String>> rows = new ArrayList<>();
      List<String> row = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            field.append(c);
          }
        } else if (c == '"') {
          if (!field.isEmpty()) {
            throw new IllegalStateException("quote inside an unquoted field at " + i);
          }
          quoted = true;
        } else if (c == ',') {
          row.add(field.toString());
          field.setLength(0);
        } else if (c == '\n') {
          row.add(field.toString());
          field.setLength(0);
          rows.add(row);
          row = new ArrayList<>();
        } else {
          field.append(c);
        }
      }
      if (quoted || !field.isEmpty() || !row.isEmpty()) {
        throw new IllegalStateException("the last line is not terminated");
      }
      return rows;
    }
  }
}
