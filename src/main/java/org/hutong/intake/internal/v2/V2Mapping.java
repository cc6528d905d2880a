package org.hutong.intake.internal.v2;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.segment.PID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;

/** Placeholder until the full mapping lands: ADT messages to a Patient by MRN. */
public final class V2Mapping {

  public Mapped map(Message message, Sender sender) throws MappingException {
    try {
      if (!message.getName().startsWith("ADT")) {
        throw new MappingException("MSH", 1, 9, 0, MappingException.UNSUPPORTED_MESSAGE_TYPE, "Unsupported message type");
      }
      PID pid = (PID) message.get("PID");
      String mrn = pid.getPatientIdentifierList(0).getIDNumber().getValue();
      if (mrn == null || mrn.isBlank()) {
        throw new MappingException("PID", 1, 3, 1, MappingException.REQUIRED_FIELD_MISSING, "PID-3 has no MRN");
      }
      String system = "https://hutong.org/fhir/sid/mrn/" + sender.organization();
      Patient patient = new Patient();
      patient.addIdentifier().setSystem(system).setValue(mrn);
      patient.addName().setFamily(pid.getPatientName(0).getFamilyName().getSurname().getValue()).addGiven(pid.getPatientName(0).getGivenName().getValue());
      Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
      bundle.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID()).setResource(patient).getRequest()
          .setMethod(Bundle.HTTPVerb.PUT).setUrl("Patient?identifier=" + java.net.URLEncoder.encode(system, java.nio.charset.StandardCharsets.UTF_8) + "%7C" + java.net.URLEncoder.encode(mrn, java.nio.charset.StandardCharsets.UTF_8));
      return new Mapped(bundle, mrn);
    } catch (HL7Exception e) {
      throw new MappingException("MSH", 1, 0, 0, MappingException.INTERNAL_ERROR, "Cannot read the message");
    }
  }
}
