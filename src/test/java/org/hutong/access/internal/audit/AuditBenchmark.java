package org.hutong.access.internal.audit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.hutong.access.AccessEvent;
import org.hutong.access.Caller;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the audit trail adds to a request, in process, on an embedded PostgreSQL: {@code record}
 * alone (one thread), under 64 concurrent virtual threads with the sealer running, and inside a
 * write transaction; then sealing and verification throughput. Not a test: run by hand, e.g.
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat cp.txt) org.hutong.access.internal.audit.AuditBenchmark [fsync=on|off]</pre>
 */
public final class AuditBenchmark {

  public static void main(String[] args) throws Exception {
    boolean fsync = args.length == 0 || !args[0].equals("fsync=off");
    if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
      root.setLevel(ch.qos.logback.classic.Level.WARN); // outside Spring logback logs DEBUG
    }
    Path anchorDir = Files.createTempDirectory("audit-bench");
    try (EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setServerConfig("fsync", fsync ? "on" : "off")
            .setServerConfig("synchronous_commit", fsync ? "on" : "off")
            .setServerConfig("shared_buffers", "512MB")
            .start()) {
      HikariConfig config = new HikariConfig();
      config.setDataSource(pg.getPostgresDatabase());
      config.setMaximumPoolSize(12);
      try (HikariDataSource db = new HikariDataSource(config)) {
        Flyway.configure().dataSource(db).schemas("audit").defaultSchema("audit").createSchemas(true).locations("classpath:db/audit").load().migrate();
        AuditRecorder recorder = AuditDatabases.recorder(db, Clock.systemUTC());
        AuditSealer sealer = new AuditSealer(db, Duration.ofMillis(200), 5000, anchorDir.resolve("anchor"), Clock.systemUTC());
        sealer.start();
        System.out.printf("PostgreSQL fsync=%s, %d cores%n", fsync ? "on" : "off", Runtime.getRuntime().availableProcessors());

        sequential(recorder, 3000); // warm-up
        BalpRenderer renderer = new BalpRenderer(AuditDatabases.FHIR, "bench");
        long[] render = new long[20000];
        for (int i = 0; i < render.length; i++) {
          long t0 = System.nanoTime();
          renderer.json(renderer.render("id" + i, java.time.Instant.now(), event(i)));
          render[i] = System.nanoTime() - t0;
        }
        report("BALP rendering and JSON encoding alone (no database)", render);
        report("record(), 1 thread, auto-commit", sequential(recorder, 5000));
        report("record(), 64 virtual threads, auto-commit", concurrent(recorder, 64, 20000));
        report("record() inside a write transaction (commit not counted)", inTransaction(db, recorder, 5000));

        sealer.stop();
        recorder = AuditDatabases.recorder(db, Clock.systemUTC());
        for (int i = 0; i < 50_000; i++) {
          recorder.record(event(i));
        }
        AuditSealer alone = new AuditSealer(db, Duration.ofMillis(200), 5000, anchorDir.resolve("anchor"), Clock.systemUTC());
        long t0 = System.nanoTime();
        int sealed = alone.seal();
        double sealSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("seal: %d records in %.2f s (%.0f records/s)%n", sealed, sealSeconds, sealed / sealSeconds);
        t0 = System.nanoTime();
        var report = new AuditVerifier(db, anchorDir.resolve("anchor")).verify();
        double verifySeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("verify: %d records in %.2f s (%.0f records/s), intact=%s%n", report.sealed(), verifySeconds, report.sealed() / verifySeconds, report.intact());
      }
    }
  }

  private static AccessEvent event(int i) {
    Caller doctor = AuditDatabases.clinician();
    return new AccessEvent(doctor, null, 'R', "search-type", AccessEvent.Outcome.SUCCESS, "Observation",
        List.of("Observation/o" + i, "Observation/p" + i), Set.of("p-" + (i % 1000)), "patient=p-" + (i % 1000) + "&category=vital-signs", null);
  }

  private static long[] sequential(AuditRecorder recorder, int n) {
    long[] nanos = new long[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      recorder.record(event(i));
      nanos[i] = System.nanoTime() - t0;
    }
    return nanos;
  }

  private static long[] concurrent(AuditRecorder recorder, int threads, int n) throws Exception {
    long[] nanos = new long[n];
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> all = new ArrayList<>();
      int each = n / threads;
      for (int t = 0; t < threads; t++) {
        int from = t * each;
        all.add(pool.submit(() -> {
          for (int i = from; i < from + each; i++) {
            long t0 = System.nanoTime();
            recorder.record(event(i));
            nanos[i] = System.nanoTime() - t0;
          }
        }));
      }
      for (Future<?> f : all) {
        f.get();
      }
    }
    System.out.printf("  (%d records in %.2f s: %.0f records/s)%n", n, (System.nanoTime() - start) / 1e9, n / ((System.nanoTime() - start) / 1e9));
    return nanos;
  }

  private static long[] inTransaction(HikariDataSource db, AuditRecorder recorder, int n) {
    TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(db));
    long[] nanos = new long[n];
    for (int i = 0; i < n; i++) {
      int k = i;
      tx.executeWithoutResult(s -> {
        long t0 = System.nanoTime();
        recorder.record(event(k));
        nanos[k] = System.nanoTime() - t0;
      });
    }
    return nanos;
  }

  private static void report(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf("%s: p50 %.3f ms, p95 %.3f ms, p99 %.3f ms (n=%d)%n", what,
        sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.95)] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6, sorted.length);
  }
}
