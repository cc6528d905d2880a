package org.hutong.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Patient;
import org.hutong.identity.EvaluationData;
import org.hutong.identity.LabelledRecord;
import org.hutong.identity.PersonIndex;
import org.hutong.identity.PersonRecord;
import org.hutong.identity.SyntheticPopulation;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code hutong bench empi [--persons=1000000] [--links=2000] [--seed=N]}: the online master
 * patient index at scale. A synthetic population is bulk-imported (grouped by its truth), then
 * held-out records — half new records of loaded persons, half new persons — are linked one by one
 * as FHIR Patients, each in its own transaction, timed, and checked against the truth. Prints
 * counts and timings only, never a record's values.
 */
final class EmpiBench {

  static final Set<String> OPTIONS = Set.of("persons", "links", "warmup", "seed", "records-per-person", "help");

  private final PrintStream out;
  private final PrintStream err;
  private final int persons;
  private final int links;
  private final int warmup;
  private final long seed;
  private final double recordsPerPerson;

  EmpiBench(Options options, PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
    this.persons = options.getInt("persons", 1_000_000, 10);
    this.links = options.getInt("links", 2000, 2);
    this.warmup = options.getInt("warmup", 300, 0);
    this.seed = Long.parseLong(options.get("seed", "7"));
    this.recordsPerPerson = Double.parseDouble(options.get("records-per-person", "1.25"));
    if (!(recordsPerPerson >= 1.05)) {
      throw new IllegalArgumentException("--records-per-person must be at least 1.05");
    }
  }

  /** A held-out record and what linking it should do: join the person of {@code loadedRecord}, or (null) start a new one. */
  private record Link(PersonRecord record, String loadedRecord) {}

  int run(Function<String[], ConfigurableApplicationContext> start) throws IOException {
    LocalDate today = LocalDate.now();
    int held = links + warmup;
    int total = persons + (held + 1) / 2;
    int records = (int) Math.round(persons * recordsPerPerson) + held;
    out.printf(Locale.ROOT, "Hutong bench empi: %,d persons, %,d records, %,d timed links (+%d warm-up), seed %d; %d cores, JDK %s%n",
        total, records, links, warmup, seed, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    long t0 = System.nanoTime();
    Path csv = Files.createTempFile("hutong-empi-bench", ".csv");
    List<LabelledRecord> all;
    try {
      SyntheticPopulation.write(csv, total, records, seed, SyntheticPopulation.Knobs.defaults());
      all = EvaluationData.readCsv(csv, today);
    } finally {
      Files.deleteIfExists(csv);
    }
    err.printf(Locale.ROOT, "bench: generated %,d records in %.1f s%n", all.size(), (System.nanoTime() - t0) / 1e9);

    // Hold out: the last record of persons with several (a new record of a loaded person) and the only record of persons with one.
    Map<String, List<Integer>> byPerson = new HashMap<>();
    for (int i = 0; i < all.size(); i++) {
      byPerson.computeIfAbsent(all.get(i).personId(), k -> new ArrayList<>(2)).add(i);
    }
    List<String> people = new ArrayList<>(byPerson.keySet());
    Collections.sort(people);
    Collections.shuffle(people, new Random(seed));
    int wantKnown = held / 2;
    int wantNew = held - wantKnown;
    boolean[] heldOut = new boolean[all.size()];
    List<Link> known = new ArrayList<>();
    List<Link> fresh = new ArrayList<>();
    for (String person : people) {
      List<Integer> rs = byPerson.get(person);
      if (rs.size() >= 2 && known.size() < wantKnown) {
        int last = rs.getLast();
        heldOut[last] = true;
        known.add(new Link(all.get(last).record(), all.get(rs.getFirst()).record().recordId()));
      } else if (rs.size() == 1 && fresh.size() < wantNew) {
        heldOut[rs.getFirst()] = true;
        fresh.add(new Link(all.get(rs.getFirst()).record(), null));
      }
      if (known.size() == wantKnown && fresh.size() == wantNew) {
        break;
      }
    }
    List<Link> order = new ArrayList<>(known);
    order.addAll(fresh);
    Collections.shuffle(order, new Random(seed + 1));

    List<PersonRecord> load = new ArrayList<>(all.size() - held);
    int[] group = new int[all.size() - held];
    Map<String, Integer> label = new HashMap<>();
    for (int i = 0; i < all.size(); i++) {
      if (!heldOut[i]) {
        group[load.size()] = label.computeIfAbsent(all.get(i).personId(), k -> label.size());
        load.add(all.get(i).record());
      }
    }
    all = null;
    byPerson = null;

    err.println("bench: starting a fresh embedded database (fsync on) ...");
    try (ConfigurableApplicationContext platform = start.apply(new String[] {"--hutong.db.ephemeral=true", "--hutong.db.fsync=true",
        "--server.port=0", "--hutong.mllp.port=0", "--logging.level.root=warn", "--logging.level.org.hutong=warn"})) {
      PersonIndex index = platform.getBean(PersonIndex.class);
      TransactionTemplate tx = new TransactionTemplate(platform.getBean(PlatformTransactionManager.class));
      err.printf(Locale.ROOT, "bench: importing %,d records ...%n", load.size());
      double cpu0 = BenchCommand.CpuMeter.javaSeconds();
      long i0 = System.nanoTime();
      Integer created = tx.execute(s -> index.importRecords(load, group, "bench"));
      double importSeconds = (System.nanoTime() - i0) / 1e9;
      double importCpu = BenchCommand.CpuMeter.javaSeconds() - cpu0;
      out.printf(Locale.ROOT, "import: %,d records of %,d persons in %.1f s = %,.0f records/s (Java CPU %.0f s)%n",
          load.size(), created, importSeconds, load.size() / importSeconds, importCpu);

      List<Link> warm = order.subList(0, Math.min(warmup, order.size()));
      List<Link> timed = order.subList(warm.size(), order.size());
      for (Link l : warm) {
        tx.execute(s -> index.patientWritten(l.record().recordId(), patient(l.record()), l.record().source(), "bench"));
      }
      double[] ms = new double[timed.size()];
      double[] inTx = new double[timed.size()];
      int joinedRight = 0;
      int joinedWrong = 0;
      int shouldJoin = 0;
      int newRight = 0;
      int newWrong = 0;
      int missed = 0;
      for (int i = 0; i < timed.size(); i++) {
        Link l = timed.get(i);
        Patient p = patient(l.record());
        long[] linked = new long[1];
        long s0 = System.nanoTime();
        tx.execute(s -> {
          long a = System.nanoTime();
          var changed = index.patientWritten(l.record().recordId(), p, l.record().source(), "bench");
          linked[0] = System.nanoTime() - a;
          return changed;
        });
        ms[i] = (System.nanoTime() - s0) / 1e6;
        inTx[i] = linked[0] / 1e6;
        boolean alone = index.samePerson(l.record().recordId()).size() == 1;
        if (l.loadedRecord() == null) {
          if (alone) {
            newRight++;
          } else {
            newWrong++;
            joinedWrong++;
          }
        } else {
          shouldJoin++;
          if (index.personOf(l.record().recordId()).equals(index.personOf(l.loadedRecord()))) {
            joinedRight++;
          } else if (alone) {
            missed++;
          } else {
            joinedWrong++;
          }
        }
      }
      Arrays.sort(ms);
      Arrays.sort(inTx);
      double precision = joinedRight + joinedWrong == 0 ? 1 : (double) joinedRight / (joinedRight + joinedWrong);
      double recall = shouldJoin == 0 ? 1 : (double) joinedRight / shouldJoin;
      out.printf(Locale.ROOT, "link, each in its own transaction (commit included): %d Patients against %,d persons: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms, mean %.2f ms%n",
          ms.length, created, pct(ms, 50), pct(ms, 95), pct(ms, 99), ms[ms.length - 1], Arrays.stream(ms).average().orElse(0));
      out.printf(Locale.ROOT, "  of which patientWritten itself (no begin/commit): p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms%n",
          pct(inTx, 50), pct(inTx, 95), pct(inTx, 99), inTx[inTx.length - 1]);
      out.printf(Locale.ROOT, "decisions: joined the right person %d of %d, joined a wrong person %d, missed (new person instead) %d;"
          + " new persons kept apart %d of %d%n", joinedRight, shouldJoin, joinedWrong, missed, newRight, newRight + newWrong);
      out.printf(Locale.ROOT, "online precision %.4f, recall %.4f%n", precision, recall);
      out.printf(Locale.ROOT,
          "{\"bench\":\"empi-online\",\"persons\":%d,\"records\":%d,\"import_s\":%.1f,\"import_records_per_s\":%.0f,\"links\":%d,"
              + "\"p50_ms\":%.2f,\"p95_ms\":%.2f,\"p99_ms\":%.2f,\"max_ms\":%.2f,\"in_tx_p50_ms\":%.2f,\"in_tx_p99_ms\":%.2f,\"precision\":%.4f,\"recall\":%.4f,"
              + "\"new_kept_apart\":%d,\"new\":%d,\"seed\":%d,\"cores\":%d}%n",
          created, load.size(), importSeconds, load.size() / importSeconds, ms.length, pct(ms, 50), pct(ms, 95), pct(ms, 99),
          ms[ms.length - 1], pct(inTx, 50), pct(inTx, 99), precision, recall, newRight, newRight + newWrong, seed, Runtime.getRuntime().availableProcessors());
      return 0;
    }
  }

  /** The record as an institution would send it. */
  static Patient patient(PersonRecord r) {
    return org.hutong.identity.FhirPatients.of(r);
  }

  private static double pct(double[] sorted, int p) {
    return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  static void usage(PrintStream to) {
    to.println("""
        Usage: hutong bench empi [--persons=1000000] [--links=2000] [--warmup=300] [--seed=7] [--records-per-person=1.25]

          Generates a synthetic population (seeded), bulk-imports it into the person index of a fresh
          embedded database (fsync on), then links held-out records one at a time as FHIR Patients,
          each in its own transaction: half new records of loaded persons, half new persons. Prints
          import time, link p50/p95/p99/max and the online decisions' precision and recall.
        """);
  }
}
