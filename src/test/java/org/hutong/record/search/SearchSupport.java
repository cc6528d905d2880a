package org.hutong.record.search;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.SearchEntryMode;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hutong.testing.RunningPlatform;

/**
 * What the search behaviour tests share. Tests share one database, so every test class works in
 * a {@link Scope}: each resource it creates carries the scope's own tag, and every search it runs
 * is constrained by that tag, so the sets of ids it asserts are exact.
 */
final class SearchSupport {

  static final String TAG_SYSTEM = "urn:hutong:test:scope";

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private SearchSupport() {}

  static IGenericClient fhir() {
    return RunningPlatform.fhir();
  }

  /** A test's own slice of the shared database. */
  static final class Scope {
    final String code = RunningPlatform.unique("scope");
    final IGenericClient fhir = RunningPlatform.fhir();

    /** The tag constraint to add to a search: {@code _tag=system|code}. */
    String tag() {
      return "_tag=" + TAG_SYSTEM + "|" + code;
    }

    /** Tags the resources and creates them in one transaction; returns their new ids in order. */
    List<String> create(Resource... resources) {
      Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
      for (Resource r : resources) {
        r.getMeta().addTag(TAG_SYSTEM, code, null);
        tx.addEntry().setResource(r).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(r.fhirType());
      }
      Bundle response = fhir.transaction().withBundle(tx).execute();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < resources.length; i++) {
        String location = response.getEntry().get(i).getResponse().getLocation();
        String id = location.split("/")[1];
        resources[i].setId(resources[i].fhirType() + "/" + id);
        ids.add(id);
      }
      return ids;
    }

    /** Tags and creates one resource; returns its id. */
    String create(Resource resource) {
      return create(new Resource[] {resource}).getFirst();
    }

    /** Searches {@code type?query} within this scope. */
    Bundle search(String type, String query) {
      String url = type + "?" + (query.isEmpty() ? "" : query + "&") + tag();
      return fhir.search().byUrl(url).returnBundle(Bundle.class).execute();
    }

    /** The ids of the matches of {@code type?query} within this scope (first page, up to 100). */
    Set<String> ids(String type, String query) {
      return matches(search(type, query + (query.contains("_count=") ? "" : (query.isEmpty() ? "" : "&") + "_count=100")));
    }
  }

  /** The ids of the entries of the bundle whose search mode is match, in bundle order. */
  static Set<String> matches(Bundle bundle) {
    return ids(bundle, SearchEntryMode.MATCH);
  }

  /** The ids ({@code Type/id}) of the entries whose search mode is include, in bundle order. */
  static Set<String> included(Bundle bundle) {
    Set<String> out = new LinkedHashSet<>();
    for (BundleEntryComponent e : bundle.getEntry()) {
      if (e.getSearch().getMode() == SearchEntryMode.INCLUDE) {
        out.add(e.getResource().fhirType() + "/" + e.getResource().getIdElement().getIdPart());
      }
    }
    return out;
  }

  static Set<String> ids(Bundle bundle, SearchEntryMode mode) {
    Set<String> out = new LinkedHashSet<>();
    for (BundleEntryComponent e : bundle.getEntry()) {
      if (e.getSearch().getMode() == mode) {
        out.add(e.getResource().getIdElement().getIdPart());
      }
    }
    return out;
  }

  /** Picks ids out of a list by position, for readable expectations: {@code pick(ids, 0, 2)}. */
  static Set<String> pick(List<String> ids, int... positions) {
    Set<String> out = new LinkedHashSet<>();
    Arrays.stream(positions).forEach(i -> out.add(ids.get(i)));
    return out;
  }

  static Reference ref(Resource resource) {
    return new Reference(resource.fhirType() + "/" + resource.getIdElement().getIdPart());
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** A raw GET, for what the generic client hides: status codes and headers. */
  static Raw get(String pathAndQuery, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(RunningPlatform.baseUrl() + "/" + pathAndQuery)).header("Authorization", RunningPlatform.bearer())
            .header("Accept", "application/fhir+json");
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Raw(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  record Raw(int status, String body) {

    OperationOutcome outcome() {
      return RunningPlatform.context().newJsonParser().parseResource(OperationOutcome.class, body);
    }

    Bundle bundle() {
      return RunningPlatform.context().newJsonParser().parseResource(Bundle.class, body);
    }

    /** Asserts a 400 whose OperationOutcome diagnostics mention every one of the words. */
    void isBadRequestMentioning(String... words) {
      assertThat(status).as("status of %s", body).isEqualTo(400);
      String diagnostics = outcome().getIssueFirstRep().getDiagnostics();
      assertThat(diagnostics).as("diagnostics").isNotBlank();
      for (String word : words) {
        assertThat(diagnostics).containsIgnoringCase(word);
      }
    }
  }
}
