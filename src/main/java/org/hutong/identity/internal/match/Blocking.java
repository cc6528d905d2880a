package org.hutong.identity.internal.match;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Chooses the pairs worth comparing: records that share at least one blocking key. Several keys,
 * each robust to a different error, keep recall high: a typo in the family name still meets on
 * given name + birth date, a wrong birth date still meets on the phone or on both names.
 * Blocks larger than {@code maxBlockSize} are not compared whole but by a window sliding over the
 * block in the key's order (sorted neighbourhood), so their cost grows with the number of records,
 * not its square; only absurdly large ones (a placeholder value) are skipped, and counted.
 */
final class Blocking {

  /**
   * A named blocking key; a profile may have several values (or none) for one key. {@code order}
   * sorts a block too large to compare whole (see {@link #window}): by what the key leaves out.
   * {@code identifying}: the value names one person or household (a phone, an identifier).
   */
  record Key(String name, Function<Profile, List<String>> values, Comparator<Profile> order, boolean identifying) {

    /** Birth date, family name sound, given name sound (missing values last). */
    static final Comparator<Profile> BY_BIRTH_DATE_AND_NAMES = Comparator
        .comparing(Profile::birthDate, Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(Profile::familyKey, Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(Profile::givenKey, Comparator.nullsLast(Comparator.naturalOrder()));

    /** A key whose oversized blocks are sorted by birth date and names. */
    Key(String name, Function<Profile, List<String>> values) {
      this(name, values, BY_BIRTH_DATE_AND_NAMES, false);
    }

    /** A key whose oversized blocks are sorted by {@code order}. */
    Key(String name, Function<Profile, List<String>> values, Comparator<Profile> order) {
      this(name, values, order, false);
    }
  }

  /** Blocks larger than this many times {@code maxBlockSize} are skipped: a value that common (a placeholder) says nothing. */
  static final int OVERSIZED = 100;

  /**
   * An {@linkplain Key#identifying identifying} key's blocks are compared whole up to this many
   * times {@code maxBlockSize}: such a block is one person's many records (a patient with hundreds
   * of visits) or a household, nearly every pair a true one, and a window would keep only a chain of them.
   */
  static final int IDENTIFYING = 10;

  static final Key BIRTH_DATE = new Key("birth-date", p -> p.birthDate() == null ? List.of() : List.of(p.birthDate().toString()),
      Comparator.comparing(Profile::familyKey, Comparator.nullsLast(Comparator.<String>naturalOrder()))
          .thenComparing(Profile::givenKey, Comparator.nullsLast(Comparator.naturalOrder())));
  static final Key BOTH_NAMES = new Key("both-names-sound", p -> p.familyKey() == null || p.givenKey() == null
      ? List.of() : List.of(unordered(p.familyKey(), p.givenKey())));

  static final Key HOMOPHONE_AND_YEAR = new Key("name-homophone+birth-year", Blocking::homophoneAndYear);
  static final Key IDENTIFIER_HALVES = new Key("identifier-halves", p -> identifiers(p, true));

  static final List<Key> KEYS = List.of(
      // Year and month, not the year alone: with a common family name the year made blocks of a
      // thousand at 1,000,000 records (132 M pairs), for a handful of pairs no other key finds.
      new Key("family-sound+birth-month", p -> p.familyKey() == null || p.birthDate() == null
          ? List.of() : List.of(p.familyKey() + "|" + p.birthDate().getYear() + "-" + p.birthDate().getMonthValue())),
      new Key("given-sound+birth-date", p -> p.givenKey() == null || p.birthDate() == null
          ? List.of() : List.of(p.givenKey() + "|" + p.birthDate())),
      BOTH_NAMES,
      HOMOPHONE_AND_YEAR,
      BIRTH_DATE,
      new Key("phone", p -> p.phone() == null ? List.of() : List.of(p.phone()), Key.BY_BIRTH_DATE_AND_NAMES, true),
      new Key("identifier", p -> identifiers(p, false), Key.BY_BIRTH_DATE_AND_NAMES, true),
      IDENTIFIER_HALVES,
      new Key("address-numbers+family-initial", Blocking::addressNumbers));

  private final int maxBlockSize;
  private final boolean crossSourceOnly;
  final Map<String, Long> pairsByKey = new HashMap<>();
  long skippedBlocks;
  /** Blocks compared by sorted windows rather than whole. */
  long windowedBlocks;

  Blocking(int maxBlockSize, boolean crossSourceOnly) {
    this.maxBlockSize = maxBlockSize;
    this.crossSourceOnly = crossSourceOnly;
  }

  /** The candidate pairs, each {@code i << 32 | j} with i < j, sorted and without repeats. */
  long[] candidates(List<Profile> profiles) {
    return candidates(profiles, KEYS);
  }

  /** The pairs that share one of {@code keys}; the keys are worked through in parallel. */
  long[] candidates(List<Profile> profiles, List<Key> keys) {
    List<PairBuffer> perKey = keys.parallelStream().map(key -> pairs(profiles, key)).toList();
    long total = 0;
    for (int k = 0; k < keys.size(); k++) {
      PairBuffer buffer = perKey.get(k);
      pairsByKey.merge(keys.get(k).name(), (long) buffer.size, Long::sum);
      skippedBlocks += buffer.skippedBlocks;
      windowedBlocks += buffer.windowedBlocks;
      total += buffer.size;
    }
    long[] pairs = new long[Math.toIntExact(total)];
    int size = 0;
    for (PairBuffer buffer : perKey) {
      System.arraycopy(buffer.pairs, 0, pairs, size, buffer.size);
      size += buffer.size;
    }
    Arrays.parallelSort(pairs);
    int unique = 0;
    for (int k = 0; k < size; k++) {
      if (unique == 0 || pairs[unique - 1] != pairs[k]) {
        pairs[unique++] = pairs[k];
      }
    }
    return unique == pairs.length ? pairs : Arrays.copyOf(pairs, unique);
  }

  /** The pairs of one key: whole blocks up to {@code maxBlockSize} records, sorted windows over larger ones. */
  private PairBuffer pairs(List<Profile> profiles, Key key) {
    Map<String, IntList> blocks = new HashMap<>();
    for (Profile profile : profiles) {
      for (String value : key.values().apply(profile)) {
        blocks.computeIfAbsent(value, k -> new IntList()).add(profile.index());
      }
    }
    PairBuffer out = new PairBuffer();
    for (IntList block : blocks.values()) {
      if (block.size < 2) {
        continue;
      }
      if (block.size > maxBlockSize * OVERSIZED) {
        out.skippedBlocks++;
      } else if (block.size > maxBlockSize * (key.identifying() ? IDENTIFYING : 1)) {
        window(profiles, key, block, out);
      } else {
        for (int x = 0; x < block.size; x++) {
          for (int y = x + 1; y < block.size; y++) {
            out.add(profiles, block.values[x], block.values[y], crossSourceOnly);
          }
        }
      }
    }
    return out;
  }

  /**
   * Sorted neighbourhood inside a block too large to compare whole: the block's records in the
   * key's order (what the key leaves out: birth date, the other name, ...), each compared with the
   * next {@code maxBlockSize / 2} records. A block of n records costs n × maxBlockSize / 2 pairs
   * instead of n² / 2, about what a block of maxBlockSize records costs; pairs that agree on what
   * the block is sorted by stay together.
   */
  private void window(List<Profile> profiles, Key key, IntList block, PairBuffer out) {
    Integer[] members = new Integer[block.size];
    for (int x = 0; x < block.size; x++) {
      members[x] = block.values[x];
    }
    Arrays.sort(members, (x, y) -> {
      int c = key.order().compare(profiles.get(x), profiles.get(y));
      return c != 0 ? c : Integer.compare(x, y);
    });
    int width = Math.max(1, maxBlockSize / 2);
    for (int x = 0; x < members.length; x++) {
      for (int y = x + 1; y < members.length && y <= x + width; y++) {
        out.add(profiles, members[x], members[y], crossSourceOnly);
      }
    }
    out.windowedBlocks++;
  }

  /** A growing list of record positions, without boxing. */
  private static final class IntList {
    int[] values = new int[2];
    int size;

    void add(int value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }
  }

  /** A growing list of pairs {@code i << 32 | j} (i < j). */
  private static final class PairBuffer {
    long[] pairs = new long[1024];
    int size;
    long skippedBlocks;
    long windowedBlocks;

    void add(List<Profile> profiles, int a, int b, boolean crossSourceOnly) {
      int i = Math.min(a, b);
      int j = Math.max(a, b);
      if (i == j || crossSourceOnly && profiles.get(i).source().equals(profiles.get(j).source())) {
        return;
      }
      if (size == pairs.length) {
        pairs = Arrays.copyOf(pairs, Math.toIntExact(Math.min(Integer.MAX_VALUE - 8, (long) size * 2)));
      }
      pairs[size++] = (long) i << 32 | j;
    }
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
