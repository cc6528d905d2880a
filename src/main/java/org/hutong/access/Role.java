package org.hutong.access;

import java.util.Arrays;

/**
 * What a person or system is to the platform. The role decides which patients' records are
 * visible ({@link Caller#visibility()}); scopes decide which resource types and interactions.
 */
public enum Role {
  /** A resident: sees their own record (and family members they are authorised for). */
  RESIDENT("resident", "*/*.rs */Consent.cruds"),
  /** A doctor or nurse: patients in care at their institution; others' records as consent allows. */
  CLINICIAN("clinician", "*/*.cruds"),
  /** A pharmacist: like a clinician, limited by scope to medication-related data. */
  PHARMACIST(
      "pharmacist",
      "*/Medication.cruds */MedicationRequest.cruds */MedicationDispense.cruds */MedicationStatement.cruds"
          + " */MedicationAdministration.cruds */Patient.rs */AllergyIntolerance.rs */Condition.rs */Observation.rs"
          + " */Encounter.rs */Practitioner.rs */PractitionerRole.rs */Organization.rs */Location.rs"),
  /** CDC and public-health staff: region-wide, for reportable data, by law not subject to consent. */
  PUBLIC_HEALTH_OFFICER("public-health-officer", "*/*.rs"),
  /** The health commission: the audit trail and non-personal data; no clinical records. */
  REGULATOR(
      "regulator",
      "*/AuditEvent.rs */Organization.rs */Practitioner.rs */PractitionerRole.rs */Location.rs */MeasureReport.rs"),
  /** A hospital, clinic or lab system: reads like a clinician of its institution, writes its own data. */
  INSTITUTION_SYSTEM("institution-system", "*/*.cruds"),
  /** Platform operators: everything, always audited. */
  ADMINISTRATOR("administrator", "*/*.cruds");

  private final String code;
  private final String ceiling;

  Role(String code, String ceiling) {
    this.code = code;
    this.ceiling = ceiling;
  }

  /**
   * The most this role may ever do, whatever scopes a token carries: least privilege holds even for
   * a client registered with too wide a scope.
   */
  public boolean allows(String resourceType, Interaction interaction) {
    for (String grant : ceiling.split(" ")) {
      String type = grant.substring(2, grant.indexOf('.'));
      if ((type.equals("*") || type.equals(resourceType)) && grant.indexOf(interaction.letter(), grant.indexOf('.')) > 0) {
        return true;
      }
    }
    return false;
  }

  /** The code used in tokens and on the command line, e.g. {@code public-health-officer}. */
  public String code() {
    return code;
  }

  /** The role with this code; throws {@link IllegalArgumentException} naming the valid codes. */
  public static Role of(String code) {
    for (Role role : values()) {
      if (role.code.equals(code)) {
        return role;
      }
    }
    throw new IllegalArgumentException(
        "Unknown role '" + code + "'; one of " + Arrays.stream(values()).map(Role::code).toList());
  }
}
