package org.hutong.access.internal.audit;

import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.Enumerations;
import org.hutong.platform.CapabilityContribution;

import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.Delete;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hutong.access.Caller;

/**
 * {@code GET /fhir/AuditEvent?…} and {@code GET /fhir/AuditEvent/{id}}, served from the audit
 * store. Create, update and delete are answered 405: the trail is written only by the platform.
 * The FHIR server of the record module mounts this provider like its own.
 */
public final class AuditEventProvider implements IResourceProvider, CapabilityContribution {

  private final AuditSearch search;

  AuditEventProvider(AuditSearch search) {
    this.search = search;
  }

  @Override
  public Class<AuditEvent> getResourceType() {
    return AuditEvent.class;
  }

  @Override
  public CapabilityStatementRestResourceComponent capability() {
    CapabilityStatementRestResourceComponent r = new CapabilityStatementRestResourceComponent().setType("AuditEvent");
    r.setProfile("https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.PatientRead");
    r.setDocumentation("The platform's audit trail (IHE BALP), read-only; written only by the platform");
    r.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.READ);
    r.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE);
    for (String token : new String[] {"patient", "agent", "action", "outcome", "subtype", "purpose"}) {
      r.addSearchParam().setName(token).setType(token.equals("patient") ? Enumerations.SearchParamType.REFERENCE : Enumerations.SearchParamType.TOKEN);
    }
    r.addSearchParam().setName("date").setType(Enumerations.SearchParamType.DATE);
    return r;
  }

  @Read
  public AuditEvent read(@IdParam IdType id, HttpServletRequest servletRequest) {
    return search
        .read(caller(servletRequest), id.getIdPart())
        .orElseThrow(() -> new ResourceNotFoundException("AuditEvent/" + id.getIdPart() + " is not known"));
  }

  /** Parameters are read here rather than declared, so that anything unsupported is a clear 400. */
  @Search(allowUnknownParams = true)
  public Bundle search(HttpServletRequest servletRequest, RequestDetails request) {
    Caller caller = caller(servletRequest);
    AuditCriteria criteria;
    try {
      criteria = AuditCriteria.parse(request.getParameters());
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage());
    }
    AuditSearch.Page page = search.search(caller, criteria);
    String base = request.getFhirServerBase();
    Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
    bundle.addLink().setRelation("self").setUrl(base + "/AuditEvent" + query(request.getParameters(), null));
    if (page.next() != null) {
      bundle.addLink().setRelation("next").setUrl(base + "/AuditEvent" + query(request.getParameters(), page.next()));
    }
    for (AuditEvent event : page.events()) {
      bundle.addEntry()
          .setFullUrl(base + "/AuditEvent/" + event.getIdElement().getIdPart())
          .setResource(event)
          .getSearch()
          .setMode(Bundle.SearchEntryMode.MATCH);
    }
    return bundle;
  }

  @Create
  public MethodOutcome create(@ResourceParam AuditEvent event) {
    throw readOnly();
  }

  @Update
  public MethodOutcome update(@IdParam IdType id, @ResourceParam AuditEvent event) {
    throw readOnly();
  }

  @Delete
  public MethodOutcome delete(@IdParam IdType id) {
    throw readOnly();
  }

  private static MethodNotAllowedException readOnly() {
    return new MethodNotAllowedException("The audit trail is written only by the platform; AuditEvent is read-only", RequestTypeEnum.GET);
  }

  private static Caller caller(HttpServletRequest request) {
    return request.getAttribute(Caller.ATTRIBUTE) instanceof Caller caller ? caller : null;
  }

  /** The request's own parameters, with the cursor replaced by the next page's. */
  private static String query(Map<String, String[]> parameters, AuditCriteria.Cursor cursor) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
      if (parameter.getKey().equals(AuditCriteria.CURSOR) && cursor != null) {
        continue;
      }
      for (String value : parameter.getValue()) {
        out.append(out.isEmpty() ? '?' : '&').append(encode(parameter.getKey())).append('=').append(encode(value));
      }
    }
    if (cursor != null) {
      out.append(out.isEmpty() ? '?' : '&').append(AuditCriteria.CURSOR).append('=').append(cursor);
    }
    return out.toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
