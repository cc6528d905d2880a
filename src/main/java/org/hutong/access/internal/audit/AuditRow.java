package org.hutong.access.internal.audit;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One stored audit record as the database holds it: the searchable columns, the AuditEvent JSON
 * and, once sealed, its place in the chain. Sealer and verifier both hash what they read back from
 * the database, so they agree by construction.
 *
 * @param recorded to the microsecond, as PostgreSQL keeps it
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

  /** The columns {@link #read} expects, in order. */
  static final String COLUMNS =
      "id, recorded, agent_subject, agent_role, agent_org, agent_client, action, operation, subtype, outcome, purpose, "
          + "resource_type, patients, content, seq, prev_hash, hash";

  static AuditRow read(ResultSet rs) throws SQLException {
    Array patients = rs.getArray(13);
    long seq = rs.getLong(15);
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
        rs.wasNull() ? null : seq,
        rs.getBytes(16),
        rs.getBytes(17));
  }
}
