package org.hutong.quality.internal.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hutong.identity.ResidentId;
import org.hutong.platform.NamingSystems;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each generic check kind on hand-made resources, with a fixed arrival time. */
class ChecksTest {

  static final Instant ARRIVED = Instant.parse("2026-11-15T02:00:00Z");
  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  /** A valid resident ID: Beijing Xicheng, born 1949-12-31, sequence 002 (a woman). */
  static final String WOMAN_1949 = withCheck("11010219491231002");

  static String withCheck(String seventeen) {
    return seventeen + ResidentId.checkCharacter(seventeen);
  }

  /** The 1949 number with a check character that does not match. */
  static String wrongCheck() {
    return WOMAN_1949.substring(0, 17) + (WOMAN_1949.charAt(17) == '0' ? '1' : '0');
  }

  static List<String> problems(Check check, Resource resource) {
    List<String> found = new ArrayList<>();
    check.check(resource, ARRIVED, (path, detail) -> found.add(path + ": " + detail));
    return found;
  }

  static Patient patient(String residentId) {
    Patient p = new Patient();
    p.addIdentifier().setSystem(NamingSystems.RESIDENT_ID).setValue(residentId);
    p.addName().setFamily("王").addGiven("芳");
    return p;
  }

  static Observation observation(String loinc, Quantity value) {
    Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL).setSubject(new Reference("Patient/p1"));
    o.getCode().addCoding().setSystem("http://loinc.org").setCode(loinc);
    return o.setValue(value);
  }

  static Quantity ucum(double value, String unit) {
    return new Quantity().setValue(value).setSystem("http://unitsofmeasure.org").setCode(unit).setUnit(unit);
  }

  @Nested
  class RequiredElements {
    final Required gender = new Required(ElementPath.parse("Patient", "Patient.gender"));
    final Required periodStart = new Required(ElementPath.parse("Encounter", "Encounter.period.start"));

    @Test
    void givenAMissingElementThenOneFindingNamingThePath() {
      assertThat(problems(gender, patient(WOMAN_1949))).containsExactly("Patient.gender: missing");
      assertThat(problems(periodStart, new Encounter())).containsExactly("Encounter.period.start: missing");
    }

    @Test
    void givenThePresentElementThenNoFinding() {
      assertThat(problems(gender, patient(WOMAN_1949).setGender(AdministrativeGender.FEMALE))).isEmpty();
      Encounter e = new Encounter();
      e.getPeriod().setStartElement(new DateTimeType("2026-11-15T08:00:00+08:00"));
      assertThat(problems(periodStart, e)).isEmpty();
    }
  }

  @Nested
  class ValueSets {
    final ValueSet encounterClass =
        new ValueSet(ElementPath.parse("Encounter", "Encounter.class"), "http://terminology.hl7.org/CodeSystem/v3-ActCode", Set.of("AMB", "IMP", "EMER"));
    final ValueSet status = new ValueSet(ElementPath.parse("Observation", "Observation.status"), null, Set.of("final", "amended"));

    @Test
    void codesInTheSetPassAndOthersAreNamed() {
      assertThat(problems(encounterClass, new Encounter().setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", null)))).isEmpty();
      assertThat(problems(encounterClass, new Encounter().setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "XYZ", null))))
          .containsExactly("Encounter.class: code 'XYZ' not in the value set");
      assertThat(problems(encounterClass, new Encounter().setClass_(new Coding("urn:local", "AMB", null))))
          .containsExactly("Encounter.class: no code of http://terminology.hl7.org/CodeSystem/v3-ActCode");
      assertThat(problems(status, new Observation().setStatus(Observation.ObservationStatus.FINAL))).isEmpty();
      assertThat(problems(status, new Observation().setStatus(Observation.ObservationStatus.REGISTERED)))
          .containsExactly("Observation.status: code 'registered' not in the value set");
    }

    @Test
    void aMissingElementIsLeftToRequired() {
      assertThat(problems(encounterClass, new Encounter())).isEmpty();
    }
  }

  @Nested
  class ResidentIds {
    final ResidentIdCheck check = new ResidentIdCheck(SHANGHAI);

    @Test
    void aValidNumberPassesAndABrokenOneIsNamedByRuleNotByValue() {
      assertThat(problems(check, patient(WOMAN_1949))).isEmpty();
      assertThat(problems(check, patient(wrongCheck()))).containsExactly("Patient.identifier: resident-id-checksum");
      assertThat(problems(check, patient("1101021949"))).containsExactly("Patient.identifier: resident-id-length");
    }

    @Test
    void otherIdentifierSystemsAreNotChecked() {
      Patient p = new Patient();
      p.addIdentifier().setSystem("urn:hospital:mrn").setValue("12345");
      assertThat(problems(check, p)).isEmpty();
    }
  }

  @Nested
  class IdConsistencies {
    final IdConsistency gender = new IdConsistency("gender", SHANGHAI);
    final IdConsistency birthDate = new IdConsistency("birthDate", SHANGHAI);

    @Test
    void genderMustAgreeWithTheSeventeenthDigit() {
      assertThat(problems(gender, patient(WOMAN_1949).setGender(AdministrativeGender.FEMALE))).isEmpty();
      assertThat(problems(gender, patient(WOMAN_1949).setGender(AdministrativeGender.MALE)))
          .containsExactly("Patient.gender: gender disagrees with the resident ID");
      assertThat(problems(gender, patient(WOMAN_1949))).as("no gender contradicts nothing").isEmpty();
    }

    @Test
    void birthDateMustAgreeWithDigitsSevenToFourteen() {
      assertThat(problems(birthDate, patient(WOMAN_1949).setBirthDateElement(new DateType("1949-12-31")))).isEmpty();
      assertThat(problems(birthDate, patient(WOMAN_1949).setBirthDateElement(new DateType("1949-12-30"))))
          .containsExactly("Patient.birthDate: birth date disagrees with the resident ID");
      assertThat(problems(birthDate, patient(wrongCheck()).setBirthDateElement(new DateType("1950-01-01"))))
          .as("an invalid number is another rule's finding")
          .isEmpty();
    }
  }

  @Nested
  class PlausibleDates {
    final PlausibleDate birth =
        new PlausibleDate(ElementPath.parse("Patient", "Patient.birthDate"), Duration.ofHours(24), PlausibleDate.YEAR_1900);
    final PlausibleDate effective =
        new PlausibleDate(ElementPath.parse("Observation", "Observation.effective"), Duration.ofHours(24), PlausibleDate.YEAR_1900);

    @Test
    void datesInTheFutureBeyondToleranceOrBefore1900AreFound() {
      assertThat(problems(birth, new Patient().setBirthDateElement(new DateType("1985-03-02")))).isEmpty();
      assertThat(problems(birth, new Patient().setBirthDateElement(new DateType("1899-12-31")))).containsExactly("Patient.birthDate: date before 1900");
      assertThat(problems(birth, new Patient().setBirthDateElement(new DateType("2027-01-01")))).containsExactly("Patient.birthDate: date in the future");
      assertThat(problems(effective, new Observation().setEffective(new DateTimeType(Date.from(ARRIVED.plus(Duration.ofHours(23)))))))
          .as("within the tolerance for clocks")
          .isEmpty();
      assertThat(problems(effective, new Observation().setEffective(new org.hl7.fhir.r4.model.Period().setEnd(Date.from(ARRIVED.plus(Duration.ofDays(3)))))))
          .containsExactly("Observation.effective: date in the future");
    }
  }

  @Nested
  class QuantityRanges {
    final QuantityRange range =
        new QuantityRange(List.of(new QuantityRange.Range("15074-8", "mmol/L", 0, 50), new QuantityRange.Range("8867-4", "*", 20, 300)));

    @Test
    void valuesOutsideTheRangeOfTheirCodeAndUnitAreFound() {
      assertThat(problems(range, observation("15074-8", ucum(5.6, "mmol/L")))).isEmpty();
      assertThat(problems(range, observation("15074-8", ucum(560, "mmol/L")))).containsExactly("Observation.valueQuantity: value outside 0–50 for 15074-8");
      assertThat(problems(range, observation("15074-8", ucum(560, "mg/dL")))).as("no range for this unit").isEmpty();
      assertThat(problems(range, observation("8867-4", ucum(12, "/min")))).containsExactly("Observation.valueQuantity: value outside 20–300 for 8867-4");
      assertThat(problems(range, observation("718-7", ucum(-1, "g/L")))).as("a code without a range").isEmpty();
    }
  }

  @Nested
  class UnitsConvertible {
    final UnitConvertible units = new UnitConvertible(Map.of("15074-8", Set.of("mmol/L", "mg/dL")));

    @Test
    void aResultNeedsAUcumUnitFromItsCodesList() {
      assertThat(problems(units, observation("15074-8", ucum(5.6, "mmol/L")))).isEmpty();
      assertThat(problems(units, observation("15074-8", ucum(101, "mg/dL")))).isEmpty();
      assertThat(problems(units, observation("15074-8", new Quantity().setValue(5.6)))).containsExactly("Observation.valueQuantity: unit missing");
      assertThat(problems(units, observation("15074-8", new Quantity().setValue(5.6).setUnit("毫摩尔/升"))))
          .containsExactly("Observation.valueQuantity: unit not coded in UCUM");
      assertThat(problems(units, observation("15074-8", ucum(5.6, "mmol"))))
          .containsExactly("Observation.valueQuantity: unit 'mmol' not convertible for 15074-8");
    }
  }

  @Nested
  class PeriodOrders {
    final PeriodOrder encounter = new PeriodOrder(ElementPath.parse("Encounter", "Encounter.period.start"), ElementPath.parse("Encounter", "Encounter.period.end"));
    final PeriodOrder report = new PeriodOrder(ElementPath.parse("DiagnosticReport", "DiagnosticReport.effective"), ElementPath.parse("DiagnosticReport", "DiagnosticReport.issued"));

    @Test
    void anEndBeforeItsStartIsFound() {
      Encounter e = new Encounter();
      e.getPeriod().setStartElement(new DateTimeType("2026-11-15T10:00:00+08:00")).setEndElement(new DateTimeType("2026-11-15T09:00:00+08:00"));
      assertThat(problems(encounter, e)).containsExactly("Encounter.period.end: earlier than Encounter.period.start");
      e.getPeriod().setEndElement(new DateTimeType("2026-11-15T11:00:00+08:00"));
      assertThat(problems(encounter, e)).isEmpty();
    }

    @Test
    void aReportIssuedBeforeItsSpecimenIsFound() {
      DiagnosticReport r = new DiagnosticReport().setEffective(new DateTimeType("2026-11-15T10:00:00+08:00"));
      r.setIssuedElement(new org.hl7.fhir.r4.model.InstantType("2026-11-15T08:00:00+08:00"));
      assertThat(problems(report, r)).containsExactly("DiagnosticReport.issued: earlier than DiagnosticReport.effective");
      r.setIssuedElement(new org.hl7.fhir.r4.model.InstantType("2026-11-15T12:00:00+08:00"));
      assertThat(problems(report, r)).isEmpty();
    }
  }

  @Nested
  class Timelinesses {
    final Timeliness lab = new Timeliness(ElementPath.parse("Observation", "Observation.effective"), Duration.ofHours(24));

    @Test
    void aRecordArrivingLaterThanTheThresholdIsFound() {
      Observation fresh = new Observation().setEffective(new DateTimeType(Date.from(ARRIVED.minus(Duration.ofHours(2)))));
      Observation late = new Observation().setEffective(new DateTimeType(Date.from(ARRIVED.minus(Duration.ofHours(30)))));
      assertThat(problems(lab, fresh)).isEmpty();
      assertThat(problems(lab, late)).containsExactly("Observation.effective: arrived more than 24 h after the event");
      assertThat(lab.eventTime(late)).isEqualTo(ARRIVED.minus(Duration.ofHours(30)));
      assertThat(problems(lab, new Observation())).as("no event time, nothing to measure").isEmpty();
    }
  }
}
