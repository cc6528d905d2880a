package org.hutong.record.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hutong.record.search.SearchSupport.get;
import static org.hutong.record.search.SearchSupport.matches;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hutong.record.search.SearchSupport.Raw;
import org.hutong.record.search.SearchSupport.Scope;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * What a search the server cannot answer gets: HTTP 400 with an OperationOutcome that says what
 * was wrong, unless the client asked with {@code Prefer: handling=lenient} for unknown parameters
 * to be ignored.
 */
@TestInstance(Lifecycle.PER_CLASS)
class SearchErrorsTest {

  final Scope scope = new Scope();
  String tag;
  List<String> p;

  @BeforeAll
  void data() {
    tag = scope.tag().replace("|", "%7C");
    p = scope.create(new Patient().setActive(true), new Patient().setActive(false));
  }

  @Test
  void unknownParameterIsRejectedNamingIt() {
    Raw raw = get("Patient?nosuchparam=1&" + tag);
    raw.isBadRequestMentioning("nosuchparam");
    assertThat(raw.outcome().getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);

    assertThatThrownBy(() -> scope.search("Patient", "nosuchparam=1"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("nosuchparam");
    get("Patient?nosuchparam=1&" + tag, "Prefer", "handling=strict").isBadRequestMentioning("nosuchparam");
  }

  @Test
  void lenientHandlingIgnoresUnknownParameters() {
    Raw raw = get("Patient?nosuchparam=1&active=true&" + tag, "Prefer", "handling=lenient");
    assertThat(raw.status()).isEqualTo(200);
    assertThat(matches(raw.bundle())).containsExactly(p.get(0));

    Bundle viaClient =
        scope.fhir.search()
            .byUrl("Patient?nosuchparam=1&family:fuzzy=x&" + scope.tag())
            .withAdditionalHeader("Prefer", "handling=lenient")
            .returnBundle(Bundle.class)
            .execute();
    assertThat(matches(viaClient)).isEqualTo(Set.copyOf(p));
  }

  @Test
  void unknownOrInapplicableModifier() {
    get("Patient?family:fuzzy=x&" + tag).isBadRequestMentioning("fuzzy", "family");
    get("Patient?birthdate:exact=1980&" + tag).isBadRequestMentioning("exact", "birthdate");
    get("Patient?gender:contains=male&" + tag).isBadRequestMentioning("contains", "gender");
    get("Observation?subject:identifier=urn:x%7C1&" + tag).isBadRequestMentioning("identifier", "subject");
    get("Patient?_lastUpdated:not=2020&" + tag).isBadRequestMentioning("_lastUpdated");
    get("Patient?gender:missing=maybe&" + tag).isBadRequestMentioning("missing", "maybe");
  }

  @Test
  void unknownChainedParameter() {
    get("Observation?patient.nosuch=1&" + tag).isBadRequestMentioning("nosuch");
    get("Observation?code.text=1&" + tag).isBadRequestMentioning("code");
    get("Observation?patient.organization.name=x&" + tag).isBadRequestMentioning("chain");
  }

  @Test
  void badDates() {
    get("Patient?birthdate=1980-13-45&" + tag).isBadRequestMentioning("birthdate", "1980-13-45");
    get("Patient?birthdate=xx1980&" + tag).isBadRequestMentioning("birthdate", "xx1980");
    get("Patient?birthdate=yesterday&" + tag).isBadRequestMentioning("birthdate");
    get("Patient?birthdate=1980-02-30&" + tag).isBadRequestMentioning("birthdate");
    get("Patient?_lastUpdated=gt2020-01-01T25:00:00Z&" + tag).isBadRequestMentioning("_lastUpdated");
  }

  @Test
  void badNumbersAndPrefixes() {
    get("Observation?value-quantity=zz5.4&" + tag).isBadRequestMentioning("value-quantity");
    get("Observation?value-quantity=five&" + tag).isBadRequestMentioning("value-quantity", "five");
  }

  @Test
  void badCount() {
    get("Patient?_count=abc&" + tag).isBadRequestMentioning("_count", "abc");
    get("Patient?_count=-1&" + tag).isBadRequestMentioning("_count");
  }

  @Test
  void badSort() {
    get("Patient?_sort=nosuch&" + tag).isBadRequestMentioning("nosuch");
    get("Observation?_sort=-subject&" + tag).isBadRequestMentioning("subject");
    assertThat(get("Patient?_sort=nosuch&" + tag, "Prefer", "handling=lenient").status()).isEqualTo(200);
  }

  @Test
  void badInclude() {
    get("Observation?_include=Observation:nosuch&" + tag).isBadRequestMentioning("Observation:nosuch");
    get("Observation?_include=Patient:organization&" + tag).isBadRequestMentioning("Patient:organization");
    get("Patient?_revinclude=Provenance&" + tag).isBadRequestMentioning("Provenance");
    get("Patient?_revinclude=*&" + tag).isBadRequestMentioning("wildcard");
    get("Observation?_include:iterate=Patient:nosuch&" + tag).isBadRequestMentioning("Patient:nosuch");
  }

  @Test
  void errorsAreOperationOutcomesInJson() {
    Raw raw = get("Patient?birthdate=notadate&" + tag);
    assertThat(raw.status()).isEqualTo(400);
    assertThat(raw.body()).contains("\"resourceType\":\"OperationOutcome\"");
    assertThat(raw.outcome().getIssueFirstRep().getCode()).isNotNull();
  }
}
