package org.hutong.record.internal.write;

import java.time.Instant;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * What one write did.
 *
 * @param resource the stored version (null for a delete)
 * @param created true for a new resource, false for an update, a delete or a no-op
 * @param unchanged true when nothing was written (conditional create matched, identical update)
 */
public record WriteOutcome(
    String type, String id, int version, Instant updated, IBaseResource resource, boolean created, boolean unchanged) {

  public String versionedReference() {
    return type + "/" + id + "/_history/" + version;
  }
}
