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
          "Group");

  private ResourceTypes() {}
}
