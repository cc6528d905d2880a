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

  /** The institutions whose HL7 v2 feeds (sending facilities HOSP_A and LAB_B) test platforms take. */
  public static final String HOSPITAL_A = "hosp-a";

  public static final String LAB_B = "lab-b";

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
    List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--hutong.db.fsync=false",
                "--hutong.db.pool-size=6",
                "--hutong.mllp.port=0",
                "--hutong.mllp.senders.HOSP_A.organization=" + HOSPITAL_A,
                "--hutong.mllp.senders.LAB_B.organization=" + LAB_B));
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

  /** A HAPI generic client on the shared platform, as an administrator's system client. */
  public static IGenericClient fhir() {
    return fhir(shared());
  }

  public static IGenericClient fhir(ConfigurableApplicationContext context) {
    return fhir(context, adminToken(context));
  }

  /** A HAPI generic client that sends this bearer token. */
  public static IGenericClient fhir(ConfigurableApplicationContext context, String token) {
    IGenericClient client = FHIR.newRestfulGenericClient(baseUrl(context));
    if (token != null) {
      client.registerInterceptor(new ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor(token));
    }
    return client;
  }

  private static final java.util.Map<ConfigurableApplicationContext, String> ADMIN_TOKENS = new java.util.concurrent.ConcurrentHashMap<>();

  /** The {@code Authorization} header value of the shared platform's test administrator. */
  public static String bearer() {
    return "Bearer " + adminToken(shared());
  }

  public static String bearer(ConfigurableApplicationContext context) {
    return "Bearer " + adminToken(context);
  }

  /** A token of a client-credentials administrator registered for the tests (one per platform). */
  public static synchronized String adminToken(ConfigurableApplicationContext context) {
    return ADMIN_TOKENS.computeIfAbsent(
        context,
        c -> clientToken(c, unique("test-admin"), org.hutong.access.Role.ADMINISTRATOR, null, "system/*.cruds"));
  }

  /** Registers a client with the role and scopes and returns a token from the token endpoint. */
  public static String clientToken(
      ConfigurableApplicationContext context, String name, org.hutong.access.Role role, String organization, String scopes) {
    org.hutong.access.Accounts accounts = context.getBean(org.hutong.access.Accounts.class);
    var credentials = accounts.registerClient(name, role, organization, scopes);
    try {
      return org.hutong.cli.TokenClient.clientCredentials(serverUrl(context), credentials.clientId(), credentials.clientSecret(), scopes);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A person's token through the login form (authorisation code with PKCE). */
  public static String personToken(ConfigurableApplicationContext context, String username, String password, String scopes) {
    try {
      return org.hutong.cli.TokenClient.login(serverUrl(context), username, password, scopes);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * An administrator token signed with the signing key in a data home, for a server running in
   * another process (the crash test), where no client can be registered in-process.
   */
  public static String signedAdminToken(Path home) {
    try {
      com.nimbusds.jose.jwk.RSAKey key = com.nimbusds.jose.jwk.RSAKey.parse(java.nio.file.Files.readString(home.resolve("keys/token-signing.jwk")));
      com.nimbusds.jwt.JWTClaimsSet claims =
          new com.nimbusds.jwt.JWTClaimsSet.Builder()
              .subject("crash-test")
              .claim("client_id", "crash-test")
              .claim("role", "administrator")
              .claim("person", false)
              .claim("scope", "system/*.cruds")
              .audience("hutong-fhir")
              .issueTime(new java.util.Date())
              .expirationTime(new java.util.Date(System.currentTimeMillis() + 3_600_000))
              .build();
      com.nimbusds.jwt.SignedJWT jwt =
          new com.nimbusds.jwt.SignedJWT(new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
      jwt.sign(new com.nimbusds.jose.crypto.RSASSASigner(key));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot sign a token with the key in " + home, e);
    }
  }

  /** The server root (without {@code /fhir}). */
  public static String serverUrl(ConfigurableApplicationContext context) {
    return "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  public static FhirContext context() {
    return FHIR;
  }

  /** A value no other test uses, for identifiers and names that isolate a test's data. */
  public static String unique(String prefix) {
    return prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 12);
  }
}
