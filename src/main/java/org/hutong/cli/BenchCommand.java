package org.hutong.cli;

import ca.uhn.fhir.context.FhirContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Reference;
import org.hutong.access.Accounts;
import org.hutong.access.Caller;
import org.hutong.access.Role;
import org.hutong.record.ClinicalRecords;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * {@code hutong bench ingest|search|all [DIR]}: benchmarks on a fresh, throwaway embedded
 * PostgreSQL started in this process (durable commits: fsync stays on).
 *
 * <ul>
 *   <li>{@code ingest}: loads the bundles once through {@link ClinicalRecords#process(Bundle)}
 *       (the code path of {@code POST /fhir}, parsing included) and once over HTTP loopback
 *       ({@code POST /fhir}) on a second fresh database; reports resources/s.
 *   <li>{@code search}: loads the bundles (in-process) and times patient-scoped searches and
 *       {@code Patient/$everything} over HTTP against the in-process server.
 *   <li>{@code all}: ingest in-process, search on that data, then ingest over HTTP.
 * </ul>
 *
 * Without DIR the bundled demo region (20 Synthea patients) is used.
 */
public final class BenchCommand {

  private static final Set<String> OPTIONS =
      Set.of("patients", "threads", "mode", "queries", "warmup", "warmup-patients", "runs", "seed", "json", "explain", "help");

  private BenchCommand() {}

  /**
   * @param start starts the platform with the given arguments (the application's entry point
   *     passes its own, so this package does not depend on it)
   */
  public static int run(String[] args, Function<String[], ConfigurableApplicationContext> start) {
    return run(args, start, System.out, System.err);
  }

  static int run(
      String[] args, Function<String[], ConfigurableApplicationContext> start, PrintStream out, PrintStream err) {
    if (args.length > 0 && args[0].equals("empi")) {
      return empi(Arrays.copyOfRange(args, 1, args.length), start, out, err);
    }
    if (args.length > 0 && args[0].equals("mllp")) {
      return mllp(Arrays.copyOfRange(args, 1, args.length), start, out, err);
    }
    Options options;
    try {
      options = new Options(args, OPTIONS);
    } catch (IllegalArgumentException e) {
      err.println("bench: " + e.getMessage());
      usage(err);
      return 2;
    }
    if (options.has("help") || options.positional.isEmpty()) {
      usage(options.has("help") ? out : err);
      return options.has("help") ? 0 : 2;
    }
    String what = options.positional.getFirst();
    if (!Set.of("ingest", "search", "access", "all").contains(what) || options.positional.size() > 2) {
      usage(err);
      return 2;
    }
    try {
      Bench bench = new Bench(options, start, out, err);
      return bench.run(what);
    } catch (IllegalArgumentException e) {
      err.println("bench: " + e.getMessage());
      return 2;
    }
  }

  private static int empi(String[] args, Function<String[], ConfigurableApplicationContext> start, PrintStream out, PrintStream err) {
    try {
      Options options = new Options(args, EmpiBench.OPTIONS);
      if (options.has("help") || !options.positional.isEmpty()) {
        EmpiBench.usage(options.has("help") ? out : err);
        return options.has("help") ? 0 : 2;
      }
      return new EmpiBench(options, out, err).run(start);
    } catch (IllegalArgumentException e) {
      err.println("bench empi: " + e.getMessage());
      EmpiBench.usage(err);
      return 2;
    } catch (IOException e) {
      err.println("bench empi: " + e.getMessage());
      return 1;
    }
  }

  private static int mllp(String[] args, Function<String[], ConfigurableApplicationContext> start, PrintStream out, PrintStream err) {
    try {
      Options options = new Options(args, MllpBench.OPTIONS);
      if (options.has("help") || !options.positional.isEmpty()) {
        MllpBench.usage(options.has("help") ? out : err);
        return options.has("help") ? 0 : 2;
      }
      return new MllpBench(options, out, err).run(start);
    } catch (IllegalArgumentException e) {
      err.println("bench mllp: " + e.getMessage());
      MllpBench.usage(err);
      return 2;
    } catch (IOException e) {
      err.println("bench mllp: " + e.getMessage());
      return 1;
    }
  }

  private static void usage(PrintStream out) {
    out.println(
        """
        Usage: hutong bench ingest|search|access|all [DIR] [options]
       hutong bench empi [--persons=N] [--links=N] [--seed=N]   (see hutong bench empi --help)
       hutong bench mllp [--messages=N] [--connections=8]        (see hutong bench mllp --help)

          ingest   load DIR's bundles into a fresh embedded database (fsync on) through the
                   in-process transaction API and over HTTP loopback; report resources/s
          search   load DIR, then time Observation?patient=X&code=Y and Patient/$everything over HTTP
          access   load DIR as one institution, give a second one care of every patient and a
                   consent rule to a fifth of them, then time the same searches and reads as an
                   administrator (no row filter), as the institution (its own records) and as the
                   second institution (care relationship and consent checked on every row)
          all      ingest (in-process), search on that data, ingest over HTTP

          DIR                Synthea output (*.json, *.json.gz); default: the bundled demo region
          --patients=N       only the first N patient bundles (by name), plus the shared bundles
          --threads=N        bundles loaded concurrently (default 2)
          --warmup-patients=N  first load the shared bundles and N patients into a throwaway
                             database through both paths, so that timed runs measure compiled
                             code rather than the JIT compiler (default 10; 0: none)
          --mode=api|http|both   ingest path(s) for 'ingest' (default both)
          --queries=N        timed patient-scoped searches (default 2000)
          --warmup=N         untimed searches first (default 300)
          --runs=N           timed $everything calls per patient (default 20)
          --seed=N           random seed for the (patient, code) pairs (default 42)
          --json=FILE        also append the machine-readable result lines to FILE
          --explain          print EXPLAIN ANALYZE of the slowest search and the $everything query
                             (access: of the other institution's slowest search, with and without
                             its row filter)
        """);
  }

  /** One input bundle. */
  record Input(String name, boolean shared, long size, IoSupplier bytes) {}

  @FunctionalInterface
  interface IoSupplier {
    byte[] get() throws IOException;
  }

  record IngestResult(
      String mode, int files, long resources, double seconds, int errors, int threads, double cpuJava, double cpuPostgres) {
    double rate() {
      return resources / seconds;
    }
  }

  private static final class Bench {
    private final Options options;
    private final Function<String[], ConfigurableApplicationContext> start;
    private final PrintStream out;
    private final PrintStream err;
    private List<Input> inputs;
    private final int threads;
    private final String dataName;
    private final List<String> jsonLines = new ArrayList<>();
    private String postgresVersion = "?";

    Bench(Options options, Function<String[], ConfigurableApplicationContext> start, PrintStream out, PrintStream err) {
      this.options = options;
      this.start = start;
      this.out = out;
      this.err = err;
      this.threads = options.getInt("threads", 2, 1);
      String dir = options.positional.size() > 1 ? options.positional.get(1) : null;
      List<Input> all = dir == null ? demoInputs() : dirInputs(Path.of(dir));
      this.dataName = dir == null ? "bundled demo region" : dir;
      int patients = options.getInt("patients", Integer.MAX_VALUE, 0);
      List<Input> chosen = new ArrayList<>();
      int taken = 0;
      for (Input input : all) {
        if (input.shared() || taken++ < patients) {
          chosen.add(input);
        }
      }
      this.inputs = chosen;
      if (inputs.isEmpty()) {
        throw new IllegalArgumentException("No bundles (*.json, *.json.gz) in " + dataName);
      }
    }

    int run(String what) {
      long patientFiles = inputs.stream().filter(i -> !i.shared()).count();
      out.printf(
          Locale.ROOT,
          "Hutong bench %s: %d bundles (%d patients) from %s; %d cores, JDK %s%n",
          what, inputs.size(), patientFiles, dataName, Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"));
      int status = 0;
      List<IngestResult> ingests = new ArrayList<>();
      String mode = options.get("mode", "both");
      if (!Set.of("api", "http", "both").contains(mode)) {
        throw new IllegalArgumentException("--mode must be api, http or both");
      }
      warmUp(mode, what);
      switch (what) {
        case "ingest" -> {
          if (!mode.equals("http")) {
            ingests.add(withPlatform(p -> ingest(p, false)));
          }
          if (!mode.equals("api")) {
            ingests.add(withPlatform(p -> ingest(p, true)));
          }
        }
        case "search", "all" -> {
          status =
              withPlatform(
                  p -> {
                    ingests.add(ingest(p, false));
                    return search(p);
                  });
          if (what.equals("all")) {
            ingests.add(withPlatform(p -> ingest(p, true)));
          }
        }
        case "access" -> {
          loader = Caller.institutionSystem("bench-hospital-his", HOSPITAL, "system/*.cruds");
          status =
              withPlatform(
                  p -> {
                    ingests.add(ingest(p, false));
                    return access(p);
                  });
        }
        default -> throw new IllegalStateException(what);
      }
      if (!ingests.isEmpty()) {
        printIngest(ingests);
      }
      for (IngestResult r : ingests) {
        if (r.errors() > 0) {
          status = 1;
        }
      }
      writeJson();
      return status;
    }

    // ---------------------------------------------------------------- platform

    private interface WithPlatform<T> {
      T apply(ConfigurableApplicationContext platform) throws Exception;
    }

    private <T> T withPlatform(WithPlatform<T> body) {
      err.println("bench: starting a fresh embedded database (fsync on) ...");
      ConfigurableApplicationContext platform =
          start.apply(
              new String[] {
                "--hutong.db.ephemeral=true",
                "--hutong.db.fsync=true",
                "--server.port=0", "--hutong.mllp.port=0",
                "--logging.level.root=warn",
                "--logging.level.org.hutong=warn"
              });
      try {
        bearer = "Bearer " + benchToken(platform);
        return body.apply(platform);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      } finally {
        platform.close();
      }
    }

    /** The Authorization header of the benchmark's own client on the platform under test. */
    private volatile String bearer;

    /** Who loads the bundles in-process. */
    private Caller loader = Caller.platform("bench");

    /** Registers an administrator client for the run and gets its token, as any integration would. */
    private static String benchToken(ConfigurableApplicationContext platform) throws Exception {
      return clientToken(platform.getBean(Accounts.class), baseUrl(platform).replace("/fhir", ""), "bench", Role.ADMINISTRATOR, null, "system/*.cruds");
    }

    /** Registers a client for the run, as an operator would, and gets its token by client credentials. */
    private static String clientToken(Accounts accounts, String root, String name, Role role, String organization, String scopes)
        throws Exception {
      var credentials = accounts.registerClient(name + "-" + java.util.UUID.randomUUID(), role, organization, scopes);
      return TokenClient.clientCredentials(root, credentials.clientId(), credentials.clientSecret(), scopes);
    }

    private static String baseUrl(ConfigurableApplicationContext platform) {
      int port = ((WebServerApplicationContext) platform).getWebServer().getPort();
      return "http://127.0.0.1:" + port + "/fhir";
    }

    // ---------------------------------------------------------------- ingest

    /** An untimed load of a few patients through the paths about to be timed, then thrown away. */
    private void warmUp(String mode, String what) {
      int patients = options.getInt("warmup-patients", 10, 0);
      if (patients == 0) {
        return;
      }
      List<Input> all = inputs;
      List<Input> few = new ArrayList<>();
      int taken = 0;
      for (Input input : all) {
        if (input.shared() || taken++ < patients) {
          few.add(input);
        }
      }
      boolean api = what.equals("search") || what.equals("all") || !mode.equals("http");
      boolean http = what.equals("all") || (what.equals("ingest") && !mode.equals("api"));
      err.printf(Locale.ROOT, "bench: warm-up with %d bundles (untimed, thrown away) ...%n", few.size());
      withPlatform(
          p -> {
            List<Input> saved = inputs;
            inputs = few;
            try {
              if (api) {
                ingest(p, false, false);
              }
              if (http) {
                // the same bundles again over HTTP (patients are created twice: the database is thrown away)
                ingest(p, true, false);
              }
            } finally {
              inputs = saved;
            }
            return null;
          });
    }

    private IngestResult ingest(ConfigurableApplicationContext platform, boolean http) throws Exception {
      return ingest(platform, http, true);
    }

    private IngestResult ingest(ConfigurableApplicationContext platform, boolean http, boolean report) throws Exception {
      String mode = http ? "http" : "api";
      ClinicalRecords records = platform.getBean(ClinicalRecords.class);
      FhirContext fhir = platform.getBean(FhirContext.class);
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String base = baseUrl(platform);
      AtomicLong resources = new AtomicLong();
      AtomicInteger errors = new AtomicInteger();
      AtomicInteger files = new AtomicInteger();
      // Patient bundles largest first, so that the last big one does not run alone at the end.
      List<Input> patients = new ArrayList<>(inputs.stream().filter(i -> !i.shared()).toList());
      patients.sort(Comparator.comparingLong(Input::size).reversed());
      postgresVersion = first(rows(platform.getBean(DataSource.class), "SHOW server_version"));
      err.printf(Locale.ROOT, "bench: ingest (%s, %d threads) into PostgreSQL %s ...%n", mode, threads, postgresVersion);
      CpuMeter cpu = new CpuMeter(platform.getBean(DataSource.class));
      long started = System.nanoTime();
      Progress progress = new Progress(err, mode, started, resources, files, inputs.size());
      progress.start();
      try {
        for (Input input : inputs) {
          if (input.shared()) {
            ingestOne(input, http, records, fhir, client, base, resources, errors);
            files.incrementAndGet();
          }
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
          List<Future<?>> futures = new ArrayList<>();
          for (Input input : patients) {
            futures.add(
                pool.submit(
                    () -> {
                      ingestOne(input, http, records, fhir, client, base, resources, errors);
                      files.incrementAndGet();
                      return null;
                    }));
          }
          for (Future<?> f : futures) {
            f.get();
          }
        } finally {
          pool.shutdown();
        }
      } finally {
        progress.stop();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      double[] used = cpu.used();
      IngestResult result = new IngestResult(mode, files.get(), resources.get(), seconds, errors.get(), threads, used[0], used[1]);
      if (!report) {
        err.printf(Locale.ROOT, "bench: warm-up (%s): %,d resources in %.1f s%n", mode, result.resources(), seconds);
        return result;
      }
      json(
          String.format(
              Locale.ROOT,
              "{\"bench\":\"ingest\",\"mode\":\"%s\",\"files\":%d,\"resources\":%d,\"seconds\":%.2f,"
                  + "\"resources_per_s\":%.0f,\"errors\":%d,\"threads\":%d,\"fsync\":true,"
                  + "\"cpu_java_s\":%.1f,\"cpu_postgres_s\":%.1f,\"postgres\":\"%s\",\"jdk\":\"%s\",\"cores\":%d}",
              mode, result.files(), result.resources(), seconds, result.rate(), result.errors(), threads, used[0], used[1],
              postgresVersion, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors()));
      err.printf(Locale.ROOT, "bench: ingest (%s): %,d resources in %.1f s = %,.0f resources/s%n", mode, result.resources(), seconds, result.rate());
      return result;
    }

    private void ingestOne(
        Input input, boolean http, ClinicalRecords records, FhirContext fhir, HttpClient client, String base,
        AtomicLong resources, AtomicInteger errors) throws IOException, InterruptedException {
      byte[] bytes = input.bytes().get();
      if (http) {
        HttpRequest request =
            HttpRequest.newBuilder(URI.create(base))
                .header("Authorization", bearer)
                .header("Content-Type", "application/fhir+json")
                .header("Accept", "application/fhir+json")
                .timeout(Duration.ofMinutes(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
          errors.incrementAndGet();
          err.println("bench: " + input.name() + ": HTTP " + response.statusCode() + " " + abbreviate(response.body()));
          return;
        }
        String body = response.body();
        int ok = count(body, "\"status\":\"2");
        int failed = count(body, "\"status\":\"") - ok;
        resources.addAndGet(ok);
        if (failed > 0) {
          errors.addAndGet(failed);
          err.println("bench: " + input.name() + ": " + failed + " entries failed");
        }
      } else {
        Bundle bundle;
        try (InputStreamReader reader = new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8)) {
          bundle = fhir.newJsonParser().parseResource(Bundle.class, reader);
        }
        try {
          Bundle response = records.process(loader, bundle);
          int ok = 0;
          for (Bundle.BundleEntryComponent e : response.getEntry()) {
            if (e.getResponse().getStatus() != null && e.getResponse().getStatus().startsWith("2")) {
              ok++;
            }
          }
          resources.addAndGet(ok);
          if (ok < response.getEntry().size()) {
            errors.addAndGet(response.getEntry().size() - ok);
            err.println("bench: " + input.name() + ": " + (response.getEntry().size() - ok) + " entries failed");
          }
        } catch (RuntimeException e) {
          errors.incrementAndGet();
          err.println("bench: " + input.name() + ": " + e.getMessage());
        }
      }
    }

    private void printIngest(List<IngestResult> results) {
      long resources = results.getFirst().resources();
      out.println();
      out.printf(Locale.ROOT, "Ingest: %d bundles, %,d resources, fresh embedded PostgreSQL %s, fsync on, %d threads%n",
          results.getFirst().files(), resources, postgresVersion, threads);
      out.printf(
          Locale.ROOT, "  %-34s %10s %8s %12s %7s %11s %11s%n",
          "path", "resources", "seconds", "resources/s", "errors", "CPU java s", "CPU pg s");
      for (IngestResult r : results) {
        String path = r.mode().equals("api") ? "in-process ClinicalRecords.process" : "HTTP POST /fhir (loopback)";
        out.printf(
            Locale.ROOT, "  %-34s %,10d %8.1f %,12.0f %7d %11.1f %11.1f%n",
            path, r.resources(), r.seconds(), r.rate(), r.errors(), r.cpuJava(), r.cpuPostgres());
      }
      out.println("  (CPU: seconds of processor time used by this JVM and by the database's processes while loading)");
    }

    // ---------------------------------------------------------------- search

    private int search(ConfigurableApplicationContext platform) throws Exception {
      DataSource dataSource = platform.getBean(DataSource.class);
      String base = baseUrl(platform);
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      int queries = options.getInt("queries", 2000, 1);
      int warmup = options.getInt("warmup", 300, 0);
      int runs = options.getInt("runs", 20, 1);
      Random random = new Random(options.getInt("seed", 42, Integer.MIN_VALUE));

      analyze(dataSource);
      List<String[]> pairs = observationPairs(dataSource);
      if (pairs.isEmpty()) {
        err.println("bench: no Observations with a patient and a code in the data; nothing to search");
        return 1;
      }
      err.printf(Locale.ROOT, "bench: %,d distinct (patient, code) pairs; %d warm-up and %d timed searches ...%n", pairs.size(), warmup, queries);
      for (int i = 0; i < warmup; i++) {
        fetch(client, observationUrl(base, pairs.get(random.nextInt(pairs.size()))));
      }
      long[] nanos = new long[queries];
      String[][] asked = new String[queries][];
      int[] hits = new int[queries];
      long matches = 0;
      int paged = 0;
      for (int i = 0; i < queries; i++) {
        String[] pair = pairs.get(random.nextInt(pairs.size()));
        String url = observationUrl(base, pair);
        long t = System.nanoTime();
        String body = fetch(client, url);
        nanos[i] = System.nanoTime() - t;
        asked[i] = pair;
        hits[i] = total(body);
        matches += hits[i];
        if (hits[i] > 20) {
          paged++;
        }
      }
      Stats search = Stats.of(nanos);
      Integer[] order = new Integer[queries];
      for (int i = 0; i < queries; i++) {
        order[i] = i;
      }
      Arrays.sort(order, Comparator.comparingLong((Integer i) -> nanos[i]).reversed());
      out.println();
      out.println("Slowest patient-scoped searches:");
      for (int k = 0; k < Math.min(5, queries); k++) {
        int i = order[k];
        out.printf(Locale.ROOT, "  %8.1f ms  %5d hits  Observation?patient=%s&code=%s|%s%n", nanos[i] / 1e6, hits[i], asked[i][0], asked[i][1], asked[i][2]);
      }
      out.printf(
          Locale.ROOT, "  %d of %d searches matched more than one page (20): their result lists are kept in the database%n",
          paged, queries);
      if (options.has("explain")) {
        String[] slowest = asked[order[0]];
        explain(
            dataSource,
            "Observation?patient=X&code=S|C, slowest pair",
            PATIENT_CODE_SEARCH + " ORDER BY r.pk LIMIT 21",
            slowest[0], slowest[1], slowest[2]);
      }

      // $everything: the patient with the most resources, and the one closest to 1,500
      List<String[]> sizes =
          rows(
              dataSource,
              "SELECT patient_id, count(*) FROM record.resource WHERE patient_id IS NOT NULL AND NOT deleted"
                  + " GROUP BY patient_id ORDER BY 2 DESC, 1");
      String[] largest = sizes.getFirst();
      String[] typical = sizes.stream().min(Comparator.comparingLong(r -> Math.abs(Long.parseLong(r[1]) - 1500))).orElseThrow();
      List<String[]> everything = new ArrayList<>();
      for (String[] patient : largest[0].equals(typical[0]) ? List.<String[]>of(largest) : List.<String[]>of(typical, largest)) {
        boolean huge = patient == largest && Long.parseLong(largest[1]) > 5000;
        int n = huge ? Math.max(3, runs / 5) : runs;
        err.printf(Locale.ROOT, "bench: Patient/%s/$everything (%s resources), %d runs ...%n", patient[0], patient[1], n);
        String url = base + "/Patient/" + patient[0] + "/$everything";
        if (options.has("explain")) {
          explain(
              dataSource,
              "Patient/$everything, " + patient[1] + " resources",
              "SELECT r.pk FROM record.resource r WHERE (r.patient_id = ? OR (r.res_type = 'Patient' AND r.res_id = ?))"
                  + " AND NOT r.deleted ORDER BY r.pk LIMIT 2001",
              patient[0], patient[0]);
        }
        int got = 0;
        for (int i = 0; i < (huge ? 1 : 3); i++) {
          got = everything(client, url);
        }
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
          long t = System.nanoTime();
          got = everything(client, url);
          times[i] = System.nanoTime() - t;
        }
        Stats s = Stats.of(times);
        everything.add(new String[] {patient[0], Integer.toString(got), null});
        json(
            String.format(
                Locale.ROOT,
                "{\"bench\":\"everything\",\"patient\":\"%s\",\"resources\":%d,\"runs\":%d,\"median_ms\":%.2f,\"p95_ms\":%.2f,\"pages_of\":2000}",
                patient[0], got, n, s.p50(), s.p95()));
        everything.getLast()[2] = String.format(Locale.ROOT, "%d|%.1f|%.1f", n, s.p50(), s.p95());
      }

      json(
          String.format(
              Locale.ROOT,
              "{\"bench\":\"search\",\"query\":\"Observation?patient=X&code=S|C\",\"queries\":%d,\"pairs\":%d,"
                  + "\"p50_ms\":%.2f,\"p95_ms\":%.2f,\"p99_ms\":%.2f,\"mean_ms\":%.2f,\"mean_matches\":%.1f}",
              queries, pairs.size(), search.p50(), search.p95(), search.p99(), search.mean(), (double) matches / queries));

      out.println();
      out.println("Search over HTTP (java.net.http, one client, sequential, after warm-up):");
      out.printf(Locale.ROOT, "  %-44s %6s %9s %9s %9s %9s%n", "request", "n", "p50 ms", "p95 ms", "p99 ms", "mean ms");
      out.printf(
          Locale.ROOT, "  %-44s %6d %9.2f %9.2f %9.2f %9.2f%n",
          "Observation?patient=X&code=S|C (" + String.format(Locale.ROOT, "%.1f", (double) matches / queries) + " hits)",
          queries, search.p50(), search.p95(), search.p99(), search.mean());
      for (String[] e : everything) {
        String[] f = e[2].split("\\|");
        out.printf(
            Locale.ROOT, "  %-44s %6s %9s %9s %9s %9s%n",
            "Patient/$everything (" + String.format(Locale.ROOT, "%,d", Integer.parseInt(e[1])) + " resources)", f[0], f[1], f[2], "", "");
      }
      out.println("  (Observation pairs drawn at random from " + String.format(Locale.ROOT, "%,d", pairs.size())
          + " distinct (patient, code) pairs in the data; $everything follows every page)");
      return 0;
    }

    // ---------------------------------------------------------------- access

    static final String HOSPITAL = "bench-hospital";
    static final String CLINIC = "bench-clinic";

    /**
     * The cost of row-level access control per request: the same requests, interleaved in a
     * rotating order, by three callers whose row filters differ. Every request is authenticated
     * and audited alike, so the differences are the row filter's.
     */
    private int access(ConfigurableApplicationContext platform) throws Exception {
      DataSource dataSource = platform.getBean(DataSource.class);
      ClinicalRecords records = platform.getBean(ClinicalRecords.class);
      String base = baseUrl(platform);
      String root = base.replace("/fhir", "");
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      int queries = options.getInt("queries", 2000, 1);
      int warmup = options.getInt("warmup", 300, 0);
      Random random = new Random(options.getInt("seed", 42, Integer.MIN_VALUE));

      // the clinic takes care of every patient (one Encounter each); a fifth refuse to share PSY-labelled records
      List<String> patients = rows(dataSource, "SELECT res_id FROM record.resource WHERE res_type = 'Patient' AND NOT deleted ORDER BY res_id")
          .stream().map(r -> r[0]).toList();
      Bundle care = new Bundle().setType(Bundle.BundleType.BATCH);
      Bundle consents = new Bundle().setType(Bundle.BundleType.BATCH);
      for (int i = 0; i < patients.size(); i++) {
        Encounter encounter = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED).setSubject(new Reference("Patient/" + patients.get(i)));
        encounter.getClass_().setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").setCode("AMB");
        care.addEntry().setResource(encounter).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Encounter");
        if (i % 5 == 0) {
          Consent consent = new Consent().setStatus(Consent.ConsentState.ACTIVE).setPatient(new Reference("Patient/" + patients.get(i)));
          consent.getScope().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/consentscope").setCode("patient-privacy");
          consent.addCategory().addCoding().setSystem("http://loinc.org").setCode("59284-0");
          consent.getProvision().setType(Consent.ConsentProvisionType.PERMIT).addProvision().setType(Consent.ConsentProvisionType.DENY)
              .addSecurityLabel().setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").setCode("PSY");
          consents.addEntry().setResource(consent).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Consent");
        }
      }
      records.process(Caller.institutionSystem("bench-clinic-his", CLINIC, "system/*.cruds"), care);
      records.process(Caller.platform("bench"), consents);
      analyze(dataSource);

      Accounts accounts = platform.getBean(Accounts.class);
      String[] names = {"administrator (no row filter)", "institution, its own records", "other institution: care + consent"};
      String[] tokens = {
        bearer,
        "Bearer " + clientToken(accounts, root, HOSPITAL, Role.INSTITUTION_SYSTEM, HOSPITAL, "system/*.rs"),
        "Bearer " + clientToken(accounts, root, CLINIC, Role.INSTITUTION_SYSTEM, CLINIC, "system/*.rs")
      };
      List<String[]> pairs = observationPairs(dataSource);
      if (pairs.isEmpty()) {
        err.println("bench: no Observations with a patient and a code in the data; nothing to search");
        return 1;
      }
      long auditBefore = countRows(dataSource, "SELECT count(*) FROM audit.event");
      err.printf(Locale.ROOT, "bench: access: %d warm-up and %d timed rounds of a search and a read per caller ...%n", warmup, queries);
      int callers = tokens.length;
      long[][] search = new long[callers][queries];
      long[][] read = new long[callers][queries];
      int mismatches = 0;
      String[] slowest = null;
      long slowestNanos = 0;
      for (int i = -warmup; i < queries; i++) {
        String[] pair = pairs.get(random.nextInt(pairs.size()));
        String searchUrl = observationUrl(base, pair);
        String readUrl = base + "/Patient/" + enc(pair[0]);
        int expected = -1;
        for (int k = 0; k < callers; k++) {
          int c = Math.floorMod(i + k, callers); // rotate who goes first
          long t = System.nanoTime();
          String body = fetch(client, searchUrl, tokens[c]);
          long searched = System.nanoTime() - t;
          t = System.nanoTime();
          fetch(client, readUrl, tokens[c]);
          long readTime = System.nanoTime() - t;
          int hits = total(body);
          if (expected >= 0 && hits != expected) {
            mismatches++;
          }
          expected = hits;
          if (i >= 0) {
            search[c][i] = searched;
            read[c][i] = readTime;
            if (c == callers - 1 && (slowest == null || searched > slowestNanos)) {
              slowest = pair;
              slowestNanos = searched;
            }
          }
        }
      }
      long audited = countRows(dataSource, "SELECT count(*) FROM audit.event") - auditBefore;
      if (options.has("explain") && slowest != null) {
        out.printf(Locale.ROOT, "%nSlowest search of the other institution: %.1f ms, Observation?patient=%s&code=%s|%s%n",
            slowestNanos / 1e6, slowest[0], slowest[1], slowest[2]);
        // the row filter of an institution as record.internal.access.RowFilter writes it (opt-out)
        String filter =
            " AND (r.patient_id IS NULL OR (EXISTS (SELECT 1 FROM record.care_relationship k WHERE k.patient_id = r.patient_id AND k.org_id = ?)"
                + " AND (r.org_id IS NOT DISTINCT FROM ? OR (NOT EXISTS (SELECT 1 FROM record.consent_rule d WHERE d.patient_id = r.patient_id"
                + " AND (d.rule = 'deny-all' OR (d.rule = 'deny-org' AND d.org_id = ?) OR (d.rule = 'deny-label' AND d.label = ANY(r.labels))))))))";
        explain(dataSource, "as administrator", PATIENT_CODE_SEARCH + " ORDER BY r.pk LIMIT 10001", slowest[0], slowest[1], slowest[2]);
        explain(dataSource, "as the other institution, filter inline", PATIENT_CODE_SEARCH + filter + " ORDER BY r.pk LIMIT 10001",
            slowest[0], slowest[1], slowest[2], CLINIC, CLINIC, CLINIC);
        // as record.internal.search.SearchService renders a search bounded by one subject
        explain(dataSource, "as the other institution, filter after the matches (as rendered)",
            "SELECT r.pk FROM record.resource r WHERE r.pk = ANY(ARRAY(" + PATIENT_CODE_SEARCH + "))" + filter + " ORDER BY r.pk LIMIT 10001",
            slowest[0], slowest[1], slowest[2], CLINIC, CLINIC, CLINIC);
      }

      out.println();
      out.printf(Locale.ROOT, "Access control per request over HTTP (one client, sequential, %d rounds after %d warm-up; every request authenticated and audited):%n", queries, warmup);
      out.printf(Locale.ROOT, "  %-36s %-34s %9s %9s %9s %9s%n", "caller", "request", "p50 ms", "p95 ms", "p99 ms", "mean ms");
      for (int c = 0; c < callers; c++) {
        Stats s = Stats.of(search[c]);
        Stats r = Stats.of(read[c]);
        out.printf(Locale.ROOT, "  %-36s %-34s %9.2f %9.2f %9.2f %9.2f%n", names[c], "Observation?patient=X&code=S|C", s.p50(), s.p95(), s.p99(), s.mean());
        out.printf(Locale.ROOT, "  %-36s %-34s %9.2f %9.2f %9.2f %9.2f%n", "", "Patient/X", r.p50(), r.p95(), r.p99(), r.mean());
        json(
            String.format(
                Locale.ROOT,
                "{\"bench\":\"access\",\"caller\":\"%s\",\"rounds\":%d,\"search_p50_ms\":%.2f,\"search_p95_ms\":%.2f,\"search_p99_ms\":%.2f,"
                    + "\"read_p50_ms\":%.2f,\"read_p95_ms\":%.2f,\"read_p99_ms\":%.2f,\"patients\":%d,\"consents\":%d}",
                names[c], queries, s.p50(), s.p95(), s.p99(), r.p50(), r.p95(), r.p99(), patients.size(), consents.getEntry().size()));
      }
      out.printf(
          Locale.ROOT,
          "  %,d audit records written by the timed and warm-up requests (%.2f per request); %d of %d result counts differed between callers%n",
          audited, audited / (double) ((queries + warmup) * callers * 2), mismatches, (queries + warmup) * (callers - 1));
      return mismatches == 0 ? 0 : 1;
    }

    private static long countRows(DataSource dataSource, String sql) throws SQLException {
      return Long.parseLong(first(rows(dataSource, sql)));
    }

    /**
     * {@code Observation?patient=X&code=S|C} as the search renderer writes it, without a row filter
     * (a copy for diagnosis: the benchmark cannot call the renderer itself).
     */
    private static final String PATIENT_CODE_SEARCH =
        "SELECT r.pk FROM record.resource r WHERE r.res_type = 'Observation' AND NOT r.deleted"
                + " AND EXISTS (SELECT 1 FROM record.idx_reference i1 WHERE i1.resource_pk = r.pk AND i1.res_type = 'Observation'"
                + " AND i1.param = 'patient' AND (i1.target_id = ?))"
                + " AND EXISTS (SELECT 1 FROM record.idx_token i2 WHERE i2.resource_pk = r.pk AND i2.res_type = 'Observation'"
                + " AND i2.param = 'code' AND ((i2.system = ? AND i2.code = ?)))";

    /** Every distinct (patient, code system, code) of an Observation in the data, in a stable order. */
    private static List<String[]> observationPairs(DataSource dataSource) throws SQLException {
      return rows(
          dataSource,
          "SELECT DISTINCT patient_id, system, code FROM record.idx_token"
              + " WHERE res_type = 'Observation' AND param = 'code' AND patient_id IS NOT NULL ORDER BY 1, 2, 3");
    }

    private static String observationUrl(String base, String[] pair) {
      String token = (pair[1] == null ? "" : pair[1] + "|") + pair[2];
      return base + "/Observation?patient=" + enc(pair[0]) + "&code=" + enc(token);
    }

    private static String enc(String s) {
      return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private String fetch(HttpClient client, String url) throws IOException, InterruptedException {
      return fetch(client, url, bearer);
    }

    private static String fetch(HttpClient client, String url, String authorization) throws IOException, InterruptedException {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization).header("Accept", "application/fhir+json").GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET " + url + " -> HTTP " + response.statusCode() + ": " + abbreviate(response.body()));
      }
      return response.body();
    }

    private static final Pattern NEXT = Pattern.compile("\\{\"relation\":\"next\",\"url\":\"([^\"]+)\"");

    /** Fetches every page; returns the number of entries. */
    private int everything(HttpClient client, String url) throws IOException, InterruptedException {
      int entries = 0;
      String next = url;
      while (next != null) {
        String body = fetch(client, next);
        entries += count(body, "\"fullUrl\":");
        int entryStart = body.indexOf("\"entry\":");
        Matcher m = NEXT.matcher(entryStart < 0 ? body : body.substring(0, entryStart));
        next = m.find() ? m.group(1).replace("\\u0026", "&") : null;
      }
      return entries;
    }

    private static final Pattern TOTAL = Pattern.compile("\"total\":(\\d+)");

    private static int total(String body) {
      Matcher m = TOTAL.matcher(body.length() > 400 ? body.substring(0, 400) : body);
      return m.find() ? Integer.parseInt(m.group(1)) : count(body, "\"fullUrl\":");
    }

    /**
     * EXPLAIN ANALYZE of SQL written like the search renderer writes it for these requests (a
     * copy for diagnosis: the benchmark cannot call the renderer itself).
     */
    private void explain(DataSource dataSource, String what, String sql, Object... args) throws SQLException {
      out.println();
      out.println("EXPLAIN (ANALYZE, BUFFERS) " + what + ":");
      try (Connection c = dataSource.getConnection();
          PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
        for (int i = 0; i < args.length; i++) {
          ps.setObject(i + 1, args[i]);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.println("  " + rs.getString(1));
          }
        }
      }
    }

    private static void analyze(DataSource dataSource) throws SQLException {
      // As autovacuum would leave a loaded database: statistics, and the visibility map that lets
      // index-only scans skip the table.
      try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("VACUUM ANALYZE")) {
        ps.execute();
      }
    }

    private static String first(List<String[]> rows) {
      return rows.isEmpty() ? "?" : rows.getFirst()[0];
    }

    private static List<String[]> rows(DataSource dataSource, String sql) throws SQLException {
      try (Connection c = dataSource.getConnection();
          PreparedStatement ps = c.prepareStatement(sql);
          ResultSet rs = ps.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        List<String[]> rows = new ArrayList<>();
        while (rs.next()) {
          String[] row = new String[columns];
          for (int i = 0; i < columns; i++) {
            row[i] = rs.getString(i + 1);
          }
          rows.add(row);
        }
        return rows;
      }
    }

    // ---------------------------------------------------------------- output

    private void json(String line) {
      jsonLines.add(line);
      out.println("BENCH " + line);
    }

    private void writeJson() {
      String file = options.get("json", null);
      if (file == null || jsonLines.isEmpty()) {
        return;
      }
      try {
        Files.write(Path.of(file), jsonLines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Latency percentiles (nearest rank) in milliseconds. */
  record Stats(double p50, double p95, double p99, double mean) {
    static Stats of(long[] nanos) {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      double mean = Arrays.stream(sorted).average().orElse(0) / 1e6;
      return new Stats(rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99), mean);
    }

    private static double rank(long[] sorted, double p) {
      int index = (int) Math.ceil(p * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    String format() {
      return String.format(Locale.ROOT, "%.1f|%.1f|%.1f", p50, p95, p99);
    }
  }

  /**
   * Processor time used by this JVM and by the embedded database's processes (Linux /proc; the
   * database runs on this machine). Zero where it cannot be read.
   */
  static final class CpuMeter {
    private static final double TICKS = 100.0; // USER_HZ on Linux
    private final DataSource dataSource;
    private final double javaStart;
    private final double postgresStart;

    CpuMeter(DataSource dataSource) {
      this.dataSource = dataSource;
      this.javaStart = javaSeconds();
      this.postgresStart = postgresSeconds();
    }

    /** {java, postgres} seconds since this meter was made. */
    double[] used() {
      return new double[] {javaSeconds() - javaStart, postgresSeconds() - postgresStart};
    }

    /** Processor seconds this JVM has used since it started. */
    static double javaSeconds() {
      if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
          instanceof com.sun.management.OperatingSystemMXBean os) {
        return os.getProcessCpuTime() / 1e9;
      }
      return 0;
    }

    /** The postmaster and all its children (backends, WAL writer, checkpointer, ...). */
    private double postgresSeconds() {
      try (Connection c = dataSource.getConnection();
          PreparedStatement ps = c.prepareStatement("SELECT pg_backend_pid()");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        long backend = rs.getLong(1);
        long postmaster = Long.parseLong(stat(backend)[3]);
        double total = ticks(postmaster);
        for (ProcessHandle child : ProcessHandle.of(postmaster).map(p -> p.children().toList()).orElse(List.of())) {
          total += ticks(child.pid());
        }
        return total / TICKS;
      } catch (Exception e) {
        return 0;
      }
    }

    private static double ticks(long pid) {
      try {
        String[] f = stat(pid);
        return Long.parseLong(f[13]) + Long.parseLong(f[14]);
      } catch (Exception e) {
        return 0;
      }
    }

    /** Fields of /proc/PID/stat: index i is field i + 1 (3 ppid, 13 utime, 14 stime). */
    private static String[] stat(long pid) throws IOException {
      String line = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String rest = line.substring(line.lastIndexOf(')') + 2);
      String[] after = rest.split(" ");
      String[] fields = new String[after.length + 2];
      fields[0] = Long.toString(pid);
      fields[1] = "";
      System.arraycopy(after, 0, fields, 2, after.length);
      return fields;
    }
  }

  /** A line on stderr every 10 seconds while ingesting. */
  private static final class Progress {
    private final PrintStream err;
    private final String mode;
    private final long started;
    private final AtomicLong resources;
    private final AtomicInteger files;
    private final int total;
    private final Thread thread;

    Progress(PrintStream err, String mode, long started, AtomicLong resources, AtomicInteger files, int total) {
      this.err = err;
      this.mode = mode;
      this.started = started;
      this.resources = resources;
      this.files = files;
      this.total = total;
      this.thread = Thread.ofPlatform().daemon().unstarted(this::loop);
    }

    void start() {
      thread.start();
    }

    void stop() {
      thread.interrupt();
    }

    private void loop() {
      try {
        while (true) {
          Thread.sleep(10_000);
          double seconds = (System.nanoTime() - started) / 1e9;
          err.printf(
              Locale.ROOT, "bench: ingest (%s) %d/%d bundles, %,d resources, %.0f s, %,.0f resources/s%n",
              mode, files.get(), total, resources.get(), seconds, resources.get() / seconds);
        }
      } catch (InterruptedException e) {
        // done
      }
    }
  }

  // ---------------------------------------------------------------- inputs

  private static List<Input> dirInputs(Path dir) {
    List<Input> inputs = new ArrayList<>();
    for (DataFiles.DataFile file : DataFiles.find(List.of(dir))) {
      if (file.kind() != DataFiles.Kind.JSON) {
        continue;
      }
      long size;
      try {
        size = Files.size(file.path());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      inputs.add(new Input(file.name(), file.shared(), size, () -> DataFiles.readBytes(file.path())));
    }
    return inputs;
  }

  private static List<Input> demoInputs() {
    try {
      Resource[] bundles = new PathMatchingResourcePatternResolver().getResources("classpath*:demo/synthea/*.json.gz");
      List<Input> inputs = new ArrayList<>();
      for (Resource r : bundles) {
        String name = r.getFilename();
        DataFiles.DataFile kind = DataFiles.classify(Path.of(name));
        inputs.add(
            new Input(
                name, kind.shared(), r.contentLength(),
                () -> {
                  try (InputStream in = new java.util.zip.GZIPInputStream(r.getInputStream())) {
                    return in.readAllBytes();
                  }
                }));
      }
      inputs.sort(Comparator.comparing((Input i) -> !i.shared()).thenComparing(Input::name));
      return Collections.unmodifiableList(inputs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
      n++;
    }
    return n;
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 500 ? s.substring(0, 500) + "..." : s;
  }
}
