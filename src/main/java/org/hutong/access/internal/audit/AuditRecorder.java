package org.hutong.access.internal.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hutong.access.AccessEvent;
import org.hutong.access.AuditTrail;
import org.hutong.access.AuditUnavailableException;
import org.hutong.access.Caller;
import org.hutong.platform.Ids;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * The audit trail's write side: per event, one statement inserting the event and its entry in
 * the sealer's queue ({@code audit.pending}), nothing else.
 *
 * <p>Why not chain here: chaining at insert time would make every request wait for the previous
 * one's hash, i.e. serialise all requests of all nodes on one row lock held until commit (and a
 * write transaction can be long). Instead the insert touches no shared row, so concurrent requests
 * (virtual threads, several nodes) never wait for each other, and {@link AuditSealer} chains the
 * committed events a moment later in one place. The event row is written once and never updated.
 *
 * <p>The connection comes from {@link DataSourceUtils}: inside a Spring transaction (a write run
 * by {@code TransactionTemplate}) it is the transaction's own, so the write and its audit row
 * commit or roll back together; otherwise it is a pooled connection in auto-commit, so the row is
 * committed when this returns. Note that a refused access recorded inside a transaction that then
 * rolls back is lost with it: record refusals after the transaction has ended.
 *
 * <p>Any failure, from rendering to the database, becomes {@link AuditUnavailableException}: the
 * access it describes must not happen.
 */
final class AuditRecorder implements AuditTrail {

  /** The event and its place in the sealer's queue, in one statement (one round trip). */
  private static final String INSERT =
      """
      WITH e AS (
        INSERT INTO audit.event (id, recorded, agent_subject, agent_role, agent_org, agent_client, action,
                                 operation, subtype, outcome, purpose, resource_type, patients, content)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        RETURNING id)
      INSERT INTO audit.pending (id) SELECT id FROM e
      """;

  private final DataSource dataSource;
  private final BalpRenderer renderer;
  private final Ids ids;
  private final Clock clock;

  AuditRecorder(DataSource dataSource, BalpRenderer renderer, Ids ids, Clock clock) {
    this.dataSource = dataSource;
    this.renderer = renderer;
    this.ids = ids;
    this.clock = clock;
  }

  @Override
  public void record(AccessEvent event) {
    Objects.requireNonNull(event, "event");
    try {
      // PostgreSQL keeps microseconds: the JSON must say exactly what the column says
      Instant recorded = clock.instant().truncatedTo(ChronoUnit.MICROS);
      String id = ids.next();
      AuditEvent audit = renderer.render(id, recorded, event);
      String json = renderer.json(audit);
      insert(id, recorded, event, json);
    } catch (SQLException | RuntimeException e) {
      throw new AuditUnavailableException("The audit record could not be written, so the access is refused", e);
    }
  }

  private void insert(String id, Instant recorded, AccessEvent event, String json) throws SQLException {
    Caller caller = event.caller();
    Connection connection = DataSourceUtils.getConnection(dataSource);
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      insert.setString(1, id);
      insert.setObject(2, recorded.atOffset(ZoneOffset.UTC));
      insert.setString(3, caller != null ? caller.subject() : event.claimedIdentity());
      insert.setString(4, caller != null ? caller.role().code() : null);
      insert.setString(5, caller != null ? caller.organization() : null);
      insert.setString(6, caller != null ? caller.client() : null);
      insert.setString(7, String.valueOf(event.action()));
      insert.setString(8, event.operation());
      insert.setString(9, BalpRenderer.subtype(event.operation()));
      insert.setString(10, event.outcome().code());
      insert.setString(11, caller != null ? caller.purpose().code() : null);
      insert.setString(12, event.resourceType());
      insert.setArray(13, connection.createArrayOf("text", new TreeSet<>(event.patients()).toArray()));
      insert.setString(14, json);
      insert.executeUpdate();
    } finally {
      DataSourceUtils.releaseConnection(connection, dataSource);
    }
  }
}
