package org.hutong.quality.internal.rules;

import java.time.Instant;
import java.time.ZoneId;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hutong.identity.ResidentId;
import org.hutong.identity.Sex;

/**
 * {@code id-consistency}: a Patient's {@code gender} or {@code birthDate} (the {@code compare}
 * parameter) agrees with what its valid resident ID carries (digits 7–14 the birth date, the 17th
 * odd for men). Missing values and invalid numbers are other rules' business.
 */
record IdConsistency(String compare, ZoneId zone) implements Check {

  IdConsistency {
    if (!compare.equals("gender") && !compare.equals("birthDate")) {
      throw new IllegalArgumentException("id-consistency compares gender or birthDate, not " + compare);
    }
  }

  @Override
  public void check(Resource resource, Instant stored, Problems problems) {
    if (!(resource instanceof Patient patient)) {
      return;
    }
    ResidentId id = ResidentIdCheck.valid(patient, stored.atZone(zone).toLocalDate());
    if (id == null) {
      return;
    }
    if (compare.equals("gender")) {
      AdministrativeGender gender = patient.getGender();
      Sex recorded = gender == AdministrativeGender.MALE ? Sex.MALE : gender == AdministrativeGender.FEMALE ? Sex.FEMALE : null;
      if (recorded != null && recorded != id.sex()) {
        problems.add("Patient.gender", "gender disagrees with the resident ID");
      }
    } else if (patient.hasBirthDate()
        && patient.getBirthDateElement().getPrecision() == ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY
        && !java.time.LocalDate.of(
                patient.getBirthDateElement().getYear(), patient.getBirthDateElement().getMonth() + 1, patient.getBirthDateElement().getDay())
            .equals(id.birthDate())) {
      problems.add("Patient.birthDate", "birth date disagrees with the resident ID");
    }
  }
}
