package org.hutong.record.internal.write;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import java.util.Date;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;
import org.hutong.record.internal.store.StoredResource;

/** Turns resources into the JSON we store and back, with id and meta set from the row. */
public final class ResourceCodec {

  private final FhirContext context;

  public ResourceCodec(FhirContext context) {
    this.context = context;
  }

  public FhirContext context() {
    return context;
  }

  /** Stamps id, version and lastUpdated on the resource and encodes it. */
  public String encode(IBaseResource resource, String type, String id, int version, Date updated) {
    Resource r = (Resource) resource;
    r.setId(new IdType(type, id, Integer.toString(version)));
    r.getMeta().setVersionId(Integer.toString(version));
    r.getMeta().setLastUpdated(updated);
    return parser().encodeResourceToString(resource);
  }

  public IBaseResource decode(StoredResource stored) {
    try {
      IBaseResource resource = parser().parseResource(stored.content());
      resource.setId(new IdType(stored.type(), stored.id(), Integer.toString(stored.version())));
      return resource;
    } catch (DataFormatException e) {
      throw new InternalErrorException("Stored " + stored.type() + "/" + stored.id() + " cannot be read", e);
    }
  }

  private IParser parser() {
    return context.newJsonParser().setOmitResourceId(false);
  }
}
