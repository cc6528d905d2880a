package org.hutong.record.internal.write;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import java.util.Date;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;
import org.hutong.record.internal.seal.SealedJson;
import org.hutong.record.internal.store.StoredResource;

/**
 * Turns resources into the JSON we store and back, with id and meta set from the row. Protected
 * identifiers and phone numbers are sealed in the stored JSON and opened when it is read.
 */
public final class ResourceCodec {

  private final FhirContext context;
  private final SealedJson sealed;

  public ResourceCodec(FhirContext context, SealedJson sealed) {
    this.context = context;
    this.sealed = sealed;
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
    return sealed.seal(type, parser().encodeResourceToString(resource));
  }

  /** Whether two stored forms hold the same resource (sealed values compared opened). */
  boolean same(String stored, String other) {
    return sealed.same(stored, other);
  }

  public IBaseResource decode(StoredResource stored) {
    try {
      IBaseResource resource = parser().parseResource(sealed.open(stored.content()));
      resource.setId(new IdType(stored.type(), stored.id(), Integer.toString(stored.version())));
      return resource;
    } catch (DataFormatException e) {
      throw new InternalErrorException("Stored " + stored.type() + "/" + stored.id() + " cannot be read", e);
    } catch (IllegalStateException e) {
      // a sealed value that does not open: say which resource and why, never the value
      throw new InternalErrorException(
          "Stored " + stored.type() + "/" + stored.id() + " version " + stored.version() + " cannot be read: " + e.getMessage());
    }
  }

  private IParser parser() {
    return context.newJsonParser().setOmitResourceId(false);
  }
}
