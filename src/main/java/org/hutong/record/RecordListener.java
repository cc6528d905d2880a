package org.hutong.record;

import java.util.List;

/**
 * Sees every resource the repository stores, whatever the channel (FHIR REST, HL7 v2 intake,
 * batch load, demo data), inside the write's own transaction: what a listener records commits or
 * rolls back with the data. Data quality is the first listener.
 *
 * <p>A listener that throws rolls the whole write back; to refuse a record the way a client should
 * see it (422 over FHIR, AE over HL7 v2), throw HAPI's {@code UnprocessableEntityException} with an
 * OperationOutcome naming what was wrong.
 */
public interface RecordListener {

  /** The resources created or updated (not deleted) in one flush of a write, in the order written. */
  void stored(List<StoredRecord> records);
}
