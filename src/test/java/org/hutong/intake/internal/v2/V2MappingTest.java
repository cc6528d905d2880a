package org.hutong.intake.internal.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hutong.intake.internal.v2.Samples.entryOf;
import static org.hutong.intake.internal.v2.Samples.map;
import static org.hutong.intake.internal.v2.Samples.resources;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hutong.platform.NamingSystems;
import org.junit.jupiter.api.Test;

/** Every sample message mapped, and the FHIR content checked field by field. */
class V2MappingTest {

  private static final String MRN = "https://hutong.org/fhir/sid/mrn/bj-chaoyang";
  private static final String VISIT = "https://hutong.org/fhir/sid/visit/bj-chaoyang";
  private static final String LOCAL = "https://hutong.org/fhir/CodeSystem/local/bj-chaoyang";
  private static final String MRN_ENC = "https%3A%2F%2Fhutong.org%2Ffhir%2Fsid%2Fmrn%2Fbj-chaoyang";

  @Test
  void admissionIsAConditionalUpdateOfPatientAndVisit() throws Exception {
    Mapped mapped = map("adt_a01.hl7");
    Bundle bundle = mapped.transaction();

    assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
    assertThat(mapped.patientKey()).isEqualTo("0012345");
    assertThat(bundle.getEntry()).allSatisfy(e -> assertThat(e.getFullUrl()).startsWith("urn:uuid:"));

    Patient patient = resources(bundle, Patient.class).getFirst();
    Bundle.BundleEntryComponent patientEntry = entryOf(bundle, patient);
    assertThat(patientEntry.getRequest().getMethod()).isEqualTo(HTTPVerb.PUT);
    assertThat(patientEntry.getRequest().getUrl()).isEqualTo("Patient?identifier=" + MRN_ENC + "|0012345");
    assertThat(patient.getIdentifier()).extracting(i -> i.getSystem() + "|" + i.getValue()).containsExactly(
        MRN + "|0012345", NamingSystems.RESIDENT_ID + "|110105197803121231", NamingSystems.HEALTH_CARD + "|H1101050012345");
    assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("王");
    assertThat(patient.getNameFirstRep().getGivenAsSingleString()).isEqualTo("建国");
    assertThat(patient.getNameFirstRep().getText()).isEqualTo("王建国");
    assertThat(patient.getGender()).isEqualTo(AdministrativeGender.MALE);
    assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1978-03-12");
    assertThat(patient.getAddressFirstRep().getText()).isEqualTo("北京市朝阳区建国路88号SOHO现代城");
    assertThat(patient.getAddressFirstRep().getDistrict()).isEqualTo("朝阳区");
    assertThat(patient.getAddressFirstRep().getCity()).isEqualTo("北京市");
    assertThat(patient.getAddressFirstRep().getPostalCode()).isEqualTo("100022");
    assertThat(patient.getTelecomFirstRep().getSystem()).isEqualTo(ContactPoint.ContactPointSystem.PHONE);
    assertThat(patient.getTelecomFirstRep().getValue()).isEqualTo("13911112222");
    assertThat(patient.getManagingOrganization().getReference()).isEqualTo("Organization/bj-chaoyang");

    Encounter encounter = resources(bundle, Encounter.class).getFirst();
    assertThat(entryOf(bundle, encounter).getRequest().getUrl())
        .isEqualTo("Encounter?identifier=https%3A%2F%2Fhutong.org%2Ffhir%2Fsid%2Fvisit%2Fbj-chaoyang|V20240315001");
    assertThat(encounter.getIdentifierFirstRep().getSystem()).isEqualTo(VISIT);
    assertThat(encounter.getStatus()).isEqualTo(Encounter.EncounterStatus.INPROGRESS);
    assertThat(encounter.getClass_().getCode()).isEqualTo("IMP");
    assertThat(encounter.getPeriod().getStartElement().getValueAsString()).isEqualTo("2024-03-15T08:30:00+08:00");
    assertThat(encounter.getPeriod().hasEnd()).isFalse();
    assertThat(encounter.getSubject().getReference()).isEqualTo(patientEntry.getFullUrl());
    assertThat(encounter.getLocationFirstRep().getLocation().getDisplay()).isEqualTo("心内科病区 301 02");
    assertThat(encounter.getParticipantFirstRep().getIndividual().getDisplay()).isEqualTo("赵志强");
    assertThat(encounter.getParticipantFirstRep().getIndividual().getIdentifier().getValue()).isEqualTo("D1024");
    assertThat(encounter.getReasonCodeFirstRep().getCodingFirstRep().getSystem()).isEqualTo("http://hl7.org/fhir/sid/icd-10");
    assertThat(encounter.getServiceProvider().getReference()).isEqualTo("Organization/bj-chaoyang");

    Condition diagnosis = resources(bundle, Condition.class).getFirst();
    assertThat(diagnosis.getIdentifierFirstRep().getValue()).isEqualTo("V20240315001-1");
    assertThat(diagnosis.getCode().getCodingFirstRep().getCode()).isEqualTo("I20.0");
    assertThat(diagnosis.getEncounter().getReference()).isEqualTo(entryOf(bundle, encounter).getFullUrl());
    assertThat(entryOf(bundle, diagnosis).getRequest().getMethod()).isEqualTo(HTTPVerb.PUT);
  }

  @Test
  void registrationIsAnArrivedAmbulatoryVisit() throws Exception {
    Bundle bundle = map("adt_a04.hl7").transaction();
    Encounter encounter = resources(bundle, Encounter.class).getFirst();
    assertThat(encounter.getClass_().getCode()).isEqualTo("AMB");
    assertThat(encounter.getStatus()).isEqualTo(Encounter.EncounterStatus.ARRIVED);
    assertThat(resources(bundle, Patient.class).getFirst().getGender()).isEqualTo(AdministrativeGender.FEMALE);
  }

  @Test
  void updateReplacesThePatientsPhone() throws Exception {
    Bundle bundle = map("adt_a08.hl7").transaction();
    Patient patient = resources(bundle, Patient.class).getFirst();
    assertThat(patient.getTelecomFirstRep().getValue()).isEqualTo("13911113333");
    assertThat(patient.getTelecomFirstRep().getUse()).isEqualTo(ContactPoint.ContactPointUse.MOBILE);
    assertThat(resources(bundle, Encounter.class)).hasSize(1);
  }

  @Test
  void transferKeepsThePriorLocationAsCompleted() throws Exception {
    Encounter encounter = resources(map("adt_a02.hl7").transaction(), Encounter.class).getFirst();
    assertThat(encounter.getLocation()).extracting(l -> l.getLocation().getDisplay() + "/" + l.getStatus().toCode())
        .containsExactly("CCU 12 01/active", "心内科病区 301 02/completed");
  }

  @Test
  void dischargeFinishesTheVisit() throws Exception {
    Bundle bundle = map("adt_a03.hl7").transaction();
    Encounter encounter = resources(bundle, Encounter.class).getFirst();
    assertThat(encounter.getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED);
    assertThat(encounter.getPeriod().getEndElement().getValueAsString()).isEqualTo("2024-03-22T09:30:00+08:00");
    assertThat(encounter.getHospitalization().getDischargeDisposition().getCodingFirstRep().getCode()).isEqualTo("01");
    assertThat(resources(bundle, Condition.class)).extracting(c -> c.getCode().getCodingFirstRep().getCode())
        .containsExactly("I20.0", "E11.9");
  }

  @Test
  void mergeRetiresThePriorRecordReplacedByTheSurvivor() throws Exception {
    Mapped mapped = map("adt_a40.hl7");
    Bundle bundle = mapped.transaction();
    assertThat(mapped.patientKey()).isEqualTo("0012345");
    assertThat(bundle.getEntry()).hasSize(2);
    Bundle.BundleEntryComponent survivor = bundle.getEntry().get(0);
    Bundle.BundleEntryComponent prior = bundle.getEntry().get(1);
    assertThat(survivor.getRequest().getUrl()).isEqualTo("Patient?identifier=" + MRN_ENC + "|0012345");
    assertThat(prior.getRequest().getMethod()).isEqualTo(HTTPVerb.PUT);
    assertThat(prior.getRequest().getUrl()).isEqualTo("Patient?identifier=" + MRN_ENC + "|0019876");
    Patient retired = (Patient) prior.getResource();
    assertThat(retired.getActive()).isFalse();
    assertThat(retired.getIdentifier()).extracting(i -> i.getValue()).containsExactly("0019876");
    assertThat(retired.getLinkFirstRep().getType()).isEqualTo(Patient.LinkType.REPLACEDBY);
    assertThat(retired.getLinkFirstRep().getOther().getReference()).isEqualTo(survivor.getFullUrl());
    assertThat(((Patient) survivor.getResource()).getActive()).isTrue();
  }

  @Test
  void resultsAreReportsWithObservations() throws Exception {
    Mapped mapped = map("oru_r01.hl7");
    Bundle bundle = mapped.transaction();
    assertThat(mapped.patientKey()).isEqualTo("0012345");

    Patient patient = resources(bundle, Patient.class).getFirst();
    Bundle.BundleEntryComponent patientEntry = entryOf(bundle, patient);
    assertThat(patientEntry.getRequest().getMethod()).isEqualTo(HTTPVerb.POST);
    assertThat(patientEntry.getRequest().getUrl()).isEqualTo("Patient");
    assertThat(patientEntry.getRequest().getIfNoneExist()).isEqualTo("identifier=" + MRN_ENC + "|0012345");
    assertThat(resources(bundle, Encounter.class)).isEmpty();

    var reports = resources(bundle, DiagnosticReport.class);
    assertThat(reports).hasSize(2);
    DiagnosticReport chemistry = reports.get(0);
    assertThat(chemistry.getIdentifierFirstRep().getSystem()).isEqualTo("https://hutong.org/fhir/sid/filler-order/bj-chaoyang");
    assertThat(chemistry.getIdentifierFirstRep().getValue()).isEqualTo("L240316001");
    assertThat(entryOf(bundle, chemistry).getRequest().getUrl())
        .isEqualTo("DiagnosticReport?identifier=https%3A%2F%2Fhutong.org%2Ffhir%2Fsid%2Ffiller-order%2Fbj-chaoyang|L240316001");
    assertThat(chemistry.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.FINAL);
    assertThat(chemistry.getCode().getCodingFirstRep().getSystem()).isEqualTo("http://loinc.org");
    assertThat(chemistry.getCode().getCodingFirstRep().getCode()).isEqualTo("24331-1");
    assertThat(chemistry.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2024-03-16T07:00:00+08:00");
    assertThat(chemistry.getIssuedElement().getValueAsString()).isEqualTo("2024-03-16T10:30:00+08:00");
    assertThat(chemistry.getSubject().getReference()).isEqualTo(patientEntry.getFullUrl());
    assertThat(chemistry.getResult()).hasSize(5);
    assertThat(reports.get(1).getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY);
    assertThat(reports.get(1).getCode().getCodingFirstRep().getSystem()).isEqualTo(LOCAL);

    var observations = resources(bundle, Observation.class);
    assertThat(observations).hasSize(8);
    assertThat(chemistry.getResult()).extracting(r -> r.getReference())
        .containsExactlyElementsOf(observations.subList(0, 5).stream().map(o -> entryOf(bundle, o).getFullUrl()).toList());

    Observation glucose = observations.get(0);
    assertThat(glucose.getIdentifierFirstRep().getSystem()).isEqualTo("https://hutong.org/fhir/sid/observation/bj-chaoyang");
    assertThat(glucose.getIdentifierFirstRep().getValue()).isEqualTo("L240316001-1");
    assertThat(entryOf(bundle, glucose).getRequest().getMethod()).isEqualTo(HTTPVerb.PUT);
    assertThat(glucose.getCode().getCodingFirstRep().getCode()).isEqualTo("2345-7");
    assertThat(glucose.getCode().getCodingFirstRep().getDisplay()).isEqualTo("葡萄糖");
    Quantity value = glucose.getValueQuantity();
    assertThat(value.getValue()).isEqualByComparingTo("7.8");
    assertThat(value.getSystem()).isEqualTo("http://unitsofmeasure.org");
    assertThat(value.getCode()).isEqualTo("mmol/L");
    assertThat(glucose.getReferenceRangeFirstRep().getLow().getValue()).isEqualByComparingTo("3.9");
    assertThat(glucose.getReferenceRangeFirstRep().getHigh().getValue()).isEqualByComparingTo("6.1");
    assertThat(glucose.getInterpretationFirstRep().getCodingFirstRep().getSystem())
        .isEqualTo("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation");
    assertThat(glucose.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("H");
    assertThat(glucose.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2024-03-16T08:00:00+08:00");
    assertThat(glucose.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
    assertThat(glucose.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("laboratory");
    assertThat(glucose.getPerformerFirstRep().getReference()).isEqualTo("Organization/bj-chaoyang");

    Observation cholesterol = observations.get(1);
    assertThat(cholesterol.getReferenceRangeFirstRep().getHigh().getValue()).isEqualByComparingTo("5.2");
    assertThat(cholesterol.getReferenceRangeFirstRep().hasLow()).isFalse();
    assertThat(cholesterol.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2024-03-16T07:00:00+08:00");

    Quantity creatinine = observations.get(2).getValueQuantity();
    assertThat(creatinine.getComparator()).isEqualTo(Quantity.QuantityComparator.LESS_THAN);
    assertThat(creatinine.getValue()).isEqualByComparingTo("44");
    assertThat(creatinine.getCode()).isEqualTo("umol/L");

    Observation urine = observations.get(3);
    assertThat(urine.getCode().getCodingFirstRep().getSystem()).isEqualTo(LOCAL);
    assertThat(urine.getCode().getCodingFirstRep().getCode()).isEqualTo("LAB0031");
    assertThat(urine.getValueStringType().getValue()).isEqualTo("阴性");
    assertThat(urine.getReferenceRangeFirstRep().getText()).isEqualTo("阴性");

    assertThat(observations.get(4).getValueCodeableConcept().getCodingFirstRep().getSystem()).isEqualTo(LOCAL);
    assertThat(observations.get(4).getValueCodeableConcept().getText()).isEqualTo("淡黄色");

    Observation haemoglobin = observations.get(5);
    assertThat(haemoglobin.getIdentifierFirstRep().getValue()).isEqualTo("L240316002-1");
    assertThat(haemoglobin.getStatus()).isEqualTo(Observation.ObservationStatus.PRELIMINARY);
    assertThat(haemoglobin.getValueQuantity().getCode()).isEqualTo("g/L");
    assertThat(haemoglobin.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("L");
    assertThat(observations.get(6).getValueQuantity().getCode()).isEqualTo("10*9/L");
    assertThat(observations.get(7).getValueQuantity().getCode()).isEqualTo("%");
  }

  @Test
  void ordersAreServiceRequestsKeyedOnThePlacerNumber() throws Exception {
    Bundle bundle = map("orm_o01.hl7").transaction();
    var requests = resources(bundle, ServiceRequest.class);
    assertThat(requests).hasSize(2);
    ServiceRequest hba1c = requests.get(0);
    assertThat(entryOf(bundle, hba1c).getRequest().getUrl())
        .isEqualTo("ServiceRequest?identifier=https%3A%2F%2Fhutong.org%2Ffhir%2Fsid%2Fplacer-order%2Fbj-chaoyang|ORD2024031701");
    assertThat(hba1c.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.ACTIVE);
    assertThat(hba1c.getIntent()).isEqualTo(ServiceRequest.ServiceRequestIntent.ORDER);
    assertThat(hba1c.getCode().getCodingFirstRep().getCode()).isEqualTo("4548-4");
    assertThat(hba1c.getAuthoredOnElement().getValueAsString()).isEqualTo("2024-03-17T08:55:00+08:00");
    assertThat(hba1c.getRequester().getDisplay()).isEqualTo("钱海燕");
    assertThat(hba1c.getPriority()).isEqualTo(ServiceRequest.ServiceRequestPriority.STAT);
    assertThat(hba1c.getReasonCodeFirstRep().getCodingFirstRep().getCode()).isEqualTo("E11.9");
    ServiceRequest urinalysis = requests.get(1);
    assertThat(urinalysis.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.REVOKED);
    assertThat(urinalysis.getIdentifier()).extracting(i -> i.getSystem() + "|" + i.getValue()).containsExactly(
        "https://hutong.org/fhir/sid/placer-order/bj-chaoyang|ORD2024031702",
        "https://hutong.org/fhir/sid/filler-order/bj-chaoyang|L240317009");
    assertThat(entryOf(bundle, resources(bundle, Patient.class).getFirst()).getRequest().getMethod()).isEqualTo(HTTPVerb.POST);
  }

  @Test
  void labOrdersMapLikeGeneralOrders() throws Exception {
    Bundle bundle = map("oml_o21.hl7").transaction();
    var requests = resources(bundle, ServiceRequest.class);
    assertThat(requests).extracting(r -> r.getCode().getCodingFirstRep().getCode()).containsExactly("2160-0", "1742-6");
    assertThat(requests.get(0).getPriority()).isEqualTo(ServiceRequest.ServiceRequestPriority.ASAP);
    assertThat(requests.get(1).getPriority()).isEqualTo(ServiceRequest.ServiceRequestPriority.ROUTINE);
    assertThat(requests).allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.ACTIVE));
  }

  @Test
  void documentCarriesTextAndPdf() throws Exception {
    Bundle bundle = map("mdm_t02.hl7").transaction();
    DocumentReference document = resources(bundle, DocumentReference.class).getFirst();
    assertThat(entryOf(bundle, document).getRequest().getUrl())
        .isEqualTo("DocumentReference?identifier=https%3A%2F%2Fhutong.org%2Ffhir%2Fsid%2Fdocument%2Fbj-chaoyang|DOC20240322001");
    assertThat(document.getStatus().toCode()).isEqualTo("current");
    assertThat(document.getDocStatus()).isEqualTo(DocumentReference.ReferredDocumentStatus.FINAL);
    assertThat(document.getType().getCodingFirstRep().getCode()).isEqualTo("DS");
    assertThat(document.getDateElement().getValueAsString()).isEqualTo("2024-03-22T09:15:00+08:00");
    assertThat(document.getAuthorFirstRep().getDisplay()).isEqualTo("赵志强");
    assertThat(document.getCustodian().getReference()).isEqualTo("Organization/bj-chaoyang");
    assertThat(document.getContent()).hasSize(2);
    var pdf = document.getContent().get(0).getAttachment();
    assertThat(pdf.getContentType()).isEqualTo("application/pdf");
    assertThat(new String(pdf.getData(), StandardCharsets.US_ASCII)).startsWith("%PDF-1.4");
    var text = document.getContent().get(1).getAttachment();
    assertThat(text.getContentType()).isEqualTo("text/plain; charset=utf-8");
    assertThat(new String(text.getData(), StandardCharsets.UTF_8)).isEqualTo(
        "入院诊断：不稳定型心绞痛\n出院诊断：不稳定型心绞痛；2型糖尿病\n出院医嘱：阿司匹林100mg 每日一次，一周后心内科门诊复查。");
  }

  @Test
  void vaccinationsAreImmunizations() throws Exception {
    Bundle bundle = map("vxu_v04.hl7").transaction();
    var immunizations = resources(bundle, Immunization.class);
    assertThat(immunizations).hasSize(2);
    Immunization hepB = immunizations.get(0);
    assertThat(entryOf(bundle, hepB).getRequest().getUrl())
        .isEqualTo("Immunization?identifier=https%3A%2F%2Fhutong.org%2Ffhir%2Fsid%2Fimmunization%2Fbj-chaoyang|IZ20240319001");
    assertThat(hepB.getStatus()).isEqualTo(Immunization.ImmunizationStatus.COMPLETED);
    assertThat(hepB.getVaccineCode().getCodingFirstRep().getSystem()).isEqualTo("http://hl7.org/fhir/sid/cvx");
    assertThat(hepB.getVaccineCode().getCodingFirstRep().getCode()).isEqualTo("08");
    assertThat(hepB.getOccurrenceDateTimeType().getValueAsString()).isEqualTo("2024-03-19T09:30:00+08:00");
    assertThat(hepB.getDoseQuantity().getValue()).isEqualByComparingTo("0.5");
    assertThat(hepB.getDoseQuantity().getCode()).isEqualTo("mL");
    assertThat(hepB.getLotNumber()).isEqualTo("B202311A07");
    assertThat(hepB.getExpirationDateElement().getValueAsString()).isEqualTo("2025-11-30");
    assertThat(hepB.getManufacturer().getDisplay()).isEqualTo("华北制药金坦生物技术股份有限公司");
    assertThat(hepB.getRoute().getCodingFirstRep().getSystem()).isEqualTo("http://terminology.hl7.org/CodeSystem/v2-0162");
    assertThat(hepB.getSite().getCodingFirstRep().getCode()).isEqualTo("LA");
    assertThat(hepB.getPrimarySource()).isTrue();
    assertThat(hepB.getPerformerFirstRep().getActor().getReference()).isEqualTo("Organization/bj-chaoyang");
    assertThat(hepB.getPatient().getReference()).isEqualTo(entryOf(bundle, resources(bundle, Patient.class).getFirst()).getFullUrl());

    Immunization ipv = immunizations.get(1);
    assertThat(ipv.getIdentifierFirstRep().getValue()).isEqualTo("0301-20240319093000");
    assertThat(ipv.getStatus()).isEqualTo(Immunization.ImmunizationStatus.NOTDONE);
    assertThat(ipv.getStatusReason().getText()).isEqualTo("家长拒绝");
    assertThat(ipv.getVaccineCode().getCodingFirstRep().getSystem()).isEqualTo(LOCAL);
    assertThat(ipv.hasDoseQuantity()).isFalse();
  }

  @Test
  void aMappedBundleSerialisesAsJson() throws Exception {
    Bundle bundle = map("oru_r01.hl7").transaction();
    String json = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(bundle);
    Bundle back = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, json);
    assertThat(back.getEntry()).hasSize(bundle.getEntry().size());
    assertThat(json).contains("\"ifNoneExist\"").contains("葡萄糖").contains("urn:uuid:");
  }

  @Test
  void repeatedObxSetIdsStillGiveOneObservationEach() throws Exception {
    String text = Samples.text("oru_r01.hl7").replace("OBX|2|NM|2093-3", "OBX|1|NM|2093-3");
    Bundle bundle = new V2Mapping().map(Samples.parse(text), Samples.SENDER).transaction();
    assertThat(resources(bundle, Observation.class)).extracting(o -> o.getIdentifierFirstRep().getValue())
        .startsWith("L240316001-1", "L240316001-1.2", "L240316001-3").doesNotHaveDuplicates();
  }

  @Test
  void aPatientOfSeveralResultGroupsIsCreatedOnce() throws Exception {
    String text = Samples.text("oru_r01.hl7");
    int second = text.indexOf("\rORC|RE|ORD2024031602");
    String pid = text.substring(text.indexOf("\rPID|") + 1, text.indexOf('\r', text.indexOf("\rPID|") + 1));
    text = text.substring(0, second) + "\r" + pid + text.substring(second);
    var message = (ca.uhn.hl7v2.model.v251.message.ORU_R01) Samples.parse(text);
    assertThat(message.getPATIENT_RESULTReps()).isEqualTo(2);
    Bundle bundle = new V2Mapping().map(message, Samples.SENDER).transaction();
    assertThat(resources(bundle, Patient.class)).hasSize(1);
    assertThat(resources(bundle, DiagnosticReport.class)).hasSize(2)
        .allSatisfy(r -> assertThat(r.getSubject().getReference()).isEqualTo(bundle.getEntryFirstRep().getFullUrl()));
  }

  @Test
  void identifierValuesAreUrlEncodedInConditions() {
    assertThat(Transaction.condition("https://x.org/sid", "A|1&b?c#d 王"))
        .isEqualTo("identifier=https%3A%2F%2Fx.org%2Fsid|A%7C1%26b%3Fc%23d+%E7%8E%8B");
  }
}
