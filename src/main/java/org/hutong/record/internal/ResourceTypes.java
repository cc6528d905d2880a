package org.hutong.record.internal;

import java.util.List;

/** The resource types the repository stores and searches. */
public final class ResourceTypes {

  /**
   * What a Synthea patient bundle contains, MHD's List/DocumentReference/Binary, the directory
   * (mCSD) types, and the workflow types later modules build on.
   */
  public static final List<String> STORED =
      List.of(
          "Patient", "Practitioner", "PractitionerRole", "Organization", "Location",
          "HealthcareService", "Endpoint", "RelatedPerson", "Encounter", "Condition",
          "Observation", "DiagnosticReport", "Procedure", "MedicationRequest", "Medication",
          "MedicationAdministration", "MedicationDispense", "MedicationStatement", "Immunization",
          "AllergyIntolerance", "CarePlan", "CareTeam", "Goal", "DocumentReference", "Composition",
          "ImagingStudy", "Device", "Claim", "ExplanationOfBenefit", "Coverage", "Provenance",
          "SupplyDelivery", "List", "Binary", "ServiceRequest", "Specimen", "FamilyMemberHistory",
          "Appointment", "Schedule", "Slot", "Questionnaire", "QuestionnaireResponse", "Consent",
          "Group", "MeasureReport");

  /** A logical resource id, as FHIR allows it: 1–64 of A-Z a-z 0-9 - . (a regular expression, for use inside others). */
  public static final String ID = "[A-Za-z0-9\\-.]{1,64}";

  private static final java.util.regex.Pattern ID_PATTERN = java.util.regex.Pattern.compile(ID);

  /** Whether the text is a valid logical resource id. */
  public static boolean isId(String text) {
    return text != null && ID_PATTERN.matcher(text).matches();
  }

  private ResourceTypes() {}
}
