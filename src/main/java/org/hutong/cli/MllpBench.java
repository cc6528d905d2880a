package org.hutong.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Organization;
import org.hutong.access.Caller;
import org.hutong.intake.MessageIntake;
import org.hutong.intake.MllpClient;
import org.hutong.intake.SyntheticFeed;
import org.hutong.record.ClinicalRecords;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code hutong bench mllp [--messages=20000] [--connections=8] [--warmup=2000] [--seed=N]}:
 * sustained HL7 v2 intake over MLLP on loopback, as a hospital's interface engine drives it: each
 * connection sends a message and waits for its acknowledgement (original mode), mixed ADT and ORU
 * from a synthetic Beijing feed. The platform runs in this process on a fresh embedded database with
 * fsync on, so every AA stands for a durable commit. Prints counts and timings only.
 */
final class MllpBench {

  static final Set<String> OPTIONS = Set.of("messages", "connections", "warmup", "seed", "help");

  private static final String FACILITY = "BENCH_HOSP";
  private static final String ORGANIZATION = "bench-hospital";

  private final PrintStream out;
  private final PrintStream err;
  private final int messages;
  private final int connections;
  private final int warmup;
  private final long seed;

  MllpBench(Options options, PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
    this.messages = options.getInt("messages", 20_000, 1);
    this.connections = options.getInt("connections", 8, 1);
    this.warmup = options.getInt("warmup", 2000, 0);
    this.seed = Long.parseLong(options.get("seed", "7"));
  }

  static void usage(PrintStream out) {
    out.println(
        """
        Usage: hutong bench mllp [--messages=20000] [--connections=8] [--warmup=2000] [--seed=7]

          Sustained HL7 v2 ingest with acknowledgements over loopback MLLP: a mixed ADT/ORU feed
          (half ADT^A01/A04/A08, half ORU^R01 with 3-8 results), each connection waiting for
          each AA, into a fresh embedded database with fsync on. Prints messages/s, the
          acknowledgement latency (p50/p95/p99) and the CPU used. docs/benchmarks/mllp.md
        """);
  }

  int run(Function<String[], ConfigurableApplicationContext> start) throws IOException {
    List<String> feed = feed(warmup + messages);
    err.println("bench: starting a fresh embedded database (fsync on) ...");
    try (ConfigurableApplicationContext platform =
        start.apply(
            new String[] {
              "--hutong.db.ephemeral=true",
              "--hutong.db.fsync=true",
              "--server.port=0",
              "--hutong.mllp.port=0",
              "--hutong.mllp.senders." + FACILITY + ".organization=" + ORGANIZATION,
              "--logging.level.root=warn",
              "--logging.level.org.hutong=warn"
            })) {
      Organization hospital = new Organization().setName("基准医院").setActive(true);
      Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
      bundle.addEntry().setResource(hospital).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("Organization/" + ORGANIZATION);
      platform.getBean(ClinicalRecords.class).process(Caller.platform("bench"), bundle);
      int port = platform.getBean(MessageIntake.class).port();

      err.printf(Locale.ROOT, "bench: warm-up, %,d messages ...%n", warmup);
      drive(port, feed.subList(0, warmup));
      err.printf(Locale.ROOT, "bench: %,d messages over %d connections ...%n", messages, connections);
      BenchCommand.CpuMeter cpu = new BenchCommand.CpuMeter(platform.getBean(javax.sql.DataSource.class));
      long t0 = System.nanoTime();
      Result result = drive(port, feed.subList(warmup, feed.size()));
      double seconds = (System.nanoTime() - t0) / 1e9;
      double[] used = cpu.used();
      BenchCommand.Stats latency = BenchCommand.Stats.of(result.latencies());
      long max = Arrays.stream(result.latencies()).max().orElse(0);
      int cores = Runtime.getRuntime().availableProcessors();
      out.printf(Locale.ROOT, "mllp: %,d messages, %d connections, %.1f s%n", messages, connections, seconds);
      out.printf(Locale.ROOT, "  throughput   %,.0f messages/s (acknowledged AA: %,d, AE: %,d, AR: %,d)%n", messages / seconds, result.aa(), result.ae(), result.ar());
      out.printf(
          Locale.ROOT, "  ack latency  p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n", latency.p50(), latency.p95(), latency.p99(), max / 1e6);
      out.printf(
          Locale.ROOT,
          "  cpu          %.1f core-seconds in the JVM, %.1f in PostgreSQL (%.0f%% of %d cores in all)%n",
          used[0],
          used[1],
          100 * (used[0] + used[1]) / seconds / cores,
          cores);
      ClinicalRecords records = platform.getBean(ClinicalRecords.class);
      long[] stored = {records.count("Patient"), records.count("Encounter"), records.count("Observation"), records.count("DiagnosticReport")};
      out.printf(Locale.ROOT, "  stored       %,d Patients, %,d Encounters, %,d Observations, %,d DiagnosticReports (%,d resources in all)%n",
          stored[0], stored[1], stored[2], stored[3], Arrays.stream(stored).sum());
      return result.aa() == messages ? 0 : 1;
    }
  }

  /** Half ADT (A01, A04, A08), half ORU^R01, from one seeded feed. */
  private List<String> feed(int n) {
    SyntheticFeed source = new SyntheticFeed(seed, FACILITY, "HIS");
    List<String> feed = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      feed.add(
          switch (i % 6) {
            case 0 -> source.adtA01();
            case 1 -> source.adtA04();
            case 2 -> source.adtA08();
            default -> source.oruR01();
          });
    }
    return feed;
  }

  private record Result(long[] latencies, int aa, int ae, int ar) {}

  private Result drive(int port, List<String> feed) throws IOException {
    AtomicInteger next = new AtomicInteger();
    AtomicLongArray latencies = new AtomicLongArray(feed.size());
    AtomicInteger aa = new AtomicInteger();
    AtomicInteger ae = new AtomicInteger();
    AtomicInteger ar = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    List<IOException> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int c = 0; c < connections; c++) {
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try (MllpClient client = new MllpClient("localhost", port, 120_000)) {
                      for (int i = next.getAndIncrement(); i < feed.size(); i = next.getAndIncrement()) {
                        long t = System.nanoTime();
                        String ack = client.send(feed.get(i));
                        latencies.set(i, System.nanoTime() - t);
                        if (ack.contains("MSA|AA|")) {
                          aa.incrementAndGet();
                        } else if (ack.contains("MSA|AE|")) {
                          ae.incrementAndGet();
                        } else {
                          ar.incrementAndGet();
                        }
                      }
                    } catch (IOException e) {
                      failures.add(e);
                    }
                  }));
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    if (!failures.isEmpty()) {
      throw failures.getFirst();
    }
    long[] all = new long[feed.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = latencies.get(i);
    }
    return new Result(all, aa.get(), ae.get(), ar.get());
  }
}
