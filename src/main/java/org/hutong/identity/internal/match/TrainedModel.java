package org.hutong.identity.internal.match;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.hutong.identity.MatchSettings;
import org.hutong.identity.PersonRecord;

/**
 * A fitted model kept for linking records one at a time: m, u and λ per field and level, and how
 * often family and given names occur. It is learned without truth from a batch of records
 * ({@link #train}) and saved as a small text file, so that the online index scores a new record
 * the same way the batch run would have.
 */
public final class TrainedModel {

  /** Names seen fewer times than this in training are left out of the saved frequencies (they count as rare). */
  private static final int MIN_SAVED_COUNT = 2;

  final FellegiSunterModel model;
  final TermFrequencies families;
  final TermFrequencies givens;

  TrainedModel(FellegiSunterModel model, TermFrequencies families, TermFrequencies givens) {
    this.model = model;
    this.families = families;
    this.givens = givens;
  }

  /** Fits the model to the records, as a deduplication run would (blocking, u from random pairs, m and λ by EM). */
  public static TrainedModel train(List<PersonRecord> records, MatchSettings settings, LocalDate today) {
    List<Profile> profiles = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      profiles.add(Profile.of(i, records.get(i), today));
    }
    long[] candidates = new Blocking(settings.maxBlockSize(), false).candidates(profiles);
    PairComparator comparator = new PairComparator();
    int[] vectors = new int[candidates.length];
    for (int k = 0; k < candidates.length; k++) {
      vectors[k] = comparator.compare(profiles.get((int) (candidates[k] >>> 32)), profiles.get((int) candidates[k]));
    }
    FellegiSunterModel model = new ModelTraining(settings, false).train(profiles, candidates, vectors);
    return new TrainedModel(model, new TermFrequencies(profiles, Profile::family), new TermFrequencies(profiles, Profile::given));
  }

  /** The fitted parameters, one line each. */
  public List<String> describe() {
    return model.describe();
  }

  /** Saves the model as UTF-8 properties. */
  public void write(Writer out) throws IOException {
    Properties p = new Properties() {
      @Override
      public java.util.Set<Map.Entry<Object, Object>> entrySet() {
        // Sorted, so that the saved file is stable and diffs read well.
        java.util.Set<Map.Entry<Object, Object>> sorted = new java.util.TreeSet<>((a, b) -> a.getKey().toString().compareTo(b.getKey().toString()));
        sorted.addAll(super.entrySet());
        return sorted;
      }
    };
    p.setProperty("lambda", Double.toString(model.lambda));
    for (Field field : Field.ALL) {
      String name = field.name().toLowerCase(Locale.ROOT);
      p.setProperty("m." + name, join(model.m[field.ordinal()]));
      p.setProperty("u." + name, join(model.u[field.ordinal()]));
      p.setProperty("observed." + name, Boolean.toString(model.observed[field.ordinal()]));
    }
    frequencies(p, "family", families);
    frequencies(p, "given", givens);
    p.store(out, "Hutong master patient index model: m, u and lambda per field, name frequencies");
  }

  private static void frequencies(Properties p, String part, TermFrequencies tf) {
    p.setProperty("total." + part, Long.toString((long) tf.total()));
    new TreeMap<>(tf.counts(MIN_SAVED_COUNT)).forEach((value, count) -> p.setProperty(part + "." + value, Integer.toString(count)));
  }

  /** Reads a model written by {@link #write}. */
  public static TrainedModel read(Reader in) throws IOException {
    Properties p = new Properties();
    p.load(in);
    double[][] m = new double[Field.ALL.length][];
    double[][] u = new double[Field.ALL.length][];
    FellegiSunterModel model = new FellegiSunterModel(m, u, Double.parseDouble(required(p, "lambda")));
    for (Field field : Field.ALL) {
      String name = field.name().toLowerCase(Locale.ROOT);
      m[field.ordinal()] = split(required(p, "m." + name), field);
      u[field.ordinal()] = split(required(p, "u." + name), field);
      model.observed[field.ordinal()] = Boolean.parseBoolean(required(p, "observed." + name));
    }
    Map<String, Integer> family = new HashMap<>();
    Map<String, Integer> given = new HashMap<>();
    for (String key : p.stringPropertyNames()) {
      if (key.startsWith("family.")) {
        family.put(key.substring(7), Integer.parseInt(p.getProperty(key)));
      } else if (key.startsWith("given.")) {
        given.put(key.substring(6), Integer.parseInt(p.getProperty(key)));
      }
    }
    return new TrainedModel(model, new TermFrequencies(family, Double.parseDouble(required(p, "total.family"))),
        new TermFrequencies(given, Double.parseDouble(required(p, "total.given"))));
  }

  private static String required(Properties p, String key) throws IOException {
    String value = p.getProperty(key);
    if (value == null) {
      throw new IOException("The model file has no '" + key + "'");
    }
    return value;
  }

  private static String join(double[] values) {
    return String.join(",", Arrays.stream(values).mapToObj(Double::toString).toList());
  }

  private static double[] split(String text, Field field) throws IOException {
    String[] parts = text.split(",");
    if (parts.length != field.levels) {
      throw new IOException("The model file gives " + parts.length + " levels for " + field + ", not " + field.levels);
    }
    double[] values = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      values[i] = Double.parseDouble(parts[i]);
      if (!(values[i] >= 0 && values[i] <= 1)) {
        throw new IOException("The model file's probabilities must lie between 0 and 1: " + field + " " + text);
      }
    }
    return values;
  }
}
