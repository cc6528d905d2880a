package org.hutong.intake.internal.v2;

import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.datatype.CX;
import ca.uhn.hl7v2.model.v251.group.ADT_A39_PATIENT;
import ca.uhn.hl7v2.model.v251.message.ADT_A01;
import ca.uhn.hl7v2.model.v251.message.ADT_A02;
import ca.uhn.hl7v2.model.v251.message.ADT_A03;
import ca.uhn.hl7v2.model.v251.message.ADT_A39;
import ca.uhn.hl7v2.model.v251.segment.DG1;
import ca.uhn.hl7v2.model.v251.segment.MRG;
import ca.uhn.hl7v2.model.v251.segment.PID;
import ca.uhn.hl7v2.model.v251.segment.PV1;
import ca.uhn.hl7v2.model.v251.segment.PV2;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

/**
 * ADT events: admit (A01), transfer (A02), discharge (A03), register (A04) and update (A08) as a
 * conditional update of the Patient on its MRN plus the visit's Encounter and diagnoses; merge
 * (A40) as the surviving Patient plus the prior one, inactive and {@code replaced-by} the survivor.
 */
final class AdtMapper {

  /** The segments of the visit events, whichever structure (ADT_A01, _A02, _A03) carried them. */
  private record Visit(PID pid, PV1 pv1, PV2 pv2, List<DG1> diagnoses) {}

  private AdtMapper() {}

  /** Maps an ADT message of one of the supported events. */
  static Mapped map(String event, Message message, Sender sender) throws MappingException {
    if ("A40".equals(event)) {
      if (!(message instanceof ADT_A39 merge)) {
        throw V2Mapping.unsupported(MappingException.UNSUPPORTED_EVENT, "ADT^A40 must have the structure ADT_A39");
      }
      return merge(merge, sender);
    }
    Visit visit = switch (message) {
      case ADT_A01 m when !"A02".equals(event) && !"A03".equals(event) ->
          new Visit(m.getPID(), m.getPV1(), m.getPV2(), diagnoses(m.getDG1Reps(), m::getDG1));
      case ADT_A02 m when "A02".equals(event) -> new Visit(m.getPID(), m.getPV1(), m.getPV2(), List.of());
      case ADT_A03 m when "A03".equals(event) ->
          new Visit(m.getPID(), m.getPV1(), m.getPV2(), diagnoses(m.getDG1Reps(), m::getDG1));
      default -> throw V2Mapping.unsupported(MappingException.UNSUPPORTED_EVENT,
          "ADT^" + event + " did not arrive in the structure of its event");
    };
    return visit(event, visit, sender);
  }

  private static List<DG1> diagnoses(int count, java.util.function.IntFunction<DG1> get) {
    List<DG1> all = new java.util.ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      all.add(get.apply(i));
    }
    return all;
  }

  private static Mapped visit(String event, Visit visit, Sender sender) throws MappingException {
    Transaction tx = new Transaction();
    PatientMapper.MappedPatient mapped = PatientMapper.map(visit.pid(), 1, sender);
    Reference patient = tx.put(mapped.patient(), V2Systems.mrn(sender.organization()), mapped.mrn());
    String visitNumber = EncounterMapper.visitNumber(visit.pv1());
    if (visitNumber == null) {
      if (!"A04".equals(event) && !"A08".equals(event)) {
        throw new MappingException("PV1", 1, 19, 1, MappingException.REQUIRED_FIELD_MISSING,
            "PV1-19 (visit number) is required for ADT^" + event);
      }
      return new Mapped(tx.bundle(), mapped.mrn());
    }
    Encounter encounter = EncounterMapper.map(event, visit.pv1(), visit.pv2(), patient, sender);
    Reference encounterRef = tx.put(encounter, V2Systems.visit(sender.organization()), visitNumber);
    int occurrence = 0;
    for (DG1 dg1 : visit.diagnoses()) {
      occurrence++;
      Condition condition = EncounterMapper.diagnosis(dg1, occurrence, visitNumber, patient, encounterRef, sender);
      if (condition != null) {
        Identifier id = condition.getIdentifierFirstRep();
        if (tx.contains("Condition", id.getSystem(), id.getValue())) {
          id.setValue(id.getValue() + "." + occurrence);
        }
        tx.put(condition, id.getSystem(), id.getValue());
      }
    }
    return new Mapped(tx.bundle(), mapped.mrn());
  }

  private static Mapped merge(ADT_A39 message, Sender sender) throws MappingException {
    String org = sender.organization();
    String mrnSystem = V2Systems.mrn(org);
    Transaction tx = new Transaction();
    Set<String> survivors = new HashSet<>();
    String key = null;
    for (int i = 0; i < message.getPATIENTReps(); i++) {
      ADT_A39_PATIENT group = message.getPATIENT(i);
      PatientMapper.MappedPatient surviving = PatientMapper.map(group.getPID(), i + 1, sender);
      key = key == null ? surviving.mrn() : key;
      String prior = priorMrn(group.getMRG(), i + 1, org);
      if (prior.equals(surviving.mrn())) {
        throw new MappingException("MRG", i + 1, 1, 1, MappingException.UNKNOWN_KEY,
            "MRG-1 names the surviving patient's own MRN");
      }
      Reference survivor = survivors.add(surviving.mrn())
          ? tx.put(surviving.patient(), mrnSystem, surviving.mrn())
          : referenceTo(tx, surviving.mrn());
      if (!tx.contains("Patient", mrnSystem, prior)) {
        tx.put(retired(surviving.patient(), mrnSystem, prior, survivor), mrnSystem, prior);
      }
    }
    if (key == null) {
      throw new MappingException("PID", 1, 0, 0, MappingException.SEGMENT_SEQUENCE, "ADT^A40 has no PID segment");
    }
    return new Mapped(tx.bundle(), key);
  }

  /**
   * The prior patient record: the survivor's demographics (it is the same person), only the prior
   * MRN as identifier, inactive, and replaced by the survivor.
   */
  private static Patient retired(Patient survivor, String mrnSystem, String prior, Reference survivorRef) {
    Patient retired = new Patient();
    retired.addIdentifier(new Identifier().setSystem(mrnSystem).setValue(prior));
    retired.setActive(false);
    retired.setName(survivor.getName().stream().map(n -> n.copy()).toList());
    retired.setGender(survivor.getGender());
    retired.setBirthDateElement(survivor.getBirthDateElement().copy());
    retired.setManagingOrganization(survivor.getManagingOrganization().copy());
    retired.addLink().setType(Patient.LinkType.REPLACEDBY).setOther(new Reference(survivorRef.getReference()));
    return retired;
  }

  private static Reference referenceTo(Transaction tx, String mrn) {
    for (var entry : tx.bundle().getEntry()) {
      if (entry.getResource() instanceof Patient p && p.getActive()
          && p.getIdentifier().stream().anyMatch(id -> mrn.equals(id.getValue()))) {
        return new Reference(entry.getFullUrl());
      }
    }
    throw new IllegalStateException("survivor entry not found");
  }

  private static String priorMrn(MRG mrg, int occurrence, String org) throws MappingException {
    if (mrg != null) {
      for (CX cx : mrg.getPriorPatientIdentifierList()) {
        String value = V2Values.text(cx.getIDNumber());
        String type = V2Values.text(cx.getIdentifierTypeCode());
        if (value != null && V2Systems.mrn(org).equals(PatientMapper.identifierSystem(type, org))) {
          return value;
        }
      }
    }
    throw new MappingException("MRG", occurrence, 1, 1, MappingException.REQUIRED_FIELD_MISSING,
        "MRG-1 has no prior medical record number");
  }
}
