package org.hutong.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code hutong load} against a platform of its own (so that resource counts are exact): the
 * Synthea fixtures, NDJSON with bad lines, idempotent reloads, a failing transaction file.
 */
class LoadCommandTest {

  private static final Path SYNTHEA = Path.of("src/test/resources/fixtures/synthea");

  private static ConfigurableApplicationContext platform;
  private static String url;
  private static IGenericClient fhir;

  @BeforeAll
  static void start() {
    platform = RunningPlatform.start(null);
    url = RunningPlatform.baseUrl(platform);
    fhir = RunningPlatform.fhir(platform);
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  record Run(int status, String out, String err) {}

  private static Run load(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] all = new String[args.length + 3];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--url=" + url;
    all[args.length + 1] = "--progress=lines";
    all[args.length + 2] = "--token=" + RunningPlatform.adminToken(platform);
    int status =
        LoadCommand.run(all, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static int count(String type) {
    return fhir.search().forResource(type).summaryMode(ca.uhn.fhir.rest.api.SummaryEnum.COUNT).returnBundle(Bundle.class).execute().getTotal();
  }

  private static int count(String type, String query) {
    return fhir.search().byUrl(type + "?" + query + "&_summary=count").returnBundle(Bundle.class).execute().getTotal();
  }

  @Test
  void loadsSyntheaFixturesThenNdjsonWithBadLines(@TempDir Path tmp) throws IOException {
    // 1. The Synthea fixtures: 5 files, 761 resources, shared bundles first
    List<String> types = List.of("Patient", "Observation", "Organization", "Practitioner", "ExplanationOfBenefit");
    List<Integer> before = types.stream().map(LoadCommandTest::count).toList();
    Run synthea = load(SYNTHEA.toString());
    assertThat(synthea.status()).as(synthea.out()).isZero();
    assertThat(synthea.out()).contains("Loaded 5 files: 761 resources").contains(", 0 errors");
    assertThat(synthea.err()).contains("load: 5/5 files");
    List<Integer> added = new java.util.ArrayList<>();
    for (int i = 0; i < types.size(); i++) {
      added.add(count(types.get(i)) - before.get(i));
    }
    assertThat(added).containsExactly(3, 211, 19, 19, 79);
    // the patients' conditional references found the shared organizations
    Bundle encounters = fhir.search().forResource("Encounter").count(1).returnBundle(Bundle.class).execute();
    String provider = ((org.hl7.fhir.r4.model.Encounter) encounters.getEntryFirstRep().getResource()).getServiceProvider().getReference();
    assertThat(provider).startsWith("Organization/");
    assertThat(fhir.read().resource(org.hl7.fhir.r4.model.Organization.class).withUrl(provider).execute().hasIdentifier()).isTrue();

    // 2. NDJSON: good lines, a malformed line, a type the server does not store, an unknown type,
    // a reference to the wrong type, one without an id; plus a gzipped file
    Path ndjson = tmp.resolve("mixed.ndjson");
    Files.writeString(
        ndjson,
        String.join(
            "\n",
            patient("nd-p1", "Lovelace"),
            observation("nd-o1", "Patient/nd-p1"),
            "{\"resourceType\":\"Patient\",\"id\":\"nd-broken\",\"name\":[{\"family\":",
            "",
            "{\"resourceType\":\"Basic\",\"id\":\"nd-basic\",\"code\":{\"text\":\"not stored here\"}}",
            "{\"resourceType\":\"Patiënt\",\"id\":\"nd-x\"}",
            observation("nd-o2", "Medication/nd-med"),
            "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"no id\"},\"subject\":{\"reference\":\"Patient/nd-p1\"}}",
            patient("nd-p2", "Hopper"),
            "[1, 2, 3]")
            + "\n");
    Path gz = tmp.resolve("more.ndjson.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write((patient("nd-p3", "Noether") + "\n" + observation("nd-o3", "Patient/nd-p3") + "\n").getBytes(StandardCharsets.UTF_8));
    }
    Run mixed = load(tmp.toString(), "--batch-size=4");
    assertThat(mixed.status()).as(mixed.out()).isEqualTo(1);
    assertThat(mixed.out()).contains("Loaded 2 files: 6 resources").contains(", 5 errors").contains("Errors (5, in 1 files):");
    assertThat(mixed.out()).contains("mixed.ndjson line 3: not valid JSON");
    assertThat(mixed.out()).containsPattern("mixed.ndjson line 5: HTTP 400: .*Basic is not stored by this server");
    assertThat(mixed.out()).contains("mixed.ndjson line 6: 'Patiënt' is not a FHIR R4 resource type");
    assertThat(mixed.out()).containsPattern("mixed.ndjson line 7: HTTP 422: .*may not refer to a Medication");
    assertThat(mixed.out()).contains("mixed.ndjson line 10: not a JSON object");
    assertThat(fhir.read().resource(Patient.class).withId("nd-p2").execute().getNameFirstRep().getFamily()).isEqualTo("Hopper");
    assertThat(fhir.read().resource(Observation.class).withId("nd-o3").execute().getSubject().getReference()).isEqualTo("Patient/nd-p3");
    assertThat(count("Observation", "subject=Patient/nd-p1")).isEqualTo(2);

    // 3. Loading the same NDJSON again changes nothing for resources with ids (PUT, same content)
    Path again = tmp.resolve("again");
    Files.createDirectories(again);
    Files.writeString(again.resolve("again.ndjson"), patient("nd-p1", "Lovelace") + "\n" + observation("nd-o1", "Patient/nd-p1") + "\n");
    Run reload = load(again.toString());
    assertThat(reload.status()).as(reload.out()).isZero();
    assertThat(reload.out()).contains("Loaded 1 files: 2 resources").contains(", 0 errors");
    assertThat(fhir.read().resource(Patient.class).withId("nd-p1").execute().getMeta().getVersionId()).isEqualTo("1");
    assertThat(count("Patient", "_id=nd-p1,nd-p2,nd-p3")).isEqualTo(3);
  }

  @Test
  void aFailingTransactionFileIsReportedWithItsEntryAndTheRestStillLoads(@TempDir Path tmp) throws IOException {
    Files.writeString(
        tmp.resolve("a-good.json"),
        "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
            + "{\"resource\":" + patient("tx-good", "Curie") + ",\"request\":{\"method\":\"PUT\",\"url\":\"Patient/tx-good\"}}]}");
    Files.writeString(
        tmp.resolve("b-bad.json"),
        "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
            + "{\"resource\":" + patient("tx-p", "Meitner") + ",\"request\":{\"method\":\"PUT\",\"url\":\"Patient/tx-p\"}},"
            + "{\"resource\":" + observation("tx-o", "Medication/nope") + ",\"request\":{\"method\":\"PUT\",\"url\":\"Observation/tx-o\"}}]}");
    Files.writeString(tmp.resolve("c-not-json.json"), "{ this is not json");
    Files.writeString(tmp.resolve("d-single.json"), patient("tx-single", "Franklin"));
    Files.writeString(tmp.resolve("ignored.txt"), "not a data file");

    Run run = load(tmp.toString(), "--threads=2");
    assertThat(run.status()).as(run.out()).isEqualTo(1);
    assertThat(run.out()).contains("Loaded 4 files: 2 resources").contains(", 2 errors");
    assertThat(run.out()).containsPattern("b-bad.json entry 1: HTTP 422: Bundle.entry\\[1\\]: .*may not refer to a Medication");
    assertThat(run.out()).contains("c-not-json.json: not valid JSON");
    // all-or-nothing: the good entry of the failed transaction is not there either
    assertThat(count("Patient", "_id=tx-good,tx-p,tx-single")).isEqualTo(2);
  }

  @Test
  void nothingToReachIsOneClearError(@TempDir Path tmp) throws IOException {
    Files.writeString(tmp.resolve("p.ndjson"), patient("unreached", "Nobody") + "\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status =
        LoadCommand.run(
            new String[] {tmp.toString(), "--url=http://127.0.0.1:9/fhir", "--progress=none"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(OutputStream.nullOutputStream()));
    assertThat(status).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("cannot reach the FHIR server");
  }

  @Test
  void badArgumentsExitWithTwo() {
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    assertThat(LoadCommand.run(new String[] {}, quiet, quiet)).isEqualTo(2);
    assertThat(LoadCommand.run(new String[] {"/no/such/folder"}, quiet, quiet)).isEqualTo(2);
    assertThat(LoadCommand.run(new String[] {SYNTHEA.toString(), "--threads=zero"}, quiet, quiet)).isEqualTo(2);
    assertThat(LoadCommand.run(new String[] {SYNTHEA.toString(), "--colour=red"}, quiet, quiet)).isEqualTo(2);
  }

  @Test
  void syntheaSharedBundlesLoadFirstWhateverTheirNames() {
    List<String> names =
        DataFiles.find(List.of(SYNTHEA)).stream().map(DataFiles.DataFile::name).toList();
    assertThat(names.subList(0, 2)).containsExactly("00-hospitalInformation.json", "01-practitionerInformation.json");
    List<String> synthea =
        List.of("Zed1_Z.json", "practitionerInformation.json", "Aaron1_A.json", "hospitalInformation.json", "b.ndjson.gz")
            .stream()
            .map(n -> DataFiles.classify(Path.of(n)))
            .sorted(DataFiles.ORDER)
            .map(DataFiles.DataFile::name)
            .toList();
    assertThat(synthea)
        .containsExactly("hospitalInformation.json", "practitionerInformation.json", "Aaron1_A.json", "Zed1_Z.json", "b.ndjson.gz");
  }

  private static String patient(String id, String family) {
    return "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"name\":[{\"family\":\"" + family + "\"}]}";
  }

  private static String observation(String id, String subject) {
    return "{\"resourceType\":\"Observation\",\"id\":\"" + id + "\",\"status\":\"final\","
        + "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8302-2\"}]},"
        + "\"subject\":{\"reference\":\"" + subject + "\"}}";
  }
}
