package org.hutong.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hutong.record.ClinicalRecords;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code hutong demo} loads the synthetic region once; {@code serve} on an empty home stays empty. */
class DemoDataTest {

  @TempDir Path home;

  @Test
  void demoLoadsTheRegionOnceAndServeStartsEmpty() {
    try (ConfigurableApplicationContext empty = RunningPlatform.start(home.resolve("empty"))) {
      assertThat(empty.getBean(ClinicalRecords.class).count("Patient")).isZero();
    }
    long patients;
    long observations;
    try (ConfigurableApplicationContext demo = RunningPlatform.start(home.resolve("demo"), "--hutong.demo.enabled=true")) {
      ClinicalRecords records = demo.getBean(ClinicalRecords.class);
      patients = records.count("Patient");
      observations = records.count("Observation");
      assertThat(patients).isEqualTo(21);
      assertThat(observations).isGreaterThan(5000);
      Bundle found = RunningPlatform.fhir(demo).search().forResource(Patient.class).count(5).returnBundle(Bundle.class).execute();
      assertThat(found.getEntry()).hasSize(5);
    }
    try (ConfigurableApplicationContext again = RunningPlatform.start(home.resolve("demo"), "--hutong.demo.enabled=true")) {
      ClinicalRecords records = again.getBean(ClinicalRecords.class);
      assertThat(records.count("Patient")).isEqualTo(patients);
      assertThat(records.count("Observation")).isEqualTo(observations);
    }
  }
}
