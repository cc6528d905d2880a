package org.hutong.demo;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.zip.GZIPInputStream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hutong.record.ClinicalRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * {@code hutong demo}: on the first start of an empty data home, loads the bundled synthetic
 * region (Synthea patients with their hospitals and practitioners) through the same path as FHIR
 * transactions, then tells the user where to go.
 */
@Component
class DemoData {

  private static final Logger log = LoggerFactory.getLogger(DemoData.class);

  /** The demo region is loaded by the platform itself, audited under this name. */
  private static final org.hutong.access.Caller LOADER = org.hutong.access.Caller.platform("demo-loader");

  private final ClinicalRecords records;
  private final org.hutong.access.Accounts accounts;
  private final FhirContext context;
  private final boolean enabled;
  private final String port;
  private final org.hutong.intake.MessageIntake intake;

  DemoData(
      ClinicalRecords records,
      org.hutong.intake.MessageIntake intake,
      org.hutong.access.Accounts accounts,
      FhirContext context,
      @Value("${hutong.demo.enabled:false}") boolean enabled,
      @Value("${local.server.port:${server.port:8080}}") String port) {
    this.records = records;
    this.intake = intake;
    this.accounts = accounts;
    this.context = context;
    this.enabled = enabled;
    this.port = port;
  }

  @EventListener(ApplicationReadyEvent.class)
  void loadOnFirstStart(ApplicationReadyEvent event) {
    if (!enabled) {
      return;
    }
    String actualPort = event.getApplicationContext().getEnvironment().getProperty("local.server.port", port);
    records.process(LOADER, DemoAccounts.institutions());
    load();
    for (Bundle residents : DemoResidents.bundles(java.time.LocalDate.now())) {
      records.process(LOADER, residents); // conditional creates: a second start changes nothing
    }
    feeds();
    String resident = residentPatient();
    if (resident != null) {
      addClinicVisitOnce(resident);
      DemoAccounts.enrol(accounts, resident);
    }
    System.out.printf("%nHutong is running: http://localhost:%s/fhir  (FHIR API; every request needs a token)%n", actualPort);
    System.out.println(DemoAccounts.howTo(actualPort, intake.port()));
  }

  /**
   * Loads every demo bundle not loaded yet. Patient bundles are transactions, so a bundle is
   * either wholly in or not at all: one whose patient exists is skipped, which makes a load that
   * was interrupted (the platform killed half way) complete on the next start. The organisation
   * and practitioner bundles use conditional creates and can always run again.
   */
  private void load() {
    try {
      Resource[] bundles = new PathMatchingResourcePatternResolver().getResources("classpath*:demo/synthea/*.json.gz");
      Arrays.sort(bundles, Comparator.comparing(Resource::getFilename));
      long patientBundles = Arrays.stream(bundles).filter(b -> !b.getFilename().matches("\\d\\d-.*")).count();
      if (records.count("Patient") >= patientBundles) {
        log.info("Demo data already loaded");
        return;
      }
      long started = System.nanoTime();
      int resources = 0;
      int loaded = 0;
      int patientBundle = 0;
      for (Resource file : bundles) {
        try (InputStream in = new GZIPInputStream(file.getInputStream());
            Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
          Bundle bundle = context.newJsonParser().parseResource(Bundle.class, reader);
          if (!file.getFilename().matches("\\d\\d-.*")) {
            // patient records come from the hospital and the clinic in turn
            String institution = patientBundle++ % 2 == 0 ? DemoAccounts.HOSPITAL : DemoAccounts.CLINIC;
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
              entry.getResource().getMeta().addTag(DemoAccounts.SOURCE, institution, null);
            }
          }
          if (alreadyLoaded(bundle)) {
            continue;
          }
          resources += bundle.getEntry().size();
          records.process(LOADER, bundle);
          loaded++;
        }
      }
      log.info(
          "Loaded demo region: {} bundles, {} resources in {} ms",
          loaded, resources, (System.nanoTime() - started) / 1_000_000);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load the demo data", e);
    }
  }

  /**
   * The hospital's and the clinic's HL7 v2 feeds over MLLP, as their interface engines would send
   * them: admissions, results, orders, documents and vaccinations with a share of data-quality
   * defects (the clinic's feed is the poorer one), so the quality bulletin has something to say.
   * Seeded: on a later start every message is a resend, acknowledged and not stored again.
   */
  private void feeds() {
    int port = intake.port();
    if (port < 0) {
      return;
    }
    long started = System.nanoTime();
    int[] outcomes = new int[3];
    send(port, new org.hutong.intake.SyntheticFeed(11, "DEMO_HOSP", "HIS", java.time.Instant.now(), 0.05), 500, outcomes);
    send(port, new org.hutong.intake.SyntheticFeed(12, "DEMO_CLINIC", "CLINIC-EMR", java.time.Instant.now(), 0.2), 250, outcomes);
    log.info("Demo HL7 v2 feeds: {} AA, {} AE, {} AR in {} ms", outcomes[0], outcomes[1], outcomes[2], (System.nanoTime() - started) / 1_000_000);
  }

  private static void send(int port, org.hutong.intake.SyntheticFeed feed, int messages, int[] outcomes) {
    try (org.hutong.intake.MllpClient client = new org.hutong.intake.MllpClient("localhost", port, 60_000)) {
      for (int i = 0; i < messages; i++) {
        String ack = client.send(feed.next());
        outcomes[ack.contains("MSA|AA|") ? 0 : ack.contains("MSA|AE|") ? 1 : 2]++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("The demo HL7 v2 feed failed", e);
    }
  }

  /** The demo resident: the patient of the first patient bundle (a hospital patient). */
  private String residentPatient() {
    try {
      Resource[] bundles = new PathMatchingResourcePatternResolver().getResources("classpath*:demo/synthea/*.json.gz");
      Arrays.sort(bundles, Comparator.comparing(Resource::getFilename));
      for (Resource file : bundles) {
        if (file.getFilename().matches("\\d\\d-.*")) {
          continue;
        }
        try (InputStream in = new GZIPInputStream(file.getInputStream());
            Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
          Bundle bundle = context.newJsonParser().parseResource(Bundle.class, reader);
          for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getResource() instanceof Patient patient && patient.hasIdentifier()) {
              Identifier id = patient.getIdentifierFirstRep();
              Bundle query = new Bundle().setType(Bundle.BundleType.BATCH);
              query.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET)
                  .setUrl("Patient?identifier=" + encode(id.getSystem()) + "|" + encode(id.getValue()));
              Bundle found = (Bundle) records.process(LOADER, query).getEntryFirstRep().getResource();
              return found == null || found.getEntry().isEmpty() ? null : found.getEntryFirstRep().getResource().getIdElement().getIdPart();
            }
          }
        }
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the demo data", e);
    }
  }

  private void addClinicVisitOnce(String patient) {
    Bundle query = new Bundle().setType(Bundle.BundleType.BATCH);
    query.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET)
        .setUrl("Condition?patient=" + patient + "&_security=PSY&_summary=count");
    Bundle found = (Bundle) records.process(LOADER, query).getEntryFirstRep().getResource();
    if (found == null || found.getTotal() == 0) {
      records.process(LOADER, DemoAccounts.clinicVisit(patient));
    }
  }

  private boolean alreadyLoaded(Bundle bundle) {
    if (bundle.getType() != Bundle.BundleType.TRANSACTION) {
      return false;
    }
    for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
      if (entry.getResource() instanceof Patient patient && patient.hasIdentifier()) {
        Identifier id = patient.getIdentifierFirstRep();
        Bundle query = new Bundle().setType(Bundle.BundleType.BATCH);
        query.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET)
            .setUrl("Patient?identifier=" + encode(id.getSystem()) + "|" + encode(id.getValue()) + "&_summary=count");
        Bundle found = (Bundle) records.process(LOADER, query).getEntryFirstRep().getResource();
        return found != null && found.getTotal() > 0;
      }
    }
    return false;
  }

  private static String encode(String value) {
    return java.net.URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
  }
}
