package org.hutong.testing;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hutong.Hutong;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The platform as a user meets it: the real application on a random port over a throwaway
 * embedded PostgreSQL, shared by every test class in the JVM. Tests isolate their data by
 * using their own identifiers (see {@link #unique(String)}), never by cleaning up.
 */
public final class RunningPlatform {

  private static final FhirContext FHIR = FhirContext.forR4();
  private static ConfigurableApplicationContext shared;

  static {
    FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    FHIR.getRestfulClientFactory().setSocketTimeout(120_000);
  }

  private RunningPlatform() {}

  /** The shared platform, started on first use. */
  public static synchronized ConfigurableApplicationContext shared() {
    if (shared == null) {
      shared = start(null);
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  /**
   * Starts a platform of its own. With a home, the embedded database lives there and survives a
   * restart; without one it is thrown away.
   */
  public static ConfigurableApplicationContext start(Path home, String... extra) {
    List<String> args = new ArrayList<>(List.of("--server.port=0", "--hutong.db.fsync=false", "--hutong.db.pool-size=6"));
    if (home == null) {
      args.add("--hutong.db.ephemeral=true");
    } else {
      args.add("--hutong.home=" + home);
    }
    args.addAll(List.of(extra));
    return Hutong.serve(args.toArray(String[]::new));
  }

  public static String baseUrl() {
    return baseUrl(shared());
  }

  public static String baseUrl(ConfigurableApplicationContext context) {
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    return "http://localhost:" + port + "/fhir";
  }

  /** A HAPI generic client on the shared platform. */
  public static IGenericClient fhir() {
    return FHIR.newRestfulGenericClient(baseUrl());
  }

  public static IGenericClient fhir(ConfigurableApplicationContext context) {
    return FHIR.newRestfulGenericClient(baseUrl(context));
  }

  public static FhirContext context() {
    return FHIR;
  }

  /** A value no other test uses, for identifiers and names that isolate a test's data. */
  public static String unique(String prefix) {
    return prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 12);
  }
}
