package org.hutong.intake.internal.v2;

import ca.uhn.hl7v2.model.v251.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_PATIENT_RESULT;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.ORC;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DiagnosticReport.DiagnosticReportStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;

/**
 * Results (ORU^R01): per order (OBR) a DiagnosticReport keyed on the filler order number (the
 * placer's when there is none), and per OBX an Observation keyed on {@code {order}-{OBX-1}}. The
 * patient is created only if the institution has no patient with the MRN yet: a lab system does
 * not overwrite demographics.
 */
final class ResultMapper {

  private ResultMapper() {}

  static Mapped map(ORU_R01 message, Sender sender) throws MappingException {
    String org = sender.organization();
    Transaction tx = new Transaction();
    String key = null;
    int obrOccurrence = 0;
    int obxOccurrence = 0;
    Map<String, Reference> patients = new HashMap<>();
    for (int p = 0; p < message.getPATIENT_RESULTReps(); p++) {
      ORU_R01_PATIENT_RESULT result = message.getPATIENT_RESULT(p);
      PatientMapper.MappedPatient mapped = PatientMapper.map(result.getPATIENT().getPID(), p + 1, sender);
      key = key == null ? mapped.mrn() : key;
      Reference patient = patients.containsKey(mapped.mrn()) ? patients.get(mapped.mrn())
          : tx.createIfNoneExist(mapped.patient(), V2Systems.mrn(org), mapped.mrn());
      patients.put(mapped.mrn(), patient);
      for (int o = 0; o < result.getORDER_OBSERVATIONReps(); o++) {
        ORU_R01_ORDER_OBSERVATION order = result.getORDER_OBSERVATION(o);
        obrOccurrence++;
        OBR obr = order.getOBR();
        Identifier id = orderIdentifier(obr, order.getORC(), obrOccurrence, org);
        if (tx.contains("DiagnosticReport", id.getSystem(), id.getValue())) {
          throw new MappingException("OBR", obrOccurrence, 3, 1, MappingException.DUPLICATE_KEY,
              "two orders of the message have the same order number");
        }
        DiagnosticReport report = report(obr, obrOccurrence, id, patient, org);
        for (int x = 0; x < order.getOBSERVATIONReps(); x++) {
          obxOccurrence++;
          Observation observation = ObservationMapper.map(order.getOBSERVATION(x).getOBX(), obxOccurrence, id.getValue(),
              report.hasEffective() ? report.getEffectiveDateTimeType() : null, patient, sender);
          Identifier oid = observation.getIdentifierFirstRep();
          if (tx.contains("Observation", oid.getSystem(), oid.getValue())) {
            // Some senders repeat or leave out OBX-1; the position within the order keeps the key stable on resends.
            oid.setValue(oid.getValue() + "." + (x + 1));
          }
          report.addResult(tx.put(observation, oid.getSystem(), oid.getValue()));
        }
        tx.put(report, id.getSystem(), id.getValue());
      }
    }
    if (key == null) {
      throw new MappingException("PID", 1, 0, 0, MappingException.SEGMENT_SEQUENCE, "ORU^R01 has no PID segment");
    }
    return new Mapped(tx.bundle(), key);
  }

  /** The filler order number (OBR-3, else ORC-3), else the placer's (OBR-2, else ORC-2). */
  private static Identifier orderIdentifier(OBR obr, ORC orc, int occurrence, String org) throws MappingException {
    String filler = first(V2Values.text(obr.getFillerOrderNumber().getEntityIdentifier()),
        orc == null ? null : V2Values.text(orc.getFillerOrderNumber().getEntityIdentifier()));
    if (filler != null) {
      return new Identifier().setSystem(V2Systems.fillerOrder(org)).setValue(filler);
    }
    String placer = first(V2Values.text(obr.getPlacerOrderNumber().getEntityIdentifier()),
        orc == null ? null : V2Values.text(orc.getPlacerOrderNumber().getEntityIdentifier()));
    if (placer != null) {
      return new Identifier().setSystem(V2Systems.placerOrder(org)).setValue(placer);
    }
    throw new MappingException("OBR", occurrence, 3, 1, MappingException.REQUIRED_FIELD_MISSING,
        "OBR-3 (filler order number) or OBR-2 (placer order number) is required");
  }

  private static DiagnosticReport report(OBR obr, int occurrence, Identifier id, Reference patient, String org)
      throws MappingException {
    DiagnosticReport report = new DiagnosticReport();
    report.addIdentifier(id.copy());
    report.setStatus(status(V2Values.text(obr.getResultStatus())));
    String section = V2Values.text(obr.getDiagnosticServSectID());
    String category = section == null ? "LAB" : section.toUpperCase(Locale.ROOT);
    report.addCategory(new CodeableConcept(new Coding(V2Systems.DIAGNOSTIC_SERVICE, category, "LAB".equals(category) ? "Laboratory" : null)));
    CodeableConcept code = V2Values.codeable(obr.getUniversalServiceIdentifier(), org);
    if (code == null) {
      throw new MappingException("OBR", occurrence, 4, 1, MappingException.REQUIRED_FIELD_MISSING,
          "OBR-4 (universal service identifier) is required");
    }
    report.setCode(code);
    report.setSubject(patient);
    report.setEffective(V2Dates.dateTime(obr.getObservationDateTime(), "OBR", occurrence, 7));
    report.setIssuedElement(instant(V2Dates.dateTime(obr.getResultsRptStatusChngDateTime(), "OBR", occurrence, 22)));
    report.addPerformer(PatientMapper.organization(org));
    return report;
  }

  /** A dateTime as an instant, when it is precise to the second or better; else null. */
  static InstantType instant(DateTimeType dateTime) {
    if (dateTime == null || dateTime.getPrecision().ordinal() < ca.uhn.fhir.model.api.TemporalPrecisionEnum.SECOND.ordinal()) {
      return null;
    }
    return new InstantType(dateTime.getValueAsString());
  }

  private static DiagnosticReportStatus status(String code) {
    if (code == null) {
      return DiagnosticReportStatus.FINAL;
    }
    return switch (code.toUpperCase(Locale.ROOT)) {
      case "C" -> DiagnosticReportStatus.CORRECTED;
      case "P", "R", "I", "S" -> DiagnosticReportStatus.PRELIMINARY;
      case "A" -> DiagnosticReportStatus.PARTIAL;
      case "X" -> DiagnosticReportStatus.CANCELLED;
      default -> DiagnosticReportStatus.FINAL;
    };
  }

  private static String first(String a, String b) {
    return a != null ? a : b;
  }
}
