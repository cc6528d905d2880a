/**
 * Intake of HL7 v2 feeds over MLLP: every message is archived, mapped to FHIR and stored through
 * the same path as a FHIR transaction ({@link org.hutong.record.ClinicalRecords}), and acknowledged
 * only after it is committed.
 */
@org.springframework.modulith.ApplicationModule(displayName = "HL7 v2 intake")
package org.hutong.intake;
