package org.hutong.access;

/**
 * The append-only, SM3 hash-chained audit trail. Every read and write of personal data, every
 * login and every refused access is recorded here before the response leaves the server.
 */
public interface AuditTrail {

  /**
   * Records the event. Inside a transaction (a write), the record joins it, so the write and its
   * audit record commit together or not at all; otherwise it is committed before this returns.
   *
   * @throws AuditUnavailableException when the record cannot be written: the access must then
   *     fail
   */
  void record(AccessEvent event);
}
