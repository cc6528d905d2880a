package org.hutong.intake;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every hand-written sample message (src/test/resources/intake/samples) sent over MLLP, in the
 * order a hospital would send them, then read back over FHIR: the visit through admission,
 * transfer and discharge, results, orders, documents, vaccinations, and the A40 merge reaching the
 * master patient index.
 */
class MllpSamplesTest {

  private static IGenericClient fhir;
  private static int port;
  private static String org;

  @BeforeAll
  static void start() {
    var platform = RunningPlatform.shared();
    fhir = RunningPlatform.fhir();
    port = platform.getBean(MessageIntake.class).port();
    org = RunningPlatform.HOSPITAL_A;
    MllpIntakeTest.sendersExist();
  }

  /** A sample as HOSP_A sends it, with identifiers made unique to this run. */
  private static String sample(String name, String run) throws Exception {
    String text = Files.readString(Path.of("src/test/resources/intake/samples", name), StandardCharsets.UTF_8);
    return text.replace("\r\n", "\r")
        .replace('\n', '\r')
        .replace("|HIS|BJCYH|", "|HIS|HOSP_A|")
        .replaceAll("(?<=\\|)(0012345|0019876|0023456|0034567|0045678|0056789)(?=\\^)", "$1" + run)
        .replace("V20240315001", "V20240315001" + run)
        .replaceAll("(?<=\\^)(ORD2024\\d+|L2403\\d+|PO\\d+|DOC[\\w-]+|IMM\\d+)", "$1" + run)
        .replaceAll("(ADT|LIS|ORM|OML|MDM|VXU|ORU)(2024\\d{10}\\d{3})", "$1$2" + run);
  }

  private static String send(String message) throws Exception {
    try (MllpClient c = new MllpClient("localhost", port, 60_000)) {
      return c.send(message);
    }
  }

  private static <T extends org.hl7.fhir.instance.model.api.IBaseResource> Bundle search(Class<T> type, String query) {
    return fhir.search().byUrl(fhir.getFhirContext().getResourceType(type) + "?" + query).returnBundle(Bundle.class).execute();
  }

  @Test
  void aHospitalsFeedArrivesWhole() throws Exception {
    String run = RunningPlatform.unique("").replace("-", "").substring(0, 8);
    for (String file : new String[] {"adt_a01.hl7", "adt_a08.hl7", "oru_r01.hl7", "adt_a02.hl7", "adt_a04.hl7", "adt_a03.hl7", "orm_o01.hl7", "oml_o21.hl7", "mdm_t02.hl7", "vxu_v04.hl7"}) {
      String ack = send(sample(file, run));
      assertThat(ack).as(file).contains("MSA|AA|");
    }
    String mrnSystem = "https://hutong.org/fhir/sid/mrn/" + org;
    Bundle patients = search(Patient.class, "identifier=" + mrnSystem + "%7C0012345" + run);
    assertThat(patients.getEntry()).hasSize(1);
    Patient wang = (Patient) patients.getEntryFirstRep().getResource();
    assertThat(wang.getNameFirstRep().getText()).isEqualTo("王建国");
    String wangId = wang.getIdElement().getIdPart();

    Bundle visits = search(Encounter.class, "identifier=https://hutong.org/fhir/sid/visit/" + org + "%7CV20240315001" + run);
    assertThat(visits.getEntry()).hasSize(1);
    Encounter visit = (Encounter) visits.getEntryFirstRep().getResource();
    assertThat(visit.getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED); // A01, A08, A02, then A03, as they happened
    assertThat(visit.getSubject().getReference()).isEqualTo("Patient/" + wangId);
    assertThat(visit.getPeriod().hasEnd()).isTrue();

    Bundle results = search(Observation.class, "patient=" + wangId + "&code=http://loinc.org%7C2345-7");
    assertThat(results.getEntry()).hasSize(1);
    Observation glucose = (Observation) results.getEntryFirstRep().getResource();
    assertThat(glucose.getValueQuantity().getValue().doubleValue()).isEqualTo(7.8);
    assertThat(glucose.getValueQuantity().getSystem()).isEqualTo("http://unitsofmeasure.org");
    assertThat(glucose.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("H");
    assertThat(search(DiagnosticReport.class, "patient=" + wangId).getEntry()).hasSize(2);
    assertThat(search(ServiceRequest.class, "_summary=count&subject:missing=false&identifier:missing=false").getTotal()).isGreaterThanOrEqualTo(3);
    assertThat(search(DocumentReference.class, "patient=" + wangId).getEntry()).isNotEmpty();
    assertThat(search(Immunization.class, "_summary=count").getTotal()).isGreaterThanOrEqualTo(2);

    // the same feed again (an interface engine replaying its queue): nothing new is stored
    int observations = search(Observation.class, "patient=" + wangId + "&_summary=count").getTotal();
    assertThat(send(sample("oru_r01.hl7", run))).contains("MSA|AA|");
    assertThat(search(Observation.class, "patient=" + wangId + "&_summary=count").getTotal()).isEqualTo(observations);
  }

  @Test
  void anA40MergeJoinsThePersonsInTheMasterPatientIndex() throws Exception {
    String run = RunningPlatform.unique("").replace("-", "").substring(0, 8);
    String mrnSystem = "https://hutong.org/fhir/sid/mrn/" + org;
    // the prior record 0019876 exists as its own registration, under another birth date (a typo)
    String prior =
        sample("adt_a04.hl7", run)
            .replaceAll("\\|\\|[^|\\r]*\\^\\^\\^BJCYH\\^MR", "||0019876" + run + "^^^HOSP_A^MR")
            .replaceFirst("MSH\\|([^\\r]*?)\\|ADT\\d+", "MSH|$1|ADTPRIOR" + run);
    assertThat(send(prior)).contains("MSA|AA|");
    assertThat(send(sample("adt_a01.hl7", run))).contains("MSA|AA|");
    String priorId = ((Patient) search(Patient.class, "identifier=" + mrnSystem + "%7C0019876" + run).getEntryFirstRep().getResource()).getIdElement().getIdPart();
    String survivorId = ((Patient) search(Patient.class, "identifier=" + mrnSystem + "%7C0012345" + run).getEntryFirstRep().getResource()).getIdElement().getIdPart();

    assertThat(send(sample("adt_a40.hl7", run))).contains("MSA|AA|");
    Patient retired = fhir.read().resource(Patient.class).withId(priorId).execute();
    assertThat(retired.getActive()).isFalse();
    assertThat(retired.getLinkFirstRep().getOther().getReference()).isEqualTo("Patient/" + survivorId);
    Parameters person = fhir.operation().onInstance("Patient/" + survivorId).named("$person").withNoParameters(Parameters.class).useHttpGet().execute();
    String text = fhir.getFhirContext().newJsonParser().encodeResourceToString(person);
    assertThat(text).contains("Patient/" + priorId).contains("Patient/" + survivorId);
  }
}
