package org.hutong.access.internal.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hutong.access.Caller;

/**
 * Finds audit events for a caller: residents see the events about their own records (who
 * accessed them), regulators and administrators see all, everyone else none. Newest first, paged
 * by position (keyset), so a page link stays valid and cheap however deep it goes.
 *
 * <p>Searching and reading the audit trail is not itself audited: it is a read of access logs, not
 * of personal health data, and auditing it would add a record for every look at the records.
 */
final class AuditSearch {

  private final DataSource dataSource;
  private final FhirContext fhir;

  AuditSearch(DataSource dataSource, FhirContext fhir) {
    this.dataSource = dataSource;
    this.fhir = fhir;
  }

  /** One page of results and where the next one starts (null on the last page). */
  record Page(List<AuditEvent> events, AuditCriteria.Cursor next) {}

  /**
   * @throws AuthenticationException without a caller
   * @throws ForbiddenOperationException for a role that may not read the audit trail
   */
  Page search(Caller caller, AuditCriteria criteria) {
    Set<String> scope = scope(caller);
    StringBuilder sql = new StringBuilder("SELECT id, recorded, content FROM audit.event WHERE true");
    List<Object> args = new ArrayList<>();
    if (scope != null) {
      sql.append(" AND patients && ?");
      args.add(scope.toArray(String[]::new));
    }
    for (List<String> patients : criteria.patients()) {
      // a resident asking about someone else learns nothing, not even shared events
      List<String> asked = scope == null ? patients : patients.stream().filter(scope::contains).toList();
      if (asked.isEmpty()) {
        return new Page(List.of(), null);
      }
      sql.append(" AND patients && ?");
      args.add(asked.toArray(String[]::new));
    }
    any(sql, args, "agent_subject", criteria.agents());
    any(sql, args, "action::text", criteria.actions());
    any(sql, args, "outcome", criteria.outcomes());
    any(sql, args, "subtype", criteria.subtypes());
    any(sql, args, "purpose", criteria.purposes());
    for (AuditCriteria.Bound bound : criteria.dates()) {
      sql.append(" AND recorded ").append(bound.lower() ? ">" : "<").append(bound.inclusive() ? "=" : "").append(" ?");
      args.add(bound.instant().atOffset(ZoneOffset.UTC));
    }
    if (criteria.cursor() != null) {
      sql.append(" AND (recorded, id) < (?, ?)");
      args.add(Instant.EPOCH.plus(criteria.cursor().recordedMicros(), ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
      args.add(criteria.cursor().id());
    }
    sql.append(" ORDER BY recorded DESC, id DESC LIMIT ?");
    args.add(criteria.count() + 1);

    List<AuditEvent> events = new ArrayList<>();
    AuditCriteria.Cursor next = null;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        Object arg = args.get(i);
        if (arg instanceof String[] array) {
          query.setArray(i + 1, connection.createArrayOf("text", array));
        } else {
          query.setObject(i + 1, arg);
        }
      }
      try (ResultSet rs = query.executeQuery()) {
        String lastId = null;
        Instant lastRecorded = null;
        while (rs.next()) {
          if (events.size() == criteria.count()) {
            next = new AuditCriteria.Cursor(ChronoUnit.MICROS.between(Instant.EPOCH, lastRecorded), lastId);
            break;
          }
          lastId = rs.getString(1);
          lastRecorded = rs.getObject(2, OffsetDateTime.class).toInstant();
          events.add(redacted(parse(rs.getString(3)), scope));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot search the audit trail: " + e.getMessage(), e);
    }
    return new Page(events, next);
  }

  /** The event, if it exists and the caller may see it (a resident's others' events do not exist). */
  Optional<AuditEvent> read(Caller caller, String id) {
    Set<String> scope = scope(caller);
    String sql = "SELECT content FROM audit.event WHERE id = ?" + (scope != null ? " AND patients && ?" : "");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      query.setString(1, id);
      if (scope != null) {
        query.setArray(2, connection.createArrayOf("text", scope.toArray()));
      }
      try (ResultSet rs = query.executeQuery()) {
        return rs.next() ? Optional.of(redacted(parse(rs.getString(1)), scope)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read the audit trail: " + e.getMessage(), e);
    }
  }

  /** The patients whose events the caller may see, or null for all. */
  private static Set<String> scope(Caller caller) {
    if (caller == null) {
      throw new AuthenticationException("Reading the audit trail needs an authenticated caller");
    }
    return switch (caller.role()) {
      case RESIDENT -> caller.patients();
      case REGULATOR, ADMINISTRATOR -> null;
      default -> throw new ForbiddenOperationException("The audit trail is open to residents (their own records), regulators and administrators");
    };
  }

  private static void any(StringBuilder sql, List<Object> args, String column, List<List<String>> occurrences) {
    for (List<String> values : occurrences) {
      sql.append(" AND ").append(column).append(" = ANY(?)");
      args.add(values.toArray(String[]::new));
    }
  }

  /**
   * What a resident may see of an event that also concerns other patients (a search or a bundle
   * over several): who, when, what kind of access and their own patient, but not the other
   * patients nor the resources and query, which cannot be told apart by patient.
   */
  static AuditEvent redacted(AuditEvent event, Set<String> scope) {
    if (scope == null) {
      return event;
    }
    boolean others = event.getEntity().stream().map(AuditSearch::patientOf).anyMatch(p -> p != null && !scope.contains(p));
    if (others) {
      event.getEntity().removeIf(entity -> {
        String patient = patientOf(entity);
        return patient == null || !scope.contains(patient);
      });
    }
    return event;
  }

  /** The patient id of a patient entity (role 1, {@code Patient/…}), or null for any other entity. */
  private static String patientOf(AuditEvent.AuditEventEntityComponent entity) {
    String what = entity.getWhat().getReference();
    return "1".equals(entity.getRole().getCode()) && what != null && what.startsWith("Patient/") ? what.substring("Patient/".length()) : null;
  }

  private AuditEvent parse(String json) {
    return fhir.newJsonParser().parseResource(AuditEvent.class, json);
  }
}
