package org.hutong.identity;

import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hutong.platform.NamingSystems;

/** A {@link PersonRecord} as an institution would send it: a FHIR Patient (synthetic data, benchmarks, the demo region). */
public final class FhirPatients {

  /** Systems for identifiers other than the resident ID and health card (synthetic records only). */
  public static final String PASSPORT = "https://hutong.org/fhir/sid/synthetic-passport";

  public static final String OTHER_ID = "https://hutong.org/fhir/sid/synthetic-other-id";

  private FhirPatients() {}

  public static Patient of(PersonRecord r) {
    Patient p = new Patient();
    if (r.familyName() != null || r.givenName() != null) {
      var name = p.addName().setFamily(r.familyName());
      if (r.givenName() != null) {
        name.addGiven(r.givenName());
      }
    }
    p.setGender(switch (r.sex()) {
      case MALE -> AdministrativeGender.MALE;
      case FEMALE -> AdministrativeGender.FEMALE;
      case UNKNOWN -> AdministrativeGender.UNKNOWN;
    });
    if (r.birthDate() != null) {
      p.setBirthDateElement(new DateType(r.birthDate().getYear(), r.birthDate().getMonthValue() - 1, r.birthDate().getDayOfMonth()));
    }
    if (r.idNumber() != null && r.idType() != null) {
      String system = switch (r.idType()) {
        case RESIDENT_ID -> NamingSystems.RESIDENT_ID;
        case HEALTH_CARD -> NamingSystems.HEALTH_CARD;
        case PASSPORT -> PASSPORT;
        case OTHER -> OTHER_ID;
      };
      p.addIdentifier(new Identifier().setSystem(system).setValue(r.idNumber()));
    }
    if (r.phone() != null) {
      p.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(r.phone());
    }
    if (r.address() != null) {
      p.addAddress().setText(r.address());
    }
    return p;
  }
}
