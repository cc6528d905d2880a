package org.hutong.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import org.hl7.fhir.r4.model.Organization;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Production mode: with {@code hutong.db.url} the platform uses that PostgreSQL (here a separate
 * server standing in for an external one), creates its schemas there and starts no database of
 * its own.
 */
class ExternalDatabaseTest {

  @TempDir java.nio.file.Path home;

  @Test
  void servesFromAnExternalDatabase() throws Exception {
    try (EmbeddedPostgres external = EmbeddedPostgres.builder().start()) {
      String url = external.getJdbcUrl("postgres", "postgres");
      String id;
      // a data home of its own: an external database's keys (the identifier keyring) live there
      try (ConfigurableApplicationContext platform =
          RunningPlatform.start(
              null, "--hutong.db.url=" + url, "--hutong.db.username=postgres", "--hutong.db.password=x",
              "--hutong.home=" + home)) {
        assertThat(platform.getBean(Database.class).jdbcUrl()).isEqualTo(url);
        id = RunningPlatform.fhir(platform).create().resource(new Organization().setName("市疾控中心")).execute().getId().getIdPart();
      }
      try (Connection c = external.getPostgresDatabase().getConnection();
          ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM record.resource WHERE res_id = '" + id + "'")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
    }
  }
}
