package org.hutong.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hutong.platform.NamingSystems;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.Test;

/**
 * Resident ID and phone numbers are sealed at rest and found by blind index: every way in and out
 * of the FHIR API sees clear values, the database holds none.
 */
class PersonalIdentifiersAtRestTest {

  private static final String SSN = "http://hl7.org/fhir/sid/us-ssn";
  private static final Random RANDOM = new Random();

  private final IGenericClient fhir = RunningPlatform.fhir();
  private final DataSource db = RunningPlatform.shared().getBean(DataSource.class);

  /** A valid 18-digit resident ID (GB 11643 check character), different on every call. */
  static String residentId() {
    String body = "110105" + (1950 + RANDOM.nextInt(60)) + String.format("%02d%02d%03d", 1 + RANDOM.nextInt(12), 1 + RANDOM.nextInt(28), RANDOM.nextInt(1000));
    int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (body.charAt(i) - '0') * weights[i];
    }
    return body + "10X98765432".charAt(sum % 11);
  }

  static String mobile() {
    return "139" + String.format("%08d", RANDOM.nextInt(100_000_000));
  }

  static Patient patient(String residentId, String phone) {
    Patient patient = new Patient().setGender(AdministrativeGender.FEMALE);
    patient.addName().setFamily("王").addGiven("秀英");
    patient.addIdentifier().setSystem(NamingSystems.RESIDENT_ID).setValue(residentId);
    patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(phone).setUse(ContactPoint.ContactPointUse.MOBILE);
    return patient;
  }

  @Test
  void aResidentsIdAndPhoneAreFoundReadAndNeverStored() {
    String residentId = "11010519491231002X";
    String phone = mobile();
    String spoken = "+86 " + phone.substring(0, 3) + " " + phone.substring(3, 7) + " " + phone.substring(7);
    Patient given = patient(residentId, spoken);
    given.addIdentifier().setSystem("urn:hutong:test:mrn").setValue(RunningPlatform.unique("mrn"));
    String id = fhir.create().resource(given).execute().getId().getIdPart();

    Patient read = fhir.read().resource(Patient.class).withId(id).execute();
    assertThat(read.getIdentifierFirstRep().getValue()).isEqualTo(residentId);
    assertThat(read.getTelecomFirstRep().getValue()).isEqualTo(spoken);
    assertThat(read.getNameFirstRep().getFamily()).isEqualTo("王");

    // exact lookup, through the raw JSON page and through HAPI (_include takes HAPI's path)
    assertThat(ids("Patient?identifier=" + NamingSystems.RESIDENT_ID + "|" + residentId)).containsExactly(id);
    assertThat(ids("Patient?identifier=" + NamingSystems.RESIDENT_ID + "|" + residentId + "&_include=Patient:organization")).containsExactly(id);
    assertThat(ids("Patient?identifier=11010519491231002x")).containsExactly(id); // no system, lower-case check character
    assertThat(ids("Patient?phone=" + phone)).containsExactly(id);
    assertThat(ids("Patient?telecom=phone|0086" + phone)).containsExactly(id);
    assertThat(ids("Patient?identifier=" + given.getIdentifier().get(1).getValue())).containsExactly(id); // clear MRNs still work
    assertThat(ids("Patient?identifier:not=" + NamingSystems.RESIDENT_ID + "|" + residentId + "&_id=" + id)).isEmpty();
    org.hl7.fhir.r4.model.Observation weight = new org.hl7.fhir.r4.model.Observation();
    weight.setStatus(org.hl7.fhir.r4.model.Observation.ObservationStatus.FINAL).getCode().setText("体重");
    weight.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/" + id));
    String observation = fhir.create().resource(weight).execute().getId().getIdPart();
    Bundle chained = fhir.search().byUrl("Observation?subject:Patient.identifier=" + NamingSystems.RESIDENT_ID + "|" + residentId).returnBundle(Bundle.class).execute();
    assertThat(chained.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).containsExactly(observation);
    Bundle page = fhir.search().byUrl("Patient?phone=" + phone).returnBundle(Bundle.class).execute();
    assertThat(((Patient) page.getEntryFirstRep().getResource()).getIdentifierFirstRep().getValue()).isEqualTo(residentId);

    // conditional create finds the resident by the blind index
    MethodOutcome again =
        fhir.create().resource(patient(residentId, phone)).conditionalByUrl("Patient?identifier=" + NamingSystems.RESIDENT_ID + "|" + residentId).execute();
    assertThat(again.getCreated()).isNotEqualTo(Boolean.TRUE);
    assertThat(again.getId().getIdPart()).isEqualTo(id);

    // an update that changes nothing writes no version, although sealing again gives other bytes
    read.getMeta().setLastUpdated(null);
    assertThat(fhir.update().resource(read).execute().getId().getVersionIdPart()).isEqualTo("1");
    read.setGender(AdministrativeGender.MALE);
    fhir.update().resource(read).execute();
    Patient v1 = fhir.read().resource(Patient.class).withIdAndVersion(id, "1").execute();
    assertThat(v1.getIdentifierFirstRep().getValue()).isEqualTo(residentId);
    Bundle history = fhir.history().onInstance("Patient/" + id).returnBundle(Bundle.class).execute();
    assertThat(history.getEntry()).hasSize(2)
        .allSatisfy(e -> assertThat(((Patient) e.getResource()).getTelecomFirstRep().getValue()).isEqualTo(spoken));
    Bundle everything =
        fhir.operation().onInstance("Patient/" + id).named("$everything").withNoParameters(Parameters.class).useHttpGet()
            .returnResourceType(Bundle.class).execute();
    assertThat(((Patient) everything.getEntryFirstRep().getResource()).getIdentifierFirstRep().getValue()).isEqualTo(residentId);

    assertThat(rowsContaining(residentId)).isEmpty();
    assertThat(rowsContaining(residentId.substring(0, 14))).isEmpty();
    assertThat(rowsContaining(phone)).isEmpty();
    assertThat(rowsContaining(phone.substring(3))).isEmpty();
    assertThat(rowsContaining("秀英")).isNotEmpty(); // the check does see what is stored clear
  }

  @Test
  void theDemoDatasNationalIdsAreProtectedToo() {
    Patient patient = new Patient();
    patient.addName().setFamily("Glover433");
    String ssn = "999-" + (10 + RANDOM.nextInt(89)) + "-" + (1000 + RANDOM.nextInt(8999));
    patient.addIdentifier().setSystem(SSN).setValue(ssn);
    String id = fhir.create().resource(patient).execute().getId().getIdPart();

    assertThat(ids("Patient?identifier=" + SSN + "|" + ssn)).containsExactly(id);
    assertThat(ids("Patient?identifier=" + ssn)).containsExactly(id);
    assertThat(rowsContaining(ssn)).isEmpty();
  }

  @Test
  void partialSearchOnAProtectedValueIsRefusedOrFindsNothing() {
    String residentId = residentId();
    fhir.create().resource(patient(residentId, mobile())).execute();

    assertThatThrownBy(() -> ids("Patient?identifier:contains=" + residentId.substring(0, 6)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining(":contains");
    assertThat(ids("Patient?identifier=" + NamingSystems.RESIDENT_ID + "|" + residentId.substring(0, 17))).isEmpty();
  }

  @Test
  void aTamperedCiphertextFailsTheReadWithAnErrorThatShowsNoValue() throws SQLException {
    String residentId = residentId();
    String phone = mobile();
    String id = fhir.create().resource(patient(residentId, phone)).execute().getId().getIdPart();
    update("UPDATE record.resource SET content = regexp_replace(content, '(\"value\":\"sm4:k1:[A-Za-z0-9_-]{20})([A-Za-z0-9_-])', "
        + "'\\1' || CASE WHEN substring(content from '\"value\":\"sm4:k1:[A-Za-z0-9_-]{20}([A-Za-z0-9_-])') = 'A' THEN 'B' ELSE 'A' END)"
        + " WHERE res_type = 'Patient' AND res_id = ?", id);

    assertThatThrownBy(() -> fhir.read().resource(Patient.class).withId(id).execute())
        .isInstanceOf(InternalErrorException.class)
        .hasMessageContaining("Patient/" + id)
        .hasMessageContaining("fails its integrity check")
        .hasMessageNotContaining(residentId)
        .hasMessageNotContaining(phone);
    assertThatThrownBy(() -> ids("Patient?_id=" + id)).isInstanceOf(InternalErrorException.class);
  }

  @Test
  void aCiphertextMovedIntoAnotherFieldDoesNotOpenThere() throws SQLException {
    String id = fhir.create().resource(patient(residentId(), mobile())).execute().getId().getIdPart();
    // the phone number's ciphertext put in the place of the resident ID's
    update("UPDATE record.resource SET content = regexp_replace(content, "
        + "'(\"system\":\"" + NamingSystems.RESIDENT_ID + "\",\"value\":\")sm4:[^\"]+', "
        + "'\\1' || substring(content from '\"system\":\"phone\",\"value\":\"(sm4:[^\"]+)')) WHERE res_type = 'Patient' AND res_id = ?", id);

    assertThatThrownBy(() -> fhir.read().resource(Patient.class).withId(id).execute())
        .isInstanceOf(InternalErrorException.class)
        .hasMessageContaining("sealed for another field");
  }

  @Test
  void aStringThatLooksSealedIsRefused() {
    Patient patient = new Patient();
    patient.addName().setFamily("sm4:k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    assertThatThrownBy(() -> fhir.create().resource(patient).execute())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("reserved for sealed identifiers");
  }

  private List<String> ids(String url) {
    Bundle bundle = fhir.search().byUrl(url).returnBundle(Bundle.class).execute();
    return bundle.getEntry().stream()
        .filter(e -> e.getResource() instanceof Patient)
        .map(e -> e.getResource().getIdElement().getIdPart())
        .toList();
  }

  /** Every text column of every table of schema record, searched for the value: table.column of each hit. */
  private List<String> rowsContaining(String value) {
    List<String> hits = new ArrayList<>();
    try (Connection c = db.getConnection()) {
      List<String[]> columns = new ArrayList<>();
      try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'record' AND data_type IN ('text', 'character varying')");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.add(new String[] {rs.getString(1), rs.getString(2)});
        }
      }
      assertThat(columns).extracting(t -> t[0]).contains("resource", "resource_history", "idx_token", "idx_string");
      for (String[] t : columns) {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM record." + t[0] + " WHERE " + t[1] + " LIKE ?")) {
          ps.setString(1, "%" + value + "%");
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getLong(1) > 0) {
              hits.add(t[0] + "." + t[1]);
            }
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return hits;
  }

  private void update(String sql, String id) throws SQLException {
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, id);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }
}
