package org.hutong.access.internal.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.hutong.platform.NamingSystems;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Realistic traffic about one resident, successes and the failures that echo input (400, 404, 409,
 * 412, 422, malformed JSON, a malformed request line), leaves none of the resident's personal data
 * in the logs: neither in what the application hands to the logging system (so nothing depends on
 * the mask) nor in the console output as written (the mask in application.yml, the net under it).
 */
@ExtendWith(OutputCaptureExtension.class)
class PersonalDataLogTest {

  private static final String FAMILY = "司马";
  private static final String GIVEN = "静怡";
  private static final String PINYIN = "SIMAJINGYIQ";
  private static final String RESIDENT_ID = "110102198005123457"; // not the one PersonalIdentifiersAtRestTest looks up on the same platform
  private static final String PHONE = "13800138000";
  private static final String ADDRESS = "北京市西城区金融大街27号";
  private static final List<String> PERSONAL = List.of(FAMILY + GIVEN, GIVEN, PINYIN, RESIDENT_ID, PHONE, ADDRESS, "金融大街");

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final ListAppender<ILoggingEvent> events = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void listen() {
    RunningPlatform.shared();
    events.start();
    root.addAppender(events);
  }

  @AfterEach
  void stopListening() {
    root.detachAppender(events);
  }

  @Test
  void givenTrafficAboutAResident_thenTheLogsHoldNoneOfTheirPersonalData(CapturedOutput output) throws Exception {
    // the capture works and the mask masks: a canary the test logs itself
    LoggerFactory.getLogger("org.hutong.test.canary").warn("canary {} {}", RESIDENT_ID, FAMILY + GIVEN);

    IGenericClient fhir = RunningPlatform.fhir();
    Patient patient = new Patient();
    patient.addIdentifier().setSystem(NamingSystems.RESIDENT_ID).setValue(RESIDENT_ID);
    patient.addName(new HumanName().setFamily(FAMILY).addGiven(GIVEN).setText(FAMILY + GIVEN));
    patient.addName(new HumanName().setUse(HumanName.NameUse.USUAL).setText(PINYIN));
    patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(PHONE);
    patient.addAddress(new Address().setText(ADDRESS).setCity("北京市").setDistrict("西城区"));
    patient.setGender(AdministrativeGender.FEMALE);
    String id = fhir.create().resource(patient).execute().getId().getIdPart();
    fhir.read().resource(Patient.class).withId(id).execute();
    String conditional = "identifier=" + NamingSystems.RESIDENT_ID + "|" + RESIDENT_ID;
    fhir.create().resource(patient).conditionalByUrl("Patient?" + conditional).execute();

    List<String> queries =
        List.of(
            "Patient?" + conditional,
            "Patient?identifier=" + RESIDENT_ID,
            "Patient?name=" + FAMILY,
            "Patient?name=" + PINYIN,
            "Patient?telecom=" + PHONE,
            "Patient?phone=" + PHONE,
            "Patient?address=" + ADDRESS,
            "Patient?birthdate=" + RESIDENT_ID, // 400: not a date, quoted back
            "Patient?" + PINYIN + "=" + PHONE, // 400: unknown parameter
            "Patient?identifier=" + RESIDENT_ID + "&_count=" + PHONE, // 400
            "Patient?_sort=" + PINYIN, // 400
            "Patient?_include=" + PINYIN + ":" + FAMILY, // 400
            "Patient?general-practitioner.name=" + FAMILY, // chained
            "Observation?value-quantity=1e-99999|" + PHONE + "|" + RESIDENT_ID, // used to be a 500 quoting the SQL error
            "Patient/" + RESIDENT_ID, // 404 naming the id
            "Patient/" + id + "/_history/" + PHONE, // 400 naming the version
            "Patient/" + PINYIN + "/_history");
    for (String query : queries) {
      int status = get(query);
      assertThat(status).as(query).isLessThan(500);
    }

    String json =
        "{\"resourceType\":\"Patient\",\"name\":[{\"text\":\"" + FAMILY + GIVEN + "\"}],\"telecom\":[{\"system\":\"phone\",\"value\":\""
            + PHONE + "\"}],\"identifier\":[{\"system\":\"" + NamingSystems.RESIDENT_ID + "\",\"value\":\"" + RESIDENT_ID + "\"}]";
    List<Integer> failures = new ArrayList<>();
    failures.add(send("POST", "Patient", json, null)); // malformed: no closing brace
    failures.add(send("POST", "Patient", json.replace("\"name\"", "\"" + PINYIN + "\"") + "}", null)); // unknown element
    failures.add(send("POST", "Patient", "{\"resourceType\":\"Patient\",\"birthDate\":\"" + RESIDENT_ID + "\"}", null)); // bad date
    failures.add(send("POST", "Patient", "{\"resourceType\":\"Patient\",\"gender\":\"" + PHONE + "\"}", null)); // bad code
    failures.add(send("POST", "Observation", "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"" + ADDRESS
        + "\"},\"subject\":{\"reference\":\"Patient/" + RESIDENT_ID + "\"}}", null)); // reference to nobody
    failures.add(send("PUT", "Patient/" + id, "{\"resourceType\":\"Patient\",\"id\":\"" + RESIDENT_ID + "\"}", null)); // id mismatch
    failures.add(send("PUT", "Patient/" + id, json + "}", "W/\"" + PHONE + "\"")); // version conflict
    failures.add(send("POST", "Patient", "<Patient xmlns=\"http://hl7.org/fhir\"><name><text value=\"" + FAMILY + GIVEN + "\"/></name", null));
    assertThat(failures).allSatisfy(status -> assertThat(status).isBetween(400, 499));

    String malformed = rawRequestLine("GET /fhir/Patient?identifier=" + RESIDENT_ID + "|{" + PHONE + "} HTTP/1.1");
    assertThat(malformed).startsWith("HTTP/1.1 400");

    List<String> raw = new ArrayList<>();
    boolean canarySeen = false;
    for (ILoggingEvent event : events.list) {
      if (event.getLoggerName().equals("org.hutong.test.canary")) {
        canarySeen = true;
        continue;
      }
      raw.add(event.getLoggerName() + " " + event.getFormattedMessage()
          + (event.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy())));
    }
    assertThat(canarySeen).as("the test sees what is logged").isTrue();
    assertThat(output.getAll()).as("the mask masks").contains("canary *** ***").doesNotContain("canary " + RESIDENT_ID);
    for (String value : PERSONAL) {
      assertThat(raw).as("logged by the application").noneMatch(line -> line.contains(value));
      assertThat(output.getAll()).as("written to the console").doesNotContain(value);
    }
  }

  private static int get(String pathAndQuery) throws Exception {
    int q = pathAndQuery.indexOf('?');
    String url = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q + 1) + encodeQuery(pathAndQuery.substring(q + 1));
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(RunningPlatform.baseUrl() + "/" + url))
                .header("Accept", "application/fhir+json")
                .header("Authorization", RunningPlatform.bearer())
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  private static String encodeQuery(String query) {
    List<String> pairs = new ArrayList<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      pairs.add(URLEncoder.encode(pair.substring(0, eq), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return String.join("&", pairs);
  }

  private static int send(String method, String path, String body, String ifMatch) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(RunningPlatform.baseUrl() + "/" + path))
            .header("Authorization", RunningPlatform.bearer())
            .header("Content-Type", body.startsWith("<") ? "application/fhir+xml" : "application/fhir+json")
            .method(method, HttpRequest.BodyPublishers.ofString(body));
    if (ifMatch != null) {
      request.header("If-Match", ifMatch);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private static String rawRequestLine(String line) throws Exception {
    URI base = URI.create(RunningPlatform.baseUrl());
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write((line + "\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
