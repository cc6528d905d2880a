package org.hutong.identity.internal.synth;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.hutong.identity.SyntheticPopulation.Knobs;
import org.hutong.identity.SyntheticPopulation.Summary;

/**
 * Draws the population, decides how many records each person has and at which source, has a
 * {@link Clerk} write each one, and writes them in shuffled order. Persons and records draw from
 * separate streams split off the seed, so changing a record knob leaves the population as it was.
 */
public final class PopulationGenerator {

  static final String HEADER = "record_id,person_id,source,family_name,given_name,sex,birth_date,id_type,id_number,phone,address";

  private final long seed;
  private final Knobs knobs;

  public PopulationGenerator(long seed, Knobs knobs) {
    this.seed = seed;
    this.knobs = knobs;
  }

  public Summary write(Writer out, int persons, int records) throws IOException {
    SplittableRandom root = new SplittableRandom(seed);
    SplittableRandom personStream = root.split();
    SplittableRandom recordStream = root.split();
    NamePool names = new NamePool();
    Map<String, Integer> counts = new TreeMap<>();
    List<Person> population = new Residents(personStream, knobs, names, counts).generate(persons);

    int[] visits = visits(persons, records, recordStream);
    List<Source> sources = Source.all(knobs.styledSources());
    Clerk clerk = new Clerk(recordStream, knobs, names, counts);
    out.write(HEADER);
    out.write('\n');
    for (int i = 0; i < visits.length; i++) {
      Person person = population.get(visits[i]);
      Source source = Source.pick(sources, recordStream);
      Clerk.Fields f = clerk.write(person, source);
      CsvLine.write(out, String.format("R%07d", i + 1), person.id(), source.code(), f.family(), f.given(), f.sex(),
          f.birthDate(), f.idType(), f.idNumber(), f.phone(), f.address());
    }
    out.flush();
    return new Summary(persons, records, new LinkedHashMap<>(counts));
  }

  /**
   * Which person each record belongs to, in file order: every person once, the remaining
   * records to a skewed choice of persons (some people visit often), all shuffled.
   */
  private static int[] visits(int persons, int records, SplittableRandom random) {
    int[] visits = new int[records];
    for (int i = 0; i < persons; i++) {
      visits[i] = i;
    }
    for (int i = persons; i < records; i++) {
      double u = random.nextDouble();
      visits[i] = random.nextBoolean() ? random.nextInt(persons) : (int) (persons * u * u);
    }
    for (int i = records - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = visits[i];
      visits[i] = visits[j];
      visits[j] = t;
    }
    return visits;
  }
}
