package org.hutong.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hutong.testing.PlatformProcess;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The platform is killed (SIGKILL) while four senders feed it thousands of messages over MLLP; it
 * restarts, the senders resend everything they did not see acknowledged (and some they did), and
 * every message is then stored exactly once: nothing acknowledged is lost, nothing resent is
 * doubled. {@code scripts/mllp-crash-soak.sh} runs this many times over.
 */
class MllpCrashTest {

  private static final int MESSAGES = 2000;
  private static final String MRN_SYSTEM = "https://hutong.org/fhir/sid/mrn/" + RunningPlatform.HOSPITAL_A;

  @TempDir Path home;

  @Test
  void everyAcknowledgedMessageIsStoredExactlyOnceAcrossAKill() throws Exception {
    long seed = Long.getLong("hutong.crash.seed", System.nanoTime());
    Random random = new Random(seed);
    List<String> messages = new ArrayList<>(MESSAGES);
    for (int i = 0; i < MESSAGES; i++) {
      messages.add(MllpIntakeTest.adt("CRASH-" + i, "K" + i, "HOSP_A").replace("ADT^A01^ADT_A01", "ADT^A04^ADT_A01"));
    }
    int http = PlatformProcess.freePort();
    int mllp = PlatformProcess.freePort();
    Process server = startProcess(http, mllp);
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    PlatformProcess.awaitUp(client, "http://localhost:" + http, server);
    createOrganization(client, "http://localhost:" + http);

    Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicInteger next = new AtomicInteger();
    List<Thread> senders = new ArrayList<>();
    for (int s = 0; s < 4; s++) {
      senders.add(Thread.ofVirtual().start(() -> send(mllp, messages, next, acknowledged)));
    }
    int killAt = 200 + random.nextInt(1200);
    while (acknowledged.size() < killAt && next.get() < MESSAGES) {
      Thread.sleep(5);
    }
    server.destroyForcibly().waitFor(); // SIGKILL, in the middle of the feed
    for (Thread t : senders) {
      t.join();
    }
    int before = acknowledged.size();
    assertThat(before).as("seed %d: acknowledged before the kill", seed).isLessThan(MESSAGES);

    // restarted: resend all not acknowledged, in order, and 100 that were (a sender unsure of them)
    server = startProcess(http, mllp);
    try {
      PlatformProcess.awaitUp(client, "http://localhost:" + http, server);
      List<Integer> again = new ArrayList<>();
      for (int i = 0; i < MESSAGES; i++) {
        if (!acknowledged.contains(i)) {
          again.add(i);
        }
      }
      List<Integer> acked = new ArrayList<>(acknowledged);
      java.util.Collections.shuffle(acked, random);
      again.addAll(acked.subList(0, Math.min(100, acked.size())));
      try (MllpClient c = new MllpClient("localhost", mllp, 60_000)) {
        for (int i : again) {
          assertThat(c.send(messages.get(i))).as("seed %d, message %d", seed, i).contains("MSA|AA|CRASH-" + i);
          acknowledged.add(i);
        }
      }
    } finally {
      server.destroy();
      server.waitFor();
    }
    assertThat(acknowledged).hasSize(MESSAGES);

    try (ConfigurableApplicationContext restarted = RunningPlatform.start(home, "--hutong.mllp.enabled=false")) {
      JdbcTemplate jdbc = new JdbcTemplate(restarted.getBean(DataSource.class));
      assertThat(jdbc.queryForObject("SELECT count(*) FROM intake.message WHERE outcome = 'AA'", Long.class)).as("seed %d", seed).isEqualTo(MESSAGES);
      assertThat(jdbc.queryForObject("SELECT count(DISTINCT control_id) FROM intake.message WHERE outcome = 'AA'", Long.class)).isEqualTo(MESSAGES);
      assertThat(jdbc.queryForObject("SELECT coalesce(sum(duplicates), 0) FROM intake.message", Long.class)).isGreaterThanOrEqualTo(100);
      Bundle count =
          RunningPlatform.fhir(restarted)
              .search()
              .forResource(Patient.class)
              .where(Patient.IDENTIFIER.hasSystemWithAnyCode(MRN_SYSTEM))
              .summaryMode(ca.uhn.fhir.rest.api.SummaryEnum.COUNT)
              .returnBundle(Bundle.class)
              .execute();
      assertThat(count.getTotal()).as("seed %d: one Patient per message", seed).isEqualTo(MESSAGES);
    }
  }

  private static void send(int port, List<String> messages, AtomicInteger next, Set<Integer> acknowledged) {
    try (MllpClient c = new MllpClient("localhost", port, 60_000)) {
      for (int i = next.getAndIncrement(); i < messages.size(); i = next.getAndIncrement()) {
        if (c.send(messages.get(i)).contains("MSA|AA|")) {
          acknowledged.add(i);
        }
      }
    } catch (IOException e) {
      // the server is gone: what was in flight is resent after the restart
    }
  }

  private Process startProcess(int http, int mllp) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java, "-Xmx1g", "-cp", System.getProperty("java.class.path"), "org.hutong.Hutong", "serve",
            "--server.port=" + http, "--hutong.home=" + home, "--hutong.db.pool-size=6",
            "--hutong.mllp.port=" + mllp, "--hutong.mllp.senders.HOSP_A.organization=" + RunningPlatform.HOSPITAL_A)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("server.log").toFile()))
        .start();
  }

  private void createOrganization(HttpClient client, String base) throws Exception {
    String token = RunningPlatform.signedAdminToken(home);
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/fhir/Organization/" + RunningPlatform.HOSPITAL_A))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/fhir+json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Organization\",\"id\":\"" + RunningPlatform.HOSPITAL_A + "\",\"name\":\"医院A\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
  }
}
