package org.hutong.access.internal.audit;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One stored audit record as the database holds it: the event's searchable columns and
 * AuditEvent JSON and, once sealed, its link in the chain. Sealer and verifier both hash what they read back from
 * the database, so they agree by construction.
 *
 * @param recorded to the microsecond, as PostgreSQL keeps it
 * @param id the event's id, or null when its chain link remains but the event row was deleted
 * @param seq the place in the chain, or null while unsealed
 */
record AuditRow(
    String id,
    Instant recorded,
    String agentSubject,
    String agentRole,
    String agentOrg,
    String agentClient,
    String action,
    String operation,
    String subtype,
    String outcome,
    String purpose,
    String resourceType,
    List<String> patients,
    String content,
    Long seq,
    byte[] prevHash,
    byte[] hash) {

  /**
   * The columns {@link #read} expects, in order, of {@code audit.event e} (and {@code audit.link l},
   * or three nulls where the row is not chained yet).
   */
  static final String EVENT_COLUMNS =
      "e.id, e.recorded, e.agent_subject, e.agent_role, e.agent_org, e.agent_client, e.action, e.operation, e.subtype, "
          + "e.outcome, e.purpose, e.resource_type, e.patients, e.content";

  static final String COLUMNS = EVENT_COLUMNS + ", l.seq, l.prev_hash, l.hash";

  /** Whether the event row is there (a link whose event was deleted reads as a row without one). */
  boolean present() {
    return id != null;
  }

  static AuditRow read(ResultSet rs) throws SQLException {
    long seq = rs.getLong(15);
    Long chained = rs.wasNull() ? null : seq;
    if (rs.getString(1) == null) {
      return new AuditRow(null, null, null, null, null, null, null, null, null, null, null, null, List.of(), null, chained, rs.getBytes(16), rs.getBytes(17));
    }
    Array patients = rs.getArray(13);
    return new AuditRow(
        rs.getString(1),
        rs.getObject(2, java.time.OffsetDateTime.class).toInstant(),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10),
        rs.getString(11),
        rs.getString(12),
        Arrays.asList((String[]) patients.getArray()),
        rs.getString(14),
        chained,
        rs.getBytes(16),
        rs.getBytes(17));
  }
}
