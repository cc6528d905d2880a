package org.hutong.identity;

import java.time.LocalDate;
import java.util.List;

/**
 * One record of a person as an institution holds it, as the matcher sees it. Missing values are
 * {@code null} (sex: {@link Sex#UNKNOWN}); a value that failed validation is missing too, and
 * {@code findings} says why.
 *
 * @param recordId the record's identifier in its source
 * @param source the institution or file the record came from ({@code ""} when not known)
 * @param familyName family name (姓), as written
 * @param givenName given name (名), as written
 * @param sex administrative sex
 * @param birthDate date of birth, or {@code null}
 * @param idType kind of {@code idNumber}, or {@code null}
 * @param idNumber identifier, or {@code null}
 * @param phone phone number as written, or {@code null}
 * @param address free-text address, or {@code null}
 * @param findings data-quality findings raised while reading the record
 */
public record PersonRecord(
    String recordId,
    String source,
    String familyName,
    String givenName,
    Sex sex,
    LocalDate birthDate,
    IdType idType,
    String idNumber,
    String phone,
    String address,
    List<Finding> findings) {

  public PersonRecord {
    source = source == null ? "" : source;
    sex = sex == null ? Sex.UNKNOWN : sex;
    findings = List.copyOf(findings);
  }
}
