package org.hutong.access;

/**
 * Protection of personal identifiers at rest: resident ID numbers and phone numbers are sealed
 * with SM4 in an authenticated mode before they are stored, and found again through a keyed SM3
 * (HMAC) blind index, so exact lookup works without the clear value ever being stored.
 */
public interface PersonalIdentifiers {

  /** Whether identifiers of this system (or telecom of this kind, e.g. {@code phone}) are protected. */
  boolean protects(String system);

  /** The sealed form of a value: printable, JSON-safe, with the id of the key that sealed it. */
  String seal(String value);

  /** Whether a stored string is a sealed value. */
  boolean isSealed(String stored);

  /** The clear value of a sealed one; throws when it was altered or its key is unknown. */
  String open(String sealed);

  /** The blind index of a value of the system: the same value always gives the same index. */
  String blindIndex(String system, String value);
}
