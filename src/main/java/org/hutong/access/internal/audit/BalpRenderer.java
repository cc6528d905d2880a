package org.hutong.access.internal.audit;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentNetworkType;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hutong.access.AccessEvent;
import org.hutong.access.Caller;
import org.hutong.access.Purpose;
import org.hutong.access.Role;

/**
 * Renders an {@link AccessEvent} as an R4 AuditEvent following IHE BALP (Basic Audit Log
 * Patterns): a RESTful interaction ({@code rest} with the interaction as subtype) or a user
 * authentication (DICOM 110114 / 110122 Login); agents for the user, the client application, the
 * institution and this server; entities for each patient, each resource and the query.
 */
final class BalpRenderer {

  static final String EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
  static final String RESTFUL_INTERACTION = "http://hl7.org/fhir/restful-interaction";
  static final String DICOM = "http://dicom.nema.org/resources/ontology/DCM";
  static final String PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
  static final String ROLE_CLASS = "http://terminology.hl7.org/CodeSystem/v3-RoleClass";
  static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
  static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
  static final String SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";
  /** Our roles ({@link Role#code()}), as agent roles. */
  static final String HUTONG_ROLE = "https://hutong.org/fhir/CodeSystem/role";
  /** User names and OAuth client ids of the platform's authorisation server. */
  static final String HUTONG_USER = "https://hutong.org/fhir/sid/user";
  static final String HUTONG_CLIENT = "https://hutong.org/fhir/sid/client";
  static final String HUTONG_SERVER = "https://hutong.org/fhir/sid/server";

  /** The restful-interaction codes, which are also the operations of AccessEvent for FHIR calls. */
  private static final Set<String> INTERACTIONS =
      Set.of(
          "read", "vread", "update", "patch", "delete", "history", "history-instance", "history-type",
          "history-system", "create", "search", "search-type", "search-system", "search-compartment",
          "capabilities", "transaction", "batch", "operation");
  private static final Set<String> LOGINS = Set.of("login", "token", "authenticate");
  private static final Set<String> LOGOUTS = Set.of("logout", "revoke");

  private final FhirContext fhir;
  private final String sourceId;

  BalpRenderer(FhirContext fhir, String sourceId) {
    this.fhir = fhir;
    this.sourceId = sourceId;
  }

  /** The subtype code an operation is recorded and searched under. */
  static String subtype(String operation) {
    if (LOGINS.contains(operation)) {
      return "110122";
    }
    if (LOGOUTS.contains(operation)) {
      return "110123";
    }
    return INTERACTIONS.contains(operation) ? operation : "operation";
  }

  static boolean authentication(String operation) {
    return LOGINS.contains(operation) || LOGOUTS.contains(operation);
  }

  AuditEvent render(String id, Instant recorded, AccessEvent event) {
    AuditEvent audit = new AuditEvent();
    audit.setId(id);
    String subtype = subtype(event.operation());
    if (authentication(event.operation())) {
      audit.setType(new Coding(DICOM, "110114", "User Authentication"));
      audit.addSubtype(new Coding(DICOM, subtype, subtype.equals("110122") ? "Login" : "Logout"));
    } else {
      audit.setType(new Coding(EVENT_TYPE, "rest", "RESTful Operation"));
      audit.addSubtype(new Coding(RESTFUL_INTERACTION, subtype, null));
    }
    audit.setAction(AuditEvent.AuditEventAction.fromCode(String.valueOf(event.action())));
    audit.setRecorded(Date.from(recorded));
    audit.setOutcome(AuditEvent.AuditEventOutcome.fromCode(event.outcome().code()));
    if (event.detail() != null) {
      audit.setOutcomeDesc(event.detail());
    }
    agents(audit, event);
    audit.getSource()
        .setSite("Hutong")
        .setObserver(new Reference().setIdentifier(new Identifier().setSystem(HUTONG_SERVER).setValue(sourceId)))
        .addType(new Coding(SOURCE_TYPE, "4", "Application Server"));
    entities(audit, event);
    return audit;
  }

  String json(AuditEvent audit) {
    return fhir.newJsonParser().encodeResourceToString(audit);
  }

  private void agents(AuditEvent audit, AccessEvent event) {
    Caller caller = event.caller();
    boolean reads = event.action() == 'R' || event.action() == 'E';
    AuditEventAgentComponent user = audit.addAgent().setRequestor(true);
    if (caller == null) {
      // a failed authentication: who tried, as far as they said
      user.setType(new CodeableConcept(new Coding(PARTICIPATION, "IRCP", "information recipient")));
      user.setWho(new Reference().setIdentifier(new Identifier().setSystem(HUTONG_USER).setValue(event.claimedIdentity())));
      return;
    }
    user.setType(
        caller.role() == Role.RESIDENT
            ? new CodeableConcept(new Coding(ROLE_CLASS, "PAT", "patient"))
            : reads
                ? new CodeableConcept(new Coding(PARTICIPATION, "IRCP", "information recipient"))
                : new CodeableConcept(new Coding(ROLE_CLASS, "AGNT", "agent")));
    user.setWho(new Reference().setIdentifier(new Identifier().setSystem(caller.person() ? HUTONG_USER : HUTONG_CLIENT).setValue(caller.subject())));
    user.addRole(new CodeableConcept(new Coding(HUTONG_ROLE, caller.role().code(), null)));
    Purpose purpose = caller.purpose();
    CodeableConcept purposeOfUse = new CodeableConcept(new Coding(Purpose.SYSTEM, purpose.code(), null));
    if (purpose.reason() != null) {
      purposeOfUse.setText(purpose.reason());
    }
    user.addPurposeOfUse(purposeOfUse);
    if (caller.address() != null) {
      user.getNetwork().setAddress(caller.address()).setType(AuditEventAgentNetworkType._2);
    }

    AuditEventAgentComponent client = audit.addAgent().setRequestor(false);
    client.setType(new CodeableConcept(new Coding(DICOM, "110153", "Source Role ID")));
    client.setWho(new Reference().setIdentifier(new Identifier().setSystem(HUTONG_CLIENT).setValue(caller.client())));
    if (caller.address() != null) {
      client.getNetwork().setAddress(caller.address()).setType(AuditEventAgentNetworkType._2);
    }

    if (caller.organization() != null) {
      audit.addAgent()
          .setRequestor(false)
          .setType(new CodeableConcept(new Coding(ROLE_CLASS, "PROV", "healthcare provider")))
          .setWho(new Reference("Organization/" + caller.organization()));
    }

    audit.addAgent()
        .setRequestor(false)
        .setType(new CodeableConcept(new Coding(DICOM, "110152", "Destination Role ID")))
        .setWho(new Reference().setIdentifier(new Identifier().setSystem(HUTONG_SERVER).setValue(sourceId)));
  }

  private static void entities(AuditEvent audit, AccessEvent event) {
    for (String patient : new TreeSet<>(event.patients())) {
      entity(audit, "1", "Person", "1", "Patient").setWhat(new Reference("Patient/" + patient));
    }
    for (String resource : event.resources()) {
      entity(audit, "2", "System Object", "4", "Domain Resource").setWhat(new Reference(resource));
    }
    if (event.query() != null && !event.query().isEmpty()) {
      AuditEventEntityComponent query = entity(audit, "2", "System Object", "24", "Query");
      if (event.resourceType() != null) {
        query.setDescription(event.resourceType());
      }
      query.setQuery(event.query().getBytes(StandardCharsets.UTF_8));
    }
  }

  private static AuditEventEntityComponent entity(AuditEvent audit, String type, String typeDisplay, String role, String roleDisplay) {
    AuditEventEntityComponent entity = audit.addEntity();
    entity.setType(new Coding(ENTITY_TYPE, type, typeDisplay));
    entity.setRole(new Coding(OBJECT_ROLE, role, roleDisplay));
    return entity;
  }
}
