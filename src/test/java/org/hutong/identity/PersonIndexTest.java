package org.hutong.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.hutong.access.Role;
import org.hutong.platform.NamingSystems;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The master patient index as institutions and stewards meet it, through the HAPI client: records
 * linked in the write's own transaction, PIXm, PDQm $match, merge/unmerge/split with history, the
 * review queue, PMIR replaced-by, and person-wide search under access control.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PersonIndexTest {

  private static final String MRN_A = "urn:oid:2.16.156.10011.1.hospital-a.mrn";
  private static final String MRN_B = "urn:oid:2.16.156.10011.1.clinic-b.mrn";
  private static final AtomicInteger SEQUENCE = new AtomicInteger(100 + (int) (System.nanoTime() % 700));

  private ConfigurableApplicationContext platform;
  private IGenericClient admin;
  private IGenericClient hospital;
  private IGenericClient clinic;
  private String orgA;

  @BeforeAll
  void twoInstitutions() {
    platform = RunningPlatform.shared();
    admin = RunningPlatform.fhir();
    orgA = admin.create().resource(new Organization().setName("北京市第一人民医院")).execute().getId().getIdPart();
    String orgB = admin.create().resource(new Organization().setName("朝阳区社区卫生服务中心")).execute().getId().getIdPart();
    hospital = RunningPlatform.fhir(platform,
        RunningPlatform.clientToken(platform, RunningPlatform.unique("his-a"), Role.INSTITUTION_SYSTEM, orgA, "system/*.cruds"));
    clinic = RunningPlatform.fhir(platform,
        RunningPlatform.clientToken(platform, RunningPlatform.unique("his-b"), Role.INSTITUTION_SYSTEM, orgB, "system/*.cruds"));
  }

  // ------------------------------------------------------------------ linking on write

  @Test
  void theSameResidentIdAtTwoInstitutionsIsOnePersonWhateverTheScript() {
    String rid = residentId("1985-03-12", true);
    String a = create(hospital, patient("张", "伟", "1985-03-12", true).addIdentifier(new Identifier().setSystem(NamingSystems.RESIDENT_ID).setValue(rid)));
    String b = create(clinic, patient("張", "偉", "1985-03-12", true).addIdentifier(new Identifier().setSystem(NamingSystems.RESIDENT_ID).setValue(rid)));
    assertThat(records(a)).containsExactlyInAnyOrder(a, b);
    assertThat(person(a)).isEqualTo(person(b));
  }

  @Test
  void aRomanisedRecordWithTheSameBirthDateAndPhoneLinksByWeight() {
    String phone = phone();
    String a = create(hospital, patient("欧阳", "明轩", "1979-11-02", true).addTelecom(tel(phone)));
    Patient romanised = patient("Ouyang", "Mingxuan", "1979-11-02", true).addTelecom(tel("+86 " + phone));
    String b = create(clinic, romanised);
    assertThat(records(b)).containsExactlyInAnyOrder(a, b);
  }

  @Test
  void twinsAndNamesakesStayApart() {
    String phone = phone();
    String first = create(hospital, patient("刘", "思远", "2012-06-01", true).addTelecom(tel(phone)));
    String twin = create(hospital, patient("刘", "子涵", "2012-06-01", true).addTelecom(tel(phone)));
    assertThat(records(first)).containsExactly(first);
    assertThat(records(twin)).containsExactly(twin);
    // twins whose given names share a generation character look like one record with a typo; their
    // resident IDs tell them apart (two different valid numbers are two people)
    String one = create(clinic, patient("刘", "思远", "2012-06-02", false).addTelecom(tel(phone))
        .addIdentifier(new Identifier().setSystem(NamingSystems.RESIDENT_ID).setValue(residentId("2012-06-02", false))));
    String two = create(clinic, patient("刘", "思齐", "2012-06-02", false).addTelecom(tel(phone))
        .addIdentifier(new Identifier().setSystem(NamingSystems.RESIDENT_ID).setValue(residentId("2012-06-02", false))));
    assertThat(person(one)).isNotEqualTo(person(two));
    // two 王芳 born the same day, nothing else in common: never linked automatically
    String wang = create(hospital, patient("王", "芳", "1990-01-15", false).addTelecom(tel(phone())));
    String namesake = create(clinic, patient("王", "芳", "1990-01-15", false).addTelecom(tel(phone())));
    assertThat(person(wang)).isNotEqualTo(person(namesake));
  }

  @Test
  void anInvalidResidentIdIsAFindingAndNeverLinks() {
    String valid = residentId("1970-07-07", true);
    String wrong = valid.substring(0, 17) + (valid.charAt(17) == '1' ? '2' : '1'); // wrong check character
    String a = create(hospital, patient("赵", "建国", "1970-07-07", true).addIdentifier(new Identifier().setSystem(NamingSystems.RESIDENT_ID).setValue(wrong)));
    String b = create(clinic, patient("钱", "建华", "1970-07-07", true).addIdentifier(new Identifier().setSystem(NamingSystems.RESIDENT_ID).setValue(wrong)));
    assertThat(person(a)).isNotEqualTo(person(b));
    assertThat(values(personOf(a), "finding")).contains("identifier:resident-id-checksum");
    // an impossible birth date, an empty name, a huge name: stored, flagged, not linked on
    Patient odd = new Patient();
    odd.addName().setFamily("李".repeat(300));
    odd.setBirthDateElement(new DateType("2999-01-01"));
    String c = create(hospital, odd);
    assertThat(values(personOf(c), "finding")).contains("name.family:too-long", "birthDate:date-out-of-range");
    String d = create(hospital, new Patient());
    assertThat(values(personOf(d), "finding")).contains("name:missing");
    assertThat(person(c)).isNotEqualTo(person(d));
  }

  @Test
  void aPatientIsLinkedInItsOwnTransactionAndNotAtAllWhenItRollsBack() {
    String id = RunningPlatform.unique("tx").replace("-", "");
    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    Patient p = patient("孙", "丽", "1993-04-04", false);
    p.setId(id);
    tx.addEntry().setResource(p).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("Patient/" + id);
    Observation broken = new Observation();
    broken.setStatus(Observation.ObservationStatus.FINAL).getCode().setText("x");
    broken.setSubject(new Reference("Patient/does-not-exist-" + id));
    tx.addEntry().setResource(broken).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
    assertThatThrownBy(() -> admin.transaction().withBundle(tx).execute())
        .isInstanceOf(ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException.class);
    JdbcTemplate db = new JdbcTemplate(platform.getBean(DataSource.class));
    assertThat(db.queryForObject("SELECT count(*) FROM identity.member WHERE patient_id = ?", Integer.class, id)).isZero();
    assertThat(db.queryForObject("SELECT count(*) FROM record.patient_person WHERE patient_id = ?", Integer.class, id)).isZero();

    tx.getEntry().remove(1);
    admin.transaction().withBundle(tx).execute();
    assertThat(db.queryForObject("SELECT count(*) FROM identity.member WHERE patient_id = ?", Integer.class, id)).isOne();
    assertThat(db.queryForObject("SELECT person_id FROM record.patient_person WHERE patient_id = ?", Long.class, id))
        .isEqualTo(db.queryForObject("SELECT person_id FROM identity.member WHERE patient_id = ?", Long.class, id));
  }

  @Test
  void recordsOfOnePersonWrittenAtTheSameTimeStillMeet() throws Exception {
    String rid = residentId("2001-02-03", true);
    var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
    try {
      List<java.util.concurrent.Future<String>> created = new java.util.ArrayList<>();
      for (int i = 0; i < 6; i++) {
        IGenericClient writer = i % 2 == 0 ? hospital : clinic;
        created.add(pool.submit(() -> create(writer, patient("蒋", "一帆", "2001-02-03", true)
            .addIdentifier(new Identifier().setSystem(NamingSystems.RESIDENT_ID).setValue(rid)))));
      }
      List<String> ids = new java.util.ArrayList<>();
      for (var f : created) {
        ids.add(f.get());
      }
      assertThat(records(ids.getFirst())).containsExactlyInAnyOrderElementsOf(ids);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theIndexHoldsNoPersonalDataInTheClear() {
    String rid = residentId("1966-12-30", false);
    String phone = phone();
    String a = create(hospital, patient("诸葛", "明月", "1966-12-30", false).addTelecom(tel(phone))
        .addIdentifier(new Identifier().setSystem(NamingSystems.RESIDENT_ID).setValue(rid)));
    JdbcTemplate db = new JdbcTemplate(platform.getBean(DataSource.class));
    String stored = db.queryForObject("SELECT profile || ' ' || array_to_string(findings, ',') FROM identity.member WHERE patient_id = ?",
        String.class, a);
    assertThat(stored).startsWith("sm4:").doesNotContain(rid).doesNotContain(phone).doesNotContain("诸葛").doesNotContain("1966");
    List<String> keys = db.queryForList("SELECT key FROM identity.block WHERE patient_id = ?", String.class, a);
    assertThat(keys).isNotEmpty().allSatisfy(k -> assertThat(k).doesNotContain("1966").doesNotContain("zhuge"));
  }

  // ------------------------------------------------------------------ bulk import

  @Test
  void anImportedBatchIsLinkedToLikeAnyOtherRecord() throws Exception {
    // Given a few hundred records of a synthetic population, grouped by a batch run (here: the truth)
    String prefix = RunningPlatform.unique("imp").replace("-", "") + "-";
    java.nio.file.Path csv = java.nio.file.Files.createTempFile("persons", ".csv");
    List<LabelledRecord> labelled;
    try {
      SyntheticPopulation.write(csv, 240, 300, 11, SyntheticPopulation.Knobs.defaults());
      labelled = EvaluationData.readCsv(csv, java.time.LocalDate.now());
    } finally {
      java.nio.file.Files.delete(csv);
    }
    List<PersonRecord> records = new java.util.ArrayList<>();
    int[] group = new int[labelled.size()];
    java.util.Map<String, Integer> label = new java.util.HashMap<>();
    for (LabelledRecord l : labelled) {
      PersonRecord r = l.record();
      group[records.size()] = label.computeIfAbsent(l.personId(), k -> label.size());
      records.add(new PersonRecord(prefix + r.recordId(), r.source(), r.familyName(), r.givenName(), r.sex(), r.birthDate(), r.idType(),
          r.idNumber(), r.phone(), r.address(), r.findings()));
    }
    PersonIndex index = platform.getBean(PersonIndex.class);
    org.springframework.transaction.support.TransactionTemplate tx = new org.springframework.transaction.support.TransactionTemplate(
        platform.getBean(org.springframework.transaction.PlatformTransactionManager.class));

    // When they are imported
    Integer persons = tx.execute(s -> index.importRecords(records, group, "batch-run"));

    // Then every record is a member of its group's person, sealed and blocked, with one "created" event per person
    assertThat(persons).isEqualTo(label.size());
    JdbcTemplate db = new JdbcTemplate(platform.getBean(DataSource.class));
    assertThat(db.queryForObject("SELECT count(*) FROM identity.member WHERE patient_id LIKE ? AND profile LIKE 'sm4:%'", Integer.class,
        prefix + "%")).isEqualTo(records.size());
    assertThat(db.queryForObject("SELECT count(DISTINCT patient_id) FROM identity.block WHERE patient_id LIKE ?", Integer.class,
        prefix + "%")).isEqualTo(records.size());
    for (int i = 1; i < records.size(); i++) {
      boolean sameGroup = group[i] == group[0];
      assertThat(index.personOf(records.get(i).recordId()).equals(index.personOf(records.getFirst().recordId()))).isEqualTo(sameGroup);
    }
    long firstPerson = index.personOf(records.getFirst().recordId()).orElseThrow();
    List<PersonIndex.Event> history = index.history(firstPerson);
    assertThat(history).singleElement().satisfies(e -> {
      assertThat(e.action()).isEqualTo("created");
      assertThat(e.actor()).isEqualTo("batch-run");
      assertThat(e.patientIds()).containsExactlyInAnyOrderElementsOf(index.samePerson(records.getFirst().recordId()));
    });

    // And a duplicate written later (another institution's record of the same resident) joins the imported person
    PersonRecord known = records.stream().filter(r -> r.idType() == IdType.RESIDENT_ID && r.findings().isEmpty()).findFirst().orElseThrow();
    Patient duplicate = patient(known.familyName(), known.givenName(), known.birthDate().toString(), known.sex() == Sex.MALE)
        .addIdentifier(new Identifier().setSystem(NamingSystems.RESIDENT_ID).setValue(known.idNumber()));
    String duplicateId = prefix + "dup";
    tx.execute(s -> index.patientWritten(duplicateId, duplicate, null, "test"));
    assertThat(index.personOf(duplicateId)).isEqualTo(index.personOf(known.recordId()));
  }

  // ------------------------------------------------------------------ PIXm and PDQm

  @Test
  void pixmCrossReferencesTheIdentifiersOfThePersonsOtherRecords() {
    String rid = residentId("1958-08-08", true);
    String mrnA = RunningPlatform.unique("A");
    String mrnB = RunningPlatform.unique("B");
    String a = create(hospital, patient("周", "国强", "1958-08-08", true)
        .addIdentifier(new Identifier().setSystem(MRN_A).setValue(mrnA))
        .addIdentifier(new Identifier().setSystem(NamingSystems.RESIDENT_ID).setValue(rid)));
    String b = create(clinic, patient("周", "国强", "1958-08-08", true)
        .addIdentifier(new Identifier().setSystem(MRN_B).setValue(mrnB))
        .addIdentifier(new Identifier().setSystem(NamingSystems.RESIDENT_ID).setValue(rid)));

    Parameters all = admin.operation().onType(Patient.class).named("$ihe-pix")
        .withParameter(Parameters.class, "sourceIdentifier", new StringType(MRN_A + "|" + mrnA)).useHttpGet().execute();
    assertThat(identifiers(all)).contains(MRN_B + "|" + mrnB, NamingSystems.RESIDENT_ID + "|" + rid).doesNotContain(MRN_A + "|" + mrnA);
    assertThat(references(all, "targetId")).contains("Patient/" + a, "Patient/" + b);

    Parameters onlyB = admin.operation().onType(Patient.class).named("$ihe-pix")
        .withParameter(Parameters.class, "sourceIdentifier", new StringType(MRN_A + "|" + mrnA))
        .andParameter("targetSystem", new org.hl7.fhir.r4.model.UriType(MRN_B)).useHttpGet().execute();
    assertThat(identifiers(onlyB)).containsExactly(MRN_B + "|" + mrnB);
    assertThat(references(onlyB, "targetId")).containsExactly("Patient/" + b);

    assertThatThrownBy(() -> admin.operation().onType(Patient.class).named("$ihe-pix")
        .withParameter(Parameters.class, "sourceIdentifier", new StringType(MRN_A + "|no-such-" + mrnA)).useHttpGet().execute())
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> admin.operation().onType(Patient.class).named("$ihe-pix")
        .withParameter(Parameters.class, "sourceIdentifier", new StringType("just-a-value")).useHttpGet().execute())
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void matchReturnsScoredGradedCandidatesBestFirst() {
    String phone = phone();
    String a = create(hospital, patient("司马", "光远", "1948-02-29", true).addTelecom(tel(phone))
        .addAddress(new org.hl7.fhir.r4.model.Address().setText("北京市海淀区中关村大街27号")));
    Patient query = patient("司马", "光远", "1948-02-29", true).addTelecom(tel(phone));
    Bundle found = match(query, null);
    assertThat(found.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
    assertThat(found.getEntry()).isNotEmpty();
    Bundle.BundleEntryComponent best = found.getEntryFirstRep();
    assertThat(best.getResource().getIdElement().getIdPart()).isEqualTo(a);
    assertThat(best.getSearch().getMode()).isEqualTo(Bundle.SearchEntryMode.MATCH);
    assertThat(best.getSearch().getScore().doubleValue()).isGreaterThan(0.95);
    assertThat(grade(best)).isEqualTo("certain");

    // the same name and birth date alone: a candidate, but not a certain one
    Bundle weaker = match(patient("司马", "光远", "1948-02-29", true), null);
    assertThat(weaker.getEntry()).anySatisfy(e -> {
      assertThat(e.getResource().getIdElement().getIdPart()).isEqualTo(a);
      assertThat(grade(e)).isIn("probable", "possible");
    });
    assertThat(match(patient("司马", "光远", "1948-02-29", true), true).getEntry()).isEmpty();
    // nobody like this
    assertThat(match(patient("东方", "不败", "1901-01-01", false), null).getEntry()).isEmpty();
    assertThatThrownBy(() -> admin.operation().onType(Patient.class).named("$match")
        .withParameter(Parameters.class, "count", new IntegerType(5)).execute()).isInstanceOf(InvalidRequestException.class);
    Parameters notAPatient = new Parameters();
    notAPatient.addParameter().setName("resource").setResource(observation(a));
    assertThatThrownBy(() -> admin.operation().onType(Patient.class).named("$match").withParameters(notAPatient)
        .returnResourceType(Bundle.class).execute()).isInstanceOf(InvalidRequestException.class);
    Parameters tooMany = new Parameters();
    tooMany.addParameter().setName("resource").setResource(query);
    tooMany.addParameter().setName("count").setValue(new IntegerType(100_000));
    assertThatThrownBy(() -> admin.operation().onType(Patient.class).named("$match").withParameters(tooMany)
        .returnResourceType(Bundle.class).execute()).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void theCapabilityStatementListsTheOperations() {
    org.hl7.fhir.r4.model.CapabilityStatement capabilities =
        admin.capabilities().ofType(org.hl7.fhir.r4.model.CapabilityStatement.class).execute();
    var patient = capabilities.getRestFirstRep().getResource().stream().filter(r -> r.getType().equals("Patient")).findFirst().orElseThrow();
    assertThat(patient.getOperation()).extracting(o -> o.getName()).contains("ihe-pix", "match", "person-merge", "person-unmerge");
  }

  // ------------------------------------------------------------------ stewardship

  @Test
  void mergeAndUnmergeKeepTheirHistoryAndPersonWideSearchFollows() {
    String a = create(hospital, patient("黄", "晓明", "1977-05-13", true).addTelecom(tel(phone())));
    String b = create(clinic, patient("黄", "小明", "1977-05-31", true).addTelecom(tel(phone())));
    assertThat(person(a)).isNotEqualTo(person(b));
    String obsA = create(hospital, observation(a));
    String obsB = create(clinic, observation(b));
    assertThat(personWideObservations(a)).containsExactly(obsA);

    Parameters merged = steward("$person-merge", "patient", "Patient/" + b, "into", "Patient/" + a, "reason", "同一人：身份证复印件核对");
    assertThat(((org.hl7.fhir.r4.model.BooleanType) merged.getParameter("changed").getValue()).booleanValue()).isTrue();
    assertThat(person(a)).isEqualTo(person(b));
    assertThat(personWideObservations(a)).containsExactlyInAnyOrder(obsA, obsB);
    assertThat(personWideObservations(b)).containsExactlyInAnyOrder(obsA, obsB);
    // without _person the search stays with the record
    assertThat(ids(admin.search().byUrl("Observation?patient=" + a).returnBundle(Bundle.class).execute())).containsExactly(obsA);

    steward("$person-unmerge", "patient", "Patient/" + b, "reason", "核对有误");
    assertThat(person(a)).isNotEqualTo(person(b));
    assertThat(personWideObservations(a)).containsExactly(obsA);

    List<Parameters.ParametersParameterComponent> history = events(personOf(b));
    assertThat(history).extracting(e -> part(e, "action")).contains("created", "merged", "unmerged");
    Parameters.ParametersParameterComponent merge = history.stream().filter(e -> part(e, "action").equals("merged")).findFirst().orElseThrow();
    assertThat(part(merge, "reason")).isEqualTo("同一人：身份证复印件核对");
    assertThat(part(merge, "actor")).startsWith("test-admin");

    // split: one record out on its own, and automatic linking leaves it there on update
    steward("$person-merge", "patient", "Patient/" + b, "into", "Patient/" + a, "reason", "again");
    steward("$person-split", "patient", "Patient/" + b, "reason", "different person after all");
    assertThat(person(a)).isNotEqualTo(person(b));
    assertThat(events(personOf(b))).extracting(e -> part(e, "action")).contains("split");
  }

  @Test
  void onlyAdministratorsChangeThePersonIndexAndReasonsAreRequired() {
    String a = create(hospital, patient("马", "超", "1980-10-10", true));
    String b = create(hospital, patient("马", "跃", "1981-11-11", true));
    assertThatThrownBy(() -> hospital.operation().onType(Patient.class).named("$person-merge")
        .withParameter(Parameters.class, "patient", new StringType("Patient/" + a)).andParameter("into", new StringType("Patient/" + b))
        .andParameter("reason", new StringType("mine")).execute()).isInstanceOf(ForbiddenOperationException.class);
    assertThatThrownBy(() -> steward("$person-merge", "patient", "Patient/" + a, "into", "Patient/" + b, "reason", " "))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> steward("$person-merge", "patient", "Patient/nobody-" + a, "into", "Patient/" + b, "reason", "x"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> steward("$person-merge", "patient", "Patient/'; DROP TABLE identity.person; --", "into", "Patient/" + b,
        "reason", "x")).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> steward("$person-unmerge", "patient", "Patient/" + a, "reason", "never merged"))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(person(a)).isNotEqualTo(person(b));
  }

  @Test
  void uncertainPairsWaitForReviewAndTheDecisionIsKept() {
    String a = create(hospital, patient("林", "婉清", "1995-09-09", false));
    String b = create(clinic, patient("林", "婉清", "1995-09-09", false));
    assertThat(person(a)).isNotEqualTo(person(b));
    Parameters queue = admin.operation().onType(Patient.class).named("$person-review")
        .withParameter(Parameters.class, "count", new IntegerType(500)).useHttpGet().execute();
    Parameters.ParametersParameterComponent item = queue.getParameter().stream()
        .filter(p -> p.getName().equals("item") && partRef(p, "patient").equals("Patient/" + b)).findFirst().orElseThrow();
    assertThat(partRef(item, "candidate")).isEqualTo("Patient/" + a);
    int id = ((IntegerType) item.getPart().stream().filter(p -> p.getName().equals("id")).findFirst().orElseThrow().getValue()).getValue();

    admin.operation().onType(Patient.class).named("$person-review-decide").withParameter(Parameters.class, "item", new IntegerType(id))
        .andParameter("decision", new CodeType("same")).andParameter("reason", new StringType("电话回访确认")).execute();
    assertThat(person(a)).isEqualTo(person(b));
    assertThat(events(personOf(a))).extracting(e -> part(e, "action")).contains("review-opened", "review-decided", "merged");
    assertThatThrownBy(() -> admin.operation().onType(Patient.class).named("$person-review-decide")
        .withParameter(Parameters.class, "item", new IntegerType(id)).andParameter("decision", new CodeType("different")).execute())
        .isInstanceOf(ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException.class);
  }

  @Test
  void aPmirReplacedByLinkMergesThePersons() {
    String survivor = create(hospital, patient("郑", "和平", "1962-03-03", true).addTelecom(tel(phone())));
    Patient duplicate = patient("郑", "和平", "1962-03-30", true).addTelecom(tel(phone()));
    String old = create(hospital, duplicate);
    assertThat(person(old)).isNotEqualTo(person(survivor));
    Patient replaced = hospital.read().resource(Patient.class).withId(old).execute();
    replaced.setActive(false);
    replaced.addLink().setType(Patient.LinkType.REPLACEDBY).setOther(new Reference("Patient/" + survivor));
    hospital.update().resource(replaced).execute();
    assertThat(person(old)).isEqualTo(person(survivor));
  }

  @Test
  void anotherInstitutionSeesTheResidentsRecordsThroughThePersonItIsInCareOf() {
    String rid = residentId("1988-01-20", false);
    String atClinic = create(clinic, patient("高", "圆圆", "1988-01-20", false)
        .addIdentifier(new Identifier().setSystem(NamingSystems.RESIDENT_ID).setValue(rid)));
    String clinicObservation = create(clinic, observation(atClinic));
    // the hospital has no record of her yet: the clinic's data is not its to see
    assertThatThrownBy(() -> hospital.read().resource(Observation.class).withId(clinicObservation).execute())
        .isInstanceOf(ResourceNotFoundException.class);
    String atHospital = create(hospital, patient("高", "圆圆", "1988-01-20", false)
        .addIdentifier(new Identifier().setSystem(NamingSystems.RESIDENT_ID).setValue(rid)));
    assertThat(person(atHospital)).isEqualTo(person(atClinic));
    // now she is in the hospital's care: her record at the clinic is shared (default policy), person-wide
    assertThat(hospital.read().resource(Observation.class).withId(clinicObservation).execute()).isNotNull();
    assertThat(ids(hospital.search().byUrl("Observation?patient=" + atHospital + "&_person=true").returnBundle(Bundle.class).execute()))
        .contains(clinicObservation);

    // a Consent written on her hospital record refusing the hospital covers her clinic record too
    org.hl7.fhir.r4.model.Consent refuse = new org.hl7.fhir.r4.model.Consent().setStatus(org.hl7.fhir.r4.model.Consent.ConsentState.ACTIVE)
        .setPatient(new Reference("Patient/" + atHospital));
    refuse.getScope().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/consentscope").setCode("patient-privacy");
    refuse.addCategory().addCoding().setSystem("http://loinc.org").setCode("59284-0");
    refuse.getPolicyRule().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").setCode("OPTIN");
    refuse.getProvision().setType(org.hl7.fhir.r4.model.Consent.ConsentProvisionType.PERMIT).addProvision()
        .setType(org.hl7.fhir.r4.model.Consent.ConsentProvisionType.DENY).addActor().setReference(new Reference("Organization/" + orgA))
        .getRole().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v3-ParticipationType").setCode("IRCP");
    admin.create().resource(refuse).execute();
    assertThatThrownBy(() -> hospital.read().resource(Observation.class).withId(clinicObservation).execute())
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void aResidentSeesTheirRecordsAtEveryInstitutionAndNoOneElses() {
    String rid = residentId("1999-12-12", true);
    String atHospital = create(hospital, patient("邓", "子豪", "1999-12-12", true)
        .addIdentifier(new Identifier().setSystem(NamingSystems.RESIDENT_ID).setValue(rid)));
    String atClinic = create(clinic, patient("鄧", "子豪", "1999-12-12", true)
        .addIdentifier(new Identifier().setSystem(NamingSystems.RESIDENT_ID).setValue(rid)));
    String mine = create(clinic, observation(atClinic));
    String stranger = create(clinic, patient("邓", "子杰", "1999-12-12", true).addTelecom(tel(phone())));
    String notMine = create(clinic, observation(stranger));

    String user = RunningPlatform.unique("dengzh");
    platform.getBean(org.hutong.access.Accounts.class).enrolPerson(user, "resident-password", Role.RESIDENT, null,
        java.util.Set.of(atHospital), "邓子豪");
    IGenericClient resident = RunningPlatform.fhir(platform, RunningPlatform.personToken(platform, user, "resident-password",
        "openid patient/*.rs"));
    assertThat(ids(resident.search().byUrl("Observation?_count=100").returnBundle(Bundle.class).execute())).contains(mine).doesNotContain(notMine);
    assertThat(resident.read().resource(Patient.class).withId(atClinic).execute()).isNotNull();
    assertThatThrownBy(() -> resident.read().resource(Patient.class).withId(stranger).execute()).isInstanceOf(ResourceNotFoundException.class);
  }

  // ------------------------------------------------------------------ helpers

  private static String residentId(String birthDate, boolean male) {
    int sequence = SEQUENCE.addAndGet(2);
    int seq = sequence % 1000;
    if (seq % 2 == (male ? 0 : 1)) {
      seq = (seq + 1) % 1000;
    }
    String body = "110105" + birthDate.replace("-", "") + String.format("%03d", seq);
    return body + ResidentId.checkCharacter(body);
  }

  private static String phone() {
    return "139" + String.format("%08d", Math.floorMod(System.nanoTime() + SEQUENCE.incrementAndGet() * 7919L, 100_000_000L));
  }

  private static ContactPoint tel(String phone) {
    return new ContactPoint().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(phone);
  }

  private static Patient patient(String family, String given, String birthDate, boolean male) {
    Patient p = new Patient();
    p.addName().setFamily(family).addGiven(given);
    p.setBirthDateElement(new DateType(birthDate));
    p.setGender(male ? AdministrativeGender.MALE : AdministrativeGender.FEMALE);
    return p;
  }

  private static Observation observation(String patient) {
    Observation o = new Observation();
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.getCode().addCoding().setSystem("http://loinc.org").setCode("2339-0");
    o.setSubject(new Reference("Patient/" + patient));
    return o;
  }

  private static String create(IGenericClient client, org.hl7.fhir.r4.model.Resource resource) {
    return client.create().resource(resource).execute().getId().getIdPart();
  }

  private Parameters personOf(String patient) {
    return admin.operation().onInstance("Patient/" + patient).named("$person").withNoParameters(Parameters.class).useHttpGet().execute();
  }

  private String person(String patient) {
    return ((StringType) personOf(patient).getParameter("person").getValue()).getValue();
  }

  private List<String> records(String patient) {
    return references(personOf(patient), "record").stream().map(r -> r.substring("Patient/".length())).toList();
  }

  private static List<String> values(Parameters parameters, String name) {
    return parameters.getParameter().stream().filter(p -> p.getName().equals(name)).map(p -> p.getValue().primitiveValue()).toList();
  }

  private static List<String> references(Parameters parameters, String name) {
    return parameters.getParameter().stream().filter(p -> p.getName().equals(name)).map(p -> ((Reference) p.getValue()).getReference())
        .toList();
  }

  private static List<String> identifiers(Parameters parameters) {
    return parameters.getParameter().stream().filter(p -> p.getName().equals("targetIdentifier"))
        .map(p -> ((Identifier) p.getValue()).getSystem() + "|" + ((Identifier) p.getValue()).getValue()).toList();
  }

  private Bundle match(Patient query, Boolean onlyCertain) {
    Parameters in = new Parameters();
    in.addParameter().setName("resource").setResource(query);
    if (onlyCertain != null) {
      in.addParameter().setName("onlyCertainMatches").setValue(new org.hl7.fhir.r4.model.BooleanType(onlyCertain));
    }
    return admin.operation().onType(Patient.class).named("$match").withParameters(in).returnResourceType(Bundle.class).execute();
  }

  private static String grade(Bundle.BundleEntryComponent entry) {
    Extension grade = entry.getSearch().getExtensionByUrl("http://hl7.org/fhir/StructureDefinition/match-grade");
    return grade == null ? null : grade.getValue().primitiveValue();
  }

  private Parameters steward(String operation, String... namesAndValues) {
    Parameters in = new Parameters();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      in.addParameter().setName(namesAndValues[i]).setValue(new StringType(namesAndValues[i + 1]));
    }
    return admin.operation().onType(Patient.class).named(operation).withParameters(in).execute();
  }

  private List<Parameters.ParametersParameterComponent> events(Parameters person) {
    return person.getParameter().stream().filter(p -> p.getName().equals("event")).toList();
  }

  private static String part(Parameters.ParametersParameterComponent p, String name) {
    return p.getPart().stream().filter(x -> x.getName().equals(name)).findFirst().map(x -> x.getValue().primitiveValue()).orElse(null);
  }

  private static String partRef(Parameters.ParametersParameterComponent p, String name) {
    Type value = p.getPart().stream().filter(x -> x.getName().equals(name)).findFirst().orElseThrow().getValue();
    return ((Reference) value).getReference();
  }

  private List<String> personWideObservations(String patient) {
    return ids(admin.search().byUrl("Observation?patient=" + patient + "&_person=true").returnBundle(Bundle.class).execute());
  }

  private static List<String> ids(Bundle bundle) {
    return bundle.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
  }
}
