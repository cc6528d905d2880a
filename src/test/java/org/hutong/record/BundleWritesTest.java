package org.hutong.record;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.Test;

/** What the faster write path must keep: placeholders resolved everywhere, batches entry by entry. */
class BundleWritesTest {

  private final IGenericClient fhir = RunningPlatform.fhir();

  @Test
  void placeholdersInsideExtensionsAreResolvedToo() {
    String name = RunningPlatform.unique("org");
    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    tx.addEntry()
        .setFullUrl("urn:uuid:6c1f0a52-0d7e-4b7f-9a39-5b0c1d9e0001")
        .setResource(new Organization().setName(name))
        .getRequest().setMethod(HTTPVerb.POST).setUrl("Organization");
    Patient patient = new Patient();
    patient.setManagingOrganization(new Reference("urn:uuid:6c1f0a52-0d7e-4b7f-9a39-5b0c1d9e0001"));
    patient.addExtension().setUrl("http://example.org/fhir/registered-by")
        .setValue(new Reference("urn:uuid:6c1f0a52-0d7e-4b7f-9a39-5b0c1d9e0001"));
    tx.addEntry().setResource(patient).getRequest().setMethod(HTTPVerb.POST).setUrl("Patient");

    Bundle response = fhir.transaction().withBundle(tx).execute();
    String organization = response.getEntry().get(0).getResponse().getLocation().replaceAll("/_history/.*", "");
    String patientId = response.getEntry().get(1).getResponse().getLocation().replaceAll("/_history/.*", "");

    Patient stored = fhir.read().resource(Patient.class).withUrl(patientId).execute();
    assertThat(stored.getManagingOrganization().getReference()).isEqualTo(organization);
    assertThat(((Reference) stored.getExtension().get(0).getValue()).getReference()).isEqualTo(organization);
  }

  @Test
  void aBatchEntryThatFailsLeavesTheOthersAndNamesItsIndex() {
    String family = RunningPlatform.unique("batch");
    Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
    batch.addEntry().setResource(new Patient().addName(new org.hl7.fhir.r4.model.HumanName().setFamily(family)))
        .getRequest().setMethod(HTTPVerb.POST).setUrl("Patient");
    Observation wrong = new Observation();
    wrong.setStatus(Observation.ObservationStatus.FINAL);
    wrong.getCode().setText("x");
    wrong.setSubject(new Reference("Medication/nope"));
    batch.addEntry().setResource(wrong).getRequest().setMethod(HTTPVerb.POST).setUrl("Observation");
    batch.addEntry().setResource(new Patient().addName(new org.hl7.fhir.r4.model.HumanName().setFamily(family)))
        .getRequest().setMethod(HTTPVerb.POST).setUrl("Patient");

    Bundle response = fhir.transaction().withBundle(batch).execute();
    assertThat(response.getEntry()).extracting(e -> e.getResponse().getStatus())
        .containsExactly("201 Created", "422 Unprocessable Entity", "201 Created");
    BundleEntryComponent failed = response.getEntry().get(1);
    assertThat(failed.getResponse().getStatus()).startsWith("422");
    assertThat(((OperationOutcome) failed.getResponse().getOutcome()).getIssueFirstRep().getDiagnostics())
        .startsWith("Bundle.entry[1]: ").contains("may not refer to a Medication");
    Bundle found = fhir.search().byUrl("Patient?family=" + family).returnBundle(Bundle.class).execute();
    assertThat(found.getEntry()).hasSize(2);
  }
}
