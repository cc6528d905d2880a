package org.hutong.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Patient;
import org.hutong.platform.NamingSystems;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Key rotation end to end: rotate on a running server, reseal, retire the old keys, restart, and
 * every resident ID and phone number still reads and is still found.
 */
class KeysCommandTest {

  @TempDir Path home;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int keys(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--hutong.home=" + home);
    return KeysCommand.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void rotateResealRetireAndEverythingStillReadsAndSearches() throws Exception {
    ConfigurableApplicationContext platform = RunningPlatform.start(home, "--hutong.access.identifiers.reload-interval=PT0S");
    String first;
    String second;
    try {
      IGenericClient fhir = RunningPlatform.fhir(platform);
      DataSource db = platform.getBean(DataSource.class);
      first = create(fhir, "11010519491231002X", "13912345678");
      assertThat(stored(db, first)).contains("\"value\":\"sm4:k1:");

      // given a rotation of both keys while the server runs
      assertThat(keys("rotate", "--index")).as(err.toString()).isZero();
      assertThat(out.toString()).contains("active k2").contains("active i2");
      assertThat(Files.readString(home.resolve("keys/identifiers.keyring"))).contains("seal.active=k2", "index.active=i2");

      // new values use the new key, old ones still open and are still found
      second = create(fhir, "440106198001010012", "+86 139 8765 4321");
      assertThat(stored(db, second)).contains("\"value\":\"sm4:k2:").doesNotContain("sm4:k1:");
      assertThat(fhir.read().resource(Patient.class).withId(first).execute().getIdentifierFirstRep().getValue()).isEqualTo("11010519491231002X");
      assertFound(fhir, first, "11010519491231002X", "13912345678");
      assertFound(fhir, second, "440106198001010012", "13987654321");

      // a reseal beside the running server: the command attaches to its embedded database
      assertThat(keys("reseal")).as(err.toString()).isZero();
      assertThat(stored(db, first)).contains("sm4:k2:").doesNotContain("sm4:k1:");
      assertFound(fhir, first, "11010519491231002X", "13912345678");
      assertThat(fhir.read().resource(Patient.class).withId(first).execute().getIdentifierFirstRep().getValue()).isEqualTo("11010519491231002X");
    } finally {
      platform.close();
    }

    // retire the old keys with the server stopped
    assertThat(keys("retire")).as(err.toString()).isZero();
    assertThat(out.toString()).contains("Retired");
    String keyring = Files.readString(home.resolve("keys/identifiers.keyring"));
    assertThat(keyring).contains("seal.k2=", "index.i2=").doesNotContain("seal.k1=", "index.i1=");

    ConfigurableApplicationContext restarted = RunningPlatform.start(home);
    try {
      IGenericClient fhir = RunningPlatform.fhir(restarted);
      DataSource db = restarted.getBean(DataSource.class);
      assertThat(count(db, "SELECT count(*) FROM record.resource WHERE content LIKE '%sm4:k1:%'")).isZero();
      assertThat(count(db, "SELECT count(*) FROM record.resource_history WHERE content LIKE '%sm4:k1:%'")).isZero();
      Patient read = fhir.read().resource(Patient.class).withId(first).execute();
      assertThat(read.getIdentifierFirstRep().getValue()).isEqualTo("11010519491231002X");
      assertThat(read.getTelecomFirstRep().getValue()).isEqualTo("13912345678");
      Patient v1 = fhir.read().resource(Patient.class).withIdAndVersion(second, "1").execute();
      assertThat(v1.getTelecomFirstRep().getValue()).isEqualTo("+86 139 8765 4321");
      assertFound(fhir, first, "11010519491231002X", "13912345678");
      assertFound(fhir, second, "440106198001010012", "13987654321");
    } finally {
      restarted.close();
    }
  }

  @Test
  void listShowsKeyIdsAndNoKeyMaterial() throws Exception {
    assertThat(keys("list")).isEqualTo(1);
    assertThat(err.toString()).contains("does not exist");

    new org.hutong.access.internal.crypto.KeyringFile(home.resolve("keys/identifiers.keyring")).generate(new java.security.SecureRandom());
    assertThat(keys("list")).isZero();
    String material = Files.readAllLines(home.resolve("keys/identifiers.keyring")).stream()
        .filter(l -> l.startsWith("seal.k1=")).findFirst().orElseThrow().substring("seal.k1=".length());
    assertThat(out.toString()).contains("k1", "i1").doesNotContain(material);
  }

  @Test
  void unknownSubcommandsAndOptionsAreUsageErrors() {
    assertThat(keys("shred")).isEqualTo(2);
    assertThat(keys("rotate", "--force")).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown option --force");
  }

  private static String create(IGenericClient fhir, String residentId, String phone) {
    Patient patient = new Patient();
    patient.addName().setFamily("李").addGiven("娜");
    patient.addIdentifier().setSystem(NamingSystems.RESIDENT_ID).setValue(residentId);
    patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(phone);
    String id = fhir.create().resource(patient).execute().getId().getIdPart();
    patient.setId(id);
    patient.addName().setText("李娜"); // a second version, so history is resealed too
    fhir.update().resource(patient).execute();
    return id;
  }

  private static void assertFound(IGenericClient fhir, String id, String residentId, String phone) {
    for (String url : List.of(
        "Patient?identifier=" + NamingSystems.RESIDENT_ID + "|" + residentId, "Patient?identifier=" + residentId, "Patient?phone=" + phone,
        "Patient?telecom=phone|" + phone)) {
      Bundle found = fhir.search().byUrl(url).returnBundle(Bundle.class).execute();
      assertThat(found.getEntry()).as(url).hasSize(1);
      assertThat(found.getEntryFirstRep().getResource().getIdElement().getIdPart()).as(url).isEqualTo(id);
    }
  }

  private static String stored(DataSource db, String id) throws Exception {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT content FROM record.resource WHERE res_type = 'Patient' AND res_id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private static long count(DataSource db, String sql) throws Exception {
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
