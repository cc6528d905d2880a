package org.hutong.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.Test;

/**
 * Bad input over raw HTTP, as a careless or hostile client sends it: every case gets an
 * OperationOutcome that names the problem, and nothing is stored.
 */
class BadInputTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final String base = RunningPlatform.baseUrl();

  record Reply(int status, String body) {
    OperationOutcome outcome() {
      return RunningPlatform.context().newJsonParser().parseResource(OperationOutcome.class, body);
    }

    String diagnostics() {
      return outcome().getIssue().stream().map(OperationOutcome.OperationOutcomeIssueComponent::getDiagnostics).reduce("", String::concat);
    }
  }

  @Test
  void malformedJson() throws Exception {
    Reply r = post("/Patient", "{\"resourceType\":\"Patient\", \"name\": [");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.diagnostics()).containsIgnoringCase("pars");
  }

  @Test
  void notJsonAtAll() throws Exception {
    Reply r = post("/Patient", "\u0000\u0001binary garbage");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.outcome().getIssue()).isNotEmpty();
  }

  @Test
  void unknownResourceType() throws Exception {
    Reply r = post("/Spaceship", "{\"resourceType\":\"Spaceship\"}");
    assertThat(r.status()).isIn(400, 404);
    assertThat(r.diagnostics()).contains("Spaceship");
  }

  @Test
  void bodyOfAnotherTypeThanTheUrl() throws Exception {
    Reply r = post("/Observation", "{\"resourceType\":\"Patient\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.diagnostics()).contains("Patient");
  }

  @Test
  void unknownElement() throws Exception {
    Reply r = post("/Patient", "{\"resourceType\":\"Patient\",\"favouriteColour\":\"blue\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.diagnostics()).contains("favouriteColour");
  }

  @Test
  void badDate() throws Exception {
    String mrn = RunningPlatform.unique("mrn");
    Reply r = post("/Patient", patientJson(mrn, "\"birthDate\":\"1980-13-45\""));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.diagnostics()).contains("1980-13-45");
    assertThat(count("Patient?identifier=" + mrn)).isZero();
  }

  @Test
  void codeOutsideItsRequiredBinding() throws Exception {
    String mrn = RunningPlatform.unique("mrn");
    Reply r = post("/Patient", patientJson(mrn, "\"gender\":\"robot\""));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.diagnostics()).contains("robot");
    assertThat(count("Patient?identifier=" + mrn)).isZero();
  }

  @Test
  void referenceToTheWrongType() throws Exception {
    Reply r =
        post(
            "/Observation",
            "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},\"subject\":{\"reference\":\"Medication/abc\"}}");
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.diagnostics()).contains("Observation.subject").contains("Medication");
  }

  @Test
  void referenceToNothing() throws Exception {
    Reply r =
        post(
            "/Observation",
            "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},\"subject\":{\"reference\":\"Patient/does-not-exist\"}}");
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.diagnostics()).contains("Patient/does-not-exist");
  }

  @Test
  void controlCharactersInStrings() throws Exception {
    String mrn = RunningPlatform.unique("mrn");
    Reply r = post("/Patient", patientJson(mrn, "\"name\":[{\"family\":\"a\\u0000b\"}]"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.diagnostics()).contains("Patient.name.family");
    assertThat(count("Patient?identifier=" + mrn)).isZero();
  }

  @Test
  void invalidId() throws Exception {
    Reply r = put("/Patient/bad_id!", "{\"resourceType\":\"Patient\",\"id\":\"bad_id!\"}");
    assertThat(r.status()).isEqualTo(400);
  }

  @Test
  void oversizedBody() throws Exception {
    // the limit is 64 MiB by default; a body over it is refused before it is parsed
    byte[] big = new byte[65 * 1024 * 1024];
    java.util.Arrays.fill(big, (byte) ' ');
    byte[] head = "{\"resourceType\":\"Patient\"".getBytes(StandardCharsets.UTF_8);
    System.arraycopy(head, 0, big, 0, head.length);
    big[big.length - 1] = '}';
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/Patient")).header("Authorization", RunningPlatform.bearer())
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(big))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(new Reply(413, response.body()).diagnostics()).contains("bytes");
  }

  @Test
  void unknownSearchParameterIsRefusedUnlessLenient() throws Exception {
    Reply strict = get("/Patient?favourite-colour=blue", null);
    assertThat(strict.status()).isEqualTo(400);
    assertThat(strict.diagnostics()).contains("favourite-colour");
    Reply lenient = get("/Patient?favourite-colour=blue&_count=1", "handling=lenient");
    assertThat(lenient.status()).isEqualTo(200);
  }

  @Test
  void aTransactionWithOneBadEntryStoresNothing() throws Exception {
    String mrn = RunningPlatform.unique("mrn");
    String bundle =
        """
        {"resourceType":"Bundle","type":"transaction","entry":[
          {"fullUrl":"urn:uuid:1","resource":%s,"request":{"method":"POST","url":"Patient"}},
          {"fullUrl":"urn:uuid:2","resource":{"resourceType":"Observation","status":"final","code":{"text":"x"},
             "subject":{"reference":"urn:uuid:1"},"effectiveDateTime":"2020-02-30"},"request":{"method":"POST","url":"Observation"}}
        ]}"""
            .formatted(patientJson(mrn, "\"gender\":\"female\""));
    Reply r = post("", bundle);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.diagnostics()).contains("2020-02-30");
    assertThat(count("Patient?identifier=" + mrn)).isZero();
  }

  @Test
  void aTransactionReferringToAnUnknownPlaceholderStoresNothing() throws Exception {
    String mrn = RunningPlatform.unique("mrn");
    String bundle =
        """
        {"resourceType":"Bundle","type":"transaction","entry":[
          {"fullUrl":"urn:uuid:1","resource":%s,"request":{"method":"POST","url":"Patient"}},
          {"fullUrl":"urn:uuid:2","resource":{"resourceType":"Observation","status":"final","code":{"text":"x"},
             "subject":{"reference":"urn:uuid:99"}},"request":{"method":"POST","url":"Observation"}}
        ]}"""
            .formatted(patientJson(mrn, "\"gender\":\"female\""));
    Reply r = post("", bundle);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.diagnostics()).contains("urn:uuid:99");
    assertThat(count("Patient?identifier=" + mrn)).isZero();
  }

  @Test
  void bundleOfTheWrongType() throws Exception {
    Reply r = post("", "{\"resourceType\":\"Bundle\",\"type\":\"collection\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.diagnostics()).contains("collection");
  }

  @Test
  void hostileSearchValuesAreJustValues() throws Exception {
    for (String value :
        new String[] {"x' OR '1'='1", "x\"; DROP TABLE record.resource; --", "%", "_", "\\", "\u0000", "１２３", "'||pg_sleep(5)||'"}) {
      String q = java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
      for (String param : new String[] {"family", "identifier", "name:contains", "address-city:exact"}) {
        Reply r = get("/Patient?" + param + "=" + q, null);
        assertThat(r.status()).as(param + "=" + value).isIn(200, 400);
        if (r.status() == 200) {
          Bundle b = RunningPlatform.context().newJsonParser().parseResource(Bundle.class, r.body());
          assertThat(b.getEntry()).as(param + "=" + value).isEmpty();
        }
      }
      Reply date = get("/Patient?birthdate=" + q, null);
      assertThat(date.status()).isEqualTo(400);
    }
    assertThat(get("/Patient?_count=1", null).status()).isEqualTo(200);
  }

  private static String patientJson(String mrn, String extra) {
    return "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:hutong:test:mrn\",\"value\":\"" + mrn + "\"}],"
        + extra + "}";
  }

  private int count(String query) throws IOException, InterruptedException {
    Reply r = get("/" + query + "&_summary=count", null);
    assertThat(r.status()).isEqualTo(200);
    return RunningPlatform.context().newJsonParser().parseResource(Bundle.class, r.body()).getTotal();
  }

  private Reply post(String path, String body) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", RunningPlatform.bearer()).header("Content-Type", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private Reply put(String path, String body) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", RunningPlatform.bearer()).header("Content-Type", "application/fhir+json")
        .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  private Reply get(String path, String prefer) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", RunningPlatform.bearer()).GET();
    if (prefer != null) {
      b.header("Prefer", prefer);
    }
    return send(b);
  }

  private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(request.header("Accept", "application/fhir+json").build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), response.body());
  }

}
