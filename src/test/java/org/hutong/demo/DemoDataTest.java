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
    try (ConfigurableApplicationContext demo = RunningPlatform.start(home.resolve("demo"), org.hutong.Hutong.DEMO)) {
      ClinicalRecords records = demo.getBean(ClinicalRecords.class);
      patients = records.count("Patient");
      observations = records.count("Observation");
      org.springframework.jdbc.core.JdbcTemplate archive = new org.springframework.jdbc.core.JdbcTemplate(demo.getBean(javax.sql.DataSource.class));
      // the hospital's and the clinic's HL7 v2 feeds came in over MLLP: 750 messages, nearly all accepted
      assertThat(archive.queryForObject("SELECT count(*) FROM intake.message WHERE sender IN ('DEMO_HOSP', 'DEMO_CLINIC')", Long.class)).isEqualTo(750);
      assertThat(archive.queryForObject("SELECT count(*) FROM intake.message WHERE outcome = 'AA'", Long.class)).isGreaterThan(700);
      long fed = records.count("Patient") - 21 - DemoResidents.RECORDS;
      assertThat(fed).as("patients of the HL7 feeds").isBetween(100L, 750L);
      assertThat(observations).isGreaterThan(5000);
      Bundle found = RunningPlatform.fhir(demo).search().forResource(Patient.class).count(5).returnBundle(Bundle.class).execute();
      assertThat(found.getEntry()).hasSize(5);
      // the synthetic residents were linked as they arrived: some persons have records at both institutions
      org.springframework.jdbc.core.JdbcTemplate db = new org.springframework.jdbc.core.JdbcTemplate(demo.getBean(javax.sql.DataSource.class));
      assertThat(db.queryForObject("SELECT count(*) FROM (SELECT person_id FROM identity.member GROUP BY person_id"
          + " HAVING count(DISTINCT source) > 1) p", Integer.class)).isGreaterThan(10);
      Bundle residents = RunningPlatform.fhir(demo).search().byUrl("Patient?identifier=" + DemoResidents.MRN + "|&_count=1000&_elements=id")
          .returnBundle(Bundle.class).execute();
      assertThat(residents.getEntry()).hasSize(DemoResidents.RECORDS);
      String[] ids = residents.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toArray(String[]::new);
      Integer persons = db.queryForObject("SELECT count(DISTINCT person_id) FROM record.patient_person WHERE patient_id = ANY(?)",
          Integer.class, (Object) ids);
      // 250 records of 150 residents: most duplicates found, hardly any two residents merged
      assertThat(persons).isBetween(DemoResidents.PERSONS - 3, DemoResidents.PERSONS + 25);
      org.hl7.fhir.r4.model.Parameters pix = RunningPlatform.fhir(demo).operation().onType(Patient.class).named("$ihe-pix")
          .withParameter(org.hl7.fhir.r4.model.Parameters.class, "sourceIdentifier",
              new org.hl7.fhir.r4.model.StringType(DemoResidents.MRN + "|R0000001")).useHttpGet().execute();
      assertThat(pix.getParameter()).isNotEmpty();
    }
    try (ConfigurableApplicationContext again = RunningPlatform.start(home.resolve("demo"), org.hutong.Hutong.DEMO)) {
      ClinicalRecords records = again.getBean(ClinicalRecords.class);
      assertThat(records.count("Patient")).isEqualTo(patients);
      assertThat(records.count("Observation")).isEqualTo(observations);
      // the feeds were sent again and acknowledged as resends, not stored again
      org.springframework.jdbc.core.JdbcTemplate archive = new org.springframework.jdbc.core.JdbcTemplate(again.getBean(javax.sql.DataSource.class));
      assertThat(archive.queryForObject("SELECT count(*) FROM intake.message", Long.class)).isEqualTo(750);
      assertThat(archive.queryForObject("SELECT sum(duplicates) FROM intake.message", Long.class)).isGreaterThan(700);
    }
  }
}
