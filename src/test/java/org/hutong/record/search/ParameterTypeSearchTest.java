package org.hutong.record.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hutong.record.search.SearchSupport.pick;
import static org.hutong.record.search.SearchSupport.ref;

import ca.uhn.fhir.rest.api.SearchStyleEnum;
import ca.uhn.fhir.rest.gclient.TokenClientParam;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hutong.record.search.SearchSupport.Scope;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * Search by each parameter type, per https://hl7.org/fhir/R4/search.html, over HTTP against the
 * running server. Each nested class creates its own small data set and asserts the exact set of
 * ids that match, so a parameter that matches too much fails as surely as one that matches too
 * little.
 */
class ParameterTypeSearchTest {

  private static final String LOINC = "http://loinc.org";
  private static final String UCUM = "http://unitsofmeasure.org";

  @Nested
  @TestInstance(Lifecycle.PER_CLASS)
  class Token {
    final Scope scope = new Scope();
    final String sysA = "urn:test:" + RunningPlatform.unique("a");
    final String sysB = "urn:test:" + RunningPlatform.unique("b");
    final String sysC = "urn:test:" + RunningPlatform.unique("c");
    List<String> p;
    List<String> obs;

    @BeforeAll
    void data() {
      Patient p0 = new Patient().setGender(AdministrativeGender.MALE).setActive(true);
      p0.addIdentifier().setSystem(sysA).setValue("v1");
      p0.addIdentifier().setSystem(sysC).setValue("x");
      Patient p1 = new Patient().setGender(AdministrativeGender.FEMALE).setActive(false);
      p1.addIdentifier().setSystem(sysB).setValue("v1");
      Patient p2 = new Patient(); // no gender, no active
      p2.addIdentifier().setValue("v1"); // no system
      Patient p3 = new Patient().setGender(AdministrativeGender.OTHER);
      p3.addIdentifier().setSystem(sysA).setValue("v2");
      p = scope.create(p0, p1, p2, p3);

      Observation o0 = observation(new Coding(LOINC, "8867-4", "Heart rate"));
      Observation o1 = observation(new Coding(LOINC, "8310-5", "Body temperature"), new Coding("urn:local", "TEMP", null));
      Observation o2 = observation(new Coding("urn:local", "8867-4", null)); // same code, other system
      o2.setStatus(Observation.ObservationStatus.PRELIMINARY);
      o2.addIdentifier().setSystem("urn:local:ids").setValue("x|y,z");
      Observation o3 = observation(new Coding(LOINC, "718-7", "Hämoglobin [Masse/Volumen] im Blut"));
      o3.getCode().setText("Hb");
      o3.setStatus(Observation.ObservationStatus.AMENDED);
      obs = scope.create(o0, o1, o2, o3);
    }

    private Observation observation(Coding... codings) {
      Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL);
      CodeableConcept code = new CodeableConcept();
      for (Coding c : codings) {
        code.addCoding(c);
      }
      return o.setCode(code);
    }

    @Test
    void codeAloneMatchesAnySystem() {
      assertThat(scope.ids("Patient", "identifier=v1")).isEqualTo(pick(p, 0, 1, 2));
      assertThat(scope.ids("Observation", "code=8867-4")).isEqualTo(pick(obs, 0, 2));
    }

    @Test
    void systemAndCode() {
      assertThat(scope.ids("Patient", "identifier=" + sysA + "|v1")).isEqualTo(pick(p, 0));
      assertThat(scope.ids("Observation", "code=" + LOINC + "|8867-4")).isEqualTo(pick(obs, 0));
      assertThat(scope.ids("Observation", "code=urn:local|TEMP")).isEqualTo(pick(obs, 1));
    }

    @Test
    void emptySystemMeansNoSystem() {
      assertThat(scope.ids("Patient", "identifier=|v1")).isEqualTo(pick(p, 2));
    }

    @Test
    void systemAloneMatchesAnyCodeInIt() {
      assertThat(scope.ids("Patient", "identifier=" + sysA + "|")).isEqualTo(pick(p, 0, 3));
      assertThat(scope.ids("Observation", "code=urn:local|")).isEqualTo(pick(obs, 1, 2));
    }

    @Test
    void commaIsOr() {
      assertThat(scope.ids("Patient", "identifier=" + sysA + "|v1," + sysB + "|v1")).isEqualTo(pick(p, 0, 1));
      assertThat(scope.ids("Observation", "code=8310-5,urn:local|8867-4")).isEqualTo(pick(obs, 1, 2));
    }

    @Test
    void repeatedParameterIsAnd() {
      assertThat(scope.ids("Patient", "identifier=" + sysA + "|&identifier=" + sysC + "|x")).isEqualTo(pick(p, 0));
      assertThat(scope.ids("Patient", "identifier=" + sysA + "|v2&identifier=v1")).isEmpty();
      assertThat(scope.ids("Observation", "code=8867-4&status=preliminary")).isEqualTo(pick(obs, 2));
    }

    @Test
    void genderWithAndWithoutItsSystem() {
      assertThat(scope.ids("Patient", "gender=male")).isEqualTo(pick(p, 0));
      assertThat(scope.ids("Patient", "gender=http://hl7.org/fhir/administrative-gender|female")).isEqualTo(pick(p, 1));
      assertThat(scope.ids("Patient", "gender=male,other")).isEqualTo(pick(p, 0, 3));
    }

    @Test
    void activeBoolean() {
      assertThat(scope.ids("Patient", "active=true")).isEqualTo(pick(p, 0));
      assertThat(scope.ids("Patient", "active=false")).isEqualTo(pick(p, 1));
    }

    @Test
    void missing() {
      assertThat(scope.ids("Patient", "gender:missing=true")).isEqualTo(pick(p, 2));
      assertThat(scope.ids("Patient", "gender:missing=false")).isEqualTo(pick(p, 0, 1, 3));
      assertThat(scope.ids("Patient", "active:missing=true")).isEqualTo(pick(p, 2, 3));
      assertThat(scope.ids("Patient", "active:missing=false")).isEqualTo(pick(p, 0, 1));
    }

    @Test
    void notExcludesMatchesButKeepsResourcesWithoutAValue() {
      assertThat(scope.ids("Patient", "gender:not=male")).isEqualTo(pick(p, 1, 2, 3));
      assertThat(scope.ids("Patient", "gender:not=male,female")).isEqualTo(pick(p, 2, 3));
      assertThat(scope.ids("Observation", "code:not=" + LOINC + "|8867-4")).isEqualTo(pick(obs, 1, 2, 3));
    }

    @Test
    void escapedPipeAndCommaAreLiteral() {
      assertThat(scope.ids("Observation", "identifier=urn:local:ids|x%5C|y%5C,z")).isEqualTo(pick(obs, 2));
      assertThat(scope.ids("Observation", "identifier=x%5C|y%5C,z")).isEqualTo(pick(obs, 2));
      assertThat(scope.ids("Observation", "identifier=urn:local:ids|x")).isEmpty();
    }

    @Test
    void tokenText() {
      assertThat(scope.ids("Observation", "code:text=body%20temp")).isEqualTo(pick(obs, 1));
      // like a string: case- and accent-insensitive, on the codings' displays and the concept's text
      assertThat(scope.ids("Observation", "code:text=HAMOGLOBIN")).isEqualTo(pick(obs, 3));
      assertThat(scope.ids("Observation", "code:text=hb")).isEqualTo(pick(obs, 3));
    }
  }

  @Nested
  @TestInstance(Lifecycle.PER_CLASS)
  class Strings {
    final Scope scope = new Scope();
    List<String> p;
    List<String> obs;

    @BeforeAll
    void data() {
      Patient p0 = person("Müller", "Hans");
      p0.addAddress().addLine("Bahnhofstrasse 1").setCity("Zürich").setPostalCode("8001").setCountry("CH");
      Patient p1 = person("Mueller", "Anna");
      Patient p2 = person("张", "伟");
      p2.getNameFirstRep().setText("张伟");
      p2.addAddress().addLine("长安街 1 号").setCity("北京").setPostalCode("100000").setCountry("CN");
      Patient p3 = person("Ostermüller", "Zed");
      Patient p4 = person("MULLER", "Zoë");
      p4.addAddress().setCity("Zug").setPostalCode("6300");
      Patient p5 = person("Smith,Jr", "Will");
      p = scope.create(p0, p1, p2, p3, p4, p5);
      Observation positive = new Observation().setStatus(Observation.ObservationStatus.FINAL).setValue(new StringType("Positive für Influenza"));
      Observation negative = new Observation().setStatus(Observation.ObservationStatus.FINAL).setValue(new CodeableConcept().setText("Négative"));
      obs = scope.create(positive, negative);
    }

    private Patient person(String family, String given) {
      Patient patient = new Patient();
      patient.addName().setFamily(family).addGiven(given);
      return patient;
    }

    @Test
    void defaultIsCaseAndAccentInsensitiveStartsWith() {
      assertThat(scope.ids("Patient", "family=muller")).isEqualTo(pick(p, 0, 4));
      assertThat(scope.ids("Patient", "family=MÜL")).isEqualTo(pick(p, 0, 4));
      assertThat(scope.ids("Patient", "family=mue")).isEqualTo(pick(p, 1));
      assertThat(scope.ids("Patient", "given=zoe")).isEqualTo(pick(p, 4));
    }

    @Test
    void stringModifiersThroughTheFluentClient() {
      TokenClientParam tag = new TokenClientParam("_tag");
      Bundle exact =
          scope.fhir.search()
              .forResource(Patient.class)
              .where(Patient.FAMILY.matchesExactly().value("Müller"))
              .and(tag.exactly().systemAndCode(SearchSupport.TAG_SYSTEM, scope.code))
              .returnBundle(Bundle.class)
              .execute();
      assertThat(SearchSupport.matches(exact)).isEqualTo(pick(p, 0));
      Bundle contains =
          scope.fhir.search()
              .forResource(Patient.class)
              .where(Patient.FAMILY.contains().value("müll"))
              .and(Patient.GIVEN.matches().values("zed", "zoe"))
              .and(tag.exactly().systemAndCode(SearchSupport.TAG_SYSTEM, scope.code))
              .returnBundle(Bundle.class)
              .execute();
      assertThat(SearchSupport.matches(contains)).isEqualTo(pick(p, 3, 4));
    }

    @Test
    void exactIsWholeValueCaseAndAccentSensitive() {
      assertThat(scope.ids("Patient", "family:exact=Müller")).isEqualTo(pick(p, 0));
      assertThat(scope.ids("Patient", "family:exact=müller")).isEmpty();
      assertThat(scope.ids("Patient", "family:exact=Müll")).isEmpty();
      assertThat(scope.ids("Patient", "given:exact=Zoë")).isEqualTo(pick(p, 4));
    }

    @Test
    void containsMatchesAnywhere() {
      assertThat(scope.ids("Patient", "family:contains=ULLER")).isEqualTo(pick(p, 0, 3, 4));
      assertThat(scope.ids("Patient", "family:contains=rmü")).isEqualTo(pick(p, 3));
    }

    @Test
    void nameCoversFamilyGivenAndText() {
      assertThat(scope.ids("Patient", "name=hans")).isEqualTo(pick(p, 0));
      assertThat(scope.ids("Patient", "name=muller")).isEqualTo(pick(p, 0, 4));
      assertThat(scope.ids("Patient", "name=张伟")).isEqualTo(pick(p, 2));
    }

    @Test
    void chineseNames() {
      assertThat(scope.ids("Patient", "family=张")).isEqualTo(pick(p, 2));
      assertThat(scope.ids("Patient", "given=伟")).isEqualTo(pick(p, 2));
      assertThat(scope.ids("Patient", "family:exact=张")).isEqualTo(pick(p, 2));
      assertThat(scope.ids("Patient", "family=王")).isEmpty();
    }

    @Test
    void address() {
      assertThat(scope.ids("Patient", "address=bahnhof")).isEqualTo(pick(p, 0));
      assertThat(scope.ids("Patient", "address=zurich")).isEqualTo(pick(p, 0));
      assertThat(scope.ids("Patient", "address=z")).isEqualTo(pick(p, 0, 4));
      assertThat(scope.ids("Patient", "address=长安街")).isEqualTo(pick(p, 2));
      assertThat(scope.ids("Patient", "address-city=zür")).isEqualTo(pick(p, 0));
      assertThat(scope.ids("Patient", "address-city=北京")).isEqualTo(pick(p, 2));
      assertThat(scope.ids("Patient", "address-postalcode=100")).isEqualTo(pick(p, 2));
      assertThat(scope.ids("Patient", "address-postalcode=8001,6300")).isEqualTo(pick(p, 0, 4));
    }

    @Test
    void orAndAnd() {
      assertThat(scope.ids("Patient", "family=muller,张")).isEqualTo(pick(p, 0, 2, 4));
      assertThat(scope.ids("Patient", "family=mu&given=anna")).isEqualTo(pick(p, 1));
      assertThat(scope.ids("Patient", "name=muller&name=zoe")).isEqualTo(pick(p, 4));
    }

    @Test
    void observationValueString() {
      assertThat(scope.ids("Observation", "value-string=positive")).isEqualTo(pick(obs, 0));
      assertThat(scope.ids("Observation", "value-string:contains=fur")).isEqualTo(pick(obs, 0));
      assertThat(scope.ids("Observation", "value-string=negative")).isEqualTo(pick(obs, 1));
    }

    @Test
    void escapedCommaIsPartOfTheValue() {
      assertThat(scope.ids("Patient", "family=smith%5C,j")).isEqualTo(pick(p, 5));
      assertThat(scope.ids("Patient", "family=smith%5C,j,mue")).isEqualTo(pick(p, 1, 5));
    }

    @Test
    void likeWildcardsAreLiteral() {
      assertThat(scope.ids("Patient", "family=%25")).isEmpty();
      assertThat(scope.ids("Patient", "family=_uller")).isEmpty();
    }
  }

  @Nested
  @TestInstance(Lifecycle.PER_CLASS)
  class Dates {
    final Scope scope = new Scope();
    List<String> p;
    List<String> obs;
    List<String> enc;
    List<String> docs;

    @BeforeAll
    void data() {
      p =
          scope.create(
              born("1980-03-15"), born("1980-12-31"), born("1981-01-01"), born("1979-12-31"), born("1980-06"),
              new Patient());

      Observation o0 = new Observation().setEffective(new DateTimeType("2020-01-01T10:30:00+08:00")); // 02:30Z on Jan 1
      Observation o1 = new Observation().setEffective(new DateTimeType("2020-01-01T23:30:00-05:00")); // 04:30Z on Jan 2
      Observation o2 =
          new Observation()
              .setEffective(new Period().setStartElement(new DateTimeType("2020-01-01T00:00:00Z")).setEndElement(new DateTimeType("2020-01-03T00:00:00Z")));
      Observation o3 = new Observation().setEffective(new DateTimeType("2019-12-31"));
      for (Observation o : List.of(o0, o1, o2, o3)) {
        o.setStatus(Observation.ObservationStatus.FINAL).getCode().setText("date test");
      }
      obs = scope.create(o0, o1, o2, o3);

      enc =
          scope.create(
              encounter("2021-05-01T08:00:00Z", "2021-05-01T10:00:00Z"),
              encounter("2021-05-01T22:00:00Z", "2021-05-03T10:00:00Z"),
              encounter("2021-04-01", null));

      DocumentReference d0 = document("2022-02-02T12:00:00Z", "2022-01-01", "2022-01-31");
      DocumentReference d1 = document("2022-03-01T00:00:00Z", "2022-02-15", "2022-03-15");
      DocumentReference d2 = document("2021-12-31T23:59:59Z", null, null);
      docs = scope.create(d0, d1, d2);
    }

    private Patient born(String date) {
      return new Patient().setBirthDateElement(new DateType(date));
    }

    private Encounter encounter(String start, String end) {
      Encounter e = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED);
      e.getClass_().setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").setCode("AMB");
      e.getPeriod().setStartElement(new DateTimeType(start));
      if (end != null) {
        e.getPeriod().setEndElement(new DateTimeType(end));
      }
      return e;
    }

    private DocumentReference document(String date, String start, String end) {
      DocumentReference d = new DocumentReference().setStatus(DocumentReferenceStatus.CURRENT);
      d.setDateElement(new InstantType(date));
      if (start != null) {
        d.getContext().getPeriod().setStartElement(new DateTimeType(start)).setEndElement(new DateTimeType(end));
      }
      d.addContent().getAttachment().setContentType("text/plain").setUrl("http://example.org/doc");
      return d;
    }

    @Test
    void aDateOfLowerPrecisionIsTheWholeRange() {
      assertThat(scope.ids("Patient", "birthdate=1980")).isEqualTo(pick(p, 0, 1, 4));
      assertThat(scope.ids("Patient", "birthdate=1980-06")).isEqualTo(pick(p, 4));
      assertThat(scope.ids("Patient", "birthdate=1980-03")).isEqualTo(pick(p, 0));
      // a birth date known to the month is not known to be on that day
      assertThat(scope.ids("Patient", "birthdate=1980-06-15")).isEmpty();
      assertThat(scope.ids("Patient", "birthdate=eq1980-03-15")).isEqualTo(pick(p, 0));
      assertThat(scope.ids("Patient", "birthdate=1980-03-15,1981-01-01")).isEqualTo(pick(p, 0, 2));
    }

    @Test
    void prefixes() {
      assertThat(scope.ids("Patient", "birthdate=ne1980")).isEqualTo(pick(p, 2, 3));
      assertThat(scope.ids("Patient", "birthdate=gt1980")).isEqualTo(pick(p, 2));
      assertThat(scope.ids("Patient", "birthdate=lt1980")).isEqualTo(pick(p, 3));
      assertThat(scope.ids("Patient", "birthdate=ge1980")).isEqualTo(pick(p, 0, 1, 2, 4));
      assertThat(scope.ids("Patient", "birthdate=le1980")).isEqualTo(pick(p, 0, 1, 3, 4));
      assertThat(scope.ids("Patient", "birthdate=gt1980-06-15")).isEqualTo(pick(p, 1, 2, 4));
      assertThat(scope.ids("Patient", "birthdate=sa1980-03-15")).isEqualTo(pick(p, 1, 2, 4));
      assertThat(scope.ids("Patient", "birthdate=eb1980-03-15")).isEqualTo(pick(p, 3));
      assertThat(scope.ids("Patient", "birthdate=ge1980-03-15&birthdate=le1980-12-31")).isEqualTo(pick(p, 0, 1, 4));
      assertThat(scope.ids("Patient", "birthdate:missing=true")).isEqualTo(pick(p, 5));
      // approximately: within 10% of the distance from now, decades here
      assertThat(scope.ids("Patient", "birthdate=ap1980-06-15")).isEqualTo(pick(p, 0, 1, 2, 3, 4));
      assertThat(scope.ids("Patient", "birthdate=ap1930")).isEmpty();
    }

    @Test
    void datePrefixesThroughTheFluentClient() {
      Bundle bundle =
          scope.fhir.search()
              .forResource(Patient.class)
              .where(Patient.BIRTHDATE.afterOrEquals().day("1980-03-15"))
              .and(Patient.BIRTHDATE.before().day("1981-01-01"))
              .and(new TokenClientParam("_tag").exactly().systemAndCode(SearchSupport.TAG_SYSTEM, scope.code))
              .returnBundle(Bundle.class)
              .execute();
      assertThat(SearchSupport.matches(bundle)).isEqualTo(pick(p, 0, 1, 4));
    }

    @Test
    void dayAgainstDateTimesWithTime() {
      assertThat(scope.ids("Observation", "date=eq2020-01-01")).isEqualTo(pick(obs, 0));
      assertThat(scope.ids("Observation", "date=2020-01-02")).isEqualTo(pick(obs, 1));
      assertThat(scope.ids("Observation", "date=2020-01")).isEqualTo(pick(obs, 0, 1, 2));
      assertThat(scope.ids("Observation", "date=2020-01-01T02:30:00Z")).isEqualTo(pick(obs, 0));
      assertThat(scope.ids("Observation", "date=2020-01-01T02:30Z")).isEqualTo(pick(obs, 0));
      assertThat(scope.ids("Observation", "date=gt2020-01-01T12:00:00Z")).isEqualTo(pick(obs, 1, 2));
      assertThat(scope.ids("Observation", "date=lt2020-01-01T01:00:00Z")).isEqualTo(pick(obs, 2, 3));
      assertThat(scope.ids("Observation", "date=ge2020-01-02")).isEqualTo(pick(obs, 1, 2));
      assertThat(scope.ids("Observation", "date=le2019-12-31")).isEqualTo(pick(obs, 3));
    }

    @Test
    void aTimeZoneInTheSearchedValueIsHonoured() {
      // 2020-01-01T23:30-05:00 is 2020-01-02T04:30Z
      assertThat(scope.ids("Observation", "date=" + SearchSupport.encode("2020-01-01T23:30:00-05:00"))).isEqualTo(pick(obs, 1));
      assertThat(scope.ids("Observation", "date=" + SearchSupport.encode("2020-01-02T12:30:00+08:00"))).isEqualTo(pick(obs, 1));
    }

    @Test
    void anUnencodedPlusInATimeZoneIsUnderstood() {
      // '+' in a query string means a space; clients often forget to encode the one in a zone
      SearchSupport.Raw raw = SearchSupport.get("Observation?date=2020-01-02T12:30:00+08:00&" + scope.tag().replace("|", "%7C"));
      assertThat(raw.status()).as(raw.body()).isEqualTo(200);
      assertThat(SearchSupport.matches(raw.bundle())).isEqualTo(pick(obs, 1));
    }

    @Test
    void encounterPeriod() {
      assertThat(scope.ids("Encounter", "date=2021-05-01")).isEqualTo(pick(enc, 0));
      assertThat(scope.ids("Encounter", "date=2021-05")).isEqualTo(pick(enc, 0, 1));
      assertThat(scope.ids("Encounter", "date=ge2021-05-02")).isEqualTo(pick(enc, 1, 2));
      assertThat(scope.ids("Encounter", "date=gt2021-05-02")).isEqualTo(pick(enc, 1, 2));
      assertThat(scope.ids("Encounter", "date=le2021-05-01")).isEqualTo(pick(enc, 0, 2));
      assertThat(scope.ids("Encounter", "date=lt2021-04-15")).isEqualTo(pick(enc, 2));
      assertThat(scope.ids("Encounter", "date=sa2021-04-30")).isEqualTo(pick(enc, 0, 1));
      assertThat(scope.ids("Encounter", "date=eb2021-05-04")).isEqualTo(pick(enc, 0, 1));
      assertThat(scope.ids("Encounter", "date=ne2021-05-01")).isEqualTo(pick(enc, 1, 2));
      assertThat(scope.ids("Encounter", "date=ge2021-05-01&date=le2021-05-31")).isEqualTo(pick(enc, 0, 1, 2));
    }

    @Test
    void documentReferenceDateAndPeriod() {
      assertThat(scope.ids("DocumentReference", "date=2022-02")).isEqualTo(pick(docs, 0));
      assertThat(scope.ids("DocumentReference", "date=ge2022-01-01")).isEqualTo(pick(docs, 0, 1));
      assertThat(scope.ids("DocumentReference", "date=lt2022")).isEqualTo(pick(docs, 2));
      assertThat(scope.ids("DocumentReference", "period=2022-01")).isEqualTo(pick(docs, 0));
      assertThat(scope.ids("DocumentReference", "period=ge2022-02-01")).isEqualTo(pick(docs, 1));
      assertThat(scope.ids("DocumentReference", "period=le2022-02-20")).isEqualTo(pick(docs, 0, 1));
      assertThat(scope.ids("DocumentReference", "period:missing=true")).isEqualTo(pick(docs, 2));
    }
  }

  @Nested
  @TestInstance(Lifecycle.PER_CLASS)
  class References {
    final Scope scope = new Scope();
    final String mrn = "urn:test:" + RunningPlatform.unique("mrn");
    Patient alice;
    Patient bob;
    List<String> obs;
    List<String> docs;
    List<String> orgs;
    Practitioner doctor;
    Patient author;

    @BeforeAll
    void data() {
      alice = new Patient();
      alice.addIdentifier().setSystem(mrn).setValue("alice");
      alice.addName().setFamily("Liddell");
      bob = new Patient();
      bob.addIdentifier().setSystem(mrn).setValue("bob");
      bob.addName().setFamily("Builder");
      String family = RunningPlatform.unique("Scribe");
      doctor = new Practitioner();
      doctor.addName().setFamily(family);
      author = new Patient();
      author.addName().setFamily(family);
      Organization clinic = new Organization().setName("Clinic");
      scope.create(alice, bob, doctor, author, clinic);

      // a Group whose id is Alice's: the type in a reference matters
      Group group = new Group().setType(Group.GroupType.PERSON).setActual(true);
      group.setId("Group/" + alice.getIdElement().getIdPart());
      group.getMeta().addTag(SearchSupport.TAG_SYSTEM, scope.code, null);
      scope.fhir.update().resource(group).execute();

      obs =
          scope.create(
              observation(ref(alice)), observation(ref(bob)), observation(new Reference("Group/" + alice.getIdElement().getIdPart())),
              observation(null));

      docs = scope.create(document(ref(doctor), alice), document(ref(clinic), alice), document(ref(author), bob));

      Organization root = new Organization().setName("Root Health");
      scope.create(root);
      Organization region = new Organization().setName("Region North").setPartOf(ref(root));
      scope.create(region);
      Organization site = new Organization().setName("Site One").setPartOf(ref(region));
      scope.create(site);
      orgs = List.of(root.getIdElement().getIdPart(), region.getIdElement().getIdPart(), site.getIdElement().getIdPart());
    }

    private Observation observation(Reference subject) {
      Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL);
      o.getCode().addCoding().setSystem(LOINC).setCode("29463-7");
      if (subject != null) {
        o.setSubject(subject);
      }
      return o;
    }

    private DocumentReference document(Reference author, Patient subject) {
      DocumentReference d = new DocumentReference().setStatus(DocumentReferenceStatus.CURRENT);
      d.setSubject(ref(subject)).addAuthor(author);
      d.addContent().getAttachment().setContentType("text/plain").setUrl("http://example.org/doc");
      return d;
    }

    private String id(Resource r) {
      return r.getIdElement().getIdPart();
    }

    @Test
    void byIdByTypedIdAndByAbsoluteUrl() {
      assertThat(scope.ids("Observation", "patient=" + id(alice))).isEqualTo(pick(obs, 0));
      assertThat(scope.ids("Observation", "patient=Patient/" + id(alice))).isEqualTo(pick(obs, 0));
      assertThat(scope.ids("Observation", "subject=Patient/" + id(alice))).isEqualTo(pick(obs, 0));
      assertThat(scope.ids("Observation", "subject=" + RunningPlatform.baseUrl() + "/Patient/" + id(alice)))
          .isEqualTo(pick(obs, 0));
      // a bare id matches whatever type it points to
      assertThat(scope.ids("Observation", "subject=" + id(alice))).isEqualTo(pick(obs, 0, 2));
    }

    @Test
    void typeModifier() {
      assertThat(scope.ids("Observation", "subject:Patient=" + id(alice))).isEqualTo(pick(obs, 0));
      assertThat(scope.ids("Observation", "subject:Group=" + id(alice))).isEqualTo(pick(obs, 2));
    }

    @Test
    void orAndMissing() {
      assertThat(scope.ids("Observation", "patient=Patient/" + id(alice) + ",Patient/" + id(bob))).isEqualTo(pick(obs, 0, 1));
      assertThat(scope.ids("Observation", "subject:missing=true")).isEqualTo(pick(obs, 3));
      assertThat(scope.ids("Observation", "patient:missing=false")).isEqualTo(pick(obs, 0, 1));
    }

    @Test
    void chainedIdentifier() {
      assertThat(scope.ids("Observation", "patient.identifier=" + mrn + "|alice")).isEqualTo(pick(obs, 0));
      assertThat(scope.ids("Observation", "patient.identifier=" + mrn + "|")).isEqualTo(pick(obs, 0, 1));
      assertThat(scope.ids("Observation", "subject:Patient.identifier=" + mrn + "|bob")).isEqualTo(pick(obs, 1));
      assertThat(scope.ids("Observation", "patient.family=Buil")).isEqualTo(pick(obs, 1));
      assertThat(scope.ids("DocumentReference", "patient.identifier=" + mrn + "|alice")).isEqualTo(pick(docs, 0, 1));
    }

    @Test
    void chainOverAReferenceToSeveralTypes() {
      String family = doctor.getNameFirstRep().getFamily();
      assertThat(scope.ids("DocumentReference", "author.family=" + family)).isEqualTo(pick(docs, 0, 2));
      assertThat(scope.ids("DocumentReference", "author:Practitioner.family=" + family)).isEqualTo(pick(docs, 0));
      assertThat(scope.ids("DocumentReference", "author:Organization.name=clinic")).isEqualTo(pick(docs, 1));
      assertThat(scope.ids("DocumentReference", "author.name=clinic")).isEqualTo(pick(docs, 1));
    }

    @Test
    void organizationPartOf() {
      assertThat(scope.ids("Organization", "partof=" + orgs.get(0))).containsExactly(orgs.get(1));
      assertThat(scope.ids("Organization", "partof=Organization/" + orgs.get(1))).containsExactly(orgs.get(2));
      assertThat(scope.ids("Organization", "partof.name=region")).containsExactly(orgs.get(2));
      assertThat(scope.ids("Organization", "partof:missing=true&name=r,s")).containsExactly(orgs.get(0));
    }
  }

  @Nested
  @TestInstance(Lifecycle.PER_CLASS)
  class Quantities {
    final Scope scope = new Scope();
    List<String> obs;

    @BeforeAll
    void data() {
      obs =
          scope.create(
              valued("5.4", UCUM, "mg"), valued("5.5", UCUM, "mg"), valued("5.44", UCUM, "mg"), valued("6", UCUM, "g"),
              valued("-1", null, null));
    }

    private Observation valued(String value, String system, String code) {
      Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL);
      o.getCode().addCoding().setSystem("urn:hutong:test:codes").setCode("a-quantity"); // no plausibility rule: -1 is a value here
      Quantity q = new Quantity().setValue(new BigDecimal(value)).setUnit(code);
      if (system != null) {
        q.setSystem(system).setCode(code);
      }
      return o.setValue(q);
    }

    @Test
    void equalityHonoursThePrecisionOfTheSearchedValue() {
      assertThat(scope.ids("Observation", "value-quantity=5.4")).isEqualTo(pick(obs, 0, 2));
      assertThat(scope.ids("Observation", "value-quantity=eq5.40")).isEqualTo(pick(obs, 0));
      // 6 stands for [5.5, 6.5), 6.0 for [5.95, 6.05)
      assertThat(scope.ids("Observation", "value-quantity=6")).isEqualTo(pick(obs, 1, 3));
      assertThat(scope.ids("Observation", "value-quantity=6.0")).isEqualTo(pick(obs, 3));
      assertThat(scope.ids("Observation", "value-quantity=5")).isEqualTo(pick(obs, 0, 2));
      assertThat(scope.ids("Observation", "value-quantity=-1")).isEqualTo(pick(obs, 4));
    }

    @Test
    void prefixesWithSystemAndUnit() {
      assertThat(scope.ids("Observation", "value-quantity=gt5.4|" + UCUM + "|mg")).isEqualTo(pick(obs, 1, 2));
      assertThat(scope.ids("Observation", "value-quantity=ge5.4||mg")).isEqualTo(pick(obs, 0, 1, 2));
      assertThat(scope.ids("Observation", "value-quantity=lt5.5")).isEqualTo(pick(obs, 0, 2, 4));
      assertThat(scope.ids("Observation", "value-quantity=le5.5|" + UCUM + "|mg")).isEqualTo(pick(obs, 0, 1, 2));
      assertThat(scope.ids("Observation", "value-quantity=gt5|" + UCUM + "|g")).isEqualTo(pick(obs, 3));
      assertThat(scope.ids("Observation", "value-quantity=ne5.4")).isEqualTo(pick(obs, 1, 3, 4));
      assertThat(scope.ids("Observation", "value-quantity=5.4||mg,6||g")).isEqualTo(pick(obs, 0, 2, 3));
      assertThat(scope.ids("Observation", "value-quantity=ap5")).isEqualTo(pick(obs, 0, 2));
    }
  }

  @Nested
  @TestInstance(Lifecycle.PER_CLASS)
  class Uris {
    final Scope scope = new Scope();
    final String base = "http://example.org/fhir/" + RunningPlatform.unique("q");
    final String profile = "http://example.org/StructureDefinition/" + RunningPlatform.unique("p");
    List<String> qs;
    List<String> p;

    @BeforeAll
    void data() {
      qs =
          scope.create(
              new Questionnaire().setUrl(base + "/Questionnaire/phq9").setStatus(PublicationStatus.ACTIVE),
              new Questionnaire().setUrl(base + "/Questionnaire/gad7").setStatus(PublicationStatus.ACTIVE),
              new Questionnaire().setUrl(base + "-other/Questionnaire/x").setStatus(PublicationStatus.ACTIVE),
              new Questionnaire().setUrl(base + "/Questionnaire/sf_36").setStatus(PublicationStatus.ACTIVE));
      Patient profiled = new Patient();
      profiled.getMeta().addProfile(profile);
      p = scope.create(profiled, new Patient());
    }

    @Test
    void exactUrl() {
      assertThat(scope.ids("Questionnaire", "url=" + base + "/Questionnaire/phq9")).isEqualTo(pick(qs, 0));
      assertThat(scope.ids("Questionnaire", "url=" + base + "/Questionnaire")).isEmpty();
      assertThat(scope.ids("Questionnaire", "url=" + base + "/Questionnaire/phq9," + base + "/Questionnaire/gad7"))
          .isEqualTo(pick(qs, 0, 1));
    }

    @Test
    void belowAndAbove() {
      assertThat(scope.ids("Questionnaire", "url:below=" + base + "/Questionnaire")).isEqualTo(pick(qs, 0, 1, 3));
      assertThat(scope.ids("Questionnaire", "url:below=" + base + "/Questionnaire/sf_")).isEqualTo(pick(qs, 3));
      assertThat(scope.ids("Questionnaire", "url:above=" + base + "/Questionnaire/phq9/version/2")).isEqualTo(pick(qs, 0));
      // characters that are wildcards to SQL LIKE are plain characters in a uri
      assertThat(scope.ids("Questionnaire", "url:above=" + base + "/Questionnaire/sfX36/x")).isEmpty();
    }

    @Test
    void profile() {
      assertThat(scope.ids("Patient", "_profile=" + profile)).isEqualTo(pick(p, 0));
      assertThat(scope.ids("Patient", "_profile:missing=true")).isEqualTo(pick(p, 1));
    }
  }

  @Nested
  @TestInstance(Lifecycle.PER_CLASS)
  class Ids {
    final Scope scope = new Scope();
    List<String> p;

    @BeforeAll
    void data() {
      p = scope.create(new Patient().setActive(true), new Patient().setActive(true), new Patient().setActive(false));
    }

    @Test
    void byIdAlone() {
      Bundle bundle = scope.fhir.search().byUrl("Patient?_id=" + p.get(1)).returnBundle(Bundle.class).execute();
      assertThat(SearchSupport.matches(bundle)).isEqualTo(Set.of(p.get(1)));
    }

    @Test
    void orAndCombined() {
      assertThat(scope.ids("Patient", "_id=" + p.get(0) + "," + p.get(2))).isEqualTo(pick(p, 0, 2));
      assertThat(scope.ids("Patient", "_id=" + p.get(0) + "," + p.get(2) + "&active=true")).isEqualTo(pick(p, 0));
      assertThat(scope.ids("Patient", "_id=no-such-id")).isEmpty();
      assertThat(scope.ids("Observation", "_id=" + p.get(0))).isEmpty();
    }

    @Test
    void searchSeesOnlyCurrentVersionsAndNoDeletedResources() {
      Scope scope = new Scope(); // its own, as it adds patients
      Patient changing = new Patient();
      changing.addName().setFamily("Before");
      Patient deleted = new Patient();
      deleted.addName().setFamily("Before");
      List<String> ids = scope.create(changing, deleted);
      changing.getNameFirstRep().setFamily("After");
      scope.fhir.update().resource(changing).execute();
      scope.fhir.delete().resourceById("Patient", ids.get(1)).execute();
      assertThat(scope.ids("Patient", "family=before")).isEmpty();
      assertThat(scope.ids("Patient", "family=after")).containsExactly(ids.get(0));
      assertThat(scope.ids("Patient", "_id=" + ids.get(1))).isEmpty();
    }

    @Test
    void postSearchWithAFormBody() {
      Bundle bundle =
          scope.fhir.search()
              .forResource(Patient.class)
              .where(Patient.ACTIVE.exactly().code("true"))
              .and(new TokenClientParam("_tag").exactly().systemAndCode(SearchSupport.TAG_SYSTEM, scope.code))
              .usingStyle(SearchStyleEnum.POST)
              .returnBundle(Bundle.class)
              .execute();
      assertThat(SearchSupport.matches(bundle)).isEqualTo(pick(p, 0, 1));
    }

    @Test
    void tagIsolates() {
      assertThat(scope.ids("Patient", "")).isEqualTo(pick(p, 0, 1, 2));
    }
  }
}
