package org.hutong.record;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/**
 * The clinical data repository as other modules see it. Writes go through exactly the path FHIR
 * REST requests take.
 */
public interface ClinicalRecords {

  /** Processes a transaction (all-or-nothing) or batch bundle, as {@code POST /fhir} does. */
  Bundle process(Bundle bundle);

  /** The current version of a resource; throws HAPI's not-found or gone exceptions. */
  IBaseResource read(String type, String id);

  /** How many current resources of the type exist. */
  long count(String type);
}
