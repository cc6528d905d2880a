package org.hutong.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hutong.testing.PlatformProcess;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The data home survives a clean restart and a crash: nothing acknowledged is lost, nothing is
 * half-written.
 */
class RestartTest {

  @TempDir Path home;

  @Test
  void aCleanRestartKeepsTheData() {
    String id;
    try (ConfigurableApplicationContext first = RunningPlatform.start(home)) {
      Patient p = new Patient();
      p.addName().setFamily("李").addGiven("娜");
      id = RunningPlatform.fhir(first).create().resource(p).execute().getId().getIdPart();
    }
    try (ConfigurableApplicationContext second = RunningPlatform.start(home)) {
      Patient read = RunningPlatform.fhir(second).read().resource(Patient.class).withId(id).execute();
      assertThat(read.getNameFirstRep().getFamily()).isEqualTo("李");
    }
  }

  @Test
  void aKilledPlatformLosesNothingItAcknowledged() throws Exception {
    int port = PlatformProcess.freePort();
    Process server = startProcess(port);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String base = "http://localhost:" + port + "/fhir";
    PlatformProcess.awaitUp(http, "http://localhost:" + port, server);
    String token = RunningPlatform.signedAdminToken(home);

    // writers send transactions (a patient and five observations each) until the server dies
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      int writer = w;
      writers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int n = 0; !stop.get(); n++) {
                      String marker = "w" + writer + "-" + n;
                      try {
                        HttpResponse<String> r =
                            http.send(
                                HttpRequest.newBuilder(URI.create(base))
                                    .header("Authorization", "Bearer " + token)
                                    .header("Content-Type", "application/fhir+json")
                                    .POST(HttpRequest.BodyPublishers.ofString(transaction(marker)))
                                    .build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                          acknowledged.add(marker);
                        }
                      } catch (IOException | InterruptedException e) {
                        return; // the server is gone
                      }
                    }
                  }));
    }
    while (acknowledged.size() < 30) {
      Thread.sleep(20);
    }
    server.destroyForcibly().waitFor(); // SIGKILL in the middle of the writes
    stop.set(true);
    for (Thread t : writers) {
      t.join();
    }
    Set<String> acked = Set.copyOf(acknowledged);

    try (ConfigurableApplicationContext restarted = RunningPlatform.start(home)) {
      IGenericClient fhir = RunningPlatform.fhir(restarted);
      Bundle all =
          fhir.search().forResource(Patient.class).where(Patient.IDENTIFIER.hasSystemWithAnyCode("urn:hutong:test:crash"))
              .count(2000).returnBundle(Bundle.class).execute();
      Set<String> stored = new HashSet<>();
      for (Bundle.BundleEntryComponent e : all.getEntry()) {
        stored.add(((Patient) e.getResource()).getIdentifierFirstRep().getValue());
      }
      assertThat(stored).containsAll(acked);
      // every stored transaction is whole: its five observations are there too
      for (String marker : stored) {
        Bundle obs =
            fhir.search().byUrl("Observation?patient.identifier=urn:hutong:test:crash%7C" + marker + "&_summary=count")
                .returnBundle(Bundle.class).execute();
        assertThat(obs.getTotal()).as(marker).isEqualTo(5);
      }
    }
  }

  private static String transaction(String marker) {
    StringBuilder b = new StringBuilder();
    b.append("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
    b.append("{\"fullUrl\":\"urn:uuid:p\",\"resource\":{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:hutong:test:crash\",\"value\":\"")
        .append(marker).append("\"}]},\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}");
    for (int i = 0; i < 5; i++) {
      b.append(",{\"resource\":{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8867-4\"}]},")
          .append("\"subject\":{\"reference\":\"urn:uuid:p\"},\"valueQuantity\":{\"value\":").append(60 + i).append("}},")
          .append("\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}");
    }
    return b.append("]}").toString();
  }

  private Process startProcess(int port) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java, "-Xmx1g", "-cp", System.getProperty("java.class.path"), "org.hutong.Hutong", "serve",
            "--server.port=" + port, "--hutong.home=" + home, "--hutong.db.pool-size=4", "--hutong.mllp.port=0")
        .redirectErrorStream(true)
        .redirectOutput(home.resolve("server.log").toFile())
        .start();
  }
}
