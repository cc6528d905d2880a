package org.hutong.identity.internal.synth;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.hutong.identity.SyntheticPopulation.Knobs;

/**
 * The true population: persons with unique resident IDs, phones and health cards, including the
 * hard negatives a matcher must keep apart: twins (same family name, birth date, address and
 * phone; different given name and ID) and namesakes (same name, birth date and district;
 * different ID, phone and address).
 */
final class Residents {

  private static final LocalDate TODAY = LocalDate.of(2026, 1, 1);

  private final SplittableRandom random;
  private final Knobs knobs;
  private final NamePool names;
  private final Set<String> ids = new HashSet<>();
  private final Set<String> phones = new HashSet<>();
  private final Map<String, Integer> counts;

  Residents(SplittableRandom random, Knobs knobs, NamePool names, Map<String, Integer> counts) {
    this.random = random;
    this.knobs = knobs;
    this.names = names;
    this.counts = counts;
  }

  List<Person> generate(int size) {
    List<Person> persons = new ArrayList<>(size);
    while (persons.size() < size) {
      int next = persons.size();
      double u = random.nextDouble();
      if (u < knobs.twins() / 2 && size - next >= 2) {
        Person first = fresh(next);
        persons.add(first);
        persons.add(twinOf(first, next + 1));
        counts.merge("twins", 2, Integer::sum);
      } else if (u < knobs.twins() / 2 + knobs.namesakes() && next > 0) {
        Person namesake = namesakeOf(persons.get(random.nextInt(next)), next);
        persons.add(namesake);
        counts.merge("namesakes", 1, Integer::sum);
      } else {
        persons.add(fresh(next));
      }
    }
    return persons;
  }

  private Person fresh(int index) {
    boolean male = random.nextBoolean();
    boolean minority = random.nextDouble() < knobs.minority();
    String family = minority ? "" : names.surname(random);
    String given = minority ? names.minority(random) : names.given(random, male);
    if (minority) {
      counts.merge("minority", 1, Integer::sum);
    }
    LocalDate birth = birthDate();
    Beijing.District district = Beijing.district(random);
    String region = Beijing.birthplace(district, minority, random);
    return new Person(personId(index), family, given, male, birth, residentId(region, birth, male),
        healthCard(), passport(), phone(), district, Beijing.address(district, random));
  }

  private Person twinOf(Person first, int index) {
    boolean male = random.nextBoolean();
    String given;
    do {
      given = first.minority() ? names.minority(random) : names.given(random, male);
    } while (given.equals(first.given()));
    String region = first.residentId().substring(0, 6);
    return new Person(personId(index), first.family(), given, male, first.birth(), residentId(region, first.birth(), male),
        healthCard(), passport(), first.phone(), first.district(), first.address());
  }

  private Person namesakeOf(Person other, int index) {
    String region = random.nextBoolean() ? other.residentId().substring(0, 6) : other.district().code();
    return new Person(personId(index), other.family(), other.given(), other.male(), other.birth(),
        residentId(region, other.birth(), other.male()), healthCard(), passport(), phone(), other.district(),
        Beijing.address(other.district(), random));
  }

  /** Ages 0 to 94, fewer of the old: a rough population pyramid. */
  private LocalDate birthDate() {
    int age = (int) (95 * (1 - Math.sqrt(1 - random.nextDouble() * 0.9)) / 0.69);
    age = Math.min(94, age);
    return TODAY.minusYears(age).minusDays(1 + random.nextInt(365));
  }

  private String residentId(String region, LocalDate birth, boolean male) {
    String id;
    do {
      id = ResidentIds.of(region, birth, random.nextInt(500), male);
    } while (!ids.add(id));
    return id;
  }

  private String phone() {
    String phone;
    do {
      phone = Beijing.mobile(random);
    } while (!phones.add(phone));
    return phone;
  }

  private String healthCard() {
    // electronic health cards carry a long card identifier; 18 hex digits stand in for it
    return String.format("E%017X", random.nextLong() & 0x0FFF_FFFF_FFFF_FFFFL).substring(0, 18);
  }

  private String passport() {
    return String.format("E%08d", random.nextInt(100_000_000));
  }

  private static String personId(int index) {
    return String.format("P%06d", index + 1);
  }
}
