package org.hutong.record.internal.rest;

import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.Delete;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Since;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hutong.access.Caller;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hutong.record.internal.write.WriteOutcome;

/**
 * The REST interactions of one resource type: read, vread, create, update, delete (plain and
 * conditional), history and search. One instance per stored type; the logic lives in the write,
 * read and search services, so every type behaves the same.
 */
class ResourceProvider implements IResourceProvider {

  private final Class<? extends IBaseResource> resourceClass;
  protected final String type;
  protected final RestServices services;

  ResourceProvider(Class<? extends IBaseResource> resourceClass, String type, RestServices services) {
    this.resourceClass = resourceClass;
    this.type = type;
    this.services = services;
  }

  @Override
  public Class<? extends IBaseResource> getResourceType() {
    return resourceClass;
  }

  @Read(version = true)
  public IBaseResource read(@IdParam IIdType id, RequestDetails request) {
    return services.read(request, type, id.getIdPart(), id.hasVersionIdPart() ? id.getVersionIdPart() : null);
  }

  @Create
  public MethodOutcome create(@ResourceParam IBaseResource resource, @ConditionalUrlParam String ifNoneExist, RequestDetails request) {
    Caller caller = services.access().caller(request);
    return outcome(services.access().guarded(caller, "create", type, () -> services.writes().create(caller, resource, ifNoneExist)));
  }

  @Update
  public MethodOutcome update(
      @IdParam IIdType id, @ResourceParam IBaseResource resource, @ConditionalUrlParam String conditional, RequestDetails request) {
    Caller caller = services.access().caller(request);
    if (conditional != null) {
      return outcome(
          services.access().guarded(caller, "update", type, () -> services.writes().conditionalUpdate(caller, type, query(conditional), resource)));
    }
    Integer expected = id.hasVersionIdPart() ? Integer.valueOf(id.getVersionIdPart()) : null;
    return outcome(services.access().guarded(caller, "update", type, () -> services.writes().update(caller, type, id.getIdPart(), resource, expected)));
  }

  @Delete
  public MethodOutcome delete(@IdParam IIdType id, @ConditionalUrlParam String conditional, RequestDetails request) {
    Caller caller = services.access().caller(request);
    WriteOutcome outcome =
        services.access().guarded(caller, "delete", type,
            () -> conditional != null
                ? services.writes().conditionalDelete(caller, type, query(conditional))
                : services.writes().delete(caller, type, id.getIdPart()));
    MethodOutcome result = new MethodOutcome();
    if (outcome.id() != null) {
      result.setId(new IdType(type, outcome.id(), Integer.toString(outcome.version())));
    }
    return result;
  }

  @History
  public IBundleProvider instanceHistory(@IdParam IIdType id, @Since InstantType since, RequestDetails request) {
    return services.history(type, id.getIdPart(), since, request);
  }

  @History
  public IBundleProvider typeHistory(@Since InstantType since, RequestDetails request) {
    return services.history(type, null, since, request);
  }

  @Search(allowUnknownParams = true)
  public IBundleProvider search(RequestDetails request) {
    return services.search(type, request);
  }

  static MethodOutcome outcome(WriteOutcome outcome) {
    MethodOutcome result = new MethodOutcome(new IdType(outcome.type(), outcome.id(), Integer.toString(outcome.version())));
    result.setCreated(outcome.created());
    result.setResource(outcome.resource());
    return result;
  }

  private String query(String conditional) {
    int q = conditional.indexOf('?');
    return q >= 0 ? conditional.substring(q + 1) : conditional;
  }
}
