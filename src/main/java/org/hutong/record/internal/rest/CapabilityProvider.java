package org.hutong.record.internal.rest;

import ca.uhn.fhir.rest.annotation.Metadata;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Date;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.ResourceInteractionComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.SystemRestfulInteraction;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Enumerations;
import org.hutong.record.internal.ResourceTypes;
import org.hutong.record.internal.index.ParamType;
import org.hutong.record.internal.index.SearchParam;
import org.hutong.record.internal.index.SearchParamRegistry;

/**
 * The CapabilityStatement, built from what the server really supports: the stored types, every
 * interaction, and each type's search parameters from the registry search uses.
 */
public final class CapabilityProvider {

  private final SearchParamRegistry registry;
  private final Date started = new Date();

  CapabilityProvider(SearchParamRegistry registry) {
    this.registry = registry;
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
    cs.getImplementation().setDescription("Hutong regional health platform").setUrl(request.getRequestURL().toString().replaceAll("/metadata$", ""));
    CapabilityStatementRestComponent rest = cs.addRest().setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
    rest.addInteraction().setCode(SystemRestfulInteraction.TRANSACTION);
    rest.addInteraction().setCode(SystemRestfulInteraction.BATCH);
    rest.addInteraction().setCode(SystemRestfulInteraction.HISTORYSYSTEM);
    for (String type : ResourceTypes.STORED) {
      rest.addResource(resource(type));
    }
    return cs;
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
    }
    return r;
  }
}
