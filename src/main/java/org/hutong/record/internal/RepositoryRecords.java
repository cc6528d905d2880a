package org.hutong.record.internal;

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

  RepositoryRecords(Writes writes, Reads reads, DataSource dataSource) {
    this.writes = writes;
    this.reads = reads;
    this.dataSource = dataSource;
  }

  @Override
  public Bundle process(Bundle bundle) {
    return writes.process(bundle);
  }

  @Override
  public IBaseResource read(String type, String id) {
    return reads.read(type, id);
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
