package org.hutong.identity.internal.index;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.hutong.identity.Finding;
import org.hutong.identity.IdType;
import org.hutong.identity.PersonRecord;
import org.hutong.identity.ResidentId;
import org.hutong.identity.Sex;
import org.hutong.platform.NamingSystems;

/**
 * A FHIR Patient as the matcher sees it. What fails validation (an ID number with a wrong check
 * character, a birth date in the future, a 5,000-character name) becomes missing and leaves a
 * finding: the record is still stored and linked, but never on that field.
 */
final class PatientRecords {

  /** Longer values are kept out of matching. */
  static final int MAX_VALUE_LENGTH = 200;

  private PatientRecords() {}

  static PersonRecord of(String patientId, Patient patient, String source, LocalDate today) {
    List<Finding> findings = new ArrayList<>();
    HumanName name = name(patient);
    String family = null;
    String given = null;
    if (name != null) {
      family = text(name.getFamily(), "name.family", findings);
      given = text(name.getGiven().stream().map(StringType::getValue).filter(v -> v != null).collect(Collectors.joining(" ")),
          "name.given", findings);
      if (family == null && given == null) {
        family = text(name.getText(), "name.text", findings); // a whole name in one field is split by the matcher
      }
    }
    if (family == null && given == null) {
      findings.add(new Finding("name", "missing", "no name"));
    }
    Sex sex = patient.getGender() == AdministrativeGender.MALE ? Sex.MALE
        : patient.getGender() == AdministrativeGender.FEMALE ? Sex.FEMALE : Sex.UNKNOWN;
    LocalDate birth = birthDate(patient, today, findings);
    IdType idType = null;
    String idNumber = null;
    Identifier chosen = identifier(patient, today, sex, birth, findings);
    if (chosen != null) {
      idType = typeOf(chosen);
      idNumber = text(chosen.getValue(), "identifier", findings);
    }
    String phone = patient.getTelecom().stream()
        .filter(t -> t.getSystem() == ContactPoint.ContactPointSystem.PHONE && t.hasValue())
        .map(ContactPoint::getValue).findFirst().map(v -> text(v, "telecom", findings)).orElse(null);
    String address = patient.getAddress().stream().findFirst().map(a -> text(address(a), "address", findings)).orElse(null);
    return new PersonRecord(patientId, source, family, given, sex, birth, idType, idNumber, phone, address, findings);
  }

  /** The official name, else the usual one, else the first that is not old. */
  private static HumanName name(Patient patient) {
    HumanName fallback = null;
    for (HumanName n : patient.getName()) {
      if (n.getUse() == HumanName.NameUse.OFFICIAL) {
        return n;
      }
      if (n.getUse() != HumanName.NameUse.OLD && (fallback == null || n.getUse() == HumanName.NameUse.USUAL)) {
        fallback = n;
      }
    }
    return fallback;
  }

  private static LocalDate birthDate(Patient patient, LocalDate today, List<Finding> findings) {
    if (!patient.hasBirthDateElement() || patient.getBirthDateElement().getValue() == null) {
      return null;
    }
    if (patient.getBirthDateElement().getPrecision() != ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY) {
      findings.add(new Finding("birthDate", "partial-date", "only a year or month is known"));
      return null;
    }
    // DateType holds a local date at midnight in the JVM's zone: read its fields, not the instant.
    LocalDate date = LocalDate.of(patient.getBirthDateElement().getYear(), patient.getBirthDateElement().getMonth() + 1,
        patient.getBirthDateElement().getDay());
    if (date.isAfter(today) || date.getYear() < 1850) {
      findings.add(new Finding("birthDate", "date-out-of-range", "in the future or before 1850"));
      return null;
    }
    return date;
  }

  /**
   * The identifier matching can rely on most: a valid resident ID that agrees with the record, else a
   * health card, else a passport, else any other. An invalid resident ID is a finding, not an identity.
   */
  private static Identifier identifier(Patient patient, LocalDate today, Sex sex, LocalDate birth, List<Finding> findings) {
    Identifier card = null;
    Identifier passport = null;
    Identifier other = null;
    for (Identifier id : patient.getIdentifier()) {
      if (!id.hasValue() || id.getValue().isBlank()) {
        continue;
      }
      if (NamingSystems.RESIDENT_ID.equals(id.getSystem())) {
        switch (ResidentId.validate(id.getValue(), today)) {
          case ResidentId.Valid(ResidentId valid) when valid.agreesWith(sex, birth) -> {
            return id;
          }
          case ResidentId.Valid valid -> findings.add(new Finding("identifier", "resident-id-disagrees",
              "the resident ID's sex or birth date differs from the record's"));
          case ResidentId.Invalid(Finding finding) -> findings.add(new Finding("identifier", finding.rule(), "resident ID: " + finding.rule()));
        }
      } else if (NamingSystems.HEALTH_CARD.equals(id.getSystem())) {
        card = card == null ? id : card;
      } else if (typeOf(id) == IdType.PASSPORT) {
        passport = passport == null ? id : passport;
      } else if (other == null) {
        other = id;
      }
    }
    return card != null ? card : passport != null ? passport : other;
  }

  private static IdType typeOf(Identifier id) {
    if (NamingSystems.RESIDENT_ID.equals(id.getSystem())) {
      return IdType.RESIDENT_ID;
    }
    if (NamingSystems.HEALTH_CARD.equals(id.getSystem())) {
      return IdType.HEALTH_CARD;
    }
    boolean passport = id.getType().getCoding().stream().anyMatch(c -> "PPN".equals(c.getCode()))
        || id.getSystem() != null && id.getSystem().contains("passport");
    return passport ? IdType.PASSPORT : IdType.OTHER;
  }

  private static String address(Address a) {
    if (a.hasText()) {
      return a.getText();
    }
    List<String> parts = new ArrayList<>();
    a.getLine().forEach(l -> parts.add(l.getValue()));
    for (String part : new String[] {a.getDistrict(), a.getCity(), a.getState(), a.getPostalCode()}) {
      parts.add(part);
    }
    return parts.stream().filter(p -> p != null && !p.isBlank()).collect(Collectors.joining(" "));
  }

  private static String text(String raw, String field, List<Finding> findings) {
    return org.hutong.identity.internal.evaluation.Values.text(raw, field, findings, MAX_VALUE_LENGTH);
  }

}
