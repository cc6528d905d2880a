package org.hutong.record.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hutong.record.search.SearchSupport.encode;
import static org.hutong.record.search.SearchSupport.get;
import static org.hutong.record.search.SearchSupport.matches;
import static org.hutong.record.search.SearchSupport.ref;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.assertj.core.api.SoftAssertions;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hutong.platform.NamingSystems;
import org.hutong.record.search.SearchSupport.Raw;
import org.hutong.record.search.SearchSupport.Scope;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * SQL and JSON injection through every way a client can put text into a query: each search
 * parameter type and modifier, chains, result parameters, ids in read/vread/history, the
 * conditions of conditional create/update/delete and JSON bodies. Every attempt must end in a clean
 * 4xx or in exactly the result an honest search would give (never more rows), and the database
 * must hold afterwards exactly what it held before: no table dropped, no row deleted.
 *
 * <p>(R4 number and composite parameters of the stored types are not offered by this server, so
 * there is nothing of theirs to attack.)
 */
@TestInstance(Lifecycle.PER_CLASS)
class InjectionTest {

  private static final List<String> PAYLOADS =
      List.of(
          "' OR '1'='1",
          "' OR 1=1 --",
          "1' OR '1'='1' /*",
          "张伟' OR '1'='1",
          "'; DROP TABLE public.injection_sentinel; --",
          "\"; DROP TABLE record.resource; --",
          "x'); DELETE FROM record.resource; --",
          "' UNION SELECT pk, res_type, res_id, version, updated, deleted, content FROM record.resource --",
          "$$; DROP TABLE public.injection_sentinel; $$",
          "' AND pg_sleep(5) IS NULL --",
          "%",
          "_",
          "%' OR '%'='",
          "\\' OR 1=1 --",
          "{\"$ne\": null}",
          "\"},{\"resourceType\":\"Patient\",\"id\":\"x",
          "{\"__proto__\":{\"admin\":true}}",
          "\u0000",
          "x\u0000' OR '1'='1",
          "null",
          "1e999999999");

  private final Scope scope = new Scope();
  private final DataSource database = RunningPlatform.shared().getBean(DataSource.class);
  private String zhang;
  private String li;
  private String observation;

  /** Which result an attempt may give besides a 400. */
  private enum Honest {
    /** No resource holds the payload, so nothing matches. */
    NOTHING,
    /** The payload only shapes the response (or negates): the unconstrained matches. */
    BASELINE
  }

  @BeforeAll
  void given() throws SQLException {
    Practitioner doctor = new Practitioner();
    doctor.addName().setFamily("王").addGiven("医生");
    scope.create(doctor);
    Patient a = new Patient();
    a.addName(new HumanName().setFamily("张").addGiven("伟").setText("张伟"));
    a.addIdentifier().setSystem(NamingSystems.RESIDENT_ID).setValue("110105198005010011");
    a.setGender(AdministrativeGender.MALE).setBirthDateElement(new DateType("1980-05-01"));
    a.addGeneralPractitioner(ref(doctor));
    a.getMeta().addProfile("http://hutong.org/fhir/StructureDefinition/cn-patient");
    Patient b = new Patient();
    b.addName(new HumanName().setFamily("李").addGiven("娜").setText("李娜"));
    b.setGender(AdministrativeGender.FEMALE).setBirthDateElement(new DateType("1990-02-03"));
    List<String> ids = scope.create(a, b);
    zhang = ids.get(0);
    li = ids.get(1);
    Observation pulse = new Observation();
    pulse.setStatus(Observation.ObservationStatus.FINAL);
    pulse.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4").setDisplay("Heart rate");
    pulse.setValue(new Quantity().setValue(new BigDecimal("72")).setSystem("http://unitsofmeasure.org").setCode("/min"));
    pulse.setEffective(new DateTimeType("2024-01-01T08:00:00+08:00"));
    pulse.setSubject(ref(a));
    observation = scope.create(pulse);
    Procedure procedure = new Procedure();
    procedure.setStatus(Procedure.ProcedureStatus.COMPLETED);
    procedure.addInstantiatesUri("http://hutong.org/fhir/protocol/appendectomy");
    procedure.setSubject(ref(a));
    scope.create(procedure);
    try (Connection c = database.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS public.injection_sentinel (n int)");
      s.execute("INSERT INTO public.injection_sentinel VALUES (1)");
    }
  }

  @Test
  void searchParametersOfEveryTypeAndModifier() throws SQLException {
    Map<String, Object> before = snapshot();
    Set<String> patients = Set.of(zhang, li);
    // name template (P = payload) → the honest result besides a 400
    Map<String, Honest> patientParams = new LinkedHashMap<>();
    patientParams.put("name=P", Honest.NOTHING); // string
    patientParams.put("name:exact=P", Honest.NOTHING);
    patientParams.put("name:contains=P", Honest.NOTHING);
    patientParams.put("family=P", Honest.NOTHING);
    patientParams.put("identifier=P", Honest.NOTHING); // token
    patientParams.put("identifier=" + NamingSystems.RESIDENT_ID + "|P", Honest.NOTHING);
    patientParams.put("identifier=P|110105198005010011", Honest.NOTHING);
    patientParams.put("gender=P", Honest.NOTHING);
    patientParams.put("gender:not=P", Honest.BASELINE);
    patientParams.put("birthdate=P", Honest.NOTHING); // date
    patientParams.put("birthdate=geP", Honest.NOTHING);
    patientParams.put("general-practitioner=P", Honest.NOTHING); // reference
    patientParams.put("general-practitioner:Practitioner=P", Honest.NOTHING);
    patientParams.put("general-practitioner.name=P", Honest.NOTHING); // chained
    patientParams.put("general-practitioner:Practitioner.family=P", Honest.NOTHING);
    patientParams.put("_profile=P", Honest.NOTHING); // uri
    patientParams.put("_profile:below=P", Honest.NOTHING);
    patientParams.put("_profile:above=P", Honest.NOTHING);
    patientParams.put("name:missing=P", Honest.NOTHING);
    patientParams.put("_id=P", Honest.NOTHING);
    patientParams.put("_id:not=P", Honest.BASELINE);
    patientParams.put("_lastUpdated=P", Honest.NOTHING);
    patientParams.put("_sort=P", Honest.BASELINE); // result parameters
    patientParams.put("_sort=-P", Honest.BASELINE);
    patientParams.put("_include=P", Honest.BASELINE);
    patientParams.put("_include=Patient:P", Honest.BASELINE);
    patientParams.put("_revinclude=P", Honest.BASELINE);
    patientParams.put("_revinclude=Observation:P", Honest.BASELINE);
    patientParams.put("_count=P", Honest.BASELINE);
    patientParams.put("_elements=P", Honest.BASELINE);
    patientParams.put("_summary=P", Honest.BASELINE);
    patientParams.put("_total=P", Honest.BASELINE);
    patientParams.put("name:P=x", Honest.NOTHING); // in the modifier
    patientParams.put("P=x", Honest.NOTHING); // in the parameter name
    Map<String, Honest> observationParams = new LinkedHashMap<>();
    observationParams.put("value-quantity=P", Honest.NOTHING); // quantity
    observationParams.put("value-quantity=72|P|/min", Honest.NOTHING);
    observationParams.put("value-quantity=ge72|http://unitsofmeasure.org|P", Honest.NOTHING);
    observationParams.put("code:text=P", Honest.NOTHING);
    observationParams.put("subject=Patient/P", Honest.NOTHING);
    observationParams.put("subject:Patient.name=P", Honest.NOTHING);
    observationParams.put("subject.identifier=P", Honest.NOTHING);
    observationParams.put("date=P", Honest.NOTHING);
    Map<String, Honest> procedureParams = Map.of("instantiates-uri=P", Honest.NOTHING, "instantiates-uri:below=P", Honest.NOTHING);

    SoftAssertions softly = new SoftAssertions();
    for (String payload : PAYLOADS) {
      attack(softly, "Patient", patientParams, payload, patients);
      attack(softly, "Observation", observationParams, payload, Set.of(observation));
      attack(softly, "Procedure", procedureParams, payload, null);
    }
    softly.assertAll();
    assertThat(snapshot()).isEqualTo(before);
  }

  private void attack(SoftAssertions softly, String type, Map<String, Honest> params, String payload, Set<String> baseline) {
    for (Map.Entry<String, Honest> param : params.entrySet()) {
      String[] pair = param.getKey().split("=", 2);
      String query = encode(pair[0].replace("P", payload)) + "=" + encode(pair[1].replace("P", payload));
      if (pair[0].equals("P")) {
        query = encode(payload) + "=x";
      } else if (!pair[0].contains("P")) {
        query = encode(pair[0]) + "=" + encode(pair[1].replace("P", payload));
      }
      String what = type + "?" + param.getKey() + " with " + payload;
      Raw reply = get(type + "?" + query + "&" + tag() + "&_count=100");
      softly.assertThat(reply.status()).as(what + ": " + reply.body()).isIn(200, 400);
      if (reply.status() == 200) {
        Set<String> found = matches(reply.bundle());
        Set<String> honest = param.getValue() == Honest.NOTHING || baseline == null ? Set.of() : baseline;
        softly.assertThat(found).as(what).isEqualTo(honest);
      }
    }
  }

  @Test
  void idsOfReadVreadAndHistory() throws SQLException {
    Map<String, Object> before = snapshot();
    SoftAssertions softly = new SoftAssertions();
    for (String payload : PAYLOADS) {
      String id = encode(payload).replace("+", "%20");
      for (String path : List.of("Patient/" + id, "Patient/" + id + "/_history", "Patient/" + zhang + "/_history/" + id,
          "Patient/" + id + "/_history/1", "Patient/" + id + "/$everything")) {
        Raw reply = get(path);
        if (reply.status() == 200 && path.endsWith("/_history") && (payload.startsWith("_") || payload.startsWith("$"))) {
          // HAPI reads Patient/_x/_history and Patient/$x/_history as the type's history (a keyword
          // or an operation where an id would be), which any client may ask for: no injection
          softly.assertThat(reply.bundle().getType().toCode()).as(path).isEqualTo("history");
          continue;
        }
        softly.assertThat(reply.status()).as(path + ": " + reply.body()).isIn(400, 404);
      }
    }
    softly.assertAll();
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void conditionsOfConditionalCreateUpdateAndDelete() throws Exception {
    Map<String, Object> before = snapshot();
    int created = 0;
    SoftAssertions softly = new SoftAssertions();
    for (String payload : PAYLOADS) {
      String condition = "identifier=" + encode(payload) + "&" + tag();
      String body = "{\"resourceType\":\"Patient\",\"meta\":{\"tag\":[{\"system\":\"" + SearchSupport.TAG_SYSTEM + "\",\"code\":\""
          + scope.code + "-conditional\"}]},\"name\":[{\"text\":\"条件\"}]}";
      // If-None-Exist: a match would answer 200, several 412; only "none matched" (201) is honest
      int create = send("POST", "Patient", body, "If-None-Exist", condition);
      softly.assertThat(create).as("If-None-Exist: " + payload).isIn(201, 400);
      created += create == 201 ? 1 : 0;
      int update = send("PUT", "Patient?" + condition, body, null, null);
      softly.assertThat(update).as("conditional update: " + payload).isIn(201, 400);
      created += update == 201 ? 1 : 0;
      int delete = send("DELETE", "Patient?" + condition, null, null, null);
      softly.assertThat(delete).as("conditional delete: " + payload).isIn(200, 204, 400, 404, 405);
    }
    softly.assertAll();
    assertThat(get("Patient/" + zhang).status()).isEqualTo(200);
    assertThat(get("Patient/" + li).status()).isEqualTo(200);
    Map<String, Object> after = snapshot();
    assertThat(after.get("sentinel")).isEqualTo(before.get("sentinel"));
    assertThat(after.get("tables")).isEqualTo(before.get("tables"));
    assertThat((long) after.get("record.resource")).isEqualTo((long) before.get("record.resource") + created);
  }

  @Test
  void jsonBodies() throws Exception {
    Map<String, Object> before = snapshot();
    List<String> hostile =
        List.of(
            "O'Brien\"; DROP TABLE public.injection_sentinel; --",
            "\"},{\"resourceType\":\"Patient\",\"id\":\"evil\"},{\"x\":\"",
            "{\"resourceType\":\"Patient\",\"active\":true}",
            "'); DELETE FROM record.resource; --",
            "\\\"\\u0022\\\\",
            "__proto__");
    int created = 0;
    // Practitioners in a scope of their own: the searches above see only their own resources, and
    // no other test (BadInputTest searches Patient?family=_) meets names full of wildcards
    Scope bodies = new Scope();
    for (String family : hostile) {
      Practitioner p = new Practitioner();
      p.addName().setFamily(family);
      String id = bodies.create(p);
      created++;
      Practitioner back = bodies.fhir.read().resource(Practitioner.class).withId(id).execute();
      assertThat(back.getNameFirstRep().getFamily()).as("stored as sent").isEqualTo(family);
      // a search value escapes the separators of FHIR search syntax: , | $ and \ itself
      String escaped = family.replace("\\", "\\\\").replace(",", "\\,").replace("|", "\\|").replace("$", "\\$");
      String bodiesTag = "_tag=" + encode(SearchSupport.TAG_SYSTEM + "|" + bodies.code);
      assertThat(matches(get("Practitioner?family:exact=" + encode(escaped) + "&" + bodiesTag).bundle()))
          .as("found by exactly its own value").containsExactly(id);
    }
    assertThat(get("Patient/evil").status()).isEqualTo(404);
    assertThat(get("Practitioner/evil").status()).isEqualTo(404);

    Map<String, Integer> raw = new LinkedHashMap<>();
    raw.put("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"a\\u0000b\"}]}", 400);
    raw.put("{\"resourceType\":\"Patient\",\"__proto__\":{\"admin\":true}}", 400);
    raw.put("{\"resourceType\":\"Patient\",\"constructor\":{\"prototype\":{\"admin\":true}}}", 400);
    raw.put("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"x\"}]},{\"resourceType\":\"Patient\"}", 400);
    raw.put("{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},\"valueQuantity\":{\"value\":1e999999999}}", 400);
    raw.put("{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},\"valueQuantity\":{\"value\":-1E-99999}}", 400);
    raw.put("{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},\"valueQuantity\":{\"value\":" + "9".repeat(5000) + "}}", 400);
    raw.put("{\"resourceType\":\"Patient\",\"id\":\"x' OR '1'='1\",\"name\":" + "[".repeat(5000) + "]".repeat(5000) + "}", 400);
    raw.put("{\"resourceType\":\"Patient\",\"gender\":\"male' OR '1'='1\"}", 400);
    raw.put("{\"resourceType\":\"Patient\",\"birthDate\":\"1980-01-01'; DROP TABLE public.injection_sentinel; --\"}", 400);
    SoftAssertions softly = new SoftAssertions();
    for (Map.Entry<String, Integer> body : raw.entrySet()) {
      softly.assertThat(send("POST", body.getKey().contains("Observation") ? "Observation" : "Patient", body.getKey(), null, null))
          .as(body.getKey().substring(0, Math.min(120, body.getKey().length())))
          .isEqualTo(body.getValue());
    }
    // the body's id is the client's wish, not a condition: the server assigns its own
    int create = send("POST", "Patient", "{\"resourceType\":\"Patient\",\"id\":\"x' OR '1'='1\",\"meta\":{\"tag\":[{\"system\":\""
        + SearchSupport.TAG_SYSTEM + "\",\"code\":\"" + scope.code + "-bodies\"}]}}", null, null);
    softly.assertThat(create).isEqualTo(201);
    created++;
    softly.assertThat(send("PUT", "Patient/" + zhang, "{\"resourceType\":\"Patient\",\"id\":\"" + zhang + "' OR '1'='1\"}", null, null))
        .as("an id that does not match the URL").isEqualTo(400);
    softly.assertAll();

    Map<String, Object> after = snapshot();
    assertThat(after.get("sentinel")).isEqualTo(before.get("sentinel"));
    assertThat(after.get("tables")).isEqualTo(before.get("tables"));
    assertThat((long) after.get("record.resource")).isEqualTo((long) before.get("record.resource") + created);
  }

  /** The scope's tag constraint, encoded for a raw request. */
  private String tag() {
    return "_tag=" + encode(SearchSupport.TAG_SYSTEM + "|" + scope.code);
  }

  private static int send(String method, String path, String body, String header, String value) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(RunningPlatform.baseUrl() + "/" + path))
            .header("Authorization", RunningPlatform.bearer())
            .header("Content-Type", "application/fhir+json")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (header != null) {
      request.header(header, value);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  /** What must not change: the rows of the record tables, the schema's tables and the sentinel. */
  private Map<String, Object> snapshot() throws SQLException {
    Map<String, Object> counts = new LinkedHashMap<>();
    try (Connection c = database.getConnection();
        Statement s = c.createStatement()) {
      for (String table : List.of("record.resource", "record.resource_history", "record.idx_string", "record.idx_token",
          "record.idx_date", "record.idx_reference", "record.idx_quantity", "record.idx_uri")) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
          rs.next();
          counts.put(table, rs.getLong(1));
        }
      }
      try (ResultSet rs =
          s.executeQuery("SELECT string_agg(table_schema || '.' || table_name, ',' ORDER BY 1) FROM information_schema.tables"
              + " WHERE table_schema IN ('record', 'public')")) {
        rs.next();
        counts.put("tables", rs.getString(1));
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM public.injection_sentinel")) {
        rs.next();
        counts.put("sentinel", rs.getLong(1));
      }
    }
    return counts;
  }
}
