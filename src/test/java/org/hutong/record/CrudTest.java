package org.hutong.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.Test;

/** Create, read, vread, update, delete and history through the HAPI client. */
class CrudTest {

  private final IGenericClient fhir = RunningPlatform.fhir();

  @Test
  void patientLifecycle() {
    String mrn = RunningPlatform.unique("mrn");
    Patient patient = new Patient();
    patient.addIdentifier().setSystem("urn:hutong:test:mrn").setValue(mrn);
    patient.addName().setFamily("张").addGiven("伟");
    patient.setGender(AdministrativeGender.MALE);

    MethodOutcome created = fhir.create().resource(patient).execute();
    assertThat(created.getCreated()).isTrue();
    IdType id = (IdType) created.getId();
    assertThat(id.getVersionIdPart()).isEqualTo("1");

    Patient read = fhir.read().resource(Patient.class).withId(id.getIdPart()).execute();
    assertThat(read.getNameFirstRep().getFamily()).isEqualTo("张");
    assertThat(read.getMeta().getVersionId()).isEqualTo("1");
    assertThat(read.getMeta().getLastUpdated()).isNotNull();

    read.setGender(AdministrativeGender.FEMALE);
    MethodOutcome updated = fhir.update().resource(read).execute();
    assertThat(updated.getId().getVersionIdPart()).isEqualTo("2");

    Patient v1 = fhir.read().resource(Patient.class).withIdAndVersion(id.getIdPart(), "1").execute();
    assertThat(v1.getGender()).isEqualTo(AdministrativeGender.MALE);

    Bundle history = fhir.history().onInstance(id.toUnqualifiedVersionless()).returnBundle(Bundle.class).execute();
    assertThat(history.getEntry()).hasSize(2);

    fhir.delete().resourceById(id.toUnqualifiedVersionless()).execute();
    assertThatThrownBy(() -> fhir.read().resource(Patient.class).withId(id.getIdPart()).execute())
        .isInstanceOf(ResourceGoneException.class);
    // the versions before the deletion stay readable
    assertThat(fhir.read().resource(Patient.class).withIdAndVersion(id.getIdPart(), "2").execute().getGender())
        .isEqualTo(AdministrativeGender.FEMALE);
    assertThatThrownBy(() -> fhir.read().resource(Patient.class).withId("no-such-patient").execute())
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void updateWithTheClientsIdCreatesAndStaleVersionsConflict() {
    String id = RunningPlatform.unique("his").replace("-", "");
    Patient p = new Patient();
    p.setId(id);
    p.addName().setFamily("陈");
    MethodOutcome created = fhir.update().resource(p).execute();
    assertThat(created.getCreated()).isTrue();
    assertThat(created.getId().getIdPart()).isEqualTo(id);

    // an identical update is not a new version
    assertThat(fhir.update().resource(p).execute().getId().getVersionIdPart()).isEqualTo("1");

    p.setGender(AdministrativeGender.OTHER);
    p.setId(new IdType("Patient", id, "1"));
    assertThat(fhir.update().resource(p).execute().getId().getVersionIdPart()).isEqualTo("2");
    p.setId(new IdType("Patient", id, "1")); // stale
    p.setGender(AdministrativeGender.UNKNOWN);
    assertThatThrownBy(() -> fhir.update().resource(p).withId(new IdType("Patient", id, "1")).execute())
        .isInstanceOfAny(ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException.class,
            ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException.class);
  }

  @Test
  void binaryKeepsItsBytesAndContentType() {
    byte[] pdf = "%PDF-1.4 出院小结".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    org.hl7.fhir.r4.model.Binary binary = new org.hl7.fhir.r4.model.Binary();
    binary.setContentType("application/pdf");
    binary.setData(pdf);
    String id = fhir.create().resource(binary).execute().getId().getIdPart();
    org.hl7.fhir.r4.model.Binary read = fhir.read().resource(org.hl7.fhir.r4.model.Binary.class).withId(id).execute();
    assertThat(read.getContentType()).isEqualTo("application/pdf");
    assertThat(read.getData()).isEqualTo(pdf);
  }

  @Test
  void historyPagesThroughEveryVersionOnceNewestFirst() {
    Patient p = new Patient();
    p.addName().setFamily("赵");
    IdType id = (IdType) fhir.create().resource(p).execute().getId().toUnqualifiedVersionless();
    for (int v = 2; v <= 26; v++) {
      p.setId(id);
      p.getNameFirstRep().setText("v" + v);
      fhir.update().resource(p).execute();
    }
    Bundle page = fhir.history().onInstance(id).returnBundle(Bundle.class).count(10).execute();
    assertThat(page.getTotal()).isEqualTo(26);
    java.util.List<String> versions = new java.util.ArrayList<>();
    while (true) {
      page.getEntry().forEach(e -> versions.add(e.getResource().getIdElement().getVersionIdPart()));
      if (page.getLink("next") == null) {
        break;
      }
      page = fhir.loadPage().next(page).execute();
    }
    java.util.List<String> expected = new java.util.ArrayList<>();
    for (int v = 26; v >= 1; v--) {
      expected.add(Integer.toString(v));
    }
    assertThat(versions).isEqualTo(expected);
  }
}
