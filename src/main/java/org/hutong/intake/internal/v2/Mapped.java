package org.hutong.intake.internal.v2;

import org.hl7.fhir.r4.model.Bundle;

/**
 * A message mapped to FHIR.
 *
 * @param transaction the transaction bundle to store (conditional creates and updates on business
 *     identifiers, so that storing it again, as a replay does, changes nothing)
 * @param patientKey what identifies the message's patient at the sender (e.g. the MRN), so that
 *     messages of one patient are stored one after another; never stored or logged
 */
public record Mapped(Bundle transaction, String patientKey) {}
