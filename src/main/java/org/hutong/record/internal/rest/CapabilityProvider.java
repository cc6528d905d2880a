package org.hutong.record.internal.rest;

import ca.uhn.fhir.rest.annotation.Metadata;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestSecurityComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.CapabilityStatement.ResourceInteractionComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.SystemRestfulInteraction;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Enumerations;
import org.hutong.access.AccessProperties;
import org.hutong.platform.CapabilityContribution;
import org.hutong.record.internal.ResourceTypes;
import org.hutong.record.internal.index.ParamType;
import org.hutong.record.internal.index.SearchParam;
import org.hutong.record.internal.index.SearchParamRegistry;

/**
 * The CapabilityStatement, built from what the server really supports: the stored types, every
 * interaction, and each type's search parameters from the registry search uses.
 */
public final class CapabilityProvider {

  static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";

  private final SearchParamRegistry registry;
  private final AccessProperties access;
  private final List<CapabilityContribution> others;
  private final Date started = new Date();

  CapabilityProvider(SearchParamRegistry registry, AccessProperties access, List<CapabilityContribution> others) {
    this.registry = registry;
    this.access = access;
    this.others = List.copyOf(others);
  }

  /** Called reflectively by HAPI's RestfulServer when it installs a conformance provider. */
  public void setRestfulServer(ca.uhn.fhir.rest.server.RestfulServer server) {
    // the statement is built from the registry, not from the server's bindings
  }

  @Metadata
  public CapabilityStatement capabilities(HttpServletRequest request) {
    CapabilityStatement cs = new CapabilityStatement();
    cs.setStatus(Enumerations.PublicationStatus.ACTIVE);
    cs.setDate(started);
    cs.setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE);
    cs.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
    cs.addFormat("application/fhir+json");
    cs.addFormat("application/fhir+xml");
    cs.getSoftware().setName("Hutong");
    String base = request.getRequestURL().toString().replaceAll("/metadata$", "");
    cs.getImplementation().setDescription("Hutong regional health platform").setUrl(base);
    CapabilityStatementRestComponent rest = cs.addRest().setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
    rest.setSecurity(security(base.replaceAll("/fhir$", "")));
    rest.addInteraction().setCode(SystemRestfulInteraction.TRANSACTION);
    rest.addInteraction().setCode(SystemRestfulInteraction.BATCH);
    rest.addInteraction().setCode(SystemRestfulInteraction.HISTORYSYSTEM);
    for (String type : ResourceTypes.STORED) {
      rest.addResource(resource(type));
    }
    for (CapabilityContribution other : others) {
      rest.addResource(other.capability());
    }
    return cs;
  }

  /**
   * OAuth 2.0 bearer tokens (SMART App Launch 2, with IUA-style claims) on every request but this
   * one and SMART discovery; the endpoints are also in {@code .well-known/smart-configuration}.
   */
  private CapabilityStatementRestSecurityComponent security(String root) {
    CapabilityStatementRestSecurityComponent security = new CapabilityStatementRestSecurityComponent();
    security.setCors(false);
    security.addService(
        new CodeableConcept()
            .addCoding(new Coding("http://terminology.hl7.org/CodeSystem/restful-security-service", "SMART-on-FHIR", "SMART-on-FHIR"))
            .addCoding(new Coding("http://terminology.hl7.org/CodeSystem/restful-security-service", "OAuth", "OAuth"))
            .setText("OAuth 2.0 bearer tokens (JWT): SMART App Launch v2 scopes, IHE IUA claims"));
    security.setDescription(
        "Every request except /metadata and /.well-known/smart-configuration needs a bearer token with audience '"
            + access.audience() + "'. What a caller sees is limited by its role, scopes, care relationships and the patient's consent;"
            + " every access is recorded as an AuditEvent (IHE BALP).");
    if (!access.externalIssuer()) {
      Extension uris = security.addExtension().setUrl(OAUTH_URIS);
      uris.addExtension("authorize", new UriType(root + "/oauth2/authorize"));
      uris.addExtension("token", new UriType(root + "/oauth2/token"));
      uris.addExtension("revoke", new UriType(root + "/oauth2/revoke"));
      uris.addExtension("introspect", new UriType(root + "/oauth2/introspect"));
    }
    return security;
  }

  private CapabilityStatementRestResourceComponent resource(String type) {
    CapabilityStatementRestResourceComponent r = new CapabilityStatementRestResourceComponent().setType(type);
    for (TypeRestfulInteraction i :
        new TypeRestfulInteraction[] {
          TypeRestfulInteraction.READ, TypeRestfulInteraction.VREAD, TypeRestfulInteraction.UPDATE,
          TypeRestfulInteraction.DELETE, TypeRestfulInteraction.HISTORYINSTANCE, TypeRestfulInteraction.HISTORYTYPE,
          TypeRestfulInteraction.CREATE, TypeRestfulInteraction.SEARCHTYPE
        }) {
      r.addInteraction(new ResourceInteractionComponent().setCode(i));
    }
    r.setVersioning(CapabilityStatement.ResourceVersionPolicy.VERSIONEDUPDATE);
    r.setReadHistory(true);
    r.setUpdateCreate(true);
    r.setConditionalCreate(true);
    r.setConditionalUpdate(true);
    r.setConditionalDelete(CapabilityStatement.ConditionalDeleteStatus.SINGLE);
    r.addSearchParam().setName("_id").setType(Enumerations.SearchParamType.TOKEN);
    r.addSearchParam().setName("_lastUpdated").setType(Enumerations.SearchParamType.DATE);
    for (SearchParam p : registry.forType(type).values()) {
      r.addSearchParam().setName(p.name()).setType(Enumerations.SearchParamType.fromCode(p.type().name().toLowerCase()));
      if (p.type() == ParamType.REFERENCE) {
        r.addSearchInclude(type + ":" + p.name());
      }
    }
    r.addSearchRevInclude("Provenance:target");
    if (type.equals("Patient")) {
      r.addOperation().setName("everything").setDefinition("http://hl7.org/fhir/OperationDefinition/Patient-everything");
      r.addOperation().setName("ihe-pix").setDefinition("https://profiles.ihe.net/ITI/PIXm/OperationDefinition/IHE.PIXm.pix");
      r.addOperation().setName("match").setDefinition("http://hl7.org/fhir/OperationDefinition/Patient-match");
      for (String steward : new String[] {"person", "person-merge", "person-unmerge", "person-split", "person-review", "person-review-decide"}) {
        r.addOperation().setName(steward).setDefinition("https://hutong.org/fhir/OperationDefinition/Patient-" + steward);
      }
    }
    return r;
  }
}
