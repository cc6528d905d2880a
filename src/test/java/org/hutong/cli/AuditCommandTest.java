package org.hutong.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.hutong.access.AccessEvent;
import org.hutong.access.AuditChain;
import org.hutong.access.AuditTrail;
import org.hutong.access.Caller;
import org.hutong.access.Purpose;
import org.hutong.access.Role;
import org.hutong.access.Scopes;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code hutong audit verify} on a data home: with the server stopped (the command starts the
 * embedded database itself) and with it running (the command uses the server's database and
 * leaves it running).
 */
class AuditCommandTest {

  @TempDir Path home;

  private record Run(int status, String out, String err) {}

  private Run verify() {
    return run("verify", "--hutong.home=" + home);
  }

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = AuditCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static void readsOf(ConfigurableApplicationContext platform, int n) {
    Caller doctor = new Caller("wangfang", "pumch-emr", true, Role.CLINICIAN, "pumch", Set.of(), Scopes.parse("user/*.rs"), Purpose.TREATMENT, "10.1.2.3");
    AuditTrail trail = platform.getBean(AuditTrail.class);
    for (int i = 0; i < n; i++) {
      trail.record(new AccessEvent(doctor, null, 'R', "read", AccessEvent.Outcome.SUCCESS, "Observation", List.of("Observation/o" + i), Set.of("p-zhangwei"), null, null));
    }
  }

  private static void awaitSealed(ConfigurableApplicationContext platform) throws InterruptedException {
    AuditChain chain = platform.getBean(AuditChain.class);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (chain.verify().unsealed() > 0) {
      assertThat(System.nanoTime()).as("sealed within 30 s").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @Test
  void verifiesTheTrailOfAStoppedAndOfARunningServerAndNamesTampering() throws Exception {
    try (ConfigurableApplicationContext platform = RunningPlatform.start(home)) {
      readsOf(platform, 20);
    } // stopping seals what is left and anchors the head

    Run stopped = verify();
    assertThat(stopped.status()).as(stopped.out() + stopped.err()).isZero();
    assertThat(stopped.out()).startsWith("Audit trail intact: 20 records chained").contains("the anchor (record 20");
    assertThat(Files.exists(home.resolve("audit/chain-anchor"))).isTrue();
    assertThat(Files.exists(home.resolve("pgdata/postmaster.pid"))).as("the command stopped the database it started").isFalse();

    try (ConfigurableApplicationContext platform = RunningPlatform.start(home)) {
      readsOf(platform, 5);
      awaitSealed(platform);

      Run running = verify();
      assertThat(running.status()).as(running.out() + running.err()).isZero();
      assertThat(running.out()).startsWith("Audit trail intact: 25 records chained");

      // the server's database is still there, and the server still records
      readsOf(platform, 1);
      awaitSealed(platform);

      // a superuser edits record 7
      new JdbcTemplate(platform.getBean(DataSource.class))
          .execute(
              "ALTER TABLE audit.event DISABLE TRIGGER ALL; "
                  + "UPDATE audit.event SET agent_subject = 'nobody' WHERE id = (SELECT event_id FROM audit.link WHERE seq = 7); "
                  + "ALTER TABLE audit.event ENABLE TRIGGER ALL");
      Run tampered = verify();
      assertThat(tampered.status()).isEqualTo(1);
      assertThat(tampered.out()).contains("Audit trail BROKEN").contains("record 7 was altered");
    }

    Run afterwards = verify();
    assertThat(afterwards.status()).isEqualTo(1);
    assertThat(afterwards.out()).contains("record 7 was altered");
  }

  @Test
  void badArgumentsAreUsageErrors() {
    assertThat(run().status()).isEqualTo(2);
    assertThat(run("check").status()).isEqualTo(2);
    Run unknown = run("verify", "--home=/tmp");
    assertThat(unknown.status()).isEqualTo(2);
    assertThat(unknown.err()).contains("Unknown option --home");
    Run help = run("--help");
    assertThat(help.status()).isZero();
    assertThat(help.out()).contains("Usage: hutong audit verify");
  }

  @Test
  void anUnreachableExternalDatabaseIsStatus2() {
    Run run = run("verify", "--hutong.home=" + home, "--hutong.db.url=jdbc:postgresql://localhost:1/hutong", "--hutong.db.username=x");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).startsWith("audit: cannot verify");
  }
}
