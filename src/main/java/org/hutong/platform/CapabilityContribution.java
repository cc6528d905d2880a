package org.hutong.platform;

import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;

/**
 * A FHIR resource provider of one module that the FHIR server of another mounts says here what it
 * supports, so that the server's CapabilityStatement lists it truthfully.
 */
public interface CapabilityContribution {

  /** The resource entry for the CapabilityStatement's {@code rest}. */
  CapabilityStatementRestResourceComponent capability();
}
