package org.hutong.identity.internal.match;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Chooses the pairs worth comparing: records that share at least one blocking key. Several keys,
 * each robust to a different error, keep recall high: a typo in the family name still meets on
 * given name + birth date, a wrong birth date still meets on the phone or on both names.
 * Blocks larger than {@code maxBlockSize} are skipped (and counted): a key that common says nothing.
 */
final class Blocking {

  /** A named blocking key; a profile may have several values (or none) for one key. */
  record Key(String name, Function<Profile, List<String>> values) {}

  static final Key BIRTH_DATE = new Key("birth-date", p -> p.birthDate() == null ? List.of() : List.of(p.birthDate().toString()));
  static final Key BOTH_NAMES = new Key("both-names-sound", p -> p.familyKey() == null || p.givenKey() == null
      ? List.of() : List.of(unordered(p.familyKey(), p.givenKey())));

  static final Key HOMOPHONE_AND_YEAR = new Key("name-homophone+birth-year", Blocking::homophoneAndYear);
  static final Key IDENTIFIER_HALVES = new Key("identifier-halves", p -> identifiers(p, true));

  static final List<Key> KEYS = List.of(
      new Key("family-sound+birth-year", p -> p.familyKey() == null || p.birthDate() == null
          ? List.of() : List.of(p.familyKey() + "|" + p.birthDate().getYear())),
      new Key("given-sound+birth-date", p -> p.givenKey() == null || p.birthDate() == null
          ? List.of() : List.of(p.givenKey() + "|" + p.birthDate())),
      BOTH_NAMES,
      HOMOPHONE_AND_YEAR,
      BIRTH_DATE,
      new Key("phone", p -> p.phone() == null ? List.of() : List.of(p.phone())),
      new Key("identifier", p -> identifiers(p, false)),
      IDENTIFIER_HALVES,
      new Key("address-numbers+family-initial", Blocking::addressNumbers));

  private final int maxBlockSize;
  private final boolean crossSourceOnly;
  final Map<String, Long> pairsByKey = new HashMap<>();
  long skippedBlocks;

  Blocking(int maxBlockSize, boolean crossSourceOnly) {
    this.maxBlockSize = maxBlockSize;
    this.crossSourceOnly = crossSourceOnly;
  }

  /** The candidate pairs, each {@code i << 32 | j} with i < j, sorted and without repeats. */
  long[] candidates(List<Profile> profiles) {
    return candidates(profiles, KEYS);
  }

  /** The pairs that share one of {@code keys}. */
  long[] candidates(List<Profile> profiles, List<Key> keys) {
    long[] pairs = new long[1024];
    int size = 0;
    for (Key key : keys) {
      Map<String, List<Integer>> blocks = new HashMap<>();
      for (Profile profile : profiles) {
        for (String value : key.values().apply(profile)) {
          blocks.computeIfAbsent(value, k -> new ArrayList<>(2)).add(profile.index());
        }
      }
      long before = size;
      for (List<Integer> block : blocks.values()) {
        if (block.size() > maxBlockSize) {
          skippedBlocks++;
          continue;
        }
        for (int x = 0; x < block.size(); x++) {
          for (int y = x + 1; y < block.size(); y++) {
            int i = Math.min(block.get(x), block.get(y));
            int j = Math.max(block.get(x), block.get(y));
            if (i == j || crossSourceOnly && profiles.get(i).source().equals(profiles.get(j).source())) {
              continue;
            }
            if (size == pairs.length) {
              pairs = Arrays.copyOf(pairs, size * 2);
            }
            pairs[size++] = (long) i << 32 | j;
          }
        }
      }
      pairsByKey.put(key.name(), size - before);
    }
    Arrays.sort(pairs, 0, size);
    int unique = 0;
    for (int k = 0; k < size; k++) {
      if (unique == 0 || pairs[unique - 1] != pairs[k]) {
        pairs[unique++] = pairs[k];
      }
    }
    return Arrays.copyOf(pairs, unique);
  }

  /** The homophone key of the full name, in its own and in swapped order, with the birth year: 张伟, 張偉, 章炜 and "Wei Zhang" meet. */
  private static List<String> homophoneAndYear(Profile p) {
    if (p.birthDate() == null || p.nameKeys().isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>(2);
    for (String key : p.nameKeys()) {
      out.add(key + "|" + p.birthDate().getYear());
    }
    return out;
  }

  private static String unordered(String a, String b) {
    return a.compareTo(b) <= 0 ? a + "|" + b : b + "|" + a;
  }

  /**
   * Whole identifiers, or their halves (so one typo still meets the record). Halves of resident IDs
   * are not keys: a valid resident ID is never one typo from the same person's (a typo fails the
   * checksum and the number is not used), and two different valid ones are different persons by
   * rule, so those blocks only ever held pairs that cannot link. On Chinese data they were 13 M of
   * 14.6 M compared pairs: region code + birth decade is a huge block. Halves are typed: a health
   * card half does not meet a passport half.
   */
  private static List<String> identifiers(Profile p, boolean halves) {
    List<String> out = new ArrayList<>(4);
    if (!halves) {
      for (String id : new String[] {p.residentId(), p.healthCard(), p.otherId()}) {
        if (id != null) {
          out.add(id);
        }
      }
      return out;
    }
    addHalves(out, "card", p.healthCard());
    addHalves(out, p.otherIdType() == null ? "" : p.otherIdType().name(), p.otherId());
    return out;
  }

  private static void addHalves(List<String> out, String type, String id) {
    if (id != null && id.length() >= 4) {
      out.add(type + "<" + id.substring(0, id.length() / 2));
      out.add(type + ">" + id.substring(id.length() / 2));
    }
  }

  /** The numbers in the address (house number, postcode), in order, with the family name's first letter. */
  private static List<String> addressNumbers(Profile p) {
    TreeSet<String> numbers = new TreeSet<>();
    for (String token : p.addressTokens()) {
      if (Character.isDigit(token.charAt(0))) {
        numbers.add(token);
      }
    }
    String family = p.familyPinyin() != null ? p.familyPinyin() : p.family();
    if (numbers.size() < 2 || family == null) {
      return List.of();
    }
    return List.of(family.charAt(0) + "|" + String.join(" ", numbers));
  }
}
