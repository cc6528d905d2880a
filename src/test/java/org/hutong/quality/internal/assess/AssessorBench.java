package org.hutong.quality.internal.assess;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hutong.identity.ResidentId;
import org.hutong.platform.NamingSystems;
import org.hutong.quality.internal.rules.RuleCatalogue;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What the rules cost per resource, for an HL7 ORU-like mix (a Patient, an Encounter, three
 * Observations): opt-in ({@code -Dquality.bench=true}); the figure goes to docs/data-quality.md.
 */
class AssessorBench {

  @Test
  void rulesCostMicrosecondsPerResource() {
    Assumptions.assumeTrue(Boolean.getBoolean("quality.bench"), "opt-in: -Dquality.bench=true");
    Assessor assessor = new Assessor(RuleCatalogue.shipped(ZoneId.of("Asia/Shanghai")));
    Instant now = Instant.parse("2026-11-15T02:00:00Z");
    Patient patient = new Patient();
    String id = "11010219491231002";
    patient.addIdentifier().setSystem(NamingSystems.RESIDENT_ID).setValue(id + ResidentId.checkCharacter(id));
    patient.addName().setFamily("王").addGiven("芳");
    patient.setGender(AdministrativeGender.FEMALE).setBirthDateElement(new DateType("1949-12-31"));
    Encounter encounter = new Encounter().setSubject(new Reference("Patient/p")).setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", null));
    encounter.getPeriod().setStart(Date.from(now.minusSeconds(7200)));
    List<Resource> resources = new java.util.ArrayList<>(List.of(patient, encounter));
    for (String loinc : List.of("15074-8", "8867-4", "718-7")) {
      Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL).setSubject(new Reference("Patient/p"));
      o.getCode().addCoding().setSystem("http://loinc.org").setCode(loinc);
      o.setEffective(new DateTimeType(Date.from(now.minusSeconds(3600))));
      o.setValue(new Quantity().setValue(7).setSystem("http://unitsofmeasure.org").setCode(loinc.equals("8867-4") ? "/min" : "mmol/L"));
      resources.add(o);
    }
    long sink = 0;
    for (int warm = 0; warm < 200_000; warm++) {
      Resource r = resources.get(warm % resources.size());
      sink += assessor.assess(r.fhirType(), r, now).failed();
    }
    int n = 1_000_000;
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      Resource r = resources.get(i % resources.size());
      sink += assessor.assess(r.fhirType(), r, now).failed();
    }
    long ns = System.nanoTime() - start;
    System.out.printf("quality bench: %.2f µs per resource (Patient, Encounter, 3 Observations; one thread; sink %d)%n", ns / 1000.0 / n, sink);
  }
}
