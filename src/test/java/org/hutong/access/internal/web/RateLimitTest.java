package org.hutong.access.internal.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** A platform with a tight limit (a burst of 5, then one request every 100 s) refuses the sixth request. */
class RateLimitTest {

  private static ConfigurableApplicationContext platform;

  @BeforeAll
  static void start() {
    platform =
        RunningPlatform.start(
            null,
            "--hutong.access.rate-limit.per-address.rate=0.01",
            "--hutong.access.rate-limit.per-address.burst=5",
            "--hutong.access.rate-limit.sign-in.rate=0.01",
            "--hutong.access.rate-limit.sign-in.burst=3");
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @Test
  void givenABurstUsedUp_thenTheNextRequestGets429WithRetryAfterAndAnOperationOutcome() throws Exception {
    var fhir = RunningPlatform.fhir(platform, null); // metadata is public: no token requests use up the burst
    for (int i = 0; i < 5; i++) {
      assertThat(fhir.capabilities().ofType(CapabilityStatement.class).execute()).isNotNull();
    }

    BaseServerResponseException refused =
        catchThrowableOfType(
            BaseServerResponseException.class, () -> fhir.capabilities().ofType(CapabilityStatement.class).execute());
    assertThat(refused.getStatusCode()).isEqualTo(429);
    assertThat(((OperationOutcome) refused.getOperationOutcome()).getIssueFirstRep().getCode().toCode()).isEqualTo("throttled");

    HttpResponse<String> raw =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create(RunningPlatform.baseUrl(platform) + "/metadata")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(raw.statusCode()).isEqualTo(429);
    assertThat(raw.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/fhir+json"));
    assertThat(Long.parseLong(raw.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 100L);
    assertThat(raw.headers().firstValue("X-Content-Type-Options")).as("refusals carry the security headers").hasValue("nosniff");
  }

  @Test
  void givenCredentialsGuessedFromOneAddress_thenTheTokenEndpointAndTheLoginFormAnswer429() throws Exception {
    String root = RunningPlatform.baseUrl(platform).replace("/fhir", "");
    HttpRequest guess =
        HttpRequest.newBuilder(URI.create(root + "/oauth2/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=admin&client_secret=guess"))
            .build();
    for (int i = 0; i < 3; i++) {
      assertThat(HttpClient.newHttpClient().send(guess, HttpResponse.BodyHandlers.ofString()).statusCode()).isIn(400, 401); // invalid_client
    }
    HttpResponse<String> refused = HttpClient.newHttpClient().send(guess, HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();

    HttpRequest login =
        HttpRequest.newBuilder(URI.create(root + "/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=guess"))
            .build();
    assertThat(HttpClient.newHttpClient().send(login, HttpResponse.BodyHandlers.ofString()).statusCode())
        .as("the login form shares the address's bucket")
        .isEqualTo(429);
  }
}
