package org.hutong.record;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hutong.access.Caller;

/**
 * The clinical data repository as other modules see it. Writes go through exactly the path FHIR
 * REST requests take.
 */
public interface ClinicalRecords {

  /**
   * Processes a transaction (all-or-nothing) or batch bundle, as {@code POST /fhir} does, with the
   * same access checks and audit for the caller (other modules pass the sender they act for, or
   * {@link Caller#platform} for the platform's own work).
   */
  Bundle process(Caller caller, Bundle bundle);

  /**
   * The current version of a resource, if the caller may see it; throws HAPI's not-found (also
   * for what the caller may not see), gone or forbidden exceptions. Audited.
   */
  IBaseResource read(Caller caller, String type, String id);

  /** How many current resources of the type exist. */
  long count(String type);
}
