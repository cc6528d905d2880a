package org.hutong.record.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hutong.record.search.SearchSupport.included;
import static org.hutong.record.search.SearchSupport.matches;
import static org.hutong.record.search.SearchSupport.pick;
import static org.hutong.record.search.SearchSupport.ref;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;
import org.hutong.record.search.SearchSupport.Raw;
import org.hutong.record.search.SearchSupport.Scope;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * What shapes a search's response rather than its matches: {@code _count} and paging, {@code
 * _sort}, {@code _total}, {@code _include}, {@code _revinclude}, {@code _summary=count}, and
 * {@code _lastUpdated}.
 */
class ResultControlTest {

  /** 23 patients: born on 5 different days (so sorting has ties), with distinct family names. */
  @Nested
  @TestInstance(Lifecycle.PER_CLASS)
  class PagingAndSorting {
    static final int N = 23;
    final Scope scope = new Scope();
    List<String> p;
    List<Patient> patients = new ArrayList<>();

    @BeforeAll
    void data() {
      for (int i = 0; i < N; i++) {
        Patient patient = new Patient().setBirthDateElement(new DateType("199" + (i % 5) + "-01-01"));
        patient.addName().setFamily(String.format("Fam%02d", (i * 7) % N)); // distinct, not in creation order
        patients.add(patient);
      }
      p = scope.create(patients.toArray(Patient[]::new));
    }

    private List<String> allPages(Bundle first) {
      List<String> seen = new ArrayList<>();
      Bundle page = first;
      int pages = 0;
      while (page != null) {
        assertThat(++pages).as("pages").isLessThan(50);
        assertThat(page.getEntry().size()).isLessThanOrEqualTo(5);
        seen.addAll(matches(page));
        page = page.getLink(Bundle.LINK_NEXT) == null ? null : scope.fhir.loadPage().next(page).execute();
      }
      return seen;
    }

    private List<String> inOrder(String query) {
      return new ArrayList<>(matches(scope.search("Patient", query + "&_count=100")));
    }

    @Test
    void nextLinksVisitEveryMatchOnceInAStableOrder() {
      Bundle first = scope.search("Patient", "_count=5&_sort=birthdate");
      assertThat(first.getEntry()).hasSize(5);
      assertThat(first.getTotal()).isEqualTo(N);
      assertThat(first.getLink(Bundle.LINK_PREV)).isNull();
      assertThat(first.getLink(Bundle.LINK_NEXT)).isNotNull();

      // a match created while paging does not disturb the pages already promised
      Patient late = new Patient().setBirthDateElement(new DateType("1989-06-06"));
      String lateId = scope.create(late);
      List<String> seen;
      try {
        seen = allPages(first);
      } finally {
        scope.fhir.delete().resourceById("Patient", lateId).execute(); // the other tests count on N
      }
      assertThat(seen).hasSize(N).doesNotHaveDuplicates();
      assertThat(new HashSet<>(seen)).isEqualTo(new HashSet<>(p));
      assertThat(seen).isEqualTo(inOrder("_sort=birthdate").stream().filter(p::contains).toList());
      // ties on birthdate stay in one order from one search to the next
      assertThat(allPages(scope.search("Patient", "_count=5&_sort=birthdate"))).isEqualTo(inOrder("_sort=birthdate"));
    }

    @Test
    void previousLinkGoesBack() {
      Bundle first = scope.search("Patient", "_count=5&_sort=family");
      Bundle second = scope.fhir.loadPage().next(first).execute();
      assertThat(second.getLink(Bundle.LINK_PREV)).isNotNull();
      Bundle back = scope.fhir.loadPage().previous(second).execute();
      assertThat(matches(back)).containsExactlyElementsOf(matches(first));
      assertThat(matches(second)).doesNotContainAnyElementsOf(matches(first));
    }

    @Test
    void countLimitsThePageAndTotalStaysAccurate() {
      Bundle page = scope.search("Patient", "_count=2&_total=accurate");
      assertThat(page.getEntry()).hasSize(2);
      assertThat(page.getTotal()).isEqualTo(N);
      assertThat(scope.search("Patient", "_count=100").getEntry()).hasSize(N);
      assertThat(scope.search("Patient", "_count=100").getLink(Bundle.LINK_NEXT)).isNull();
    }

    @Test
    void countZeroGivesTheTotalOnly() {
      Bundle page = scope.search("Patient", "_count=0");
      assertThat(page.getEntry()).isEmpty();
      assertThat(page.getTotal()).isEqualTo(N);
    }

    @Test
    void summaryCount() {
      Bundle counted = scope.search("Patient", "_summary=count");
      assertThat(counted.getTotal()).isEqualTo(N);
      assertThat(counted.getEntry()).isEmpty();
      assertThat(scope.search("Patient", "_summary=count&birthdate=1990").getTotal()).isEqualTo(5);
    }

    @Test
    void sortByStringBothWays() {
      List<String> expected =
          patients.stream()
              .sorted((a, b) -> a.getNameFirstRep().getFamily().compareTo(b.getNameFirstRep().getFamily()))
              .map(x -> x.getIdElement().getIdPart())
              .toList();
      assertThat(inOrder("_sort=family")).isEqualTo(expected);
      assertThat(inOrder("_sort=-family")).isEqualTo(expected.reversed());
    }

    @Test
    void sortByDateBothWaysAndByTwoKeys() {
      List<String> ascending = inOrder("_sort=birthdate");
      List<String> years = ascending.stream().map(this::birthYear).toList();
      assertThat(years).isSorted();
      List<String> descending = inOrder("_sort=-birthdate").stream().map(this::birthYear).toList();
      assertThat(descending).isSortedAccordingTo((a, b) -> b.compareTo(a));

      List<String> twoKeys = inOrder("_sort=-birthdate,family");
      List<String> expected =
          patients.stream()
              .sorted(
                  (a, b) -> {
                    int byDate = b.getBirthDateElement().getValueAsString().compareTo(a.getBirthDateElement().getValueAsString());
                    return byDate != 0 ? byDate : a.getNameFirstRep().getFamily().compareTo(b.getNameFirstRep().getFamily());
                  })
              .map(x -> x.getIdElement().getIdPart())
              .toList();
      assertThat(twoKeys).isEqualTo(expected);
    }

    private String birthYear(String id) {
      return patients.get(p.indexOf(id)).getBirthDateElement().getValueAsString();
    }

    @Test
    void sortById() {
      List<String> sorted = new ArrayList<>(p);
      sorted.sort(String::compareTo);
      assertThat(inOrder("_sort=_id")).isEqualTo(sorted);
      assertThat(inOrder("_sort=-_id")).isEqualTo(sorted.reversed());
    }
  }

  @Nested
  @TestInstance(Lifecycle.PER_CLASS)
  class SortByPeriodAndDateTime {
    final Scope scope = new Scope();
    List<String> obs;

    @BeforeAll
    void data() {
      obs =
          scope.create(
              at(new DateTimeType("2020-03-01T10:00:00Z")),
              at(new Period().setStartElement(new DateTimeType("2020-01-01")).setEndElement(new DateTimeType("2020-12-31"))),
              at(new DateTimeType("2019-05-05")),
              at(new DateTimeType("2020-06-01T00:00:00+08:00")));
    }

    private Observation at(Type effective) {
      Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL).setEffective(effective);
      o.getCode().setText("sorted");
      return o;
    }

    @Test
    void ascendingByStartDescendingByEnd() {
      assertThat(new ArrayList<>(scope.ids("Observation", "_sort=date"))).containsExactly(obs.get(2), obs.get(1), obs.get(0), obs.get(3));
      assertThat(new ArrayList<>(scope.ids("Observation", "_sort=-date"))).containsExactly(obs.get(1), obs.get(3), obs.get(0), obs.get(2));
    }
  }

  @Nested
  @TestInstance(Lifecycle.PER_CLASS)
  class Includes {
    final Scope scope = new Scope();
    Patient alice = new Patient();
    Patient bob = new Patient();
    List<String> obs;
    Medication medication = new Medication();
    Organization manufacturer = new Organization().setName("Pharma");
    List<String> requests;
    Provenance provenance = new Provenance();

    @BeforeAll
    void data() {
      alice.addName().setFamily("Include");
      bob.addName().setFamily("Include");
      medication.getCode().addCoding().setSystem("http://www.nlm.nih.gov/research/umls/rxnorm").setCode("313782");
      scope.create(alice, bob, manufacturer);
      medication.setManufacturer(ref(manufacturer));
      scope.create(medication);
      obs = scope.create(observation(alice), observation(alice), observation(bob), observation(null));
      MedicationRequest byReference = request().setMedication(ref(medication));
      MedicationRequest byCode = request();
      byCode.getMedicationCodeableConcept().setText("aspirin");
      requests = scope.create(byReference, byCode);
      provenance.addTarget(ref(alice)).addTarget(new Reference("Observation/" + obs.get(0)));
      provenance.setRecorded(new Date());
      provenance.addAgent().setWho(ref(alice));
      scope.create(provenance);
    }

    private Observation observation(Patient subject) {
      Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL);
      o.getCode().setText("included");
      if (subject != null) {
        o.setSubject(ref(subject));
      }
      return o;
    }

    private MedicationRequest request() {
      return new MedicationRequest()
          .setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE)
          .setIntent(MedicationRequest.MedicationRequestIntent.ORDER)
          .setSubject(ref(alice));
    }

    private String typed(Resource r) {
      return r.fhirType() + "/" + r.getIdElement().getIdPart();
    }

    @Test
    void includeObservationPatient() {
      Bundle bundle = scope.search("Observation", "_include=Observation:patient");
      assertThat(matches(bundle)).isEqualTo(new LinkedHashSet<>(obs));
      assertThat(included(bundle)).containsExactlyInAnyOrder(typed(alice), typed(bob));
      assertThat(bundle.getEntry()).hasSize(6); // each included patient once
      assertThat(bundle.getTotal()).isEqualTo(4); // includes do not count
    }

    @Test
    void includeFollowsOnlyTheMatchesOfThePage() {
      Bundle bundle = scope.search("Observation", "_include=Observation:patient&patient=" + bob.getIdElement().getIdPart());
      assertThat(matches(bundle)).isEqualTo(pick(obs, 2));
      assertThat(included(bundle)).containsExactly(typed(bob));
    }

    @Test
    void everyPageCarriesTheIncludesOfItsOwnMatches() {
      Bundle page = scope.search("Observation", "_include=Observation:patient&_sort=_id&_count=1");
      List<String> seen = new ArrayList<>();
      while (page != null) {
        assertThat(matches(page)).hasSize(1);
        String id = matches(page).iterator().next();
        Observation o = scope.fhir.read().resource(Observation.class).withId(id).execute();
        assertThat(included(page))
            .isEqualTo(o.hasSubject() ? Set.of(o.getSubject().getReferenceElement().toUnqualifiedVersionless().getValue()) : Set.of());
        seen.add(id);
        page = page.getLink(Bundle.LINK_NEXT) == null ? null : scope.fhir.loadPage().next(page).execute();
      }
      assertThat(seen).containsExactlyInAnyOrderElementsOf(obs);
    }

    @Test
    void includeMedicationRequestMedication() {
      Bundle bundle = scope.search("MedicationRequest", "_include=MedicationRequest:medication");
      assertThat(matches(bundle)).isEqualTo(new LinkedHashSet<>(requests));
      assertThat(included(bundle)).containsExactly(typed(medication));
    }

    @Test
    void includeIterateFollowsIncludedResources() {
      Bundle bundle =
          scope.search("MedicationRequest", "_include=MedicationRequest:medication&_include:iterate=Medication:manufacturer");
      assertThat(matches(bundle)).isEqualTo(new LinkedHashSet<>(requests));
      assertThat(included(bundle)).containsExactlyInAnyOrder(typed(medication), typed(manufacturer));
    }

    @Test
    void includeWildcardFollowsEveryReference() {
      Bundle bundle = scope.search("MedicationRequest", "_include=*");
      assertThat(included(bundle)).containsExactlyInAnyOrder(typed(medication), typed(alice));
      assertThat(included(scope.search("MedicationRequest", "_include=MedicationRequest:*"))).containsExactlyInAnyOrder(typed(medication), typed(alice));
    }

    @Test
    void revincludeProvenanceTarget() {
      Bundle patients = scope.search("Patient", "_revinclude=Provenance:target");
      assertThat(matches(patients)).containsExactlyInAnyOrder(alice.getIdElement().getIdPart(), bob.getIdElement().getIdPart());
      assertThat(included(patients)).containsExactly(typed(provenance));

      Bundle observations = scope.search("Observation", "_revinclude=Provenance:target&_include=Observation:patient");
      assertThat(included(observations)).containsExactlyInAnyOrder(typed(provenance), typed(alice), typed(bob));

      Bundle bobOnly = scope.search("Patient", "_revinclude=Provenance:target&_id=" + bob.getIdElement().getIdPart());
      assertThat(included(bobOnly)).isEmpty();
    }
  }

  @Nested
  @TestInstance(Lifecycle.PER_CLASS)
  class LastUpdated {
    final Scope scope = new Scope();
    String first;
    String second;
    Instant firstUpdated;

    @BeforeAll
    void data() throws InterruptedException {
      first = scope.create(new Patient());
      firstUpdated = scope.fhir.read().resource(Patient.class).withId(first).execute().getMeta().getLastUpdated().toInstant();
      Thread.sleep(5);
      second = scope.create(new Patient());
    }

    @Test
    void prefixesAgainstTheMillisecondOfAnUpdate() {
      String at = firstUpdated.truncatedTo(ChronoUnit.MILLIS).toString();
      assertThat(scope.ids("Patient", "_lastUpdated=" + at)).containsExactly(first);
      assertThat(scope.ids("Patient", "_lastUpdated=gt" + at)).containsExactly(second);
      assertThat(scope.ids("Patient", "_lastUpdated=le" + at)).containsExactly(first);
      assertThat(scope.ids("Patient", "_lastUpdated=lt" + at)).isEmpty();
      assertThat(scope.ids("Patient", "_lastUpdated=ne" + at)).containsExactly(second);
    }

    @Test
    void byDay() {
      LocalDate yesterday = firstUpdated.atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
      assertThat(scope.ids("Patient", "_lastUpdated=gt" + yesterday)).containsExactlyInAnyOrder(first, second);
      assertThat(scope.ids("Patient", "_lastUpdated=lt" + yesterday)).isEmpty();
      assertThat(scope.ids("Patient", "_lastUpdated=ge" + yesterday.minusDays(1) + "&_lastUpdated=lt" + yesterday.plusDays(3)))
          .containsExactlyInAnyOrder(first, second);
    }

    @Test
    void sortByLastUpdated() {
      assertThat(new ArrayList<>(scope.ids("Patient", "_sort=_lastUpdated"))).containsExactly(first, second);
      assertThat(new ArrayList<>(scope.ids("Patient", "_sort=-_lastUpdated"))).containsExactly(second, first);
    }
  }

  @Test
  void anUnknownOrExpiredPageIsGone() {
    Raw raw = SearchSupport.get("?_getpages=3a2b6c7d-0000-4000-8000-000000000000&_getpagesoffset=5&_count=5");
    assertThat(raw.status()).as(raw.body()).isEqualTo(410);
    assertThat(raw.outcome().getIssueFirstRep().getDiagnostics()).contains("run the search again");
  }

  /** The raw response of a {@code _summary=count} search, as a client without HAPI sees it. */
  @Test
  void summaryCountOverRawHttp() {
    Scope scope = new Scope();
    scope.create(new Patient(), new Patient());
    Raw raw = SearchSupport.get("Patient?_summary=count&" + scope.tag().replace("|", "%7C"));
    assertThat(raw.status()).isEqualTo(200);
    Bundle bundle = raw.bundle();
    assertThat(bundle.getTotal()).isEqualTo(2);
    assertThat(bundle.getEntry()).isEmpty();
    assertThat(Set.of(bundle.getType())).containsExactly(Bundle.BundleType.SEARCHSET);
  }
}
