package org.hutong.access.internal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.Test;

/**
 * Oversized requests get a clean 4xx from the edge, never a 500 or a stack trace: headers and URL
 * (64 KB together), the number of query parameters, bodies (BodySizeLimit's 413 is tested in the
 * record module) and JSON numbers too large to parse.
 */
class RequestLimitsTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Over a raw socket: java.net.http refuses to send some of what attackers send. */
  private static String raw(String requestHead) throws Exception {
    URI base = URI.create(RunningPlatform.baseUrl());
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(requestHead.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static int status(String response) {
    return Integer.parseInt(response.substring(9, 12));
  }

  private static void assertNoInternals(String response) {
    assertThat(response).doesNotContain("Exception", "at org.", "at java.", "Tomcat/");
  }

  @Test
  void givenAHeaderOver64KB_then400WithoutInternals() throws Exception {
    String response =
        raw("GET /fhir/metadata HTTP/1.1\r\nHost: localhost\r\nX-Filler: " + "a".repeat(70_000) + "\r\nConnection: close\r\n\r\n");
    assertThat(status(response)).isEqualTo(400);
    assertNoInternals(response);
  }

  @Test
  void givenAUrlOver64KB_then4xxWithoutInternals() throws Exception {
    String response =
        raw("GET /fhir/Patient?name=" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    assertThat(status(response)).isBetween(400, 414);
    assertNoInternals(response);
  }

  @Test
  void givenAnInvalidCharacterInTheRequestLine_then400WithoutInternals() throws Exception {
    String response = raw("GET /fhir/Patient?name={\"$ne\":1} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    assertThat(status(response)).isEqualTo(400);
    assertNoInternals(response);
  }

  @Test
  void givenMoreThanAThousandParameters_then400() throws Exception {
    String query = IntStream.range(0, 1500).mapToObj(i -> "name=a" + i).collect(Collectors.joining("&"));
    HttpResponse<String> response =
        HTTP.send(HttpRequest.newBuilder(URI.create(RunningPlatform.baseUrl() + "/Patient?" + query)).header("Authorization", RunningPlatform.bearer()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(400);
    assertNoInternals(response.body());
  }

  @Test
  void givenAJsonNumberWithAHugeExponent_then400AtOnce() throws Exception {
    // the FHIR parser would write out its billion digits: gigabytes and minutes for 100 bytes
    String body = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},\"valueQuantity\":{\"value\":1e999999999}}";
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(RunningPlatform.baseUrl() + "/Observation")).header("Authorization", RunningPlatform.bearer())
                .header("Content-Type", "application/fhir+json")
                .timeout(java.time.Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("OperationOutcome", "exponent");
  }

  @Test
  void givenTheSameExponentInsideAString_thenItIsJustText() throws Exception {
    String body = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"1e999999999\"},\"valueQuantity\":{\"value\":1e3}}";
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(RunningPlatform.baseUrl() + "/Observation")).header("Authorization", RunningPlatform.bearer())
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(201);
  }
}
