package org.hutong.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The platform as a separate process, for tests that kill it: waiting for it, and free ports. */
public final class PlatformProcess {

  private PlatformProcess() {}

  /** Waits until {@code base/fhir/metadata} answers 200; fails if the process exits first or after two minutes. */
  public static void awaitUp(HttpClient http, String base, Process server) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new IllegalStateException("server exited with " + server.exitValue());
      }
      try {
        if (http.send(HttpRequest.newBuilder(URI.create(base + "/fhir/metadata")).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("server did not start");
  }

  /** A TCP port that was free a moment ago. */
  public static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
