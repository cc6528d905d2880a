package org.hutong.record.internal;

import java.util.List;
import org.hutong.access.AccessEvent;
import org.hutong.access.AccessProperties;
import org.hutong.access.AuditTrail;
import org.hutong.access.Caller;
import org.hutong.access.Interaction;
import org.hutong.record.internal.access.RowFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hutong.record.ClinicalRecords;
import org.hutong.record.internal.write.Reads;
import org.hutong.record.internal.write.Writes;

/** {@link ClinicalRecords} over the repository's own services. */
final class RepositoryRecords implements ClinicalRecords {

  private final Writes writes;
  private final Reads reads;
  private final DataSource dataSource;
  private final AccessProperties policy;
  private final AuditTrail audit;

  RepositoryRecords(Writes writes, Reads reads, DataSource dataSource, AccessProperties policy, AuditTrail audit) {
    this.policy = policy;
    this.audit = audit;
    this.writes = writes;
    this.reads = reads;
    this.dataSource = dataSource;
  }

  @Override
  public Bundle process(Caller caller, Bundle bundle) {
    return writes.process(caller, bundle);
  }

  @Override
  public IBaseResource read(Caller caller, String type, String id) {
    if (!caller.permits(type, Interaction.READ)) {
      throw new ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException("Access denied: read of " + type);
    }
    var stored = reads.readStored(RowFilter.of(caller, policy), type, id);
    audit.record(new AccessEvent(caller, null, 'R', "read", AccessEvent.Outcome.SUCCESS, type, List.of(type + "/" + id),
        stored.patientId() == null ? java.util.Set.of() : java.util.Set.of(stored.patientId()), null, null));
    return reads.decode(stored);
  }

  @Override
  public long count(String type) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM record.resource WHERE res_type = ? AND NOT deleted")) {
      ps.setString(1, type);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot count " + type, e);
    }
  }
}
