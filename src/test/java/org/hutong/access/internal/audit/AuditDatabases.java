package org.hutong.access.internal.audit;

import ca.uhn.fhir.context.FhirContext;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.hutong.access.AccessEvent;
import org.hutong.access.Caller;
import org.hutong.access.Purpose;
import org.hutong.access.Role;
import org.hutong.access.Scopes;
import org.hutong.platform.Ids;

/**
 * A real PostgreSQL for the audit trail's tests: one embedded server per JVM, and a fresh database
 * with only the {@code audit} schema for each test that needs a chain of its own (tampering leaves
 * a chain broken on purpose).
 */
final class AuditDatabases {

  static final FhirContext FHIR = FhirContext.forR4();
  private static EmbeddedPostgres server;
  private static final AtomicInteger NEXT = new AtomicInteger();

  private AuditDatabases() {}

  static synchronized DataSource fresh() {
    try {
      if (server == null) {
        server = EmbeddedPostgres.builder().setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off")
                .setServerConfig("max_connections", "300").start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            server.close();
          } catch (IOException e) {
            // the JVM is going away anyway
          }
        }));
      }
      String name = "audit_" + NEXT.incrementAndGet();
      try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + name);
      }
      com.zaxxer.hikari.HikariConfig pool = new com.zaxxer.hikari.HikariConfig();
      pool.setDataSource(server.getDatabase("postgres", name));
      pool.setMaximumPoolSize(8);
      pool.setMinimumIdle(1);
      DataSource dataSource = new com.zaxxer.hikari.HikariDataSource(pool);
      Flyway.configure()
          .dataSource(dataSource)
          .schemas("audit")
          .defaultSchema("audit")
          .createSchemas(true)
          .table("flyway_schema_history")
          .locations("classpath:db/audit")
          .load()
          .migrate();
      return dataSource;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static void execute(DataSource dataSource, String... sql) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static long count(DataSource dataSource, String sql) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A clock the test moves by hand. */
  static final class TestClock extends Clock {
    private final AtomicReference<Instant> now;

    TestClock(Instant start) {
      now = new AtomicReference<>(start);
    }

    void advance(Duration by) {
      now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  static AuditRecorder recorder(DataSource dataSource, Clock clock) {
    return new AuditRecorder(dataSource, new BalpRenderer(FHIR, "hutong-test"), new Ids(clock), clock);
  }

  static AuditRecorder recorder(DataSource dataSource) {
    return recorder(dataSource, Clock.systemUTC());
  }

  static AuditSealer sealer(DataSource dataSource, java.nio.file.Path anchor) {
    return new AuditSealer(dataSource, Duration.ofMillis(200), 5000, anchor, Clock.systemUTC());
  }

  /** 王芳, a clinician of 北京协和医院, through the hospital's EMR. */
  static Caller clinician() {
    return new Caller("wangfang", "pumch-emr", true, Role.CLINICIAN, "pumch", Set.of(), Scopes.parse("user/*.rs"), Purpose.TREATMENT, "10.1.2.3");
  }

  static Caller resident(String patient) {
    return new Caller("zhangwei", "hutong-portal", true, Role.RESIDENT, null, Set.of(patient), Scopes.parse("patient/*.rs"), Purpose.PATIENT_REQUEST, "36.112.4.5");
  }

  static Caller regulator() {
    return new Caller("liqiang", "oversight-console", true, Role.REGULATOR, "bjwjw", Set.of(), Scopes.parse("user/AuditEvent.rs"), new Purpose("HOPERAT", null), null);
  }

  static AccessEvent read(Caller caller, String patient, String resource) {
    return new AccessEvent(caller, null, 'R', "read", AccessEvent.Outcome.SUCCESS, resource.substring(0, resource.indexOf('/')), java.util.List.of(resource), Set.of(patient), null, null);
  }
}
