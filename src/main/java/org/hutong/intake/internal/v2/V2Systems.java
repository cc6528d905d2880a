package org.hutong.intake.internal.v2;

import org.hutong.platform.NamingSystems;

/**
 * The identifier and code systems HL7 v2 content is mapped into: platform-wide ones, ones per
 * sending institution (MRNs, visit and order numbers are only unique within it) and the standard
 * code systems behind the HL7 coding-system names of CE/CWE component 3.
 */
final class V2Systems {

  /** The 18-digit resident identity number (GB 11643). */
  static final String RESIDENT_ID = NamingSystems.RESIDENT_ID;

  /** The electronic health card number. */
  static final String HEALTH_CARD = NamingSystems.HEALTH_CARD;

  static final String LOINC = "http://loinc.org";
  static final String SNOMED = "http://snomed.info/sct";
  static final String CVX = "http://hl7.org/fhir/sid/cvx";
  static final String ICD10 = "http://hl7.org/fhir/sid/icd-10";
  static final String UCUM = "http://unitsofmeasure.org";
  static final String INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
  static final String ENCOUNTER_CLASS = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
  static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
  static final String DIAGNOSTIC_SERVICE = "http://terminology.hl7.org/CodeSystem/v2-0074";
  static final String CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category";

  private static final String BASE = "https://hutong.org/fhir/sid/";

  private V2Systems() {}

  /** Medical record numbers of an institution. */
  static String mrn(String organization) {
    return BASE + "mrn/" + organization;
  }

  /** Visit (encounter) numbers of an institution. */
  static String visit(String organization) {
    return BASE + "visit/" + organization;
  }

  /** Placer (ordering system) order numbers of an institution. */
  static String placerOrder(String organization) {
    return BASE + "placer-order/" + organization;
  }

  /** Filler (performing system) order numbers of an institution. */
  static String fillerOrder(String organization) {
    return BASE + "filler-order/" + organization;
  }

  /** Document numbers of an institution. */
  static String document(String organization) {
    return BASE + "document/" + organization;
  }

  /** Immunization record numbers of an institution. */
  static String immunization(String organization) {
    return BASE + "immunization/" + organization;
  }

  /** Observation identifiers of an institution ({@code {filler order}-{OBX-1}}). */
  static String observation(String organization) {
    return BASE + "observation/" + organization;
  }

  /** Diagnoses of an institution ({@code {visit}-{DG1-1}}). */
  static String condition(String organization) {
    return BASE + "condition/" + organization;
  }

  /** Staff (practitioner) numbers of an institution. */
  static String practitioner(String organization) {
    return BASE + "practitioner/" + organization;
  }

  /** The institution's own (local) codes. */
  static String localCodes(String organization) {
    return "https://hutong.org/fhir/CodeSystem/local/" + organization;
  }

  /**
   * The code system an HL7 coding-system name (CE.3, table 0396) stands for; anything not known
   * (L, 99xxx, empty) is the sender's local code system. HL7 tables ({@code HL70162}) are the
   * terminology.hl7.org v2 code systems.
   */
  static String codeSystem(String hl7Name, String organization) {
    if (hl7Name == null) {
      return localCodes(organization);
    }
    return switch (hl7Name.strip().toUpperCase(java.util.Locale.ROOT)) {
      case "LN", "LOINC" -> LOINC;
      case "SCT", "SNM", "SNOMED", "SNOMEDCT" -> SNOMED;
      case "CVX" -> CVX;
      case "I10", "ICD10", "ICD-10", "I10C" -> ICD10;
      case "UCUM" -> UCUM;
      default -> hl7Name.regionMatches(true, 0, "HL7", 0, 3) && hl7Name.strip().length() == 7
          ? "http://terminology.hl7.org/CodeSystem/v2-" + hl7Name.strip().substring(3)
          : localCodes(organization);
    };
  }
}
