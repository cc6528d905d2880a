package org.hutong.identity.internal.match;

import java.time.LocalDate;
import java.util.List;
import org.hutong.identity.IdType;
import org.hutong.identity.PersonRecord;
import org.hutong.identity.ResidentId;
import org.hutong.identity.Sex;
import org.hutong.identity.internal.compare.Folding;
import org.hutong.identity.internal.compare.PhoneticKey;
import org.hutong.identity.internal.names.ChineseName;
import org.hutong.identity.internal.names.ChineseNames;

/**
 * A record folded once into the forms the comparators and blocking keys use. Identifiers that
 * failed validation, or a resident ID that contradicts the record's sex or birth date, are left
 * out: no link is ever made on them.
 *
 * @param family the family name folded: simplified characters when written in Chinese, else letters in lower case
 * @param familyKey what the family name sounds like: its toneless pinyin for a Chinese name, Soundex otherwise
 * @param familyPinyin toneless pinyin of the family name run together ("ouyang"), or {@code null}
 * @param han whether the name is written (partly) in Chinese characters: names are then compared by
 *     characters, then by pinyin, so 张伟, 張偉, 章炜 and "Zhang Wei" meet
 * @param chineseName whether the name is Chinese: written in characters, or pinyin with a common
 *     Chinese family name ("Zhang Xiaoming"); such names are few, so agreeing on one proves less
 * @param nameKeys homophone keys of the full name, its own order first and then swapped ({@link ChineseName#keys()})
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
    String familyPinyin,
    String givenPinyin,
    boolean han,
    boolean chineseName,
    List<String> nameKeys,
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
    // Runaway values stay missing: only what passed folding is read as a name.
    ChineseName name = ChineseNames.parse(family == null ? null : record.familyName(), given == null ? null : record.givenName());
    boolean han = name.script() == ChineseName.Script.HAN || name.script() == ChineseName.Script.MIXED;
    boolean oneField = family == null != (given == null);
    if (han || oneField && splittable(record, name)) {
      // Simplified characters; a full name recorded in one field ("Pan Min", "潘敏") split into family and given.
      family = Folding.name(name.family());
      given = Folding.name(name.given());
    }
    String familyPinyin = family == null ? null : pinyin(name.familyPinyin());
    String givenPinyin = given == null ? null : pinyin(name.givenPinyin());
    String id = Folding.identifier(record.idNumber());
    String residentId = null;
    ResidentId fromId = null;
    String healthCard = null;
    IdType otherType = null;
    String other = null;
    if (id != null && record.idType() == IdType.RESIDENT_ID) {
      if (ResidentId.validate(id, today) instanceof ResidentId.Valid(ResidentId valid)
          && valid.agreesWith(record.sex(), record.birthDate())) {
        residentId = valid.value();
        fromId = valid;
      }
    } else if (id != null && record.idType() == IdType.HEALTH_CARD) {
      healthCard = id;
    } else if (id != null) {
      otherType = record.idType() == null ? IdType.OTHER : record.idType();
      other = id;
    }
    // A valid resident ID carries the birth date and sex: a record that left them out still has them.
    LocalDate birthDate = record.birthDate();
    Sex sex = record.sex();
    if (fromId != null) {
      birthDate = birthDate == null ? fromId.birthDate() : birthDate;
      sex = sex == null || sex == Sex.UNKNOWN ? fromId.sex() : sex;
    }
    return new Profile(
        index,
        record.source(),
        family,
        given,
        han ? familyPinyin : PhoneticKey.of(family),
        han ? givenPinyin : PhoneticKey.of(given),
        familyPinyin,
        givenPinyin,
        han,
        han || ChineseNames.isCommonSurname(familyPinyin) && ChineseNames.isPinyin(givenPinyin),
        List.copyOf(name.keys()),
        sex,
        birthDate,
        Folding.phone(record.phone()),
        addressTokens(record.address()),
        residentId,
        healthCard,
        otherType,
        other);
  }

  /** This profile at another position in a list. */
  Profile at(int newIndex) {
    return new Profile(newIndex, source, family, given, familyKey, givenKey, familyPinyin, givenPinyin, han, chineseName, nameKeys, sex,
        birthDate, phone, addressTokens, residentId, healthCard, otherIdType, otherId);
  }

  /**
   * A romanised full name in one field and nothing in the other, split into family and given:
   * words apart ("Pan Min", "Zhang, Wei"), or one word that is pinyin starting with a common
   * family name ("shutaowei"). Other single words (a Western name missing its other half) stay whole.
   */
  private static boolean splittable(PersonRecord record, ChineseName name) {
    String whole = record.familyName() == null || record.familyName().isBlank() ? record.givenName() : record.familyName();
    if (whole == null || name.family().isEmpty() || name.given().isEmpty()) {
      return false;
    }
    return whole.strip().matches(".*[ ,].*") || ChineseNames.isCommonSurname(name.familyPinyin().replace(" ", ""));
  }

  /**
   * The address's tokens, words that may be misspelt first (in their order), then the tokens that
   * can only agree exactly, sorted: {@link PairComparator#address} then intersects them without sorting.
   */
  private static List<String> addressTokens(String address) {
    return List.copyOf(PairComparator.canonicalAddress(Folding.addressTokens(address)));
  }

  private static String pinyin(String syllables) {
    String joined = syllables.replace(" ", "");
    return joined.isEmpty() ? null : joined;
  }
}
