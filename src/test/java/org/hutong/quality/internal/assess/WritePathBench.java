package org.hutong.quality.internal.assess;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hutong.access.Caller;
import org.hutong.record.ClinicalRecords;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What assessing costs the write path: ORU-like transactions (a Patient, an Encounter, three
 * Observations; two of them with findings) through {@link ClinicalRecords#process}, four writers,
 * with data quality on and off. Opt-in ({@code -Dquality.bench=true}); figures in docs/data-quality.md.
 */
class WritePathBench {

  @TempDir Path home;

  @Test
  void transactionsPerSecondWithAndWithoutQuality() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("quality.bench"), "opt-in: -Dquality.bench=true");
    for (boolean enabled : new boolean[] {false, true}) {
      try (ConfigurableApplicationContext platform =
          RunningPlatform.start(home.resolve("q" + enabled), "--hutong.quality.enabled=" + enabled)) {
        ClinicalRecords records = platform.getBean(ClinicalRecords.class);
        Caller his = Caller.institutionSystem("bench-his", "bench-hospital", "system/*.cruds");
        run(records, his, 300, "warm");
        long start = System.nanoTime();
        int n = run(records, his, 2000, "run");
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("quality bench: write path, quality %s: %d transactions of 5 resources in %.1f s = %.0f/s%n",
            enabled ? "on" : "off", n, seconds, n / seconds);
      }
    }
  }

  private static int run(ClinicalRecords records, Caller his, int count, String prefix) throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int k = i;
        done.add(pool.submit(() -> records.process(his, oru(prefix + k))));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    return count;
  }

  static Bundle oru(String key) {
    Instant now = Instant.now();
    Bundle b = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    Patient p = new Patient();
    p.addIdentifier().setSystem("urn:bench:mrn").setValue(key);
    p.addName().setFamily("张").addGiven("伟");
    p.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.MALE);
    b.addEntry().setFullUrl("urn:uuid:p-" + key).setResource(p).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
    Encounter e = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED).setSubject(new Reference("urn:uuid:p-" + key));
    e.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", null));
    e.getPeriod().setStart(Date.from(now.minusSeconds(3600)));
    b.addEntry().setResource(e).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Encounter");
    String[][] results = {{"15074-8", "mmol/L"}, {"8867-4", "/min"}, {"718-7", ""}};
    for (String[] r : results) {
      Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL).setSubject(new Reference("urn:uuid:p-" + key));
      o.getCode().addCoding().setSystem("http://loinc.org").setCode(r[0]);
      o.setEffective(new DateTimeType(Date.from(now.minusSeconds(1800))));
      Quantity q = new Quantity().setValue(7);
      if (!r[1].isEmpty()) {
        q.setSystem("http://unitsofmeasure.org").setCode(r[1]);
      }
      o.setValue(q);
      b.addEntry().setResource(o).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
    }
    return b;
  }
}
