package org.hutong.identity.internal.match;

import java.time.LocalDate;
import java.util.List;
import org.hutong.identity.IdType;
import org.hutong.identity.PersonRecord;
import org.hutong.identity.ResidentId;
import org.hutong.identity.Sex;
import org.hutong.identity.internal.compare.Folding;
import org.hutong.identity.internal.compare.PhoneticKey;

/**
 * A record folded once into the forms the comparators and blocking keys use. Identifiers that
 * failed validation, or a resident ID that contradicts the record's sex or birth date, are left
 * out: no link is ever made on them.
 *
 * @param residentId a valid resident ID that agrees with the record, or {@code null}
 * @param healthCard a health card number, or {@code null}
 * @param otherIdType the type of any other identifier ({@code otherId}), or {@code null}
 */
record Profile(
    int index,
    String source,
    String family,
    String given,
    String familyKey,
    String givenKey,
    Sex sex,
    LocalDate birthDate,
    String phone,
    List<String> addressTokens,
    String residentId,
    String healthCard,
    IdType otherIdType,
    String otherId) {

  static Profile of(int index, PersonRecord record, LocalDate today) {
    String family = Folding.name(record.familyName());
    String given = Folding.name(record.givenName());
    String id = Folding.identifier(record.idNumber());
    String residentId = null;
    String healthCard = null;
    IdType otherType = null;
    String other = null;
    if (id != null && record.idType() == IdType.RESIDENT_ID) {
      if (ResidentId.validate(id, today) instanceof ResidentId.Valid(ResidentId valid)
          && valid.agreesWith(record.sex(), record.birthDate())) {
        residentId = valid.value();
      }
    } else if (id != null && record.idType() == IdType.HEALTH_CARD) {
      healthCard = id;
    } else if (id != null) {
      otherType = record.idType() == null ? IdType.OTHER : record.idType();
      other = id;
    }
    return new Profile(
        index,
        record.source(),
        family,
        given,
        PhoneticKey.of(family),
        PhoneticKey.of(given),
        record.sex(),
        record.birthDate(),
        Folding.phone(record.phone()),
        List.copyOf(Folding.addressTokens(record.address())),
        residentId,
        healthCard,
        otherType,
        other);
  }
}
