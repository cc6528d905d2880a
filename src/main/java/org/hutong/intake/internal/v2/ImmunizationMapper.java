package org.hutong.intake.internal.v2;

import ca.uhn.hl7v2.model.v251.datatype.CE;
import ca.uhn.hl7v2.model.v251.datatype.XCN;
import ca.uhn.hl7v2.model.v251.group.VXU_V04_ORDER;
import ca.uhn.hl7v2.model.v251.message.VXU_V04;
import ca.uhn.hl7v2.model.v251.segment.ORC;
import ca.uhn.hl7v2.model.v251.segment.RXA;
import ca.uhn.hl7v2.model.v251.segment.RXR;
import java.math.BigDecimal;
import java.util.Locale;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Immunization.ImmunizationStatus;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/**
 * Vaccinations (VXU^V04): one Immunization per RXA, keyed on a number that stays the same when the
 * message is sent again: the filler order number (ORC-3), else the placer's (ORC-2), else the
 * vaccine code and administration time.
 */
final class ImmunizationMapper {

  private static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
  private static final String PERFORMER_FUNCTION = "http://terminology.hl7.org/CodeSystem/v2-0443";

  private ImmunizationMapper() {}

  static Mapped map(VXU_V04 message, Sender sender) throws MappingException {
    String org = sender.organization();
    Transaction tx = new Transaction();
    PatientMapper.MappedPatient mapped = PatientMapper.map(message.getPID(), 1, sender);
    Reference patient = tx.createIfNoneExist(mapped.patient(), V2Systems.mrn(org), mapped.mrn());
    for (int i = 0; i < message.getORDERReps(); i++) {
      VXU_V04_ORDER order = message.getORDER(i);
      Immunization immunization = immunization(order.getORC(), order.getRXA(), order.getRXR(), i + 1, patient, org);
      var id = immunization.getIdentifierFirstRep();
      if (tx.contains("Immunization", id.getSystem(), id.getValue())) {
        throw new MappingException("ORC", i + 1, 3, 1, MappingException.DUPLICATE_KEY,
            "two vaccinations of the message have the same number");
      }
      tx.put(immunization, id.getSystem(), id.getValue());
    }
    if (message.getORDERReps() == 0) {
      throw new MappingException("RXA", 1, 0, 0, MappingException.SEGMENT_SEQUENCE, "VXU^V04 has no RXA segment");
    }
    return new Mapped(tx.bundle(), mapped.mrn());
  }

  private static Immunization immunization(ORC orc, RXA rxa, RXR rxr, int occurrence, Reference patient, String org)
      throws MappingException {
    Immunization immunization = new Immunization();
    CodeableConcept vaccine = V2Values.codeable(rxa.getAdministeredCode(), org);
    if (vaccine == null) {
      throw new MappingException("RXA", occurrence, 5, 1, MappingException.REQUIRED_FIELD_MISSING, "RXA-5 (vaccine) is required");
    }
    DateTimeType when = V2Dates.dateTime(rxa.getDateTimeStartOfAdministration(), "RXA", occurrence, 3);
    if (when == null) {
      throw new MappingException("RXA", occurrence, 3, 1, MappingException.REQUIRED_FIELD_MISSING,
          "RXA-3 (administration time) is required");
    }
    String number = orc == null ? null : V2Values.text(orc.getFillerOrderNumber().getEntityIdentifier());
    if (number == null && orc != null) {
      number = V2Values.text(orc.getPlacerOrderNumber().getEntityIdentifier());
    }
    if (number == null) {
      String code = V2Values.text(rxa.getAdministeredCode().getIdentifier());
      number = (code != null ? code : vaccine.getText()) + "-" + V2Values.text(rxa.getDateTimeStartOfAdministration().getTime());
    }
    immunization.addIdentifier().setSystem(V2Systems.immunization(org)).setValue(number);
    String completion = V2Values.text(rxa.getCompletionStatus());
    String action = V2Values.text(rxa.getActionCodeRXA());
    if ("D".equalsIgnoreCase(action)) {
      immunization.setStatus(ImmunizationStatus.ENTEREDINERROR);
    } else if (completion != null && ("RE".equalsIgnoreCase(completion) || "NA".equalsIgnoreCase(completion))) {
      immunization.setStatus(ImmunizationStatus.NOTDONE);
      immunization.setStatusReason(notDoneReason(rxa, completion.toUpperCase(Locale.ROOT), org));
    } else {
      immunization.setStatus(ImmunizationStatus.COMPLETED);
    }
    immunization.setVaccineCode(vaccine);
    immunization.setPatient(patient);
    immunization.setOccurrence(when);
    immunization.setDoseQuantity(dose(rxa, occurrence));
    if (rxa.getSubstanceLotNumberReps() > 0) {
      immunization.setLotNumber(V2Values.text(rxa.getSubstanceLotNumber(0)));
    }
    if (rxa.getSubstanceExpirationDateReps() > 0) {
      immunization.setExpirationDateElement(V2Dates.date(rxa.getSubstanceExpirationDate(0), "RXA", occurrence, 16));
    }
    if (rxa.getSubstanceManufacturerNameReps() > 0) {
      CE maker = rxa.getSubstanceManufacturerName(0);
      String name = V2Values.text(maker.getText());
      name = name != null ? name : V2Values.text(maker.getIdentifier());
      if (name != null) {
        immunization.setManufacturer(new Reference().setDisplay(name));
      }
    }
    if (rxr != null) {
      immunization.setRoute(V2Values.codeable(rxr.getRoute(), org));
      immunization.setSite(V2Values.codeable(rxr.getAdministrationSite(), org));
    }
    immunization.addPerformer().setActor(PatientMapper.organization(org));
    for (XCN provider : rxa.getAdministeringProvider()) {
      Reference person = EncounterMapper.practitioner(provider, org);
      if (person != null) {
        immunization.addPerformer()
            .setFunction(new CodeableConcept(new Coding(PERFORMER_FUNCTION, "AP", "Administering Provider")))
            .setActor(person);
      }
    }
    // RXA-9 "01" marks a historical record taken from another source (CDC NIP001).
    boolean historical = rxa.getAdministrationNotesReps() > 0
        && "01".equals(V2Values.text(rxa.getAdministrationNotes(0).getIdentifier()));
    immunization.setPrimarySource(!historical);
    return immunization;
  }

  private static CodeableConcept notDoneReason(RXA rxa, String completion, String org) {
    if (rxa.getSubstanceTreatmentRefusalReasonReps() > 0) {
      CodeableConcept reason = V2Values.codeable(rxa.getSubstanceTreatmentRefusalReason(0), org);
      if (reason != null) {
        return reason;
      }
    }
    return "RE".equals(completion)
        ? new CodeableConcept(new Coding(ACT_REASON, "PATOBJ", "patient objection"))
        : new CodeableConcept().setText("not administered");
  }

  /** RXA-6 with RXA-7; 999 means the amount is unknown. */
  private static Quantity dose(RXA rxa, int occurrence) throws MappingException {
    String amount = V2Values.text(rxa.getAdministeredAmount());
    if (amount == null) {
      return null;
    }
    BigDecimal value;
    try {
      value = new BigDecimal(amount);
    } catch (NumberFormatException e) {
      throw new MappingException("RXA", occurrence, 6, 0, MappingException.DATA_TYPE_ERROR, "RXA-6 is not a number");
    }
    if (value.compareTo(BigDecimal.valueOf(999)) == 0) {
      return null;
    }
    Quantity dose = new Quantity().setValue(value);
    String unit = V2Values.text(rxa.getAdministeredUnits().getIdentifier());
    if (unit == null) {
      unit = V2Values.text(rxa.getAdministeredUnits().getText());
    }
    if (unit != null) {
      dose.setUnit(unit);
      if (ObservationMapper.looksLikeUcum(unit)) {
        dose.setSystem(V2Systems.UCUM).setCode(unit);
      }
    }
    return dose;
  }
}
