package org.hutong.access.internal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.Test;

/** Every response carries the security headers, success or error, FHIR or not, over plain HTTP. */
class SecurityHeadersTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> get(String path) throws Exception {
    String root = RunningPlatform.baseUrl().replace("/fhir", "");
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(root + path)).header("Authorization", RunningPlatform.bearer()).header("Accept", "application/fhir+json").build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void assertHardened(HttpResponse<String> response) {
    var headers = response.headers();
    assertThat(headers.allValues("X-Content-Type-Options")).containsExactly("nosniff");
    assertThat(headers.allValues("X-Frame-Options")).containsExactly("DENY");
    assertThat(headers.allValues("Referrer-Policy")).containsExactly("no-referrer");
    assertThat(headers.allValues("Cache-Control")).containsExactly("no-store");
    assertThat(headers.allValues("Content-Security-Policy")).singleElement().asString()
        .contains("default-src 'self'", "frame-ancestors 'none'");
    assertThat(headers.firstValue("X-Powered-By")).as("no product version for attackers to look up").isEmpty();
  }

  @Test
  void givenAFhirRead_thenTheResponseIsHardenedAndNotCacheable() throws Exception {
    CapabilityStatement capabilities = RunningPlatform.fhir().capabilities().ofType(CapabilityStatement.class).execute();
    assertThat(capabilities.getSoftware().getName()).isEqualTo("Hutong");
    HttpResponse<String> response = get("/fhir/metadata");
    assertThat(response.statusCode()).isEqualTo(200);
    assertHardened(response);
  }

  @Test
  void givenAFhirError_thenItIsHardenedToo() throws Exception {
    HttpResponse<String> response = get("/fhir/Patient/" + RunningPlatform.unique("absent"));
    assertThat(response.statusCode()).isEqualTo(404);
    assertHardened(response);
  }

  @Test
  void givenAPathOutsideFhir_thenItIsHardenedToo() throws Exception {
    HttpResponse<String> response = get("/no-such-page");
    assertThat(response.statusCode()).isIn(401, 404); // pages need a login session, not a bearer token
    assertHardened(response);
  }

  @Test
  void givenTheLoginPageAndTheTokenEndpoint_thenTheyAreHardenedOnce() throws Exception {
    String root = RunningPlatform.baseUrl().replace("/fhir", "");
    HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create(root + "/login")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(200);
    assertHardened(login);
    HttpResponse<String> token =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(root + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=nobody&client_secret=wrong"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(token.statusCode()).as(token.body()).isIn(400, 401); // invalid_client
    assertHardened(token);
  }

  @Test
  void givenPlainHttp_thenNoStrictTransportSecurity() throws Exception {
    // browsers ignore HSTS over http; TlsTest checks it is sent over https
    assertThat(get("/fhir/metadata").headers().firstValue("Strict-Transport-Security")).isEmpty();
  }
}
