package org.hutong.record;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code $everything} in JSON is written straight from the stored JSON; it must say exactly what
 * HAPI's own rendering (asked for in XML, which takes the ordinary path) says.
 */
class RawJsonPagesTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final IGenericClient fhir = RunningPlatform.fhir();
  private static String patientId;

  @BeforeAll
  static void load() throws Exception {
    Path dir = Path.of("src/test/resources/fixtures/synthea");
    for (String f : new String[] {"00-hospitalInformation.json", "01-practitionerInformation.json",
        "Jessie665_Glover433_1e621f4c-db30-c273-49e9-2dcad508a9cb.json"}) {
      Bundle b = RunningPlatform.context().newJsonParser().parseResource(Bundle.class, Files.readString(dir.resolve(f)));
      Bundle response = fhir.transaction().withBundle(b).execute();
      for (Bundle.BundleEntryComponent e : response.getEntry()) {
        if (e.getResponse().getLocation().startsWith("Patient/")) {
          patientId = new IdType(e.getResponse().getLocation()).getIdPart();
        }
      }
    }
  }

  @Test
  void theFastJsonPageSaysWhatHapiSays() throws Exception {
    Bundle fast = get("/Patient/" + patientId + "/$everything", "application/fhir+json");
    Bundle hapi = get("/Patient/" + patientId + "/$everything?_format=xml", "application/fhir+xml");
    assertThat(fast.getTotal()).isEqualTo(hapi.getTotal()).isGreaterThan(50);
    assertThat(fast.getEntry()).hasSameSizeAs(hapi.getEntry());
    Map<String, Resource> byUrl = new HashMap<>();
    hapi.getEntry().forEach(e -> byUrl.put(e.getFullUrl(), e.getResource()));
    for (Bundle.BundleEntryComponent e : fast.getEntry()) {
      Resource expected = byUrl.get(e.getFullUrl());
      assertThat(expected).as(e.getFullUrl()).isNotNull();
      assertThat(e.getResource().equalsDeep(expected)).as(e.getFullUrl()).isTrue();
      assertThat(e.getSearch().getMode()).isEqualTo(Bundle.SearchEntryMode.MATCH);
    }
  }

  @Test
  void aSearchPageSaysWhatHapiSays() throws Exception {
    String q = "/Observation?patient=" + patientId + "&_sort=-date,_id&_count=30";
    Bundle fast = get(q, "application/fhir+json");
    Bundle hapi = get(q + "&_format=xml", "application/fhir+xml");
    assertThat(fast.getTotal()).isEqualTo(hapi.getTotal()).isGreaterThan(30);
    assertThat(fast.getEntry().stream().map(Bundle.BundleEntryComponent::getFullUrl).toList())
        .isEqualTo(hapi.getEntry().stream().map(Bundle.BundleEntryComponent::getFullUrl).toList());
    for (int i = 0; i < fast.getEntry().size(); i++) {
      assertThat(fast.getEntry().get(i).getResource().equalsDeep(hapi.getEntry().get(i).getResource())).isTrue();
    }
    assertThat(fast.getLink("next")).isNotNull();
    Bundle second = fhir.loadPage().next(fast).execute();
    assertThat(second.getEntry()).hasSize(Math.min(30, fast.getTotal() - 30));
  }

  @Test
  void smallPagesLinkToTheRestAndCoverTheRecordOnce() throws Exception {
    Bundle all = get("/Patient/" + patientId + "/$everything", "application/fhir+json");
    Bundle page = get("/Patient/" + patientId + "/$everything?_count=50", "application/fhir+json");
    List<String> seen = new ArrayList<>();
    while (true) {
      page.getEntry().forEach(e -> seen.add(e.getFullUrl()));
      if (page.getLink("next") == null) {
        break;
      }
      page = fhir.loadPage().next(page).execute();
    }
    assertThat(seen).doesNotHaveDuplicates().hasSize(all.getTotal());
    assertThat(seen).containsExactlyInAnyOrderElementsOf(all.getEntry().stream().map(Bundle.BundleEntryComponent::getFullUrl).toList());
  }

  @Test
  void unknownPatientsAndOtherParametersGoToHapi() throws Exception {
    HttpResponse<String> missing = HTTP.send(HttpRequest.newBuilder(URI.create(RunningPlatform.baseUrl() + "/Patient/nobody/$everything")).header("Authorization", RunningPlatform.bearer())
        .header("Accept", "application/fhir+json").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("OperationOutcome");
    Bundle zero = get("/Patient/" + patientId + "/$everything?_count=0", "application/fhir+json");
    assertThat(zero.getEntry()).isEmpty();
  }

  private static Bundle get(String path, String accept) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(RunningPlatform.baseUrl() + path)).header("Authorization", RunningPlatform.bearer()).header("Accept", accept).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return accept.contains("xml")
        ? RunningPlatform.context().newXmlParser().parseResource(Bundle.class, r.body())
        : RunningPlatform.context().newJsonParser().parseResource(Bundle.class, r.body());
  }
}
