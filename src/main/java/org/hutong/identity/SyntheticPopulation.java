package org.hutong.identity;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.hutong.identity.internal.synth.PopulationGenerator;

/**
 * A seeded synthetic population of Beijing residents and the records hospitals and clinics keep
 * of them, written as the evaluation CSV {@code
 * record_id,person_id,source,family_name,given_name,sex,birth_date,id_type,id_number,phone,address}
 * ({@code person_id} is the truth). The same seed, sizes and knobs give the same file, byte for
 * byte. The knobs and what each corruption looks like are described in docs/identity-synthetic.md.
 */
public final class SyntheticPopulation {

  private SyntheticPopulation() {}

  /**
   * How often each corruption happens, as probabilities per record (per person for the
   * population knobs {@code twins}, {@code namesakes}, {@code minority}).
   *
   * @param typo one character of the given name replaced by another
   * @param homophone one character of the name replaced by another with the same pinyin (张伟 → 章伟)
   * @param traditional the name written in traditional characters (張偉)
   * @param pinyinOnly only a romanised name recorded (Zhang Wei, ZHANG WEI, zhangwei)
   * @param swappedNames family and given name swapped (in their fields, or Western order when romanised)
   * @param missingId no identifier recorded
   * @param transposedId two adjacent digits of the resident ID swapped (its checksum then fails)
   * @param dayMonthSwap day and month of the birth date swapped (only where the day is 12 or less and differs from the month)
   * @param movedAddress a different address: the person moved
   * @param newPhone a different mobile number
   * @param missingField each of sex, birth date, phone and address left empty, independently
   * @param twins share of persons born as one of a pair of twins
   * @param namesakes share of persons who share name, birth date and district with another person
   * @param minority share of persons with an ethnic-minority (Uyghur) name written with a middle dot
   * @param styledSources whether the sources with their own style take part: an international clinic that records
   *     pinyin and passports only, a Hong Kong-style clinic that writes traditional characters
   */
  public record Knobs(
      double typo,
      double homophone,
      double traditional,
      double pinyinOnly,
      double swappedNames,
      double missingId,
      double transposedId,
      double dayMonthSwap,
      double movedAddress,
      double newPhone,
      double missingField,
      double twins,
      double namesakes,
      double minority,
      boolean styledSources) {

    /** Rates as seen in regional data-quality audits: most records clean, every kind of error present. */
    public static Knobs defaults() {
      return new Knobs(0.03, 0.03, 0.03, 0.03, 0.02, 0.08, 0.01, 0.01, 0.10, 0.08, 0.03, 0.01, 0.02, 0.01, true);
    }

    /** No corruption, no hard negatives, no styled sources: every record of a person agrees. */
    public static Knobs clean() {
      return new Knobs(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false);
    }

    /** Every probability must lie in [0, 1]. */
    public Knobs {
      double[] all = {typo, homophone, traditional, pinyinOnly, swappedNames, missingId, transposedId, dayMonthSwap,
          movedAddress, newPhone, missingField, twins, namesakes, minority};
      for (double p : all) {
        if (!(p >= 0 && p <= 1)) {
          throw new IllegalArgumentException("A knob is a probability between 0 and 1, not " + p);
        }
      }
    }
  }

  /**
   * What was written.
   *
   * @param persons distinct persons in the file
   * @param records records (lines after the header)
   * @param corruptions per corruption (its knob's name, plus "twins" and "namesakes" counted in persons), how many
   *     records or persons it touched
   */
  public record Summary(int persons, int records, Map<String, Integer> corruptions) {}

  /**
   * Writes {@code records} records of {@code persons} persons (each person at least once, so
   * {@code records >= persons}) to {@code out} in UTF-8.
   */
  public static Summary write(Path out, int persons, int records, long seed, Knobs knobs) throws IOException {
    try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      return write(writer, persons, records, seed, knobs);
    }
  }

  /** As {@link #write(Path, int, int, long, Knobs)}, to any writer; the writer is not closed. */
  public static Summary write(Writer out, int persons, int records, long seed, Knobs knobs) throws IOException {
    if (persons < 1 || records < persons) {
      throw new IllegalArgumentException(
          "Need at least one person and at least as many records as persons (persons=" + persons + ", records=" + records + ")");
    }
    return new PopulationGenerator(seed, knobs).write(out, persons, records);
  }
}
