package org.hutong.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.gclient.TokenClientParam;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.Test;

/** Transaction and batch bundles: references, conditional operations, all-or-nothing. */
class TransactionTest {

  private static final String MRN = "urn:hutong:test:mrn";
  private final IGenericClient fhir = RunningPlatform.fhir();

  @Test
  void transactionResolvesPlaceholderReferencesInAnyOrder() {
    String mrn = RunningPlatform.unique("mrn");
    Bundle tx = new Bundle().setType(BundleType.TRANSACTION);
    // the observation comes first and refers forward to the patient
    Observation obs = observation("urn:uuid:patient-1");
    add(tx, obs, "urn:uuid:obs-1", HTTPVerb.POST, "Observation");
    Encounter encounter = new Encounter();
    encounter.setStatus(Encounter.EncounterStatus.FINISHED);
    encounter.getClass_().setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").setCode("AMB");
    encounter.setSubject(new Reference("urn:uuid:patient-1"));
    add(tx, encounter, "urn:uuid:enc-1", HTTPVerb.POST, "Encounter");
    obs.setEncounter(new Reference("urn:uuid:enc-1"));
    add(tx, patient(mrn), "urn:uuid:patient-1", HTTPVerb.POST, "Patient");

    Bundle response = fhir.transaction().withBundle(tx).execute();

    assertThat(response.getType()).isEqualTo(BundleType.TRANSACTIONRESPONSE);
    assertThat(response.getEntry()).hasSize(3);
    response.getEntry().forEach(e -> assertThat(e.getResponse().getStatus()).startsWith("201"));
    String patientId = new IdType(response.getEntry().get(2).getResponse().getLocation()).getIdPart();
    String obsId = new IdType(response.getEntry().get(0).getResponse().getLocation()).getIdPart();
    Observation stored = fhir.read().resource(Observation.class).withId(obsId).execute();
    assertThat(stored.getSubject().getReference()).isEqualTo("Patient/" + patientId);
    assertThat(stored.getEncounter().getReference()).startsWith("Encounter/");
    assertThat(fhir.read().resource(Encounter.class).withId(new IdType(stored.getEncounter().getReference()).getIdPart()).execute()
            .getSubject().getReference())
        .isEqualTo("Patient/" + patientId);
  }

  @Test
  void conditionalReferencesResolveToTheOneMatch() {
    String mrn = RunningPlatform.unique("mrn");
    String patientId = fhir.create().resource(patient(mrn)).execute().getId().getIdPart();
    Bundle tx = new Bundle().setType(BundleType.TRANSACTION);
    add(tx, observation("Patient?identifier=" + MRN + "|" + mrn), "urn:uuid:o", HTTPVerb.POST, "Observation");

    Bundle response = fhir.transaction().withBundle(tx).execute();

    String obsId = new IdType(response.getEntryFirstRep().getResponse().getLocation()).getIdPart();
    assertThat(fhir.read().resource(Observation.class).withId(obsId).execute().getSubject().getReference())
        .isEqualTo("Patient/" + patientId);
  }

  @Test
  void aConditionalReferenceMatchingNothingFailsTheWholeTransaction() {
    String mrn = RunningPlatform.unique("mrn");
    Bundle tx = new Bundle().setType(BundleType.TRANSACTION);
    add(tx, patient(mrn), "urn:uuid:p", HTTPVerb.POST, "Patient");
    add(tx, observation("Patient?identifier=" + MRN + "|nobody-" + mrn), "urn:uuid:o", HTTPVerb.POST, "Observation");

    assertThatThrownBy(() -> fhir.transaction().withBundle(tx).execute())
        .isInstanceOf(PreconditionFailedException.class)
        .hasMessageContaining("matches no resources");
    assertThat(countPatients(mrn)).isZero();
  }

  @Test
  void aFailingEntryLeavesNothingBehind() {
    String mrn = RunningPlatform.unique("mrn");
    Bundle tx = new Bundle().setType(BundleType.TRANSACTION);
    add(tx, patient(mrn), "urn:uuid:p", HTTPVerb.POST, "Patient");
    add(tx, observation("urn:uuid:p"), "urn:uuid:o1", HTTPVerb.POST, "Observation");
    // the last entry updates a version that does not exist: 409/412 after the others were written
    Patient stale = patient(mrn);
    add(tx, stale, "urn:uuid:p2", HTTPVerb.PUT, "Patient/" + RunningPlatform.unique("absent")).getRequest().setIfMatch("W/\"7\"");

    assertThatThrownBy(() -> fhir.transaction().withBundle(tx).execute()).isInstanceOf(BaseServerResponseException.class);
    assertThat(countPatients(mrn)).isZero();
    assertThat(
            fhir.search().forResource(Observation.class).where(Observation.PATIENT.hasChainedProperty(Patient.IDENTIFIER.exactly().systemAndCode(MRN, mrn)))
                .returnBundle(Bundle.class).execute().getEntry())
        .isEmpty();
  }

  @Test
  void theSameBundlePostedTwiceCreatesNothingNew() {
    String orgId = RunningPlatform.unique("org");
    Bundle tx = new Bundle().setType(BundleType.TRANSACTION);
    Organization org = new Organization().setName("第一人民医院");
    org.addIdentifier().setSystem("urn:hutong:test:org").setValue(orgId);
    add(tx, org, "urn:uuid:org", HTTPVerb.POST, "Organization").getRequest().setIfNoneExist("identifier=urn:hutong:test:org|" + orgId);
    Patient p = patient(RunningPlatform.unique("mrn"));
    p.setManagingOrganization(new Reference("urn:uuid:org"));
    add(tx, p, "urn:uuid:p", HTTPVerb.PUT, "Patient?identifier=" + MRN + "|" + p.getIdentifierFirstRep().getValue());

    Bundle first = fhir.transaction().withBundle(tx).execute();
    Bundle second = fhir.transaction().withBundle(tx).execute();

    assertThat(first.getEntry().get(0).getResponse().getStatus()).startsWith("201");
    assertThat(second.getEntry().get(0).getResponse().getStatus()).startsWith("200");
    assertThat(second.getEntry().get(0).getResponse().getLocation()).startsWith(first.getEntry().get(0).getResponse().getLocation().replaceAll("/_history/.*", ""));
    // an identical PUT is a no-op: same version
    assertThat(second.getEntry().get(1).getResponse().getLocation()).isEqualTo(first.getEntry().get(1).getResponse().getLocation());
    Bundle orgs =
        fhir.search().forResource(Organization.class).where(Organization.IDENTIFIER.exactly().systemAndCode("urn:hutong:test:org", orgId))
            .returnBundle(Bundle.class).execute();
    assertThat(orgs.getEntry()).hasSize(1);
    assertThat(countPatients(p.getIdentifierFirstRep().getValue())).isEqualTo(1);
  }

  @Test
  void conditionalCreateOverRestIsIdempotent() {
    String mrn = RunningPlatform.unique("mrn");
    var first = fhir.create().resource(patient(mrn)).conditionalByUrl("Patient?identifier=" + MRN + "|" + mrn).execute();
    var second = fhir.create().resource(patient(mrn)).conditionalByUrl("Patient?identifier=" + MRN + "|" + mrn).execute();
    assertThat(first.getCreated()).isTrue();
    assertThat(second.getCreated()).isNotEqualTo(Boolean.TRUE);
    assertThat(second.getId().getIdPart()).isEqualTo(first.getId().getIdPart());
    assertThat(countPatients(mrn)).isEqualTo(1);
  }

  @Test
  void conditionalUpdateCreatesThenUpdates() {
    String mrn = RunningPlatform.unique("mrn");
    Patient p = patient(mrn);
    var created = fhir.update().resource(p).conditionalByUrl("Patient?identifier=" + MRN + "|" + mrn).execute();
    p.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1970-05-06"));
    var updated = fhir.update().resource(p).conditionalByUrl("Patient?identifier=" + MRN + "|" + mrn).execute();
    assertThat(created.getCreated()).isTrue();
    assertThat(updated.getId().getIdPart()).isEqualTo(created.getId().getIdPart());
    assertThat(updated.getId().getVersionIdPart()).isEqualTo("2");
  }

  @Test
  void batchEntriesSucceedOrFailOnTheirOwn() {
    String mrn = RunningPlatform.unique("mrn");
    Bundle batch = new Bundle().setType(BundleType.BATCH);
    add(batch, patient(mrn), null, HTTPVerb.POST, "Patient");
    add(batch, observation("Patient/" + RunningPlatform.unique("missing")), null, HTTPVerb.POST, "Observation");
    batch.addEntry().getRequest().setMethod(HTTPVerb.GET).setUrl("Patient?identifier=" + MRN + "|" + mrn);

    Bundle response = fhir.transaction().withBundle(batch).execute();

    assertThat(response.getType()).isEqualTo(BundleType.BATCHRESPONSE);
    assertThat(response.getEntry().get(0).getResponse().getStatus()).startsWith("201");
    assertThat(response.getEntry().get(1).getResponse().getStatus()).doesNotStartWith("2");
    assertThat(((OperationOutcome) response.getEntry().get(1).getResponse().getOutcome()).getIssueFirstRep().getDiagnostics())
        .contains("Patient/");
    assertThat(response.getEntry().get(2).getResponse().getStatus()).startsWith("200");
    assertThat(((Bundle) response.getEntry().get(2).getResource()).getEntry()).hasSize(1);
  }

  @Test
  void aTransactionWithoutRequestsIsRejected() {
    Bundle tx = new Bundle().setType(BundleType.TRANSACTION);
    tx.addEntry().setResource(patient("x"));
    assertThatThrownBy(() -> fhir.transaction().withBundle(tx).execute())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("Bundle.entry[0]");
  }

  private int countPatients(String mrn) {
    return fhir.search().forResource(Patient.class).where(new TokenClientParam("identifier").exactly().systemAndCode(MRN, mrn))
        .returnBundle(Bundle.class).execute().getEntry().size();
  }

  static Patient patient(String mrn) {
    Patient p = new Patient();
    p.addIdentifier().setSystem(MRN).setValue(mrn);
    p.addName().setFamily("王").addGiven("芳");
    return p;
  }

  static Observation observation(String subject) {
    Observation o = new Observation();
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4");
    o.setSubject(new Reference(subject));
    o.setValue(new Quantity().setValue(72).setUnit("/min").setSystem("http://unitsofmeasure.org").setCode("/min"));
    return o;
  }

  static Bundle.BundleEntryComponent add(Bundle bundle, Resource resource, String fullUrl, HTTPVerb method, String url) {
    Bundle.BundleEntryComponent entry = bundle.addEntry().setResource(resource);
    if (fullUrl != null) {
      entry.setFullUrl(fullUrl);
    }
    entry.getRequest().setMethod(method).setUrl(url);
    return entry;
  }
}
