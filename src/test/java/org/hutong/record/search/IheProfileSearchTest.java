package org.hutong.record.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hutong.record.search.SearchSupport.pick;
import static org.hutong.record.search.SearchSupport.ref;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;
import org.hutong.record.search.SearchSupport.Scope;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * The search parameters the IHE profiles a regional platform serves rely on, each with at least
 * one exact assertion: PDQm (Patient), QEDm (clinical data), MHD (DocumentReference, List) and
 * mCSD (directory).
 */
class IheProfileSearchTest {

  private static final String LOINC = "http://loinc.org";
  private static final String SNOMED = "http://snomed.info/sct";
  private static final String OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";

  private static CodeableConcept concept(String system, String code) {
    return new CodeableConcept().addCoding(new Coding(system, code, null));
  }

  /** PDQm: _id, active, family, given, identifier, telecom, birthdate, address, address-city, address-postalcode, gender. */
  @Nested
  @TestInstance(Lifecycle.PER_CLASS)
  class Pdqm {
    final Scope scope = new Scope();
    final String mrn = "urn:oid:1.2.156." + Math.abs(RunningPlatform.unique("x").hashCode());
    List<String> p;

    @BeforeAll
    void data() {
      Patient wang = patient("王", "小明", "1975-04-01", AdministrativeGender.MALE, "A001");
      wang.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("+8613800138000");
      wang.addAddress().addLine("朝阳路 8 号").setCity("北京").setDistrict("朝阳区").setPostalCode("100020");
      Patient li = patient("李", "华", "1975-04-01", AdministrativeGender.FEMALE, "A002");
      li.addTelecom().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue("li.hua@example.cn");
      li.addAddress().setCity("上海").setPostalCode("200000");
      Patient wang2 = patient("王", "芳", "1990-09-09", AdministrativeGender.FEMALE, "A003").setActive(false);
      wang2.addAddress().setCity("北京").setPostalCode("100080");
      p = scope.create(wang, li, wang2);
    }

    private Patient patient(String family, String given, String birth, AdministrativeGender gender, String id) {
      Patient patient = new Patient().setActive(true).setGender(gender).setBirthDateElement(new DateType(birth));
      patient.addName().setFamily(family).addGiven(given);
      patient.addIdentifier().setSystem(mrn).setValue(id);
      return patient;
    }

    @Test
    void eachParameter() {
      assertThat(scope.ids("Patient", "_id=" + p.get(1))).isEqualTo(pick(p, 1));
      assertThat(scope.ids("Patient", "active=true")).isEqualTo(pick(p, 0, 1));
      assertThat(scope.ids("Patient", "family=王")).isEqualTo(pick(p, 0, 2));
      assertThat(scope.ids("Patient", "given=小")).isEqualTo(pick(p, 0));
      assertThat(scope.ids("Patient", "identifier=" + mrn + "|A002")).isEqualTo(pick(p, 1));
      assertThat(scope.ids("Patient", "telecom=phone|%2B8613800138000")).isEqualTo(pick(p, 0));
      assertThat(scope.ids("Patient", "telecom=li.hua@example.cn")).isEqualTo(pick(p, 1));
      assertThat(scope.ids("Patient", "birthdate=1975-04-01")).isEqualTo(pick(p, 0, 1));
      assertThat(scope.ids("Patient", "address=朝阳")).isEqualTo(pick(p, 0));
      assertThat(scope.ids("Patient", "address-city=北京")).isEqualTo(pick(p, 0, 2));
      assertThat(scope.ids("Patient", "address-postalcode=1000")).isEqualTo(pick(p, 0, 2));
      assertThat(scope.ids("Patient", "gender=female")).isEqualTo(pick(p, 1, 2));
    }

    @Test
    void aTypicalDemographicsQuery() {
      assertThat(scope.ids("Patient", "family=王&gender=female&birthdate=ge1980&address-city=北京")).isEqualTo(pick(p, 2));
      assertThat(scope.ids("Patient", "identifier=" + mrn + "|A001," + mrn + "|A003&active=true")).isEqualTo(pick(p, 0));
    }
  }

  /** QEDm: patient, category, code, date on the clinical resources. */
  @Nested
  @TestInstance(Lifecycle.PER_CLASS)
  class Qedm {
    final Scope scope = new Scope();
    final Patient patient = new Patient();
    final Patient other = new Patient();

    @BeforeAll
    void data() {
      scope.create(patient, other);
    }

    private String pid() {
      return patient.getIdElement().getIdPart();
    }

    @Test
    void observation() {
      Observation vital = obs(patient, "vital-signs", "8867-4", new DateTimeType("2023-03-01T08:00:00Z"));
      Observation lab = obs(patient, "laboratory", "2345-7", new DateTimeType("2023-03-05T08:00:00Z"));
      Observation otherVital = obs(other, "vital-signs", "8867-4", new DateTimeType("2023-03-01T09:00:00Z"));
      List<String> o = scope.create(vital, lab, otherVital);
      assertThat(scope.ids("Observation", "patient=" + pid())).isEqualTo(pick(o, 0, 1));
      assertThat(scope.ids("Observation", "patient=" + pid() + "&category=vital-signs")).isEqualTo(pick(o, 0));
      assertThat(scope.ids("Observation", "patient=" + pid() + "&category=" + OBS_CATEGORY + "|laboratory")).isEqualTo(pick(o, 1));
      assertThat(scope.ids("Observation", "code=" + LOINC + "|8867-4")).isEqualTo(pick(o, 0, 2));
      assertThat(scope.ids("Observation", "patient=" + pid() + "&code=" + LOINC + "|8867-4,2345-7&date=ge2023-03-02"))
          .isEqualTo(pick(o, 1));
    }

    private Observation obs(Patient subject, String category, String code, DateTimeType when) {
      Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL).setSubject(ref(subject));
      o.addCategory(concept(OBS_CATEGORY, category));
      o.setCode(concept(LOINC, code)).setEffective(when);
      return o;
    }

    @Test
    void diagnosticReport() {
      DiagnosticReport lab = report(patient, "LAB", "58410-2", "2023-04-01T10:00:00Z");
      DiagnosticReport imaging = report(patient, "RAD", "24627-2", "2023-05-01T10:00:00Z");
      DiagnosticReport others = report(other, "LAB", "58410-2", "2023-04-01T10:00:00Z");
      List<String> d = scope.create(lab, imaging, others);
      String v2 = "http://terminology.hl7.org/CodeSystem/v2-0074";
      assertThat(scope.ids("DiagnosticReport", "patient=" + pid())).isEqualTo(pick(d, 0, 1));
      assertThat(scope.ids("DiagnosticReport", "patient=" + pid() + "&category=" + v2 + "|LAB")).isEqualTo(pick(d, 0));
      assertThat(scope.ids("DiagnosticReport", "code=" + LOINC + "|58410-2")).isEqualTo(pick(d, 0, 2));
      assertThat(scope.ids("DiagnosticReport", "patient=" + pid() + "&date=2023-05")).isEqualTo(pick(d, 1));
    }

    private DiagnosticReport report(Patient subject, String category, String code, String when) {
      DiagnosticReport r = new DiagnosticReport().setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
      r.addCategory(concept("http://terminology.hl7.org/CodeSystem/v2-0074", category));
      r.setCode(concept(LOINC, code)).setSubject(ref(subject)).setEffective(new DateTimeType(when));
      return r;
    }

    @Test
    void condition() {
      String categories = "http://terminology.hl7.org/CodeSystem/condition-category";
      Condition problem = new Condition().setSubject(ref(patient)).setCode(concept(SNOMED, "44054006"));
      problem.addCategory(concept(categories, "problem-list-item"));
      problem.setClinicalStatus(concept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"));
      problem.setOnset(new DateTimeType("2015-06-01"));
      Condition diagnosis = new Condition().setSubject(ref(patient)).setCode(concept(SNOMED, "38341003"));
      diagnosis.addCategory(concept(categories, "encounter-diagnosis"));
      diagnosis.setClinicalStatus(concept("http://terminology.hl7.org/CodeSystem/condition-clinical", "resolved"));
      Condition others = new Condition().setSubject(ref(other)).setCode(concept(SNOMED, "44054006"));
      List<String> c = scope.create(problem, diagnosis, others);
      assertThat(scope.ids("Condition", "patient=" + pid())).isEqualTo(pick(c, 0, 1));
      assertThat(scope.ids("Condition", "patient=" + pid() + "&category=problem-list-item")).isEqualTo(pick(c, 0));
      assertThat(scope.ids("Condition", "code=" + SNOMED + "|44054006")).isEqualTo(pick(c, 0, 2));
      assertThat(scope.ids("Condition", "patient=" + pid() + "&clinical-status=active")).isEqualTo(pick(c, 0));
      assertThat(scope.ids("Condition", "onset-date=2015")).isEqualTo(pick(c, 0));
    }

    @Test
    void allergyIntolerance() {
      AllergyIntolerance peanut = new AllergyIntolerance().setPatient(ref(patient)).setCode(concept(SNOMED, "91935009"));
      peanut.setClinicalStatus(concept("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active"));
      AllergyIntolerance others = new AllergyIntolerance().setPatient(ref(other)).setCode(concept(SNOMED, "91935009"));
      List<String> a = scope.create(peanut, others);
      assertThat(scope.ids("AllergyIntolerance", "patient=" + pid())).isEqualTo(pick(a, 0));
      assertThat(scope.ids("AllergyIntolerance", "patient=Patient/" + pid() + "&clinical-status=active")).isEqualTo(pick(a, 0));
      assertThat(scope.ids("AllergyIntolerance", "code=91935009")).isEqualTo(pick(a, 0, 1));
    }

    @Test
    void immunization() {
      Immunization flu = immunization(patient, "2022-10-01");
      Immunization covid = immunization(patient, "2021-05-01T09:30:00+08:00");
      Immunization others = immunization(other, "2022-10-01");
      List<String> i = scope.create(flu, covid, others);
      assertThat(scope.ids("Immunization", "patient=" + pid())).isEqualTo(pick(i, 0, 1));
      assertThat(scope.ids("Immunization", "patient=" + pid() + "&date=ge2022")).isEqualTo(pick(i, 0));
      assertThat(scope.ids("Immunization", "patient=" + pid() + "&date=2021-05-01")).isEqualTo(pick(i, 1));
    }

    private Immunization immunization(Patient subject, String when) {
      Immunization i = new Immunization().setStatus(Immunization.ImmunizationStatus.COMPLETED).setPatient(ref(subject));
      i.setVaccineCode(concept("http://hl7.org/fhir/sid/cvx", "140")).setOccurrence(new DateTimeType(when));
      return i;
    }

    @Test
    void medicationRequest() {
      MedicationRequest active = request(patient, MedicationRequest.MedicationRequestStatus.ACTIVE, "2023-01-10");
      MedicationRequest stopped = request(patient, MedicationRequest.MedicationRequestStatus.STOPPED, "2022-01-10");
      MedicationRequest others = request(other, MedicationRequest.MedicationRequestStatus.ACTIVE, "2023-01-10");
      List<String> m = scope.create(active, stopped, others);
      assertThat(scope.ids("MedicationRequest", "patient=" + pid())).isEqualTo(pick(m, 0, 1));
      assertThat(scope.ids("MedicationRequest", "patient=" + pid() + "&status=active")).isEqualTo(pick(m, 0));
      assertThat(scope.ids("MedicationRequest", "patient=" + pid() + "&authoredon=lt2023")).isEqualTo(pick(m, 1));
      assertThat(scope.ids("MedicationRequest", "code=http://www.nlm.nih.gov/research/umls/rxnorm|197361")).isEqualTo(pick(m, 0, 1, 2));
    }

    private MedicationRequest request(Patient subject, MedicationRequest.MedicationRequestStatus status, String authored) {
      MedicationRequest r =
          new MedicationRequest().setStatus(status).setIntent(MedicationRequest.MedicationRequestIntent.ORDER).setSubject(ref(subject));
      r.setMedication(concept("http://www.nlm.nih.gov/research/umls/rxnorm", "197361"));
      r.setAuthoredOnElement(new DateTimeType(authored));
      return r;
    }

    @Test
    void procedure() {
      Procedure appendectomy = procedure(patient, new DateTimeType("2019-07-07"));
      Procedure longOne =
          procedure(patient, new Period().setStartElement(new DateTimeType("2020-01-01T08:00:00Z")).setEndElement(new DateTimeType("2020-01-01T12:00:00Z")));
      Procedure others = procedure(other, new DateTimeType("2019-07-07"));
      List<String> pr = scope.create(appendectomy, longOne, others);
      assertThat(scope.ids("Procedure", "patient=" + pid())).isEqualTo(pick(pr, 0, 1));
      assertThat(scope.ids("Procedure", "patient=" + pid() + "&date=2020-01-01")).isEqualTo(pick(pr, 1));
      assertThat(scope.ids("Procedure", "date=lt2020")).isEqualTo(pick(pr, 0, 2));
      assertThat(scope.ids("Procedure", "code=" + SNOMED + "|80146002")).isEqualTo(pick(pr, 0, 1, 2));
    }

    private Procedure procedure(Patient subject, Type performed) {
      Procedure p = new Procedure().setStatus(Procedure.ProcedureStatus.COMPLETED).setSubject(ref(subject));
      p.setCode(concept(SNOMED, "80146002")).setPerformed(performed);
      return p;
    }

    @Test
    void encounter() {
      Encounter visit = encounter(patient, "2023-06-01T09:00:00Z", "2023-06-01T09:30:00Z");
      Encounter stay = encounter(patient, "2023-07-01T09:00:00Z", "2023-07-05T11:00:00Z");
      Encounter others = encounter(other, "2023-06-01T09:00:00Z", "2023-06-01T09:30:00Z");
      List<String> e = scope.create(visit, stay, others);
      assertThat(scope.ids("Encounter", "patient=" + pid())).isEqualTo(pick(e, 0, 1));
      assertThat(scope.ids("Encounter", "patient=" + pid() + "&date=2023-06-01")).isEqualTo(pick(e, 0));
      assertThat(scope.ids("Encounter", "patient=" + pid() + "&date=ge2023-07-03")).isEqualTo(pick(e, 1));
      assertThat(scope.ids("Encounter", "date=2023-06")).isEqualTo(pick(e, 0, 2));
    }

    private Encounter encounter(Patient subject, String start, String end) {
      Encounter e = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED).setSubject(ref(subject));
      e.getClass_().setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").setCode("AMB");
      e.setPeriod(new Period().setStartElement(new DateTimeType(start)).setEndElement(new DateTimeType(end)));
      return e;
    }
  }

  /**
   * MHD: DocumentReference by patient, patient.identifier, status, type, category, date, period,
   * facility, setting, author.family, identifier; List by patient, code, status, identifier, date.
   */
  @Nested
  @TestInstance(Lifecycle.PER_CLASS)
  class Mhd {
    final Scope scope = new Scope();
    final String mrn = "urn:test:" + RunningPlatform.unique("mrn");
    final String docIds = "urn:test:" + RunningPlatform.unique("doc");
    final Patient patient = new Patient();
    final Patient other = new Patient();
    final Practitioner author = new Practitioner();
    List<String> d;
    List<String> lists;

    @BeforeAll
    void data() {
      patient.addIdentifier().setSystem(mrn).setValue("P1");
      other.addIdentifier().setSystem(mrn).setValue("P2");
      author.addName().setFamily(RunningPlatform.unique("Author"));
      scope.create(patient, other, author);

      DocumentReference discharge = document(patient, "18842-5", "2023-02-01T10:00:00Z", "2023-01-20", "2023-02-01");
      discharge.addAuthor(ref(author));
      discharge.getContext().setFacilityType(concept(SNOMED, "22232009")).setPracticeSetting(concept(SNOMED, "394802001"));
      discharge.addCategory(concept("http://loinc.org", "11488-4"));
      DocumentReference lab = document(patient, "11502-2", "2023-03-01T10:00:00Z", "2023-02-27", "2023-02-28");
      lab.setStatus(DocumentReferenceStatus.SUPERSEDED);
      lab.getContext().setFacilityType(concept(SNOMED, "225732001"));
      DocumentReference others = document(other, "18842-5", "2023-02-01T10:00:00Z", null, null);
      d = scope.create(discharge, lab, others);

      ListResource submission = list(patient, "submissionset", "2023-02-01T10:00:00Z");
      submission.addEntry().setItem(ref(discharge));
      ListResource folder = list(patient, "folder", "2023-03-01T10:00:00Z");
      folder.setStatus(ListResource.ListStatus.RETIRED);
      ListResource othersList = list(other, "submissionset", "2023-02-01T10:00:00Z");
      lists = scope.create(submission, folder, othersList);
    }

    private DocumentReference document(Patient subject, String type, String date, String start, String end) {
      DocumentReference d = new DocumentReference().setStatus(DocumentReferenceStatus.CURRENT).setSubject(ref(subject));
      d.setType(concept(LOINC, type)).setDateElement(new InstantType(date));
      d.addIdentifier().setSystem(docIds).setValue(RunningPlatform.unique("d"));
      d.getMasterIdentifier().setSystem("urn:ietf:rfc:3986").setValue("urn:oid:1.2.3." + Math.abs(d.getIdentifierFirstRep().getValue().hashCode()));
      if (start != null) {
        d.getContext().setPeriod(new Period().setStartElement(new DateTimeType(start)).setEndElement(new DateTimeType(end)));
      }
      d.addContent().getAttachment().setContentType("application/pdf").setUrl("Binary/doc");
      return d;
    }

    private ListResource list(Patient subject, String code, String date) {
      ListResource l = new ListResource().setStatus(ListResource.ListStatus.CURRENT).setMode(ListResource.ListMode.WORKING);
      l.setSubject(ref(subject)).setDateElement(new DateTimeType(date));
      l.setCode(concept("https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes", code));
      l.addIdentifier().setSystem(docIds).setValue(RunningPlatform.unique("l"));
      return l;
    }

    @Test
    void documentReference() {
      String pid = patient.getIdElement().getIdPart();
      assertThat(scope.ids("DocumentReference", "patient=" + pid)).isEqualTo(pick(d, 0, 1));
      assertThat(scope.ids("DocumentReference", "patient.identifier=" + mrn + "|P1")).isEqualTo(pick(d, 0, 1));
      assertThat(scope.ids("DocumentReference", "patient.identifier=" + mrn + "|P1&status=current")).isEqualTo(pick(d, 0));
      assertThat(scope.ids("DocumentReference", "type=" + LOINC + "|18842-5")).isEqualTo(pick(d, 0, 2));
      assertThat(scope.ids("DocumentReference", "category=11488-4")).isEqualTo(pick(d, 0));
      assertThat(scope.ids("DocumentReference", "patient=" + pid + "&date=ge2023-02-15")).isEqualTo(pick(d, 1));
      assertThat(scope.ids("DocumentReference", "period=ge2023-02-10")).isEqualTo(pick(d, 1));
      assertThat(scope.ids("DocumentReference", "period=le2023-01-31")).isEqualTo(pick(d, 0));
      assertThat(scope.ids("DocumentReference", "facility=" + SNOMED + "|22232009")).isEqualTo(pick(d, 0));
      assertThat(scope.ids("DocumentReference", "setting=394802001")).isEqualTo(pick(d, 0));
      assertThat(scope.ids("DocumentReference", "author.family=" + author.getNameFirstRep().getFamily())).isEqualTo(pick(d, 0));
      DocumentReference lab = scope.fhir.read().resource(DocumentReference.class).withId(d.get(1)).execute();
      assertThat(scope.ids("DocumentReference", "identifier=" + docIds + "|" + lab.getIdentifierFirstRep().getValue())).isEqualTo(pick(d, 1));
      assertThat(scope.ids("DocumentReference", "identifier=" + lab.getMasterIdentifier().getValue())).isEqualTo(pick(d, 1));
    }

    @Test
    void list() {
      String pid = patient.getIdElement().getIdPart();
      assertThat(scope.ids("List", "patient=" + pid)).isEqualTo(pick(lists, 0, 1));
      assertThat(scope.ids("List", "patient.identifier=" + mrn + "|P2")).isEqualTo(pick(lists, 2));
      assertThat(scope.ids("List", "code=submissionset")).isEqualTo(pick(lists, 0, 2));
      assertThat(scope.ids("List", "patient=" + pid + "&status=current")).isEqualTo(pick(lists, 0));
      assertThat(scope.ids("List", "date=2023-03")).isEqualTo(pick(lists, 1));
      ListResource folder = scope.fhir.read().resource(ListResource.class).withId(lists.get(1)).execute();
      assertThat(scope.ids("List", "identifier=" + docIds + "|" + folder.getIdentifierFirstRep().getValue())).isEqualTo(pick(lists, 1));
      assertThat(scope.ids("List", "item=DocumentReference/" + d.get(0))).isEqualTo(pick(lists, 0));
    }
  }

  /** mCSD: _id, name, identifier, active, partof, type, _lastUpdated on the directory resources. */
  @Nested
  @TestInstance(Lifecycle.PER_CLASS)
  class Mcsd {
    final Scope scope = new Scope();
    final String ids = "urn:test:" + RunningPlatform.unique("dir");
    final String orgTypes = "http://terminology.hl7.org/CodeSystem/organization-type";
    Organization hospital;
    Organization ward;
    Organization insurer;
    List<String> locations;
    List<String> practitioners;
    List<String> roles;
    Instant before;

    @BeforeAll
    void data() {
      before = Instant.now().minus(1, ChronoUnit.SECONDS);
      hospital = org("协和医院", "prov", true, null);
      hospital.addAlias("Peking Union Medical College Hospital");
      insurer = org("Ping An Health", "ins", true, null);
      scope.create(hospital, insurer);
      ward = org("协和医院 心内科", "dept", false, hospital);
      scope.create(ward);

      Location building = new Location().setName("Main Building").setStatus(Location.LocationStatus.ACTIVE);
      building.setManagingOrganization(ref(hospital)).addIdentifier().setSystem(ids).setValue("L1");
      building.addType(concept("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "HOSP"));
      scope.create(building);
      Location room = new Location().setName("Room 101").setStatus(Location.LocationStatus.INACTIVE).setPartOf(ref(building));
      room.addIdentifier().setSystem(ids).setValue("L2");
      room.addType(concept("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "CARD"));
      scope.create(room);
      locations = List.of(building.getIdElement().getIdPart(), room.getIdElement().getIdPart());

      Practitioner zhang = new Practitioner().setActive(true);
      zhang.addName().setFamily("张").addGiven("医生");
      zhang.addIdentifier().setSystem(ids).setValue("D1");
      Practitioner smith = new Practitioner().setActive(false);
      smith.addName().setFamily("Smith").addGiven("Jane");
      smith.addIdentifier().setSystem(ids).setValue("D2");
      practitioners = scope.create(zhang, smith);

      PractitionerRole cardiologist = new PractitionerRole().setActive(true).setPractitioner(ref(zhang)).setOrganization(ref(ward));
      cardiologist.addCode(concept(SNOMED, "17561000")).addSpecialty(concept(SNOMED, "394579002"));
      cardiologist.addLocation(ref(room)).addIdentifier().setSystem(ids).setValue("R1");
      PractitionerRole retired = new PractitionerRole().setActive(false).setPractitioner(ref(smith)).setOrganization(ref(hospital));
      retired.addCode(concept(SNOMED, "158965000"));
      roles = scope.create(cardiologist, retired);
    }

    private Organization org(String name, String type, boolean active, Organization partOf) {
      Organization o = new Organization().setName(name).setActive(active);
      o.addType(concept(orgTypes, type));
      o.addIdentifier().setSystem(ids).setValue(type);
      if (partOf != null) {
        o.setPartOf(ref(partOf));
      }
      return o;
    }

    private String id(Resource r) {
      return r.getIdElement().getIdPart();
    }

    @Test
    void organization() {
      assertThat(scope.ids("Organization", "_id=" + id(ward))).containsExactly(id(ward));
      assertThat(scope.ids("Organization", "name=协和")).containsExactlyInAnyOrder(id(hospital), id(ward));
      assertThat(scope.ids("Organization", "name=peking")).containsExactly(id(hospital)); // the alias
      assertThat(scope.ids("Organization", "name:contains=心内")).containsExactly(id(ward));
      assertThat(scope.ids("Organization", "name:exact=协和医院")).containsExactly(id(hospital));
      assertThat(scope.ids("Organization", "identifier=" + ids + "|ins")).containsExactly(id(insurer));
      assertThat(scope.ids("Organization", "active=false")).containsExactly(id(ward));
      assertThat(scope.ids("Organization", "partof=Organization/" + id(hospital))).containsExactly(id(ward));
      assertThat(scope.ids("Organization", "type=" + orgTypes + "|prov,ins")).containsExactlyInAnyOrder(id(hospital), id(insurer));
      assertThat(scope.ids("Organization", "_lastUpdated=ge" + before)).containsExactlyInAnyOrder(id(hospital), id(insurer), id(ward));
      assertThat(scope.ids("Organization", "_lastUpdated=lt" + before)).isEmpty();
    }

    @Test
    void location() {
      assertThat(scope.ids("Location", "_id=" + locations.get(1))).containsExactly(locations.get(1));
      assertThat(scope.ids("Location", "name=main")).containsExactly(locations.get(0));
      assertThat(scope.ids("Location", "identifier=" + ids + "|L2")).containsExactly(locations.get(1));
      assertThat(scope.ids("Location", "partof=" + locations.get(0))).containsExactly(locations.get(1));
      assertThat(scope.ids("Location", "type=HOSP")).containsExactly(locations.get(0));
      assertThat(scope.ids("Location", "status=active")).containsExactly(locations.get(0));
      assertThat(scope.ids("Location", "organization=" + id(hospital))).containsExactly(locations.get(0));
      assertThat(scope.ids("Location", "_lastUpdated=ge" + before)).containsExactlyInAnyOrderElementsOf(locations);
    }

    @Test
    void practitioner() {
      assertThat(scope.ids("Practitioner", "_id=" + practitioners.get(0))).containsExactly(practitioners.get(0));
      assertThat(scope.ids("Practitioner", "name=张")).containsExactly(practitioners.get(0));
      assertThat(scope.ids("Practitioner", "family=smi&given=ja")).containsExactly(practitioners.get(1));
      assertThat(scope.ids("Practitioner", "identifier=" + ids + "|D2")).containsExactly(practitioners.get(1));
      assertThat(scope.ids("Practitioner", "active=true")).containsExactly(practitioners.get(0));
      assertThat(scope.ids("Practitioner", "_lastUpdated=ge" + before)).containsExactlyInAnyOrderElementsOf(practitioners);
    }

    @Test
    void practitionerRole() {
      assertThat(scope.ids("PractitionerRole", "_id=" + roles.get(1))).containsExactly(roles.get(1));
      assertThat(scope.ids("PractitionerRole", "practitioner=" + practitioners.get(0))).containsExactly(roles.get(0));
      assertThat(scope.ids("PractitionerRole", "organization=Organization/" + id(ward))).containsExactly(roles.get(0));
      assertThat(scope.ids("PractitionerRole", "role=" + SNOMED + "|158965000")).containsExactly(roles.get(1));
      assertThat(scope.ids("PractitionerRole", "specialty=394579002")).containsExactly(roles.get(0));
      assertThat(scope.ids("PractitionerRole", "active=true")).containsExactly(roles.get(0));
      assertThat(scope.ids("PractitionerRole", "identifier=" + ids + "|R1")).containsExactly(roles.get(0));
      assertThat(scope.ids("PractitionerRole", "location=" + locations.get(1))).containsExactly(roles.get(0));
      assertThat(scope.ids("PractitionerRole", "practitioner.name=张")).containsExactly(roles.get(0));
      assertThat(scope.ids("PractitionerRole", "organization.partof=" + id(hospital))).containsExactly(roles.get(0));
      assertThat(scope.ids("PractitionerRole", "_lastUpdated=ge" + before)).containsExactlyInAnyOrderElementsOf(roles);
      Bundle withOrganizations =
          scope.search("PractitionerRole", "_id=" + roles.get(0) + "&_include=PractitionerRole:organization&_include:iterate=Organization:partof");
      assertThat(SearchSupport.included(withOrganizations)).containsExactlyInAnyOrder("Organization/" + id(ward), "Organization/" + id(hospital));
    }
  }
}
