package org.hutong.record.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hutong.record.search.SearchSupport.ref;

import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.UnsignedIntType;
import org.hutong.record.search.SearchSupport.Scope;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * {@code Patient/[id]/$everything}: the patient, its whole compartment and the resources that
 * support it (practitioners, organizations, locations, medications it refers to), paged,
 * optionally since a moment.
 */
@TestInstance(Lifecycle.PER_CLASS)
class PatientEverythingTest {

  final Scope scope = new Scope();
  final Patient patient = new Patient();
  final Patient other = new Patient();
  final Practitioner doctor = new Practitioner();
  final Organization clinic = new Organization().setName("Clinic");
  final Location ward = new Location().setName("Ward 3");
  final Medication aspirin = new Medication();
  final Organization unrelated = new Organization().setName("Unrelated");
  Observation later;
  Set<String> record = new LinkedHashSet<>();

  @BeforeAll
  void data() {
    // what the record refers to that is no patient's: these come along as supporting resources
    scope.create(doctor, clinic, ward, aspirin, unrelated);
    patient.addName().setFamily("Everything");
    patient.addGeneralPractitioner(ref(doctor)).setManagingOrganization(ref(clinic));
    other.addName().setFamily("Elsewhere");
    other.setManagingOrganization(ref(unrelated));
    scope.create(patient, other);
    later = observation(patient);
    List<Resource> compartment =
        List.of(
            observation(patient), later, new Condition().setSubject(ref(patient)),
            new Encounter().setStatus(Encounter.EncounterStatus.FINISHED).setSubject(ref(patient)),
            new AllergyIntolerance().setPatient(ref(patient)),
            new MedicationRequest()
                .setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE)
                .setIntent(MedicationRequest.MedicationRequestIntent.ORDER)
                .setSubject(ref(patient)));
    ((Encounter) compartment.get(3)).getClass_().setCode("AMB");
    ((Encounter) compartment.get(3)).addLocation().setLocation(ref(ward));
    ((MedicationRequest) compartment.get(5)).setMedication(ref(aspirin));
    // the record's subject decides whose record it is, whoever else it mentions
    Observation reportedByOther = observation(patient).addPerformer(ref(other));
    DocumentReference writtenByOther =
        new DocumentReference().setStatus(Enumerations.DocumentReferenceStatus.CURRENT).setSubject(ref(patient)).addAuthor(ref(other));
    writtenByOther.addContent().getAttachment().setContentType("text/plain").setUrl("Binary/x");
    compartment = new ArrayList<>(compartment);
    compartment.add(reportedByOther);
    compartment.add(writtenByOther);
    scope.create(compartment.toArray(Resource[]::new));
    scope.create(observation(other), new Condition().setSubject(ref(other)));
    record.add(typed(patient));
    compartment.forEach(r -> record.add(typed(r)));
    List.of(doctor, clinic, ward, aspirin).forEach(r -> record.add(typed(r)));
  }

  private Observation observation(Patient subject) {
    Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL).setSubject(ref(subject));
    o.getCode().setText("everything");
    return o;
  }

  private static String typed(Resource r) {
    return r.fhirType() + "/" + r.getIdElement().getIdPart();
  }

  private Bundle everything(Parameters parameters) {
    return scope.fhir.operation()
        .onInstance(new IdType("Patient", patient.getIdElement().getIdPart()))
        .named("$everything")
        .withParameters(parameters)
        .useHttpGet()
        .returnResourceType(Bundle.class)
        .execute();
  }

  private static Set<String> typedIds(Bundle bundle) {
    Set<String> out = new LinkedHashSet<>();
    bundle.getEntry().forEach(e -> out.add(typed(e.getResource())));
    return out;
  }

  @Test
  void thePatientItsWholeCompartmentAndWhatSupportsItButNothingElse() {
    Bundle bundle = everything(new Parameters());
    assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
    assertThat(typedIds(bundle)).containsExactlyInAnyOrderElementsOf(record);
    assertThat(bundle.getTotal()).isEqualTo(record.size());
  }

  @Test
  void pagedWithCount() {
    Parameters parameters = new Parameters();
    parameters.addParameter().setName("_count").setValue(new UnsignedIntType(2));
    Bundle page = everything(parameters);
    assertThat(page.getEntry()).hasSize(2);
    List<String> seen = new ArrayList<>();
    int pages = 0;
    while (page != null) {
      assertThat(++pages).isLessThan(20);
      assertThat(page.getEntry().size()).isLessThanOrEqualTo(2);
      seen.addAll(typedIds(page));
      page = page.getLink(Bundle.LINK_NEXT) == null ? null : scope.fhir.loadPage().next(page).execute();
    }
    assertThat(seen).doesNotHaveDuplicates();
    assertThat(seen).containsExactlyInAnyOrderElementsOf(record);
    assertThat(pages).isEqualTo((record.size() + 1) / 2);
  }

  @Test
  void since() throws InterruptedException {
    Date before = new Date();
    Thread.sleep(5);
    later.setStatus(Observation.ObservationStatus.AMENDED);
    scope.fhir.update().resource(later).execute();

    Parameters parameters = new Parameters();
    InstantType since = new InstantType(before);
    since.setTimeZoneZulu(true);
    parameters.addParameter().setName("_since").setValue(since);
    assertThat(typedIds(everything(parameters))).containsExactly(typed(later));
  }

  @Test
  void unknownPatient() {
    assertThatThrownBy(
            () ->
                scope.fhir.operation()
                    .onInstance(new IdType("Patient", "no-such-patient"))
                    .named("$everything")
                    .withNoParameters(Parameters.class)
                    .useHttpGet()
                    .returnResourceType(Bundle.class)
                    .execute())
        .isInstanceOf(ResourceNotFoundException.class);
  }
}
