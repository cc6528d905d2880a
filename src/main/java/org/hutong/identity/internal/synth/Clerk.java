package org.hutong.identity.internal.synth;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.hutong.identity.SyntheticPopulation.Knobs;
import org.hutong.identity.internal.names.ChineseName;
import org.hutong.identity.internal.names.ChineseNames;

/**
 * Writes down one visit of a person at a source, with the slips the knobs ask for: the record
 * as it reaches the regional platform. Each corruption touched is counted under its knob's name.
 */
final class Clerk {

  /** A record's columns after record_id, person_id and source. */
  record Fields(String family, String given, String sex, String birthDate, String idType, String idNumber,
      String phone, String address) {}

  private static final String[] DOTS = {"·", "·", "•", ".", "．", "・"};

  private final SplittableRandom random;
  private final Knobs knobs;
  private final NamePool names;
  private final Map<String, Integer> counts;

  Clerk(SplittableRandom random, Knobs knobs, NamePool names, Map<String, Integer> counts) {
    this.random = random;
    this.knobs = knobs;
    this.names = names;
    this.counts = counts;
  }

  Fields write(Person person, Source source) {
    String[] name = name(person, source.style());
    String[] identifier = identifier(person, source.style());
    return new Fields(name[0], name[1], sex(person), birthDate(person), identifier[0], identifier[1], phone(person),
        address(person, source.style()));
  }

  private String[] name(Person person, Source.Style style) {
    String family = person.family();
    String given = person.given();
    if (person.minority()) {
      given = given.replace("·", DOTS[random.nextInt(DOTS.length)]);
    }
    boolean swap = !person.minority() && happens("swappedNames", knobs.swappedNames());
    if (style == Source.Style.PINYIN_PASSPORT || happens("pinyinOnly", knobs.pinyinOnly())) {
      return romanised(ChineseNames.parse(person.family(), person.given()), swap);
    }
    if (happens("homophone", knobs.homophone())) {
      String[] changed = homophone(family, given);
      family = changed[0];
      given = changed[1];
    }
    if (!person.minority() && happens("typo", knobs.typo())) {
      int at = random.nextInt(given.length());
      given = given.substring(0, at) + names.typo(given.charAt(at), random, person.male()) + given.substring(at + 1);
    }
    if (style == Source.Style.TRADITIONAL || happens("traditional", knobs.traditional())) {
      family = ChineseNames.traditional(family);
      given = ChineseNames.traditional(given);
    }
    if (swap && !person.minority()) {
      return new String[] {given, family};
    }
    if (person.minority() && random.nextBoolean()) {
      return new String[] {given, ""}; // the whole dotted name in the family-name field
    }
    return new String[] {family, given};
  }

  /** One character of the name, surname included, replaced by a homophone from the pool. */
  private String[] homophone(String family, String given) {
    String whole = family + given;
    int start = random.nextInt(whole.length());
    for (int k = 0; k < whole.length(); k++) {
      int at = (start + k) % whole.length();
      if (names.hasHomophone(whole.charAt(at))) {
        String changed = whole.substring(0, at) + names.homophone(whole.charAt(at), random) + whole.substring(at + 1);
        return new String[] {changed.substring(0, family.length()), changed.substring(family.length())};
      }
    }
    counts.merge("homophone", -1, Integer::sum); // no character has a homophone: nothing changed
    return new String[] {family, given};
  }

  /** Zhang / Wei, ZHANG / WEI, "Zhang Wei" in one field, or unsegmented "zhangwei"; Western order when swapped. */
  private String[] romanised(ChineseName name, boolean swap) {
    String family = capitalised(name.familyPinyin());
    String given = capitalised(name.givenPinyin());
    if (name.minority()) {
      String[] parts = name.given().split("·");
      family = "";
      given = capitalised(ChineseNames.pinyin(parts[0]).replace(" ", "")) + " "
          + capitalised(ChineseNames.pinyin(parts.length > 1 ? parts[1] : "").replace(" ", ""));
      return new String[] {family, given.strip()};
    }
    double form = random.nextDouble();
    if (form < 0.2) {
      family = family.toUpperCase(Locale.ROOT);
      given = given.toUpperCase(Locale.ROOT);
    }
    if (swap) {
      return form < 0.5 ? new String[] {given, family} : new String[] {"", given + " " + family};
    }
    if (form < 0.6) {
      return new String[] {family, given};
    }
    if (form < 0.85) {
      return new String[] {family + " " + given, ""};
    }
    return new String[] {"", (family + given).toLowerCase(Locale.ROOT)};
  }

  /** "zhang" → "Zhang", "xiao ming" → "Xiaoming". */
  private static String capitalised(String syllables) {
    String joined = syllables.replace(" ", "");
    return joined.isEmpty() ? "" : Character.toUpperCase(joined.charAt(0)) + joined.substring(1);
  }

  private String sex(Person person) {
    if (happens("missingSex", knobs.missingField())) {
      return random.nextDouble() < 0.3 ? "unknown" : ""; // some systems record "unknown" rather than nothing
    }
    return person.male() ? "male" : "female";
  }

  private String birthDate(Person person) {
    if (happens("missingBirthDate", knobs.missingField())) {
      return "";
    }
    LocalDate birth = person.birth();
    if (birth.getDayOfMonth() <= 12 && birth.getDayOfMonth() != birth.getMonthValue()
        && happens("dayMonthSwap", knobs.dayMonthSwap())) {
      birth = LocalDate.of(birth.getYear(), birth.getDayOfMonth(), birth.getMonthValue());
    }
    return birth.toString();
  }

  /** The id_type and id_number columns. */
  private String[] identifier(Person person, Source.Style style) {
    if (happens("missingId", knobs.missingId())) {
      return new String[] {"", ""};
    }
    if (style == Source.Style.PINYIN_PASSPORT) {
      return new String[] {"passport", person.passport()};
    }
    if (style == Source.Style.HEALTH_CARD && random.nextDouble() < 0.6) {
      return new String[] {"health-card", person.healthCard()};
    }
    String number = person.residentId();
    if (happens("transposedId", knobs.transposedId())) {
      number = ResidentIds.transposed(number, random.nextInt(16));
    }
    return new String[] {"resident-id", number};
  }

  private String phone(Person person) {
    if (happens("missingPhone", knobs.missingField())) {
      return "";
    }
    return happens("newPhone", knobs.newPhone()) ? Beijing.mobile(random) : person.phone();
  }

  private String address(Person person, Source.Style style) {
    if (happens("missingAddress", knobs.missingField())) {
      return "";
    }
    String address = person.address();
    if (happens("movedAddress", knobs.movedAddress())) {
      Beijing.District district = random.nextBoolean() ? person.district() : Beijing.district(random);
      address = Beijing.address(district, random);
    }
    return switch (style) {
      case HEALTH_CARD -> address.replaceFirst("^北京市", "");
      case PINYIN_PASSPORT -> address.replaceFirst("^北京市(.{2,3}区)", "北京市, $1, ");
      default -> address;
    };
  }

  private boolean happens(String knob, double probability) {
    if (probability > 0 && random.nextDouble() < probability) {
      counts.merge(knob, 1, Integer::sum);
      return true;
    }
    return false;
  }
}
