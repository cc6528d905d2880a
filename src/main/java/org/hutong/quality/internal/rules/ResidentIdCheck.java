package org.hutong.quality.internal.rules;

import java.time.Instant;
import java.time.ZoneId;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hutong.identity.ResidentId;
import org.hutong.platform.NamingSystems;

/**
 * {@code resident-id}: every Patient identifier of the resident-ID system is a valid GB 11643
 * number (length, digits, ISO 7064 check character, region, birth date). The detail is the rule
 * the number broke, never the number.
 */
record ResidentIdCheck(ZoneId zone) implements Check {

  @Override
  public void check(Resource resource, Instant stored, Problems problems) {
    if (!(resource instanceof Patient patient)) {
      return;
    }
    for (Identifier identifier : patient.getIdentifier()) {
      if (NamingSystems.RESIDENT_ID.equals(identifier.getSystem())
          && ResidentId.validate(identifier.getValue(), stored.atZone(zone).toLocalDate()) instanceof ResidentId.Invalid invalid) {
        problems.add("Patient.identifier", invalid.finding().rule());
      }
    }
  }

  /** The valid resident ID of a Patient, or null. */
  static ResidentId valid(Patient patient, java.time.LocalDate today) {
    for (Identifier identifier : patient.getIdentifier()) {
      if (NamingSystems.RESIDENT_ID.equals(identifier.getSystem())
          && ResidentId.validate(identifier.getValue(), today) instanceof ResidentId.Valid valid) {
        return valid.id();
      }
    }
    return null;
  }
}
