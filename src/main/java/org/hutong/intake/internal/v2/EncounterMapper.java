package org.hutong.intake.internal.v2;

import ca.uhn.hl7v2.model.v251.datatype.PL;
import ca.uhn.hl7v2.model.v251.datatype.XCN;
import ca.uhn.hl7v2.model.v251.segment.DG1;
import ca.uhn.hl7v2.model.v251.segment.PV1;
import ca.uhn.hl7v2.model.v251.segment.PV2;
import java.util.Locale;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterLocationStatus;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * The visit of an ADT message (PV1, PV2) as an Encounter keyed on the visit number (PV1-19), and
 * its diagnoses (DG1) as Conditions keyed on visit number and DG1 set id. Locations stay text on
 * the Encounter: no Location resources are made from a sender's ward codes.
 */
final class EncounterMapper {

  private static final String PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";

  private EncounterMapper() {}

  /** The visit number (PV1-19), or null when there is none. */
  static String visitNumber(PV1 pv1) {
    return pv1 == null ? null : V2Values.text(pv1.getVisitNumber().getIDNumber());
  }

  /**
   * Maps the visit of an ADT event.
   *
   * @param event the trigger event (A01, A02, A03, A04, A08), which sets the status
   */
  static Encounter map(String event, PV1 pv1, PV2 pv2, Reference patient, Sender sender) throws MappingException {
    String org = sender.organization();
    Encounter encounter = new Encounter();
    encounter.addIdentifier(new Identifier().setSystem(V2Systems.visit(org)).setValue(visitNumber(pv1)));
    DateTimeType start = V2Dates.dateTime(pv1.getAdmitDateTime(), "PV1", 1, 44);
    DateTimeType end = pv1.getDischargeDateTimeReps() == 0 ? null
        : V2Dates.dateTime(pv1.getDischargeDateTime(0), "PV1", 1, 45);
    encounter.setStatus(status(event, end != null));
    encounter.setClass_(encounterClass(V2Values.text(pv1.getPatientClass()), event));
    encounter.setSubject(patient);
    encounter.setServiceProvider(PatientMapper.organization(org));
    if (start != null || end != null) {
      Period period = new Period();
      period.setStartElement(start);
      if (end != null && ("A03".equals(event) || "A08".equals(event))) {
        period.setEndElement(end);
      }
      encounter.setPeriod(period);
    }
    String service = V2Values.text(pv1.getHospitalService());
    if (service != null) {
      encounter.setServiceType(new CodeableConcept(new Coding(V2Systems.localCodes(org), service, null)));
    }
    String current = location(pv1.getAssignedPatientLocation());
    if (current != null) {
      encounter.addLocation().setStatus("A03".equals(event) ? EncounterLocationStatus.COMPLETED : EncounterLocationStatus.ACTIVE)
          .setLocation(new Reference().setDisplay(current));
    }
    String prior = location(pv1.getPriorPatientLocation());
    if (prior != null && "A02".equals(event)) {
      encounter.addLocation().setStatus(EncounterLocationStatus.COMPLETED).setLocation(new Reference().setDisplay(prior));
    }
    for (XCN doctor : pv1.getAttendingDoctor()) {
      Reference individual = practitioner(doctor, org);
      if (individual != null) {
        encounter.addParticipant()
            .addType(new CodeableConcept(new Coding(PARTICIPATION, "ATND", "attender")))
            .setIndividual(individual);
      }
    }
    String admitSource = V2Values.text(pv1.getAdmitSource());
    String disposition = V2Values.text(pv1.getDischargeDisposition());
    if (admitSource != null || disposition != null) {
      var hospitalization = encounter.getHospitalization();
      if (admitSource != null) {
        hospitalization.setAdmitSource(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v2-0023", admitSource, null)));
      }
      if (disposition != null) {
        hospitalization.setDischargeDisposition(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v2-0112", disposition, null)));
      }
    }
    if (pv2 != null) {
      CodeableConcept reason = V2Values.codeable(pv2.getAdmitReason(), org);
      if (reason != null) {
        encounter.addReasonCode(reason);
      }
    }
    return encounter;
  }

  /** A diagnosis of the visit, or null when DG1-3 is empty. */
  static Condition diagnosis(DG1 dg1, int occurrence, String visit, Reference patient, Reference encounter, Sender sender)
      throws MappingException {
    String org = sender.organization();
    CodeableConcept code = V2Values.codeable(dg1.getDiagnosisCodeDG1(), org);
    if (code == null) {
      String description = V2Values.text(dg1.getDiagnosisDescription());
      if (description == null) {
        return null;
      }
      code = new CodeableConcept().setText(description);
    }
    String setId = V2Values.text(dg1.getSetIDDG1());
    Condition condition = new Condition();
    condition.addIdentifier(new Identifier().setSystem(V2Systems.condition(org))
        .setValue(visit + "-" + (setId == null ? String.valueOf(occurrence) : setId)));
    condition.addCategory(new CodeableConcept(new Coding(V2Systems.CONDITION_CATEGORY, "encounter-diagnosis", "Encounter Diagnosis")));
    condition.setCode(code);
    condition.setSubject(patient);
    condition.setEncounter(encounter);
    condition.setRecordedDateElement(V2Dates.dateTime(dg1.getDiagnosisDateTime(), "DG1", occurrence, 5));
    return condition;
  }

  /** A staff member (XCN) as a display-only reference with the staff number, or null. */
  static Reference practitioner(XCN xcn, String organization) {
    String name = V2Values.personName(xcn);
    String id = V2Values.text(xcn.getIDNumber());
    if (name == null && id == null) {
      return null;
    }
    Reference reference = new Reference().setDisplay(name);
    if (id != null) {
      reference.setIdentifier(new Identifier().setSystem(V2Systems.practitioner(organization)).setValue(id));
    }
    return reference;
  }

  private static EncounterStatus status(String event, boolean discharged) {
    return switch (event) {
      case "A03" -> EncounterStatus.FINISHED;
      case "A04" -> EncounterStatus.ARRIVED;
      case "A08" -> discharged ? EncounterStatus.FINISHED : EncounterStatus.INPROGRESS;
      default -> EncounterStatus.INPROGRESS;
    };
  }

  private static Coding encounterClass(String patientClass, String event) {
    String code = patientClass == null ? "" : patientClass.toUpperCase(Locale.ROOT);
    return switch (code) {
      case "I" -> new Coding(V2Systems.ENCOUNTER_CLASS, "IMP", "inpatient encounter");
      case "E" -> new Coding(V2Systems.ENCOUNTER_CLASS, "EMER", "emergency");
      case "P" -> new Coding(V2Systems.ENCOUNTER_CLASS, "PRENC", "pre-admission");
      case "O", "R", "B" -> new Coding(V2Systems.ENCOUNTER_CLASS, "AMB", "ambulatory");
      default -> "A04".equals(event)
          ? new Coding(V2Systems.ENCOUNTER_CLASS, "AMB", "ambulatory")
          : new Coding(V2Systems.ENCOUNTER_CLASS, "IMP", "inpatient encounter");
    };
  }

  /** A location as text: PL-9 description, else point of care, room and bed. */
  private static String location(PL pl) {
    String description = V2Values.text(pl.getLocationDescription());
    if (description != null) {
      return description;
    }
    StringBuilder text = new StringBuilder();
    for (String part : new String[] {
        V2Values.text(pl.getPointOfCare()), V2Values.text(pl.getRoom()), V2Values.text(pl.getBed())}) {
      if (part != null) {
        text.append(text.isEmpty() ? "" : " ").append(part);
      }
    }
    return text.isEmpty() ? null : text.toString();
  }
}
