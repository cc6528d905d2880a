package org.hutong.access.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hutong.access.AccessEvent;
import org.hutong.access.Caller;
import org.hutong.access.Purpose;
import org.junit.jupiter.api.Test;

/** Each access is rendered as an IHE BALP AuditEvent that a FHIR validator accepts. */
class BalpRenderingTest {

  private static final Instant AT = Instant.parse("2025-03-14T02:30:00.123456Z");
  private final BalpRenderer renderer = new BalpRenderer(AuditDatabases.FHIR, "hutong-node-1");

  @Test
  void aBreakTheGlassSearchIsARestSearchWithAgentsPatientsAndTheQuery() {
    Caller doctor = AuditDatabases.clinician().withPurpose(Purpose.breakGlass("昏迷患者急诊抢救")).from("10.8.0.7");
    AccessEvent event =
        new AccessEvent(doctor, null, 'E', "search-type", AccessEvent.Outcome.SUCCESS, "Observation",
            List.of("Observation/o1", "Observation/o2"), Set.of("p-zhangwei", "p-liuyang"), "patient=p-zhangwei&code=8867-4", null);

    AuditEvent audit = renderer.render("ae-1", AT, event);

    assertThat(audit.getType().getSystem()).isEqualTo("http://terminology.hl7.org/CodeSystem/audit-event-type");
    assertThat(audit.getType().getCode()).isEqualTo("rest");
    assertThat(audit.getSubtypeFirstRep().getSystem()).isEqualTo("http://hl7.org/fhir/restful-interaction");
    assertThat(audit.getSubtypeFirstRep().getCode()).isEqualTo("search-type");
    assertThat(audit.getAction().toCode()).isEqualTo("E");
    assertThat(audit.getRecorded().toInstant()).isEqualTo(Instant.parse("2025-03-14T02:30:00.123Z"));
    assertThat(audit.getOutcome().toCode()).isEqualTo("0");

    AuditEventAgentComponent user = audit.getAgent().stream().filter(AuditEventAgentComponent::getRequestor).findFirst().orElseThrow();
    assertThat(user.getType().getCodingFirstRep().getCode()).isEqualTo("IRCP");
    assertThat(user.getWho().getIdentifier().getValue()).isEqualTo("wangfang");
    assertThat(user.getRoleFirstRep().getCodingFirstRep().getCode()).isEqualTo("clinician");
    assertThat(user.getPurposeOfUseFirstRep().getCodingFirstRep().getSystem()).isEqualTo(Purpose.SYSTEM);
    assertThat(user.getPurposeOfUseFirstRep().getCodingFirstRep().getCode()).isEqualTo("ETREAT");
    assertThat(user.getPurposeOfUseFirstRep().getText()).isEqualTo("昏迷患者急诊抢救");
    assertThat(user.getNetwork().getAddress()).isEqualTo("10.8.0.7");
    assertThat(agent(audit, "110153").getWho().getIdentifier().getValue()).isEqualTo("pumch-emr");
    assertThat(agent(audit, "110153").getNetwork().getAddress()).isEqualTo("10.8.0.7");
    assertThat(agent(audit, "PROV").getWho().getReference()).isEqualTo("Organization/pumch");
    assertThat(agent(audit, "110152").getWho().getIdentifier().getValue()).isEqualTo("hutong-node-1");
    assertThat(audit.getSource().getObserver().getIdentifier().getValue()).isEqualTo("hutong-node-1");

    assertThat(entities(audit, "1")).extracting(e -> e.getWhat().getReference()).containsExactly("Patient/p-liuyang", "Patient/p-zhangwei");
    assertThat(entities(audit, "1")).allSatisfy(e -> assertThat(e.getType().getCode()).isEqualTo("1"));
    assertThat(entities(audit, "4")).extracting(e -> e.getWhat().getReference()).containsExactly("Observation/o1", "Observation/o2");
    AuditEventEntityComponent query = entities(audit, "24").getFirst();
    assertThat(query.getType().getCode()).isEqualTo("2");
    assertThat(new String(query.getQuery(), StandardCharsets.UTF_8)).isEqualTo("patient=p-zhangwei&code=8867-4");

    assertValid(audit);
  }

  @Test
  void aFailedLoginIsAUserAuthenticationWithTheClaimedNameAndTheReason() {
    AccessEvent event = new AccessEvent(null, "zhaolei", 'E', "login", AccessEvent.Outcome.SERIOUS_FAILURE, null, null, null, null, "wrong password");

    AuditEvent audit = renderer.render("ae-2", AT, event);

    assertThat(audit.getType().getSystem()).isEqualTo("http://dicom.nema.org/resources/ontology/DCM");
    assertThat(audit.getType().getCode()).isEqualTo("110114");
    assertThat(audit.getSubtypeFirstRep().getCode()).isEqualTo("110122");
    assertThat(audit.getOutcome().toCode()).isEqualTo("8");
    assertThat(audit.getOutcomeDesc()).isEqualTo("wrong password");
    assertThat(audit.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo("zhaolei");
    assertThat(audit.getAgentFirstRep().getRequestor()).isTrue();
    assertValid(audit);
  }

  @Test
  void aResidentReadingTheirOwnRecordIsThePatientAgent() {
    AuditEvent audit = renderer.render("ae-3", AT, AuditDatabases.read(AuditDatabases.resident("p-zhangwei"), "p-zhangwei", "Patient/p-zhangwei"));
    assertThat(audit.getAgentFirstRep().getType().getCodingFirstRep().getCode()).isEqualTo("PAT");
    assertThat(audit.getAgentFirstRep().getPurposeOfUseFirstRep().getCodingFirstRep().getCode()).isEqualTo("PATRQT");
    assertThat(audit.getAgent()).noneMatch(a -> a.getType().getCodingFirstRep().getCode().equals("PROV"));
    assertValid(audit);
  }

  @Test
  void operationsOutsideTheRestfulInteractionsAreRecordedAsOperation() {
    assertThat(BalpRenderer.subtype("everything")).isEqualTo("operation");
    assertThat(BalpRenderer.subtype("token")).isEqualTo("110122");
    assertThat(BalpRenderer.subtype("vread")).isEqualTo("vread");
  }

  private static AuditEventAgentComponent agent(AuditEvent audit, String type) {
    return audit.getAgent().stream().filter(a -> a.getType().getCodingFirstRep().getCode().equals(type)).findFirst().orElseThrow();
  }

  private static List<AuditEventEntityComponent> entities(AuditEvent audit, String role) {
    return audit.getEntity().stream().filter(e -> e.getRole().getCode().equals(role)).toList();
  }

  /** Structure, cardinalities and required bindings of the base AuditEvent; the JSON round-trips. */
  private void assertValid(AuditEvent audit) {
    String json = renderer.json(audit);
    AuditEvent parsed = AuditDatabases.FHIR.newJsonParser().parseResource(AuditEvent.class, json);
    assertThat(errors(parsed)).isEmpty();
  }

  @Test
  void theValidatorUsedHereRejectsAnAuditEventMissingWhatBalpRequires() {
    AuditEvent audit = renderer.render("ae-4", AT, AuditDatabases.read(AuditDatabases.clinician(), "p-li", "Patient/p-li"));
    audit.setType(null);
    audit.getAgentFirstRep().setRequestorElement(null);
    assertThat(errors(audit)).hasSizeGreaterThanOrEqualTo(2);
  }

  private static synchronized List<String> errors(AuditEvent audit) {
    if (validator == null) {
      validator = AuditDatabases.FHIR.newValidator();
      validator.registerValidatorModule(new FhirInstanceValidator(new ValidationSupportChain(AuditDatabases.FHIR.getValidationSupport())));
    }
    ValidationResult result = validator.validateWithResult(audit);
    return result.getMessages().stream()
        .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
        .map(m -> m.getLocationString() + ": " + m.getMessage())
        .toList();
  }

  /** Built once: it loads every base structure definition (about 20 s). */
  private static FhirValidator validator;
}
