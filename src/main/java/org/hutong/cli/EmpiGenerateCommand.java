package org.hutong.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hutong.identity.SyntheticPopulation;
import org.hutong.identity.SyntheticPopulation.Knobs;

/**
 * {@code hutong empi generate --persons=60000 --records=100000 --seed=7 --out=FILE.csv}: writes a
 * synthetic Chinese population in the evaluation CSV format, with ground truth in {@code
 * person_id}. Every corruption knob can be set ({@code --typo=0.05}); the knobs and their
 * defaults are in docs/identity-synthetic.md.
 *
 * <p>Exit status: 0 when the file is written, 1 when it cannot be, 2 for bad arguments.
 */
public final class EmpiGenerateCommand {

  private static final List<String> KNOBS = List.of("typo", "homophone", "traditional", "pinyin-only", "swapped-names",
      "missing-id", "transposed-id", "day-month-swap", "moved-address", "new-phone", "missing-field", "twins",
      "namesakes", "minority");

  private static final Set<String> OPTIONS = options();

  private EmpiGenerateCommand() {}

  /** Runs the command with the arguments after {@code empi} (a leading {@code generate} is accepted). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Options options;
    try {
      options = new Options(Options.joined(args, OPTIONS), OPTIONS);
    } catch (IllegalArgumentException e) {
      err.println("empi generate: " + e.getMessage());
      usage(err);
      return 2;
    }
    if (options.has("help")) {
      usage(out);
      return 0;
    }
    List<String> words = options.positional;
    if (!(words.isEmpty() || (words.size() == 1 && words.getFirst().equals("generate"))) || !options.has("out")) {
      err.println("empi generate: say where to write: --out=FILE.csv");
      usage(err);
      return 2;
    }
    int persons;
    int records;
    long seed;
    Knobs knobs;
    try {
      persons = options.getInt("persons", 60_000, 1);
      records = options.getInt("records", 100_000, 1);
      seed = Long.parseLong(options.get("seed", "7"));
      knobs = knobs(options);
      if (records < persons) {
        throw new IllegalArgumentException("--records must be at least --persons: every person has a record");
      }
    } catch (IllegalArgumentException e) {
      err.println("empi generate: " + e.getMessage());
      return 2;
    }
    Path file = Path.of(options.get("out", ""));
    long start = System.nanoTime();
    try {
      SyntheticPopulation.Summary summary = SyntheticPopulation.write(file, persons, records, seed, knobs);
      out.printf("wrote %s: %d records of %d persons (seed %d) in %d ms%n", file, summary.records(), summary.persons(),
          seed, (System.nanoTime() - start) / 1_000_000);
      for (Map.Entry<String, Integer> entry : summary.corruptions().entrySet()) {
        out.printf("  %-18s %d%n", entry.getKey(), entry.getValue());
      }
      return 0;
    } catch (IOException e) {
      err.println("empi generate: cannot write " + file + ": " + e.getMessage());
      return 1;
    }
  }

  private static Knobs knobs(Options options) {
    Knobs d = Knobs.defaults();
    return new Knobs(
        knob(options, "typo", d.typo()),
        knob(options, "homophone", d.homophone()),
        knob(options, "traditional", d.traditional()),
        knob(options, "pinyin-only", d.pinyinOnly()),
        knob(options, "swapped-names", d.swappedNames()),
        knob(options, "missing-id", d.missingId()),
        knob(options, "transposed-id", d.transposedId()),
        knob(options, "day-month-swap", d.dayMonthSwap()),
        knob(options, "moved-address", d.movedAddress()),
        knob(options, "new-phone", d.newPhone()),
        knob(options, "missing-field", d.missingField()),
        knob(options, "twins", d.twins()),
        knob(options, "namesakes", d.namesakes()),
        knob(options, "minority", d.minority()),
        !options.has("clean-sources"));
  }

  private static double knob(Options options, String name, double fallback) {
    String value = options.get(name, null);
    if (value == null) {
      return fallback;
    }
    try {
      double p = Double.parseDouble(value);
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("--" + name + " is a probability between 0 and 1, not " + value);
      }
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " is a probability between 0 and 1, not '" + value + "'");
    }
  }

  private static Set<String> options() {
    Set<String> all = new LinkedHashSet<>(List.of("persons", "records", "seed", "out"));
    all.addAll(KNOBS);
    all.add("clean-sources");
    all.add("help");
    return all;
  }

  private static void usage(PrintStream to) {
    to.println("usage: hutong empi generate --out=FILE.csv [--persons=60000] [--records=100000] [--seed=7]");
    to.println("         [--" + String.join("=P] [--", KNOBS) + "=P] [--clean-sources]");
    to.println("  Writes a synthetic population of Beijing residents as the evaluation CSV (person_id is the truth).");
    to.println("  Knobs are probabilities; their defaults and meaning: docs/identity-synthetic.md");
  }
}
