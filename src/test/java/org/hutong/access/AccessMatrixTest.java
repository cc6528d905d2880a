package org.hutong.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Role × scope × consent × resource over HTTP, with real tokens from the built-in authorisation
 * server: client credentials for institution systems, the login form (authorisation code + PKCE)
 * for people. Two hospitals, A and B, share patient 张伟 (P); B alone treats 王芳 (Q).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixTest {

  private ConfigurableApplicationContext platform;
  private String orgA;
  private String orgB;
  private IGenericClient systemA;
  private String systemAName;
  private IGenericClient systemB;
  private String p;
  private String q;
  private String observationA;
  private String observationB;
  private String psychiatricB;
  private String observationQ;
  private String residentUser;
  private String doctorUser;

  @BeforeAll
  void twoHospitalsShareAPatient() {
    platform = RunningPlatform.shared();
    IGenericClient admin = RunningPlatform.fhir();
    orgA = admin.create().resource(new Organization().setName("北京市第一人民医院")).execute().getId().getIdPart();
    orgB = admin.create().resource(new Organization().setName("朝阳区社区卫生服务中心")).execute().getId().getIdPart();
    systemAName = RunningPlatform.unique("his-a");
    systemA = client(RunningPlatform.clientToken(platform, systemAName, Role.INSTITUTION_SYSTEM, orgA, "system/*.cruds"));
    systemB = client(RunningPlatform.clientToken(platform, RunningPlatform.unique("his-b"), Role.INSTITUTION_SYSTEM, orgB, "system/*.cruds"));

    Patient zhang = new Patient();
    zhang.addName().setFamily("张").addGiven("伟");
    p = id(systemA.create().resource(zhang).execute().getResource());
    observationA = id(systemA.create().resource(observation(p, "8867-4")).execute().getResource());
    systemB.create().resource(new Encounter().setStatus(Encounter.EncounterStatus.FINISHED).setSubject(new Reference("Patient/" + p))
        .setClass_(new org.hl7.fhir.r4.model.Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", null))).execute();
    observationB = id(systemB.create().resource(observation(p, "2339-0")).execute().getResource());
    Condition depression = new Condition().setSubject(new Reference("Patient/" + p));
    depression.getCode().addCoding().setSystem("http://hl7.org/fhir/sid/icd-10").setCode("F32.9");
    depression.getMeta().addSecurity("http://terminology.hl7.org/CodeSystem/v3-ActCode", "PSY", "psychiatry");
    psychiatricB = id(systemB.create().resource(depression).execute().getResource());

    Patient wang = new Patient();
    wang.addName().setFamily("王").addGiven("芳");
    q = id(systemB.create().resource(wang).execute().getResource());
    observationQ = id(systemB.create().resource(observation(q, "8867-4")).execute().getResource());

    Accounts accounts = platform.getBean(Accounts.class);
    residentUser = RunningPlatform.unique("zhangwei");
    accounts.enrolPerson(residentUser, "resident-password", Role.RESIDENT, null, Set.of(p), "张伟");
    doctorUser = RunningPlatform.unique("dr-li");
    accounts.enrolPerson(doctorUser, "doctor-password", Role.CLINICIAN, orgA, Set.of(), "李医生");
  }

  // ------------------------------------------------------------------ residents

  @Test
  void aResidentSeesTheirOwnRecordAndNobodyElses() {
    IGenericClient resident = person(residentUser, "resident-password", "openid patient/*.rs patient/Consent.cruds");
    assertThat(resident.read().resource(Patient.class).withId(p).execute().getNameFirstRep().getFamily()).isEqualTo("张");
    assertThatThrownBy(() -> resident.read().resource(Patient.class).withId(q).execute()).isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> resident.read().resource(Observation.class).withId(observationQ).execute())
        .isInstanceOf(ResourceNotFoundException.class);
    Bundle observations = resident.search().forResource(Observation.class).returnBundle(Bundle.class).execute();
    assertThat(ids(observations)).contains(observationA, observationB).doesNotContain(observationQ);
    Bundle counted = resident.search().forResource(Observation.class).where(Observation.SUBJECT.hasId("Patient/" + q))
        .summaryMode(ca.uhn.fhir.rest.api.SummaryEnum.COUNT).returnBundle(Bundle.class).execute();
    assertThat(counted.getTotal()).isZero();
    assertThatThrownBy(() -> resident.read().resource(Patient.class).withId(q).execute()).isInstanceOf(ResourceNotFoundException.class);
    // who accessed my records: the trail, scoped to the resident's own patient
    Bundle trail = resident.search().byUrl("AuditEvent?_count=200").returnBundle(Bundle.class).execute();
    List<org.hl7.fhir.r4.model.AuditEvent> events =
        trail.getEntry().stream().map(e -> (org.hl7.fhir.r4.model.AuditEvent) e.getResource()).toList();
    assertThat(events).isNotEmpty().allSatisfy(event -> assertThat(event.getEntity()).extracting(entity -> entity.getWhat().getReference())
        .contains("Patient/" + p).doesNotContain("Patient/" + q));
    assertThat(resident.search().byUrl("AuditEvent?patient=" + q).returnBundle(Bundle.class).execute().getEntry()).isEmpty();
  }

  @Test
  void aResidentCannotWriteClinicalDataNorAnotherPersonsConsent() {
    IGenericClient resident = person(residentUser, "resident-password", "openid patient/*.rs patient/Consent.cruds");
    assertThatThrownBy(() -> resident.create().resource(observation(p, "8867-4")).execute()).isInstanceOf(ForbiddenOperationException.class);
    assertThatThrownBy(() -> resident.create().resource(consent(q, Consent.ConsentProvisionType.DENY)).execute())
        .isInstanceOf(ForbiddenOperationException.class);
  }

  // ------------------------------------------------------------------ clinicians and consent

  @Test
  void aClinicianSeesPatientsInCareAndOtherInstitutionsRecordsAsConsentAllows() {
    IGenericClient resident = person(residentUser, "resident-password", "openid patient/*.rs patient/Consent.cruds");
    IGenericClient doctor = person(doctorUser, "doctor-password", "openid user/*.cruds");

    // in care at A: A's own record and, by the opt-out default, B's records too
    assertThat(ids(everything(doctor, p))).contains(p, observationA, observationB, psychiatricB);
    // not in care at A: 王芳 is invisible, not even counted
    assertThatThrownBy(() -> doctor.read().resource(Patient.class).withId(q).execute()).isInstanceOf(ResourceNotFoundException.class);
    assertThat(ids(doctor.search().forResource(Observation.class).returnBundle(Bundle.class).execute())).doesNotContain(observationQ);

    // the resident refuses to share mental-health records
    Consent noPsychiatry = consent(p, Consent.ConsentProvisionType.PERMIT);
    noPsychiatry.getProvision().addProvision().setType(Consent.ConsentProvisionType.DENY)
        .addSecurityLabel().setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").setCode("PSY");
    String consentId = id(resident.create().resource(noPsychiatry).execute().getResource());
    assertThatThrownBy(() -> doctor.read().resource(Condition.class).withId(psychiatricB).execute()).isInstanceOf(ResourceNotFoundException.class);
    assertThat(ids(everything(doctor, p))).contains(observationB).doesNotContain(psychiatricB);
    Bundle conditions = doctor.search().forResource(Condition.class).where(Condition.SUBJECT.hasId("Patient/" + p))
        .summaryMode(ca.uhn.fhir.rest.api.SummaryEnum.COUNT).returnBundle(Bundle.class).execute();
    assertThat(conditions.getTotal()).isZero();
    Bundle included = doctor.search().forResource(Patient.class).where(Patient.RES_ID.exactly().code(p))
        .revInclude(Condition.INCLUDE_SUBJECT).returnBundle(Bundle.class).execute();
    assertThat(ids(included)).contains(p).doesNotContain(psychiatricB);

    // ...then refuses hospital A altogether: A keeps its own record, loses B's
    Consent notA = consent(p, Consent.ConsentProvisionType.PERMIT);
    notA.setId(consentId);
    notA.getProvision().addProvision().setType(Consent.ConsentProvisionType.DENY).addActor()
        .setReference(new Reference("Organization/" + orgA))
        .getRole().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v3-ParticipationType").setCode("IRCP");
    resident.update().resource(notA).execute();
    assertThat(ids(everything(doctor, p))).contains(observationA).doesNotContain(observationB, psychiatricB);
    assertThatThrownBy(() -> doctor.read().resource(Observation.class).withId(observationB).execute()).isInstanceOf(ResourceNotFoundException.class);

    // break the glass in an emergency: everything, with the reason on record
    IGenericClient emergency = person(doctorUser, "doctor-password", "openid user/*.cruds");
    emergency.registerInterceptor(new ca.uhn.fhir.rest.client.interceptor.SimpleRequestHeaderInterceptor("X-Purpose-Of-Use", "ETREAT"));
    emergency.registerInterceptor(new ca.uhn.fhir.rest.client.interceptor.SimpleRequestHeaderInterceptor(
        "X-Break-Glass-Reason", java.net.URLEncoder.encode("患者昏迷，急诊抢救", java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(ids(everything(emergency, p))).contains(observationA, observationB, psychiatricB);
    // ...but never without a reason
    IGenericClient noReason = person(doctorUser, "doctor-password", "openid user/*.cruds");
    noReason.registerInterceptor(new ca.uhn.fhir.rest.client.interceptor.SimpleRequestHeaderInterceptor("X-Purpose-Of-Use", "ETREAT"));
    assertThatThrownBy(() -> noReason.read().resource(Patient.class).withId(p).execute()).isInstanceOf(InvalidRequestException.class);

    // withdrawing the consent restores the default
    resident.delete().resourceById("Consent", consentId).execute();
    assertThat(ids(everything(doctor, p))).contains(observationB, psychiatricB);
  }

  // ------------------------------------------------------------------ institutions write their own data only

  @Test
  void anInstitutionWritesOnlyItsOwnRecords() {
    Observation fromB = systemA.read().resource(Observation.class).withId(observationB).execute();
    fromB.setStatus(Observation.ObservationStatus.ENTEREDINERROR);
    assertThatThrownBy(() -> systemA.update().resource(fromB).execute()).isInstanceOf(ForbiddenOperationException.class);
    assertThatThrownBy(() -> systemA.delete().resourceById("Observation", observationB).execute()).isInstanceOf(ForbiddenOperationException.class);
    Observation own = systemA.read().resource(Observation.class).withId(observationA).execute();
    own.setStatus(Observation.ObservationStatus.AMENDED);
    assertThat(systemA.update().resource(own).execute().getId().getVersionIdPart()).isEqualTo("2");
    // A cannot even see 王芳, so it cannot write to her record by id
    assertThatThrownBy(() -> systemA.read().resource(Observation.class).withId(observationQ).execute()).isInstanceOf(ResourceNotFoundException.class);
    // a transaction that touches another institution's record fails as a whole
    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    tx.addEntry().setResource(observation(p, "8867-4")).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
    tx.addEntry().getRequest().setMethod(Bundle.HTTPVerb.DELETE).setUrl("Observation/" + observationB);
    assertThatThrownBy(() -> systemA.transaction().withBundle(tx).execute()).isInstanceOf(ForbiddenOperationException.class);
    // each refusal is in the audit trail as what was attempted
    Bundle refusals = RunningPlatform.fhir(platform).search().byUrl("AuditEvent?agent=" + systemAName + "&outcome=4").returnBundle(Bundle.class).execute();
    assertThat(refusals.getEntry()).extracting(e -> ((org.hl7.fhir.r4.model.AuditEvent) e.getResource()).getAction().toCode())
        .contains("U", "D", "E");
  }

  @Test
  void aChainedSearchDoesNotLookIntoRecordsTheCallerMayNotSee() {
    String family = RunningPlatform.unique("李");
    Patient li = new Patient();
    li.addName().setFamily(family).addGiven("娜");
    String r = id(systemB.create().resource(li).execute().getResource());
    String own = id(systemA.create().resource(observation(r, "8867-4")).execute().getResource());
    Consent notA = consent(r, Consent.ConsentProvisionType.PERMIT);
    notA.getProvision().addProvision().setType(Consent.ConsentProvisionType.DENY).addActor()
        .setReference(new Reference("Organization/" + orgA))
        .getRole().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v3-ParticipationType").setCode("IRCP");
    RunningPlatform.fhir(platform).create().resource(notA).execute();

    String chained = "Observation?subject:Patient.family=" + family;
    assertThat(ids(RunningPlatform.fhir(platform).search().byUrl(chained).returnBundle(Bundle.class).execute())).containsExactly(own);
    // A sees its own Observation, but not B's Patient record, so it cannot learn her name through a chain
    assertThatThrownBy(() -> systemA.read().resource(Patient.class).withId(r).execute()).isInstanceOf(ResourceNotFoundException.class);
    assertThat(ids(systemA.search().byUrl("Observation?subject=Patient/" + r).returnBundle(Bundle.class).execute())).containsExactly(own);
    assertThat(ids(systemA.search().byUrl(chained).returnBundle(Bundle.class).execute())).isEmpty();
    assertThat(systemA.search().byUrl(chained + "&_summary=count").returnBundle(Bundle.class).execute().getTotal()).isZero();
  }

  // ------------------------------------------------------------------ other roles, narrower scopes

  @Test
  void otherRolesGetWhatTheirRoleAndScopesAllow() {
    IGenericClient pharmacist =
        client(RunningPlatform.clientToken(platform, RunningPlatform.unique("pharmacy-a"), Role.PHARMACIST, orgA, "system/*.cruds"));
    assertThat(pharmacist.read().resource(Observation.class).withId(observationA).execute()).isNotNull();
    assertThatThrownBy(() -> pharmacist.create().resource(observation(p, "8867-4")).execute()).isInstanceOf(ForbiddenOperationException.class);
    MedicationRequest prescription = new MedicationRequest().setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE)
        .setIntent(MedicationRequest.MedicationRequestIntent.ORDER).setSubject(new Reference("Patient/" + p));
    prescription.getMedicationCodeableConcept().setText("阿莫西林胶囊");
    assertThat(pharmacist.create().resource(prescription).execute().getCreated()).isTrue();

    IGenericClient cdc = client(RunningPlatform.clientToken(platform, RunningPlatform.unique("cdc"), Role.PUBLIC_HEALTH_OFFICER, null, "system/*.rs"));
    assertThat(ids(cdc.search().forResource(Observation.class).where(Observation.CODE.exactly().code("8867-4")).count(1000)
        .returnBundle(Bundle.class).execute())).contains(observationA, observationQ);
    assertThatThrownBy(() -> cdc.create().resource(observation(p, "8867-4")).execute()).isInstanceOf(ForbiddenOperationException.class);

    IGenericClient regulator = client(RunningPlatform.clientToken(platform, RunningPlatform.unique("nhc"), Role.REGULATOR, null, "system/*.rs"));
    assertThatThrownBy(() -> regulator.read().resource(Patient.class).withId(p).execute()).isInstanceOf(ForbiddenOperationException.class);
    assertThat(regulator.read().resource(Organization.class).withId(orgA).execute().getName()).isEqualTo("北京市第一人民医院");

    String lab = RunningPlatform.unique("lab-a");
    IGenericClient observationsOnly = client(RunningPlatform.clientToken(platform, lab, Role.INSTITUTION_SYSTEM, orgA, "system/Observation.rs"));
    assertThatThrownBy(() -> observationsOnly.read().resource(Patient.class).withId(p).execute()).isInstanceOf(ForbiddenOperationException.class);
    Bundle withSubjects = observationsOnly.search().forResource(Observation.class).where(Observation.SUBJECT.hasId("Patient/" + p))
        .include(Observation.INCLUDE_SUBJECT).returnBundle(Bundle.class).execute();
    assertThat(withSubjects.getEntry()).isNotEmpty().allMatch(e -> e.getResource() instanceof Observation);
    assertThatThrownBy(() -> observationsOnly.create().resource(observation(p, "8867-4")).execute())
        .isInstanceOf(ForbiddenOperationException.class);
    // GET entries of a batch are held to the same scopes, and what they return is audited
    Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
    batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient/" + p);
    batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Observation/" + observationA);
    batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient?_id=" + p);
    Bundle answers = observationsOnly.transaction().withBundle(batch).execute();
    assertThat(answers.getEntry()).extracting(e -> e.getResponse().getStatus().substring(0, 3)).containsExactly("403", "200", "403");
    Bundle reads = RunningPlatform.fhir(platform).search().byUrl("AuditEvent?agent=" + lab + "&action=R&outcome=0").returnBundle(Bundle.class).execute();
    assertThat(reads.getEntry()).flatExtracting(e -> ((org.hl7.fhir.r4.model.AuditEvent) e.getResource()).getEntity())
        .extracting(entity -> entity.getWhat().getReference())
        .contains("Observation/" + observationA);
  }

  @Test
  void aPagingLinkWorksOnlyForWhoeverSearched() throws Exception {
    IGenericClient admin = RunningPlatform.fhir();
    Bundle first = admin.search().forResource(Observation.class).count(1).returnBundle(Bundle.class).execute();
    String next = first.getLink("next").getUrl();
    assertThat(admin.loadPage().byUrl(next).andReturnBundle(Bundle.class).execute().getEntry()).hasSize(1);
    IGenericClient other = client(RunningPlatform.clientToken(platform, RunningPlatform.unique("his-c"), Role.INSTITUTION_SYSTEM, orgB, "system/*.rs"));
    assertThatThrownBy(() -> other.loadPage().byUrl(next).andReturnBundle(Bundle.class).execute())
        .isInstanceOf(ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException.class)
        .satisfies(e -> assertThat(((ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException) e).getStatusCode()).isIn(404, 410));
  }

  // ------------------------------------------------------------------ authentication

  @Test
  void requestsWithoutAValidTokenGet401() throws Exception {
    assertThatThrownBy(() -> client(null).read().resource(Patient.class).withId(p).execute()).isInstanceOf(AuthenticationException.class);
    assertThatThrownBy(() -> client("not-a-token").read().resource(Patient.class).withId(p).execute()).isInstanceOf(AuthenticationException.class);
    String valid = RunningPlatform.clientToken(platform, RunningPlatform.unique("his-d"), Role.INSTITUTION_SYSTEM, orgA, "system/*.rs");
    String[] parts = valid.split("\\.");
    String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA" + "." + parts[2];
    assertThatThrownBy(() -> client(tampered).read().resource(Patient.class).withId(p).execute()).isInstanceOf(AuthenticationException.class);
    assertThatThrownBy(() -> client(Tokens.forged()).read().resource(Patient.class).withId(p).execute()).isInstanceOf(AuthenticationException.class);
    assertThatThrownBy(() -> client(Tokens.signed(platform, -60, "hutong-fhir")).read().resource(Patient.class).withId(p).execute())
        .isInstanceOf(AuthenticationException.class);
    assertThatThrownBy(() -> client(Tokens.signed(platform, 600, "some-other-api")).read().resource(Patient.class).withId(p).execute())
        .isInstanceOf(AuthenticationException.class);
    assertThat(client(Tokens.signed(platform, 600, "hutong-fhir")).read().resource(Patient.class).withId(p).execute()).isNotNull();
    // the capability statement and SMART discovery are public
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> smart = http.send(HttpRequest.newBuilder(URI.create(RunningPlatform.baseUrl() + "/.well-known/smart-configuration")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(smart.statusCode()).isEqualTo(200);
    assertThat(smart.body()).contains("token_endpoint", "permission-v2", "S256");
    assertThat(http.send(HttpRequest.newBuilder(URI.create(RunningPlatform.baseUrl() + "/metadata")).build(), HttpResponse.BodyHandlers.ofString())
        .statusCode()).isEqualTo(200);
    // and the capability statement declares the security and the audit trail
    CapabilityStatement capabilities = client(null).capabilities().ofType(CapabilityStatement.class).execute();
    var security = capabilities.getRestFirstRep().getSecurity();
    assertThat(security.getService()).flatExtracting(CodeableConcept::getCoding).extracting(Coding::getCode).contains("SMART-on-FHIR", "OAuth");
    String tokenEndpoint = security.getExtensionByUrl("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris")
        .getExtensionByUrl("token").getValue().primitiveValue();
    assertThat(smart.body()).contains("\"token_endpoint\":\"" + tokenEndpoint + "\"");
    var audit = capabilities.getRestFirstRep().getResource().stream().filter(r -> r.getType().equals("AuditEvent")).findFirst().orElseThrow();
    assertThat(audit.getInteraction()).extracting(i -> i.getCode().toCode()).containsExactlyInAnyOrder("read", "search-type");
    assertThat(audit.getSearchParam()).extracting(CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent::getName)
        .contains("patient", "date", "purpose");
  }

  // ------------------------------------------------------------------ helpers

  private IGenericClient client(String token) {
    return RunningPlatform.fhir(platform, token);
  }

  private IGenericClient person(String user, String password, String scopes) {
    return client(RunningPlatform.personToken(platform, user, password, scopes));
  }

  private static Bundle everything(IGenericClient client, String patient) {
    return client.operation().onInstance("Patient/" + patient).named("$everything").withNoParameters(org.hl7.fhir.r4.model.Parameters.class)
        .returnResourceType(Bundle.class).execute();
  }

  private static Observation observation(String patient, String loinc) {
    Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL).setSubject(new Reference("Patient/" + patient));
    o.getCode().addCoding().setSystem("http://loinc.org").setCode(loinc);
    return o;
  }

  private static Consent consent(String patient, Consent.ConsentProvisionType base) {
    Consent c = new Consent().setStatus(Consent.ConsentState.ACTIVE).setPatient(new Reference("Patient/" + patient));
    c.getScope().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/consentscope").setCode("patient-privacy");
    c.addCategory().addCoding().setSystem("http://loinc.org").setCode("59284-0");
    c.getPolicyRule().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").setCode("OPTIN");
    c.getProvision().setType(base);
    return c;
  }

  private static String id(org.hl7.fhir.instance.model.api.IBaseResource resource) {
    return resource.getIdElement().getIdPart();
  }

  private static List<String> ids(Bundle bundle) {
    return bundle.getEntry().stream().map(e -> ((Resource) e.getResource()).getIdElement().getIdPart()).toList();
  }
}
