package org.hutong.access.internal.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.http.impl.client.HttpClients;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * TLS is Spring Boot's {@code server.ssl.*}: with a throwaway PKCS12 key store (made by the JDK's
 * keytool), the platform serves FHIR over https to a client that trusts the certificate, and says
 * so with Strict-Transport-Security.
 */
class TlsTest {

  private static final String PASSWORD = "changeit-" + System.nanoTime();

  @TempDir static Path dir;
  private static ConfigurableApplicationContext platform;
  private static SSLContext trusting;

  @BeforeAll
  static void start() throws Exception {
    Path keyStore = dir.resolve("hutong-test.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process =
        new ProcessBuilder(
                List.of(
                    keytool.toString(), "-genkeypair", "-alias", "hutong", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-sigalg", "SHA256withECDSA", "-dname", "CN=localhost, O=Hutong test, C=CN",
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                    "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD))
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();

    platform =
        RunningPlatform.start(
            null,
            "--server.ssl.enabled=true",
            "--server.ssl.key-store=" + keyStore.toUri(),
            "--server.ssl.key-store-type=PKCS12",
            "--server.ssl.key-store-password=" + PASSWORD,
            "--server.ssl.key-alias=hutong");

    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      trust.load(in, PASSWORD.toCharArray());
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    trusting = SSLContext.getInstance("TLS");
    trusting.init(null, factory.getTrustManagers(), null);
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  private static String httpsBase() {
    return "https://localhost:" + ((WebServerApplicationContext) platform).getWebServer().getPort() + "/fhir";
  }

  @Test
  void givenAClientTrustingTheCertificate_thenFhirWorksOverHttps() {
    FhirContext context = FhirContext.forR4();
    context.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    context.getRestfulClientFactory().setHttpClient(HttpClients.custom().setSSLContext(trusting).build());
    IGenericClient fhir = context.newRestfulGenericClient(httpsBase());

    CapabilityStatement capabilities = fhir.capabilities().ofType(CapabilityStatement.class).execute();

    assertThat(capabilities.getFhirVersion().toCode()).isEqualTo("4.0.1");
  }

  @Test
  void givenHttps_thenStrictTransportSecurityIsSent() throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(trusting).build();
    HttpResponse<String> response =
        client.send(HttpRequest.newBuilder(URI.create(httpsBase() + "/metadata")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Strict-Transport-Security")).hasValue(SecurityHeaders.STRICT_TRANSPORT_SECURITY);
  }

  @Test
  void givenAClientThatDoesNotTrustTheCertificate_thenNoConnection() {
    HttpClient client = HttpClient.newHttpClient();
    assertThatThrownBy(
            () -> client.send(HttpRequest.newBuilder(URI.create(httpsBase() + "/metadata")).build(), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
  }

  @Test
  void givenPlainHttpToTheTlsPort_thenNoFhirAnswer() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    String plain = httpsBase().replace("https://", "http://") + "/metadata";
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(plain)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).doesNotContain("CapabilityStatement");
  }
}
