package org.hutong.identity.internal.match;

/**
 * The compared fields and how many agreement levels each has (level 0 = disagree, the highest =
 * exact). A pair's comparison vector packs one level per field, three bits each; {@link #MISSING}
 * means "not comparable" and contributes nothing to the weight.
 */
enum Field {
  FAMILY_NAME(4),
  GIVEN_NAME(4),
  SEX(2),
  BIRTH_DATE(4),
  PHONE(3),
  ADDRESS(4),
  IDENTIFIER(3);

  static final int MISSING = 7;
  static final Field[] ALL = values();

  final int levels;

  Field(int levels) {
    this.levels = levels;
  }

  int exact() {
    return levels - 1;
  }

  int levelIn(int vector) {
    return (vector >>> (3 * ordinal())) & 7;
  }

  int into(int vector, int level) {
    return vector & ~(7 << (3 * ordinal())) | level << (3 * ordinal());
  }
}
