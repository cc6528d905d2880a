package org.hutong.identity.internal.index;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.hutong.access.PersonalIdentifiers;
import org.hutong.identity.IdType;
import org.hutong.identity.PersonRecord;
import org.hutong.identity.Sex;

/**
 * A member's matching fields as stored: one SM4-GCM sealed value, so the index table holds no name,
 * number or address in the clear. Sealed under its own system, so it opens nowhere else.
 */
final class SealedProfile {

  static final String SYSTEM = "identity-member";
  private static final char SEPARATOR = '\u001f';
  private static final String NULL = "\u0000";

  private final PersonalIdentifiers vault;

  SealedProfile(PersonalIdentifiers vault) {
    this.vault = vault;
  }

  String seal(PersonRecord r) {
    String[] fields = {r.familyName(), r.givenName(), r.sex().name(), r.birthDate() == null ? null : r.birthDate().toString(),
        r.idType() == null ? null : r.idType().name(), r.idNumber(), r.phone(), r.address()};
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        text.append(SEPARATOR);
      }
      text.append(fields[i] == null ? NULL : fields[i].replace(String.valueOf(SEPARATOR), " ").replace(NULL, ""));
    }
    return vault.seal(SYSTEM, text.toString());
  }

  PersonRecord open(String patientId, String source, String sealed) {
    String[] f = vault.open(SYSTEM, sealed).split(String.valueOf(SEPARATOR), -1);
    if (f.length != 8) {
      throw new IllegalStateException("A stored identity profile has " + f.length + " fields, not 8");
    }
    return new PersonRecord(patientId, source, value(f[0]), value(f[1]), Sex.valueOf(f[2]),
        value(f[3]) == null ? null : LocalDate.parse(f[3]), value(f[4]) == null ? null : IdType.valueOf(f[4]), value(f[5]),
        value(f[6]), value(f[7]), new ArrayList<>(List.of()));
  }

  private static String value(String field) {
    return NULL.equals(field) ? null : field;
  }
}
