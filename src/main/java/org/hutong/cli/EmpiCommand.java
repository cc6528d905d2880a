package org.hutong.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import org.hutong.identity.EvaluationData;
import org.hutong.identity.LabelledRecord;
import org.hutong.identity.MalformedRecordException;
import org.hutong.identity.MatchResult;
import org.hutong.identity.MatchSettings;
import org.hutong.identity.PairwiseQuality;
import org.hutong.identity.PersonMatcher;
import org.hutong.identity.PersonRecord;

/**
 * {@code hutong empi evaluate FILE.csv} and {@code hutong empi evaluate --febrl FILE [FILE]}:
 * matches a labelled file with the master patient index's matcher and prints pairwise precision,
 * recall, F1 and throughput. The last line is always
 * {@code precision=… recall=… f1=… records_per_second=…}.
 *
 * <p>Exit status: 0 done, 2 bad arguments or a malformed file, 1 the file could not be read.
 */
public final class EmpiCommand {

  private static final Set<String> OPTIONS = Set.of("febrl", "link", "febrl-dir", "model", "help", "out");
  static final String FEBRL_DIR = "../shared/data/febrl";

  private EmpiCommand() {}

  public static int run(String[] args) {
    return run(args, System.out, System.err, Clock.systemDefaultZone());
  }

  public static int run(String[] args, PrintStream out, PrintStream err, Clock clock) {
    if (args.length > 0 && args[0].equals("generate")) {
      return EmpiGenerateCommand.run(args, out, err);
    }
    Options options;
    try {
      options = new Options(args, OPTIONS);
    } catch (IllegalArgumentException e) {
      err.println("empi: " + e.getMessage());
      return 2;
    }
    if (options.has("help")) {
      usage(out);
      return 0;
    }
    if (options.positional.size() == 2 && options.positional.getFirst().equals("train")) {
      return train(Path.of(options.positional.get(1)), options, out, err, clock);
    }
    if (options.positional.size() < 2 || !options.positional.getFirst().equals("evaluate")) {
      err.println("empi: say what to do: evaluate FILE..., train FILE.csv --out=MODEL or generate --out=FILE.csv");
      usage(err);
      return 2;
    }
    boolean febrl = options.has("febrl");
    List<Path> files = new ArrayList<>();
    for (String name : options.positional.subList(1, options.positional.size())) {
      Path path = Path.of(name);
      Path shared = Path.of(options.get("febrl-dir", FEBRL_DIR)).resolve(name);
      files.add(febrl && !Files.exists(path) && Files.exists(shared) ? shared : path);
    }
    if (!febrl && files.size() != 1) {
      err.println("empi: evaluate takes one CSV file (or --febrl with one file to deduplicate, two to link)");
      return 2;
    }
    List<LabelledRecord> labelled;
    try {
      labelled = febrl ? EvaluationData.readFebrl(files) : EvaluationData.readCsv(files.getFirst(), LocalDate.now(clock));
    } catch (MalformedRecordException e) {
      err.println("empi: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("empi: cannot read " + e.getMessage());
      return 1;
    }
    boolean linkage = febrl ? files.size() > 1 : options.has("link");
    List<PersonRecord> records = labelled.stream().map(LabelledRecord::record).toList();
    PersonMatcher matcher = new PersonMatcher(MatchSettings.defaults(), clock);

    long start = System.nanoTime();
    MatchResult result = linkage ? matcher.link(records) : matcher.deduplicate(records);
    double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);

    PairwiseQuality quality = PairwiseQuality.measure(labelled, result, linkage);
    report(out, labelled, files, linkage, result, quality, seconds, options.has("model"));
    return 0;
  }

  /** {@code empi train FILE.csv --out=MODEL}: fits the online index's model to a file's records (person_id is not read). */
  private static int train(Path file, Options options, PrintStream out, PrintStream err, Clock clock) {
    if (!options.has("out")) {
      err.println("empi: train needs --out=MODEL.properties");
      return 2;
    }
    try {
      List<PersonRecord> records = EvaluationData.readCsv(file, LocalDate.now(clock)).stream().map(LabelledRecord::record).toList();
      Path target = Path.of(options.get("out", ""));
      try (java.io.Writer writer = Files.newBufferedWriter(target, java.nio.charset.StandardCharsets.UTF_8)) {
        List<String> model = new PersonMatcher(MatchSettings.defaults(), clock).train(records, writer);
        out.printf(Locale.ROOT, "trained on %d records from %s; model written to %s%n", records.size(), file, target);
        model.forEach(line -> out.println("  " + line));
      }
      return 0;
    } catch (MalformedRecordException e) {
      err.println("empi: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("empi: cannot read or write " + e.getMessage());
      return 1;
    }
  }

  private static void report(PrintStream out, List<LabelledRecord> labelled, List<Path> files, boolean linkage, MatchResult result,
      PairwiseQuality quality, double seconds, boolean model) {
    long flagged = labelled.stream().filter(r -> !r.record().findings().isEmpty()).count();
    out.printf(Locale.ROOT, "%s of %d records from %s (%d with data-quality findings)%n",
        linkage ? "linkage across sources" : "deduplication", labelled.size(), files, flagged);
    out.printf(Locale.ROOT, "blocking: %d pairs compared, blocking recall %.4f (%d of %d true pairs), %d oversized blocks skipped%n",
        result.comparedPairs(), quality.blockingRecall(), quality.truePairsCompared(), quality.truePairs(), result.skippedBlocks());
    out.println("  pairs per key: " + new TreeMap<>(result.pairsByBlockingKey()));
    out.printf(Locale.ROOT, "links: %d (%d by rule), %d for review, %d merges refused by the cluster guard%n",
        result.links(), result.deterministicLinks(), result.reviews(), result.refusedMerges());
    if (model) {
      result.model().forEach(line -> out.println("  " + line));
    }
    out.printf(Locale.ROOT, "pairs: %d true, %d predicted, %d correct; %.3f s matching%n",
        quality.truePairs(), quality.predictedPairs(), quality.correctPairs(), seconds);
    out.printf(Locale.ROOT, "precision=%.4f recall=%.4f f1=%.4f records_per_second=%.0f%n",
        quality.precision(), quality.recall(), quality.f1(), labelled.size() / seconds);
  }

  private static void usage(PrintStream out) {
    out.println(
        """
        Usage: hutong empi evaluate FILE.csv [--link] [--model]
               hutong empi evaluate --febrl FILE [FILE2] [--febrl-dir=DIR] [--model]
               hutong empi train FILE.csv --out=MODEL.properties
               hutong empi generate --persons=N --records=N --seed=N --out=FILE.csv

          FILE.csv  columns record_id,person_id,source,family_name,given_name,sex,birth_date,
                    id_type,id_number,phone,address (person_id is the truth, never matched on)
          --link    linkage: only pairs across sources count, each source free of duplicates
          --febrl   FEBRL benchmark files; one file deduplicates, two are linked. Names not
                    found are looked up in --febrl-dir (default ../shared/data/febrl)
          --model   print the fitted m/u probabilities

        Prints pairwise precision, recall and F1 against person_id, and records per second;
        the last line is precision=… recall=… f1=… records_per_second=…
        train fits the online index's model to a file's records (person_id is not read) and
        writes it for hutong.identity.model.
        """);
  }
}
