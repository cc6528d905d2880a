package org.hutong.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The MLLP listener as a sender's interface engine meets it: acknowledgements after commit, AE and
 * AR with ERR segments, resends stored once, the archive, and hostile bytes on the wire.
 */
class MllpIntakeTest {

  private static ConfigurableApplicationContext platform;
  private static IGenericClient fhir;
  private static int port;
  private static JdbcTemplate jdbc;

  @BeforeAll
  static void start() {
    platform = RunningPlatform.shared();
    fhir = RunningPlatform.fhir();
    port = platform.getBean(MessageIntake.class).port();
    jdbc = new JdbcTemplate(platform.getBean(DataSource.class));
    sendersExist();
  }

  /** The Organizations of the test platform's HL7 senders (HOSP_A, LAB_B), which mapped records refer to. */
  static void sendersExist() {
    for (String org : new String[] {RunningPlatform.HOSPITAL_A, RunningPlatform.LAB_B}) {
      Organization o = new Organization().setName(org).setActive(true);
      o.setId(org);
      RunningPlatform.fhir().update().resource(o).execute();
    }
  }

  static String adt(String control, String mrn, String facility) {
    return "MSH|^~\\&|HIS|" + facility + "|HUTONG|HUTONG|20261123101500+0800||ADT^A01^ADT_A01|" + control + "|P|2.5.1|||||CHN|UNICODE UTF-8\r"
        + "EVN|A01|20261123101500+0800\r"
        + "PID|1||" + mrn + "^^^" + facility + "^MR~110101199003074514^^^CHN^NNCHN||王^小明||19900307|M|||朝阳区建国路88号^^北京市^^100022^CHN||13812345678\r"
        + pv1("V" + mrn);
  }

  /** PV1 with the visit number (PV1-19) and admit time (PV1-44) in their places. */
  private static String pv1(String visit) {
    String[] fields = new String[45];
    java.util.Arrays.fill(fields, "");
    fields[0] = "PV1";
    fields[1] = "1";
    fields[2] = "I";
    fields[3] = "内科^101^1";
    fields[7] = "0001^李^医生";
    fields[19] = visit;
    fields[44] = "20261123100000+0800";
    return String.join("|", fields) + "\r";
  }

  private static MllpClient client() throws IOException {
    return new MllpClient("localhost", port, 30_000);
  }

  private static int patients(String mrn) {
    Bundle found =
        fhir.search()
            .forResource(Patient.class)
            .where(Patient.IDENTIFIER.exactly().systemAndIdentifier("https://hutong.org/fhir/sid/mrn/" + RunningPlatform.HOSPITAL_A, mrn))
            .returnBundle(Bundle.class)
            .execute();
    return found.getEntry().size();
  }

  private static Map<String, Object> archived(String control) {
    return jdbc.queryForMap("SELECT outcome, error_code, error_location, detail, duplicates, size_bytes FROM intake.message WHERE control_id = ? ORDER BY id DESC LIMIT 1", control);
  }

  @Test
  void acceptsOnlyAfterStoringAndStoresAResendOnce() throws Exception {
    String control = RunningPlatform.unique("C");
    String mrn = RunningPlatform.unique("M");
    try (MllpClient c = client()) {
      String ack = c.send(adt(control, mrn, "HOSP_A"));
      assertThat(ack).contains("MSA|AA|" + control).doesNotContain("ERR");
      assertThat(ack).startsWith("MSH|^~\\&|HUTONG|HUTONG|HIS|HOSP_A|");
      assertThat(patients(mrn)).isEqualTo(1);
      String again = c.send(adt(control, mrn, "HOSP_A"));
      assertThat(again).contains("MSA|AA|" + control);
    }
    assertThat(patients(mrn)).isEqualTo(1);
    Map<String, Object> row = archived(control);
    assertThat(row.get("outcome")).isEqualTo("AA");
    assertThat(row.get("duplicates")).isEqualTo(1);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM intake.message WHERE control_id = ?", Long.class, control)).isEqualTo(1);
  }

  @Test
  void theArchiveKeepsTheMessageSealedAndCompressed() throws Exception {
    String control = RunningPlatform.unique("C");
    try (MllpClient c = client()) {
      assertThat(c.send(adt(control, RunningPlatform.unique("M"), "HOSP_A"))).contains("MSA|AA");
    }
    byte[] raw = jdbc.queryForObject("SELECT raw FROM intake.message WHERE control_id = ?", byte[].class, control);
    String asText = new String(raw, StandardCharsets.ISO_8859_1);
    assertThat(asText).doesNotContain("PID").doesNotContain("110101199003074514");
    assertThat(new String(raw, StandardCharsets.UTF_8)).doesNotContain("王");
  }

  @Test
  void aMissingMrnIsAnApplicationErrorNamingTheField() throws Exception {
    String control = RunningPlatform.unique("C");
    String message = adt(control, "", "HOSP_A");
    try (MllpClient c = client()) {
      String ack = c.send(message);
      assertThat(ack).contains("MSA|AE|" + control);
      assertThat(ack).containsPattern("ERR\\|\\|PID\\^1\\^3\\^1\\^1\\|101\\^Required field missing\\^HL70357\\|E");
    }
    assertThat(archived(control).get("outcome")).isEqualTo("AE");
    assertThat(archived(control).get("error_location")).isEqualTo("PID-3");
  }

  @Test
  void aResultTheQualityRulesRefuseIsAnApplicationErrorAndNothingIsStored() throws Exception {
    String control = RunningPlatform.unique("C");
    String mrn = RunningPlatform.unique("M");
    String oru =
        "MSH|^~\\&|LIS|HOSP_A|HUTONG|HUTONG|20261123101500+0800||ORU^R01^ORU_R01|" + control + "|P|2.5.1\r"
            + "PID|1||" + mrn + "^^^HOSP_A^MR||王^小明||19900307|M\r"
            + "OBR|1|P" + mrn + "|F" + mrn + "|24331-1^血脂血糖组合^LN|||20261123080000+0800||||||||||||||20261123100000+0800|||F\r"
            + "OBX|1|NM|2345-7^葡萄糖^LN||-3|mmol/L|3.9-6.1|L|||F\r";
    try (MllpClient c = client()) {
      String ack = c.send(oru);
      assertThat(ack).contains("MSA|AE|" + control).contains("OBS-VAL-003");
    }
    assertThat(patients(mrn)).isZero(); // the whole message was rolled back, its Patient too
    assertThat(archived(control).get("outcome")).isEqualTo("AE");
  }

  @Test
  void anUnknownSenderIsRejected() throws Exception {
    String control = RunningPlatform.unique("C");
    try (MllpClient c = client()) {
      String ack = c.send(adt(control, RunningPlatform.unique("M"), "NOBODY"));
      assertThat(ack).contains("MSA|AR|" + control).contains("ERR||MSH^1^4^1^|204^Unknown key identifier");
    }
    assertThat(archived(control).get("outcome")).isEqualTo("AR");
  }

  @Test
  void badEncodingUnknownCharsetAndWrongVersionAreRejected() throws Exception {
    String control = RunningPlatform.unique("C");
    try (MllpClient c = client()) {
      byte[] gb = adt(control, RunningPlatform.unique("M"), "HOSP_A").getBytes(Charset.forName("GB18030"));
      String ack = new String(c.sendBytes(gb), StandardCharsets.US_ASCII);
      assertThat(ack).contains("MSA|AR|" + control).contains("MSH^1^18");
      String charset = adt(RunningPlatform.unique("C"), RunningPlatform.unique("M"), "HOSP_A").replace("UNICODE UTF-8", "KLINGON");
      assertThat(c.send(charset)).contains("MSA|AR|").contains("103^Table value not found");
      String version = adt(RunningPlatform.unique("C"), RunningPlatform.unique("M"), "HOSP_A").replace("|P|2.5.1|", "|P|3.0|");
      assertThat(c.send(version)).contains("MSA|AR|").contains("203^Unsupported version id");
      // the same message declared as GB 18030 is read correctly
      String declared = adt(RunningPlatform.unique("C"), RunningPlatform.unique("M"), "HOSP_A").replace("UNICODE UTF-8", "GB 18030-2000");
      String ok = new String(c.sendBytes(declared.getBytes(Charset.forName("GB18030"))), StandardCharsets.US_ASCII);
      assertThat(ok).contains("MSA|AA|");
    }
  }

  @Test
  void anOversizedMessageIsReadToItsEndAndRejectedAndTheConnectionStaysUsable() throws Exception {
    String control = RunningPlatform.unique("C");
    StringBuilder big = new StringBuilder(adt(control, RunningPlatform.unique("M"), "HOSP_A"));
    String filler = "NTE|1||" + "x".repeat(1000) + "\r";
    while (big.length() < 10 * 1024 * 1024) {
      big.append(filler);
    }
    try (MllpClient c = client()) {
      String ack = c.send(big.toString());
      assertThat(ack).contains("MSA|AR|" + control).contains("104^Value too long");
      assertThat(c.send(adt(RunningPlatform.unique("C"), RunningPlatform.unique("M"), "HOSP_A"))).contains("MSA|AA|");
    }
  }

  @Test
  void garbageClosesTheConnectionAndTheListenerLivesOn() throws Exception {
    try (MllpClient c = client()) {
      c.writeRaw("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThatThrownBy(c::read).isInstanceOfAny(EOFException.class, SocketException.class);
    }
    try (MllpClient c = client()) {
      byte[] noise = new byte[4096];
      new java.util.Random(7).nextBytes(noise);
      noise[0] = 0x0b;
      for (int i = 1; i < noise.length; i++) {
        if (noise[i] == 0x1c || noise[i] == 0x0b) {
          noise[i] = 0x20;
        }
      }
      String ack = new String(c.sendBytes(java.util.Arrays.copyOfRange(noise, 1, noise.length)), StandardCharsets.US_ASCII);
      assertThat(ack).contains("MSA|AR|");
    }
    try (MllpClient c = client()) {
      assertThat(c.send(adt(RunningPlatform.unique("C"), RunningPlatform.unique("M"), "HOSP_A"))).contains("MSA|AA|");
    }
  }

  @Test
  void messagesOfOnePatientFromManyConnectionsMakeOnePatient() throws Exception {
    String mrn = RunningPlatform.unique("M");
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(4);
    try {
      List<java.util.concurrent.Future<Integer>> sent = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        sent.add(
            pool.submit(
                () -> {
                  int accepted = 0;
                  try (MllpClient c = client()) {
                    for (int i = 0; i < 10; i++) {
                      together.await();
                      accepted += c.send(adt(RunningPlatform.unique("C"), mrn, "HOSP_A")).contains("MSA|AA|") ? 1 : 0;
                    }
                  }
                  return accepted;
                }));
      }
      int accepted = 0;
      for (var f : sent) {
        accepted += f.get();
      }
      assertThat(accepted).isEqualTo(40);
    } finally {
      pool.shutdownNow();
    }
    assertThat(patients(mrn)).isEqualTo(1);
  }

  @Test
  void administratorsListAndReplayAFeedAndOthersMayNot() throws Exception {
    String control = RunningPlatform.unique("C");
    String mrn = RunningPlatform.unique("M");
    try (MllpClient c = client()) {
      assertThat(c.send(adt(control, mrn, "HOSP_A"))).contains("MSA|AA|");
    }
    long id = jdbc.queryForObject("SELECT id FROM intake.message WHERE control_id = ?", Long.class, control);
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    String base = RunningPlatform.serverUrl(platform);
    java.net.http.HttpResponse<String> replay =
        http.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/intake/replay?sender=HOSP_A&from=" + id + "&limit=1"))
                .header("Authorization", RunningPlatform.bearer())
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(replay.body()).contains("\"replayed\":1").contains("\"AA\":1");
    assertThat(patients(mrn)).isEqualTo(1);
    assertThat(jdbc.queryForObject("SELECT replayed_at IS NOT NULL FROM intake.message WHERE id = ?", Boolean.class, id)).isTrue();

    java.net.http.HttpResponse<String> list =
        http.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/intake/messages?sender=HOSP_A&after=" + (id - 1) + "&limit=1"))
                .header("Authorization", RunningPlatform.bearer())
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains(control).contains("ADT^A01").doesNotContain("王");

    String hospital =
        RunningPlatform.clientToken(platform, RunningPlatform.unique("his"), org.hutong.access.Role.INSTITUTION_SYSTEM, RunningPlatform.LAB_B, "system/*.cruds");
    java.net.http.HttpResponse<String> refused =
        http.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/intake/replay?sender=HOSP_A"))
                .header("Authorization", "Bearer " + hospital)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(403);
    java.net.http.HttpResponse<String> others =
        http.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/intake/messages?sender=HOSP_A"))
                .header("Authorization", "Bearer " + hospital)
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(others.statusCode()).isEqualTo(200);
    assertThat(others.body()).doesNotContain(control);
    java.net.http.HttpResponse<String> anonymous =
        http.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/intake/messages")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }
}
