package org.hutong.identity.internal.synth;

import java.time.LocalDate;

/**
 * The truth about one synthetic resident, before any source writes it down.
 *
 * @param family family name; empty for an ethnic-minority name
 * @param given given name, or the whole dotted minority name
 * @param healthCard the electronic health card number
 * @param passport a passport number, recorded by sources that take passports
 */
record Person(
    String id,
    String family,
    String given,
    boolean male,
    LocalDate birth,
    String residentId,
    String healthCard,
    String passport,
    String phone,
    Beijing.District district,
    String address) {

  boolean minority() {
    return family.isEmpty();
  }
}
