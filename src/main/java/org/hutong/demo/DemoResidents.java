package org.hutong.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hutong.identity.EvaluationData;
import org.hutong.identity.FhirPatients;
import org.hutong.identity.LabelledRecord;
import org.hutong.identity.SyntheticPopulation;

/**
 * The demo region's residents as the master patient index meets them: a small synthetic Chinese
 * population (seeded, so every demo is the same) whose records arrive at the hospital and the
 * clinic with the usual faults — traditional characters, pinyin-only names, typos, missing or
 * mistyped ID numbers, new phones, twins and namesakes — so that linking, review and PIXm have
 * something to show.
 */
final class DemoResidents {

  static final int PERSONS = 150;
  static final int RECORDS = 250;
  static final long SEED = 20_261_123L;

  /** Each record's demo medical record number, so that loading again changes nothing. */
  static final String MRN = "https://hutong.org/fhir/sid/demo-mrn";

  /** Sources the generator writes that the demo places at the hospital; the others are the clinic's. */
  private static final Set<String> AT_HOSPITAL = Set.of("bj-peoples-hospital", "chaoyang-hospital", "fengtai-maternal-child", "intl-clinic");

  private DemoResidents() {}

  /** One transaction per institution, each record a conditional create on its demo MRN. */
  static List<Bundle> bundles(LocalDate today) {
    List<LabelledRecord> records = generate(today);
    Bundle hospital = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    Bundle clinic = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    for (LabelledRecord labelled : records) {
      var record = labelled.record();
      boolean atHospital = AT_HOSPITAL.contains(record.source());
      String institution = atHospital ? DemoAccounts.HOSPITAL : DemoAccounts.CLINIC;
      Patient patient = FhirPatients.of(record);
      patient.addIdentifier().setSystem(MRN).setValue(record.recordId());
      patient.getMeta().addTag(DemoAccounts.SOURCE, institution, null);
      (atHospital ? hospital : clinic).addEntry().setResource(patient).getRequest()
          .setMethod(Bundle.HTTPVerb.POST).setUrl("Patient").setIfNoneExist("identifier=" + MRN + "|" + record.recordId());
    }
    return List.of(hospital, clinic);
  }

  private static List<LabelledRecord> generate(LocalDate today) {
    try {
      Path file = Files.createTempFile("hutong-demo-residents", ".csv");
      try {
        SyntheticPopulation.write(file, PERSONS, RECORDS, SEED, SyntheticPopulation.Knobs.defaults());
        return EvaluationData.readCsv(file, today);
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot generate the demo residents", e);
    }
  }
}
