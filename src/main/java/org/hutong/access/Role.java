package org.hutong.access;

import java.util.Arrays;

/**
 * What a person or system is to the platform. The role decides which patients' records are
 * visible ({@link Caller#visibility()}); scopes decide which resource types and interactions.
 */
public enum Role {
  /** A resident: sees their own record (and family members they are authorised for). */
  RESIDENT("resident"),
  /** A doctor or nurse: patients in care at their institution; others' records as consent allows. */
  CLINICIAN("clinician"),
  /** A pharmacist: like a clinician, limited by scope to medication-related data. */
  PHARMACIST("pharmacist"),
  /** CDC and public-health staff: region-wide, for reportable data, by law not subject to consent. */
  PUBLIC_HEALTH_OFFICER("public-health-officer"),
  /** The health commission: the audit trail and non-personal data; no clinical records. */
  REGULATOR("regulator"),
  /** A hospital, clinic or lab system: reads like a clinician of its institution, writes its own data. */
  INSTITUTION_SYSTEM("institution-system"),
  /** Platform operators: everything, always audited. */
  ADMINISTRATOR("administrator");

  private final String code;

  Role(String code) {
    this.code = code;
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
