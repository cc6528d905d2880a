package org.hutong.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hutong.access.Accounts;
import org.hutong.access.Role;
import org.hutong.identity.ResidentId;
import org.hutong.platform.NamingSystems;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Data quality over HTTP: 朝阳医院 (A) writes four records through its HIS, two of them flawed;
 * its scorecard, the region's view, the MeasureReports and the bulletin show exactly those flaws,
 * to those who may see them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataQualityTest {

  private static final String MONTH = YearMonth.now(ZoneId.of("Asia/Shanghai")).toString();
  private static final String HOSPITAL_A = "北京市朝阳区第一人民医院";

  private ConfigurableApplicationContext platform;
  private String orgA;
  private String orgB;
  private IGenericClient hisA;
  private String flawedPatient;
  private String glucose;
  private String report;

  @BeforeAll
  void hospitalAWritesFourRecords() {
    platform = RunningPlatform.shared();
    IGenericClient admin = RunningPlatform.fhir();
    orgA = admin.create().resource(new Organization().setName(HOSPITAL_A)).execute().getId().getIdPart();
    orgB = admin.create().resource(new Organization().setName("海淀区社区卫生服务中心")).execute().getId().getIdPart();
    hisA = RunningPlatform.fhir(platform, RunningPlatform.clientToken(platform, RunningPlatform.unique("his-a"), Role.INSTITUTION_SYSTEM, orgA, "system/*.cruds"));
    Instant now = Instant.now();

    // 李娜: a resident ID with a wrong check character, and no gender
    String valid = "11010519850302002";
    valid = valid + ResidentId.checkCharacter(valid);
    Patient li = new Patient();
    li.addIdentifier().setSystem(NamingSystems.RESIDENT_ID).setValue(valid.substring(0, 17) + (valid.charAt(17) == '1' ? '2' : '1'));
    li.addName().setFamily("李").addGiven("娜");
    li.setBirthDateElement(new DateType("1985-03-02"));
    flawedPatient = hisA.create().resource(li).execute().getId().getIdPart();

    // 王芳: everything right
    String wang = "11010219491231002";
    Patient clean = new Patient();
    clean.addIdentifier().setSystem(NamingSystems.RESIDENT_ID).setValue(wang + ResidentId.checkCharacter(wang));
    clean.addName().setFamily("王").addGiven("芳");
    clean.setGender(AdministrativeGender.FEMALE).setBirthDateElement(new DateType("1949-12-31"));
    hisA.create().resource(clean).execute();

    // a glucose result without a unit
    Observation sugar = new Observation().setStatus(Observation.ObservationStatus.FINAL).setSubject(new Reference("Patient/" + flawedPatient));
    sugar.getCode().addCoding().setSystem("http://loinc.org").setCode("15074-8");
    sugar.setEffective(new DateTimeType(Date.from(now.minus(Duration.ofHours(1)))));
    sugar.setValue(new Quantity().setValue(5.6));
    glucose = hisA.create().resource(sugar).execute().getId().getIdPart();

    // a blood count report issued before its specimen was taken
    DiagnosticReport cbc = new DiagnosticReport().setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL).setSubject(new Reference("Patient/" + flawedPatient));
    cbc.getCode().addCoding().setSystem("http://loinc.org").setCode("58410-2");
    cbc.setEffective(new DateTimeType(Date.from(now.minus(Duration.ofHours(2)))));
    cbc.setIssued(Date.from(now.minus(Duration.ofHours(3))));
    report = hisA.create().resource(cbc).execute().getId().getIdPart();
  }

  @Test
  void theInstitutionsScorecardNamesExactlyItsFlawsAndScoresThem() throws Exception {
    JsonNode card = QualityHttp.bearer(adminToken()).json("/api/quality/scorecards/" + orgA + "?month=" + MONTH);
    assertThat(card.get("records").asLong()).isEqualTo(4);
    assertThat(card.get("volume").get("Patient").asLong()).isEqualTo(2);
    assertThat(card.get("volume").get("Observation").asLong()).isEqualTo(1);
    assertThat(card.get("volume").get("DiagnosticReport").asLong()).isEqualTo(1);
    // a Patient has no event time: only the glucose and the report count for timeliness
    assertThat(card.get("assessed").get("timeliness").asLong()).isEqualTo(2);
    assertThat(card.get("assessed").get("consistency").asLong()).isEqualTo(4);
    JsonNode scores = card.get("scores");
    assertThat(scores.get("completeness").asDouble()).isEqualTo(75.0);
    assertThat(scores.get("validity").asDouble()).isEqualTo(75.0);
    assertThat(scores.get("consistency").asDouble()).isEqualTo(50.0);
    assertThat(scores.get("timeliness").asDouble()).isEqualTo(100.0);
    assertThat(card.get("overall").asDouble()).isEqualTo(75.0);
    List<String> rules = new ArrayList<>();
    card.get("topRules").forEach(r -> rules.add(r.get("code").asText() + " " + r.get("findings").asLong() + " " + r.get("examples").get(0).asText()));
    assertThat(rules).containsExactlyInAnyOrder(
        "PAT-COMP-003 1 Patient/" + flawedPatient,
        "PAT-VAL-001 1 Patient/" + flawedPatient,
        "OBS-CONS-001 1 Observation/" + glucose,
        "DR-CONS-001 1 DiagnosticReport/" + report);
  }

  @Test
  void aVisitThatEndsBeforeItStartsIsStoredFoundBothWaysAndFlagged() throws Exception {
    IGenericClient admin = RunningPlatform.fhir();
    String orgC = admin.create().resource(new Organization().setName("朝阳区第三医院")).execute().getId().getIdPart();
    IGenericClient hisC = RunningPlatform.fhir(platform, RunningPlatform.clientToken(platform, RunningPlatform.unique("his-c"), Role.INSTITUTION_SYSTEM, orgC, "system/*.cruds"));
    String patient = hisC.create().resource(new Patient().setGender(AdministrativeGender.MALE)).execute().getId().getIdPart();
    org.hl7.fhir.r4.model.Encounter visit = new org.hl7.fhir.r4.model.Encounter().setStatus(org.hl7.fhir.r4.model.Encounter.EncounterStatus.FINISHED);
    visit.setClass_(new org.hl7.fhir.r4.model.Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP", "inpatient encounter"));
    visit.setSubject(new Reference("Patient/" + patient));
    visit.getPeriod().setStartElement(new DateTimeType("2026-11-20T10:00:00+08:00")).setEndElement(new DateTimeType("2026-11-18T09:00:00+08:00"));
    String id = hisC.create().resource(visit).execute().getId().getIdPart();
    for (String day : new String[] {"le2026-11-19", "ge2026-11-19"}) { // the index spans both points
      Bundle found = hisC.search().byUrl("Encounter?subject=Patient/" + patient + "&date=" + day).returnBundle(Bundle.class).execute();
      assertThat(found.getEntry()).as(day).hasSize(1);
    }
    JsonNode card = QualityHttp.bearer(adminToken()).json("/api/quality/scorecards/" + orgC + "?month=" + MONTH);
    List<String> rules = new ArrayList<>();
    card.get("topRules").forEach(r -> rules.add(r.get("code").asText() + " " + r.get("examples").get(0).asText()));
    assertThat(rules).contains("ENC-CONS-001 Encounter/" + id);
  }

  @Test
  void aNegativeGlucoseIsRefusedWith422NamingTheFatalRule() {
    Observation impossible = new Observation().setStatus(Observation.ObservationStatus.FINAL).setSubject(new Reference("Patient/" + flawedPatient));
    impossible.getCode().addCoding().setSystem("http://loinc.org").setCode("15074-8");
    impossible.setValue(new Quantity().setValue(-3).setSystem("http://unitsofmeasure.org").setCode("mmol/L"));
    assertThatThrownBy(() -> hisA.create().resource(impossible).execute())
        .isInstanceOfSatisfying(UnprocessableEntityException.class, e -> {
          OperationOutcome outcome = (OperationOutcome) e.getOperationOutcome();
          assertThat(outcome.getIssue()).extracting(i -> i.getDetails().getCodingFirstRep().getCode()).containsExactly("OBS-VAL-003");
        });
  }

  @Test
  void aFatalFindingRollsBackTheWholeTransaction() {
    String mrn = RunningPlatform.unique("mrn");
    Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    Patient zhao = new Patient();
    zhao.addIdentifier().setSystem("urn:hutong:test:mrn").setValue(mrn);
    zhao.addName().setFamily("赵").addGiven("敏");
    transaction.addEntry().setFullUrl("urn:uuid:zhao").setResource(zhao).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
    Observation pulse = new Observation().setStatus(Observation.ObservationStatus.FINAL).setSubject(new Reference("urn:uuid:zhao"));
    pulse.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4");
    pulse.setValue(new Quantity().setValue(-72).setSystem("http://unitsofmeasure.org").setCode("/min"));
    transaction.addEntry().setResource(pulse).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
    assertThatThrownBy(() -> hisA.transaction().withBundle(transaction).execute())
        .isInstanceOf(UnprocessableEntityException.class).hasMessageContaining("OBS-VAL-003");
    Bundle found = RunningPlatform.fhir().search().byUrl("Patient?identifier=urn:hutong:test:mrn|" + mrn).returnBundle(Bundle.class).execute();
    assertThat(found.getEntry()).as("nothing of the transaction was stored").isEmpty();
  }

  @Test
  void theRegionViewIsForRegulatorsAdministratorsAndPublicHealthOnly() throws Exception {
    String regulator = RunningPlatform.clientToken(platform, RunningPlatform.unique("weijianwei"), Role.REGULATOR, null, "system/MeasureReport.rs");
    JsonNode all = QualityHttp.bearer(regulator).json("/api/quality/scorecards?month=" + MONTH);
    List<String> organizations = new ArrayList<>();
    all.forEach(c -> organizations.add(c.get("organization").asText()));
    assertThat(organizations).contains(orgA);

    String hisB = RunningPlatform.clientToken(platform, RunningPlatform.unique("his-b"), Role.INSTITUTION_SYSTEM, orgB, "system/*.cruds");
    assertThat(QualityHttp.bearer(hisB).get("/api/quality/scorecards?month=" + MONTH, "application/json").statusCode()).isEqualTo(403);
    assertThat(QualityHttp.bearer(hisB).get("/api/quality/scorecards/" + orgA + "?month=" + MONTH, "application/json").statusCode()).isEqualTo(403);
    assertThat(QualityHttp.bearer(hisB).get("/api/quality/scorecards/" + orgB + "?month=" + MONTH, "application/json").statusCode())
        .as("its own, with nothing written this month").isEqualTo(404);
    assertThat(QualityHttp.bearer(hisB).post("/api/quality/publish?month=" + MONTH).statusCode()).isEqualTo(403);
    assertThat(QualityHttp.bearer(hisB).get("/api/quality/rules", "application/json").statusCode()).isEqualTo(200);
    assertThat(QualityHttp.bearer(null).get("/api/quality/scorecards?month=" + MONTH, "application/json").statusCode()).isEqualTo(401);

    String hisAToken = RunningPlatform.clientToken(platform, RunningPlatform.unique("his-a2"), Role.INSTITUTION_SYSTEM, orgA, "system/*.cruds");
    assertThat(QualityHttp.bearer(hisAToken).json("/api/quality/scorecards/" + orgA + "?month=" + MONTH).get("records").asLong()).isEqualTo(4);
    assertThat(QualityHttp.bearer(adminToken()).get("/api/quality/scorecards?month=November", "application/json").statusCode()).isEqualTo(400);
  }

  @Test
  void theRuleCatalogueIsServed() throws Exception {
    JsonNode rules = QualityHttp.bearer(adminToken()).json("/api/quality/rules");
    assertThat(rules.size()).isBetween(25, 45);
    assertThat(rules.get(0).get("code").asText()).isEqualTo("PAT-COMP-001");
    assertThat(rules.get(0).get("chinese").asText()).contains("患者");
  }

  @Test
  void theMonthsMeasureReportsComeAsAFhirBundleAndArePublishedIntoTheRepository() throws Exception {
    HttpResponse<String> response = QualityHttp.bearer(adminToken()).get("/api/quality/measure-reports?month=" + MONTH, "application/fhir+json");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/fhir+json");
    Bundle bundle = RunningPlatform.context().newJsonParser().parseResource(Bundle.class, response.body());
    MeasureReport a = bundle.getEntry().stream().map(e -> (MeasureReport) e.getResource())
        .filter(r -> r.getReporter().getReference().equals("Organization/" + orgA)).findFirst().orElseThrow();
    assertReportOfA(a);

    assertThat(QualityHttp.bearer(adminToken()).post("/api/quality/publish?month=" + MONTH).statusCode()).isEqualTo(200);
    assertThat(QualityHttp.bearer(adminToken()).post("/api/quality/publish?month=" + MONTH).statusCode()).as("publishing again replaces, never duplicates").isEqualTo(200);
    Bundle stored = RunningPlatform.fhir().search()
        .byUrl("MeasureReport?identifier=https://hutong.org/fhir/sid/quality-report|" + orgA + "-" + MONTH)
        .returnBundle(Bundle.class).execute();
    assertThat(stored.getEntry()).hasSize(1);
    MeasureReport published = (MeasureReport) stored.getEntryFirstRep().getResource();
    assertReportOfA(published);

    // the health commission reads them over FHIR: MeasureReports carry no personal data
    String regulator = RunningPlatform.clientToken(platform, RunningPlatform.unique("nhc"), Role.REGULATOR, null, "system/MeasureReport.rs");
    Bundle read = RunningPlatform.fhir(platform, regulator).search()
        .byUrl("MeasureReport?reporter=Organization/" + orgA).returnBundle(Bundle.class).execute();
    assertThat(read.getEntry()).hasSize(1);
  }

  private void assertReportOfA(MeasureReport report) {
    assertThat(report.getStatus()).isEqualTo(MeasureReport.MeasureReportStatus.COMPLETE);
    assertThat(report.getType()).isEqualTo(MeasureReport.MeasureReportType.SUMMARY);
    assertThat(report.getMeasure()).isEqualTo("https://hutong.org/fhir/Measure/data-quality");
    assertThat(report.getReporter().getReference()).isEqualTo("Organization/" + orgA);
    assertThat(report.getGroup()).extracting(g -> g.getCode().getCodingFirstRep().getCode())
        .containsExactly("completeness", "validity", "consistency", "timeliness", "overall", "volume");
    MeasureReport.MeasureReportGroupComponent consistency = report.getGroup().get(2);
    assertThat(consistency.getMeasureScore().getValue().doubleValue()).isEqualTo(50.0);
    assertThat(consistency.getMeasureScore().getUnit()).isEqualTo("%");
    assertThat(consistency.getPopulation()).extracting(p -> p.getCode().getCodingFirstRep().getCode() + "=" + p.getCount())
        .containsExactly("initial-population=4", "numerator=2");
    assertThat(report.getGroup().get(5).getStratifierFirstRep().getStratum()).extracting(s -> s.getValue().getText())
        .containsExactly("DiagnosticReport", "Observation", "Patient");
  }

  @Test
  void theBulletinShowsEveryInstitutionToARegulatorAndOnlyItsOwnToAClinician() throws Exception {
    Accounts accounts = platform.getBean(Accounts.class);
    String regulator = RunningPlatform.unique("wjw");
    accounts.enrolPerson(regulator, "regulator-password", Role.REGULATOR, null, Set.of(), "卫健委质控处");
    HttpResponse<String> page = QualityHttp.session(regulator, "regulator-password").get("/quality/bulletin?month=" + MONTH, "text/html");
    assertThat(page.statusCode()).isEqualTo(200);
    YearMonth month = YearMonth.parse(MONTH);
    assertThat(page.body())
        .contains("数据质量月度通报 " + month.getYear() + "年" + month.getMonthValue() + "月")
        .contains(HOSPITAL_A)
        .contains("<script src=\"/webjars/echarts/5.5.0/echarts.min.js\"></script>")
        .contains("<script src=\"/assets/quality/bulletin.js\"></script>")
        .contains("<script type=\"application/json\" id=\"bulletin-data\">")
        .doesNotContain("echarts.init") // no inline script: the Content-Security-Policy would stop it
        .contains("DR-CONS-001")
        .contains("DiagnosticReport/" + report)
        .doesNotContain("李");

    String doctorB = RunningPlatform.unique("dr-zhao");
    accounts.enrolPerson(doctorB, "doctor-password", Role.CLINICIAN, orgB, Set.of(), "赵医生");
    HttpResponse<String> own = QualityHttp.session(doctorB, "doctor-password").get("/quality/bulletin?month=" + MONTH, "text/html");
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(own.body()).doesNotContain(HOSPITAL_A);

    String resident = RunningPlatform.unique("resident");
    accounts.enrolPerson(resident, "resident-password", Role.RESIDENT, null, Set.of(flawedPatient), "李娜");
    assertThat(QualityHttp.session(resident, "resident-password").get("/quality/bulletin?month=" + MONTH, "text/html").statusCode()).isEqualTo(403);
  }

  private String adminToken() {
    return RunningPlatform.adminToken(platform);
  }
}
