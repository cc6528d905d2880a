package org.hutong.access.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hutong.access.internal.audit.AuditDatabases.clinician;
import static org.hutong.access.internal.audit.AuditDatabases.count;
import static org.hutong.access.internal.audit.AuditDatabases.read;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.hutong.access.AccessEvent;
import org.hutong.access.AuditChain;
import org.hutong.access.AuditUnavailableException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Every access leaves a record; records are chained; an access whose record cannot be written fails. */
class AuditTrailTest {

  @Test
  void recordedEventsAreStoredSearchableAndChainedInOrder() throws Exception {
    DataSource db = AuditDatabases.fresh();
    AuditRecorder recorder = AuditDatabases.recorder(db);
    for (int i = 0; i < 5; i++) {
      recorder.record(read(clinician(), "p-zhang", "Observation/o" + i));
    }

    assertThat(AuditDatabases.sealer(db, null).seal()).isEqualTo(5);

    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT agent_subject, agent_role, agent_org, agent_client, action, subtype, outcome, purpose, resource_type, patients[1], seq "
                + "FROM audit.event JOIN audit.link ON event_id = id ORDER BY seq")) {
      long seq = 0;
      while (rs.next()) {
        assertThat(rs.getString(1)).isEqualTo("wangfang");
        assertThat(rs.getString(2)).isEqualTo("clinician");
        assertThat(rs.getString(3)).isEqualTo("pumch");
        assertThat(rs.getString(4)).isEqualTo("pumch-emr");
        assertThat(rs.getString(5)).isEqualTo("R");
        assertThat(rs.getString(6)).isEqualTo("read");
        assertThat(rs.getString(7)).isEqualTo("0");
        assertThat(rs.getString(8)).isEqualTo("TREAT");
        assertThat(rs.getString(9)).isEqualTo("Observation");
        assertThat(rs.getString(10)).isEqualTo("p-zhang");
        assertThat(rs.getLong(11)).isEqualTo(++seq);
      }
      assertThat(seq).isEqualTo(5);
    }
    AuditChain.Report report = new AuditVerifier(db, null).verify();
    assertThat(report.problems()).isEmpty();
    assertThat(report.sealed()).isEqualTo(5);
    assertThat(report.headSeq()).isEqualTo(5);
    assertThat(report.unsealed()).isZero();
  }

  @Test
  void outsideATransactionTheRecordIsCommittedBeforeRecordReturns() {
    DataSource db = AuditDatabases.fresh();
    AuditDatabases.recorder(db).record(read(clinician(), "p-li", "Patient/p-li"));
    // seen from another connection at once
    assertThat(count(db, "SELECT count(*) FROM audit.event")).isEqualTo(1);
  }

  @Test
  void insideATransactionTheRecordCommitsAndRollsBackWithTheWrite() {
    DataSource db = AuditDatabases.fresh();
    AuditDatabases.execute(db, "CREATE TABLE public.note (text text)");
    AuditRecorder recorder = AuditDatabases.recorder(db);
    TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(db));

    tx.executeWithoutResult(
        status -> {
          new org.springframework.jdbc.core.JdbcTemplate(db).update("INSERT INTO public.note VALUES ('kept')");
          recorder.record(write("Observation/kept"));
        });
    tx.executeWithoutResult(
        status -> {
          new org.springframework.jdbc.core.JdbcTemplate(db).update("INSERT INTO public.note VALUES ('undone')");
          recorder.record(write("Observation/undone"));
          status.setRollbackOnly();
        });

    assertThat(count(db, "SELECT count(*) FROM public.note")).isEqualTo(1);
    assertThat(count(db, "SELECT count(*) FROM audit.event")).isEqualTo(1);
    assertThat(count(db, "SELECT count(*) FROM audit.event WHERE content LIKE '%Observation/kept%'")).isEqualTo(1);
  }

  @Test
  void aFailedAuditInsertFailsTheWriteWithIt() {
    DataSource db = AuditDatabases.fresh();
    AuditDatabases.execute(db, "CREATE TABLE public.note (text text)", "ALTER TABLE audit.event RENAME TO event_gone");
    TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(db));

    assertThatThrownBy(
            () ->
                tx.executeWithoutResult(
                    status -> {
                      new org.springframework.jdbc.core.JdbcTemplate(db).update("INSERT INTO public.note VALUES ('x')");
                      AuditDatabases.recorder(db).record(write("Observation/x"));
                    }))
        .isInstanceOf(AuditUnavailableException.class)
        .hasRootCauseInstanceOf(org.postgresql.util.PSQLException.class);
    assertThat(count(db, "SELECT count(*) FROM public.note")).isZero();
  }

  @Test
  void anUnreachableDatabaseIsAnAuditUnavailableExceptionNotALogLine() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:postgresql://localhost:1/postgres"); // nothing listens on port 1
    config.setUsername("postgres");
    config.setConnectionTimeout(1000);
    config.setInitializationFailTimeout(-1);
    try (HikariDataSource unreachable = new HikariDataSource(config)) {
      assertThatThrownBy(() -> AuditDatabases.recorder(unreachable).record(read(clinician(), "p-li", "Patient/p-li")))
          .isInstanceOf(AuditUnavailableException.class)
          .hasMessageContaining("access is refused");
    }
  }

  @Test
  void manyConcurrentRequestsWhileTheSealerRunsGiveOneIntactChain() throws Exception {
    DataSource db = AuditDatabases.fresh();
    AuditRecorder recorder = AuditDatabases.recorder(db);
    AuditSealer sealer = AuditDatabases.sealer(db, null);
    AuditSealer otherNode = AuditDatabases.sealer(db, null); // a second node contending for the lock
    AtomicBoolean done = new AtomicBoolean();
    List<Thread> sealers = new ArrayList<>();
    for (AuditSealer s : List.of(sealer, otherNode)) {
      sealers.add(Thread.ofPlatform().start(() -> {
        while (!done.get()) {
          s.seal();
        }
      }));
    }
    int requests = 2000;
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> all = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        int n = i;
        all.add(threads.submit(() -> recorder.record(read(clinician(), "p-" + (n % 37), "Observation/o" + n))));
      }
      for (Future<?> f : all) {
        f.get();
      }
    }
    done.set(true);
    for (Thread t : sealers) {
      t.join();
    }
    sealer.seal();

    AuditChain.Report report = new AuditVerifier(db, null).verify();
    assertThat(report.problems()).isEmpty();
    assertThat(report.sealed()).isEqualTo(requests);
    assertThat(report.headSeq()).isEqualTo(requests);
    assertThat(count(db, "SELECT count(*) FROM audit.link")).isEqualTo(requests);
    assertThat(count(db, "SELECT count(*) FROM audit.pending")).isZero();
  }

  @Test
  void recordsCannotBeUpdatedDeletedOrTruncated() {
    DataSource db = AuditDatabases.fresh();
    AuditDatabases.recorder(db).record(read(clinician(), "p-li", "Patient/p-li"));
    AuditDatabases.sealer(db, null).seal();

    for (String sql :
        List.of(
            "UPDATE audit.event SET agent_subject = 'someone-else'",
            "DELETE FROM audit.event",
            "TRUNCATE audit.event",
            "UPDATE audit.link SET hash = prev_hash",
            "DELETE FROM audit.link",
            "TRUNCATE audit.link",
            "DELETE FROM audit.chain",
            "TRUNCATE audit.pending")) {
      assertThatThrownBy(() -> AuditDatabases.execute(db, sql)).as(sql).hasMessageContaining("refused");
    }
    // nor can an event be kept out of the chain by taking it off the sealer's queue
    AuditDatabases.recorder(db).record(read(clinician(), "p-li", "Patient/p-li"));
    assertThatThrownBy(() -> AuditDatabases.execute(db, "DELETE FROM audit.pending")).hasMessageContaining("only when chained");
    assertThat(AuditDatabases.sealer(db, null).seal()).isEqualTo(1);
  }

  private static AccessEvent write(String resource) {
    return new AccessEvent(clinician(), null, 'C', "create", AccessEvent.Outcome.SUCCESS, "Observation", List.of(resource), java.util.Set.of("p-zhao"), null, null);
  }
}
