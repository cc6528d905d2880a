package org.hutong.cli;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * {@code hutong load DIR|FILE... [--url=http://localhost:8080/fhir]}: loads FHIR data into a
 * running server with the HAPI FHIR client.
 *
 * <ul>
 *   <li>{@code *.json}, {@code *.json.gz}: a transaction or batch Bundle is sent as it is ({@code
 *       POST [base]}); any other single resource is sent as a one-entry transaction.
 *   <li>{@code *.ndjson}, {@code *.ndjson.gz}: one resource per line, sent in bundles of {@code
 *       --batch-size} resources: {@code PUT Type/id} when the resource has an id (so loading the
 *       same file again changes nothing), {@code POST Type} when it has none. Bundles are
 *       transactions by default; when one fails, its entries are sent one by one so that only the
 *       bad lines are left out and each is reported with its line number.
 * </ul>
 *
 * Files load in name order, Synthea's shared hospital and practitioner bundles first and alone
 * (see {@link DataFiles}); the rest on {@code --threads} connections at once. A failing file does
 * not stop the others. Exit status: 0 when everything loaded, 1 when anything failed, 2 for bad
 * arguments.
 */
public final class LoadCommand {

  static final String DEFAULT_URL = "http://localhost:8080/fhir";
  private static final Set<String> OPTIONS = Set.of("url", "threads", "batch-size", "bundle", "progress", "help", "token", "client-id", "client-secret");
  private static final int MAX_LISTED_ERRORS = 200;

  private LoadCommand() {}

  public static int run(String[] args) {
    return run(args, System.out, System.err);
  }

  /** Runs the command; the summary goes to {@code out}, progress to {@code err}. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    quietLibraryLogging();
    Loader loader;
    try {
      Options options = new Options(args, OPTIONS);
      if (options.has("help")) {
        usage(out);
        return 0;
      }
      if (options.positional.isEmpty()) {
        err.println("load: name at least one folder or file to load");
        usage(err);
        return 2;
      }
      List<Path> roots = options.positional.stream().map(Path::of).toList();
      List<DataFiles.DataFile> files = DataFiles.find(roots);
      String bundleType = options.get("bundle", "transaction");
      if (!bundleType.equals("transaction") && !bundleType.equals("batch")) {
        throw new IllegalArgumentException("--bundle must be transaction or batch");
      }
      String progress = options.get("progress", "auto");
      if (!Set.of("auto", "bar", "lines", "none").contains(progress)) {
        throw new IllegalArgumentException("--progress must be auto, bar, lines or none");
      }
      String url = stripSlash(options.get("url", DEFAULT_URL));
      String token = token(options, url, err);
      loader =
          new Loader(
              files,
              url,
              token,
              options.getInt("threads", 3, 1),
              options.getInt("batch-size", 500, 1),
              bundleType,
              progress.equals("auto") ? (Terminal.isStderrTerminal() ? "bar" : "lines") : progress,
              err);
    } catch (IllegalArgumentException e) {
      err.println("load: " + e.getMessage());
      return 2;
    }
    Summary summary = loader.load();
    summary.print(out);
    return summary.errors().isEmpty() ? 0 : 1;
  }

  /**
   * The bearer token to send: {@code --token} (or {@code HUTONG_TOKEN}), or one fetched with
   * {@code --client-id}/{@code --client-secret} (or {@code HUTONG_CLIENT_ID}/{@code
   * HUTONG_CLIENT_SECRET}) from the server's token endpoint; null when none is given.
   */
  private static String token(Options options, String url, PrintStream err) {
    String token = options.get("token", System.getenv("HUTONG_TOKEN"));
    if (token != null && !token.isBlank()) {
      return token;
    }
    String id = options.get("client-id", System.getenv("HUTONG_CLIENT_ID"));
    String secret = options.get("client-secret", System.getenv("HUTONG_CLIENT_SECRET"));
    if (id == null || secret == null) {
      return null;
    }
    String server = url.endsWith("/fhir") ? url.substring(0, url.length() - "/fhir".length()) : url;
    try {
      return TokenClient.clientCredentials(server, id, secret, "system/*.cruds");
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("cannot get a token for client " + id + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalArgumentException("interrupted");
    }
  }

  /** The HAPI client logs its version and context set-up at INFO; the command's output is enough. */
  private static void quietLibraryLogging() {
    if (org.slf4j.LoggerFactory.getLogger("ca.uhn.fhir") instanceof ch.qos.logback.classic.Logger hapi) {
      hapi.setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static void usage(PrintStream out) {
    out.println(
        """
        Usage: hutong load DIR|FILE... [options]

          Loads FHIR transaction/batch bundles (*.json, *.json.gz) and NDJSON files
          (*.ndjson, *.ndjson.gz) into a running Hutong (or any FHIR R4 server).

          --url=URL          the server's FHIR base (default http://localhost:8080/fhir)
          --threads=N        files (or NDJSON bundles) sent at once (default 3)
          --batch-size=N     NDJSON resources per bundle (default 500)
          --bundle=transaction|batch
                             how NDJSON resources are sent (default transaction)
          --progress=auto|bar|lines|none
                             progress on stderr (default: a bar on a terminal, else lines)
          --client-id=ID --client-secret=SECRET
                             get a token by client credentials (a client made with
                             `hutong client add NAME --role institution-system ...`);
                             or HUTONG_CLIENT_ID / HUTONG_CLIENT_SECRET
          --token=TOKEN      send this bearer token instead (or HUTONG_TOKEN)
        """);
  }

  /** One failure: where (file, entry or line) and what the server or the file said. */
  record LoadError(String file, String where, String message) {
    @Override
    public String toString() {
      return file + (where == null ? "" : " " + where) + ": " + message;
    }
  }

  /** The outcome of a load. */
  record Summary(int files, int filesWithErrors, long resources, double seconds, List<LoadError> errors) {
    double rate() {
      return seconds > 0 ? resources / seconds : 0;
    }

    void print(PrintStream out) {
      out.printf(
          Locale.ROOT,
          "Loaded %,d files: %,d resources in %.1f s (%,.0f resources/s), %,d errors%n",
          files, resources, seconds, rate(), errors.size());
      if (!errors.isEmpty()) {
        out.printf(Locale.ROOT, "Errors (%,d, in %,d files):%n", errors.size(), filesWithErrors);
        for (LoadError e : errors.subList(0, Math.min(errors.size(), MAX_LISTED_ERRORS))) {
          out.println("  " + e);
        }
        if (errors.size() > MAX_LISTED_ERRORS) {
          out.printf(Locale.ROOT, "  ... and %,d more%n", errors.size() - MAX_LISTED_ERRORS);
        }
      }
    }
  }

  // ------------------------------------------------------------------------------------------

  static final class Loader {
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern ENTRY = Pattern.compile("Bundle\\.entry\\[(\\d+)\\]");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private final List<DataFiles.DataFile> files;
    private final String url;
    private final int threads;
    private final int batchSize;
    private final String bundleType;
    private final PrintStream err;
    private final FhirContext fhir;
    private final IGenericClient client;
    private final Progress progress;

    private final AtomicLong resources = new AtomicLong();
    private final AtomicInteger filesDone = new AtomicInteger();
    private final List<LoadError> errors = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> failedFiles = Collections.synchronizedSet(new java.util.HashSet<>());

    Loader(
        List<DataFiles.DataFile> files, String url, String token, int threads, int batchSize, String bundleType, String progress,
        PrintStream err) {
      this.files = files;
      this.url = url;
      this.threads = threads;
      this.batchSize = batchSize;
      this.bundleType = bundleType;
      this.err = err;
      this.fhir = FhirContext.forR4();
      IRestfulClientFactory factory = fhir.getRestfulClientFactory();
      factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
      factory.setSocketTimeout((int) TimeUnit.MINUTES.toMillis(30));
      factory.setConnectTimeout(10_000);
      factory.setPoolMaxPerRoute(threads + 1);
      factory.setPoolMaxTotal(threads + 1);
      this.client = fhir.newRestfulGenericClient(url);
      if (token != null) {
        client.registerInterceptor(new ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor(token));
      }
      this.progress = new Progress(progress, err, files.size(), filesDone, resources, errors);
    }

    Summary load() {
      long started = System.nanoTime();
      if (files.isEmpty()) {
        err.println("load: no *.json, *.json.gz, *.ndjson or *.ndjson.gz files found");
      } else if (reachable()) {
        progress.start(started);
        try {
          loadAll();
        } finally {
          progress.stop();
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      List<LoadError> sorted;
      synchronized (errors) {
        sorted = new ArrayList<>(errors);
      }
      return new Summary(filesDone.get(), failedFiles.size(), resources.get(), seconds, sorted);
    }

    /** Fails fast, with one clear error, when nothing answers at the URL. */
    private boolean reachable() {
      try {
        client.capabilities().ofType(org.hl7.fhir.r4.model.CapabilityStatement.class).execute();
        return true;
      } catch (FhirClientConnectionException e) {
        errors.add(new LoadError(url, null, "cannot reach the FHIR server: " + rootMessage(e)));
        return false;
      } catch (BaseServerResponseException e) {
        return true; // it answers; per-file errors will tell the rest
      }
    }

    private void loadAll() {
      // Shared bundles (organizations, practitioners) first, one at a time, before any patient.
      List<DataFiles.DataFile> rest = new ArrayList<>();
      for (DataFiles.DataFile file : files) {
        if (file.shared()) {
          FileTracker tracker = new FileTracker(file);
          if (file.kind() == DataFiles.Kind.JSON) {
            loadJsonFile(file, tracker);
          } else {
            loadNdjsonAlone(file, tracker);
          }
          tracker.finished();
        } else {
          rest.add(file);
        }
      }
      ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().name("load-", 1).factory());
      Semaphore inFlight = new Semaphore(threads * 2);
      try {
        for (DataFiles.DataFile file : rest) {
          FileTracker tracker = new FileTracker(file);
          if (file.kind() == DataFiles.Kind.JSON) {
            tracker.sending();
            submit(pool, inFlight, () -> {
              try {
                loadJsonFile(file, tracker);
              } finally {
                tracker.finished();
              }
            });
          } else {
            readNdjson(file, tracker, pool, inFlight);
          }
          tracker.finished();
        }
      } finally {
        pool.shutdown();
        try {
          while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
            // keep waiting: every task ends by itself (bounded socket timeouts)
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      retryDeferred();
    }

    private void submit(ExecutorService pool, Semaphore inFlight, Runnable task) {
      inFlight.acquireUninterruptibly();
      pool.execute(
          () -> {
            try {
              task.run();
            } finally {
              inFlight.release();
            }
          });
    }

    /**
     * Counts a file done once it has been read and all of its bundles have been answered: one
     * pending mark for the reading, one for each bundle sent.
     */
    private final class FileTracker {
      final DataFiles.DataFile file;
      private final AtomicInteger pending = new AtomicInteger(1);

      FileTracker(DataFiles.DataFile file) {
        this.file = file;
      }

      void sending() {
        pending.incrementAndGet();
      }

      void finished() {
        if (pending.decrementAndGet() == 0) {
          filesDone.incrementAndGet();
        }
      }

      void error(String where, String message) {
        errors.add(new LoadError(file.name(), where, message));
        failedFiles.add(file.path().toString());
      }
    }

    // ---------------------------------------------------------------- JSON files

    private void loadJsonFile(DataFiles.DataFile file, FileTracker tracker) {
      try {
        String text;
        try {
          text = DataFiles.readString(file.path());
        } catch (IOException e) {
          tracker.error(null, "cannot read: " + e.getMessage());
          return;
        }
        String resourceType;
        try {
          resourceType = topLevelResourceType(text);
        } catch (IOException e) {
          tracker.error(null, "not valid JSON: " + firstLine(e.getMessage()));
          return;
        }
        if (resourceType == null) {
          tracker.error(null, "not a FHIR resource: no resourceType");
          return;
        }
        if (resourceType.equals("Bundle")) {
          sendBundle(text, tracker, null);
        } else {
          JsonNode node = MAPPER.readTree(text);
          String entry = entryFor(node, text.strip(), tracker, "resource");
          if (entry != null) {
            sendBundle(bundleOf(List.of(entry), "transaction"), tracker, null);
          }
        }
      } catch (IOException e) {
        tracker.error(null, "not valid JSON: " + firstLine(e.getMessage()));
      }
    }

    /**
     * Sends a bundle and accounts for its response. {@code lines} maps entry index to the NDJSON
     * line it came from (null: the entries are the file's own).
     *
     * @return true when the request as a whole was accepted (entries may still have failed)
     */
    private boolean sendBundle(String bundle, FileTracker tracker, int[] lines) {
      return sendBundle(bundle, tracker, lines, true);
    }

    /** A single NDJSON resource that referred to one not loaded yet, to be sent again at the end. */
    private record Deferred(String bundle, FileTracker tracker, int[] lines) {}

    private final java.util.Queue<Deferred> deferred = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /**
     * NDJSON files are sent in chunks on several connections, and referential integrity means a
     * resource whose target is in a later chunk (or file) fails the first time. Those are sent
     * again, one at a time, once everything else is in, for as long as each round loads some.
     */
    private void retryDeferred() {
      while (!deferred.isEmpty()) {
        List<Deferred> round = new ArrayList<>(deferred);
        deferred.clear();
        long before = resources.get();
        boolean last = false;
        for (Deferred d : round) {
          sendBundle(d.bundle(), d.tracker(), d.lines(), true);
        }
        if (resources.get() == before) {
          last = true;
        }
        if (last) {
          List<Deferred> failed = new ArrayList<>(deferred);
          deferred.clear();
          for (Deferred d : failed) {
            sendBundle(d.bundle(), d.tracker(), d.lines(), false);
          }
        }
      }
    }

    private boolean sendBundle(String bundle, FileTracker tracker, int[] lines, boolean mayDefer) {
      String response;
      try {
        response = client.transaction().withBundle(bundle).execute();
      } catch (BaseServerResponseException e) {
        String diagnostics = diagnostics(e);
        if (mayDefer && lines != null && lines.length == 1 && e.getStatusCode() == 422 && diagnostics.contains("which does not exist")) {
          deferred.add(new Deferred(bundle, tracker, lines));
          return false;
        }
        if (lines == null || lines.length == 1) {
          tracker.error(where(diagnostics, lines), "HTTP " + e.getStatusCode() + ": " + diagnostics);
        }
        return false;
      } catch (RuntimeException e) {
        tracker.error(lines != null && lines.length == 1 ? "line " + lines[0] : null, "request failed: " + rootMessage(e));
        return true; // not the content's fault: do not retry entry by entry
      }
      try {
        JsonNode entries = MAPPER.readTree(response).path("entry");
        int ok = 0;
        for (int i = 0; i < entries.size(); i++) {
          JsonNode r = entries.get(i).path("response");
          String status = r.path("status").asText("");
          if (status.startsWith("2")) {
            ok++;
          } else {
            String message = outcomeDiagnostics(r.path("outcome"));
            String where = lines == null ? "entry " + i : "line " + lines[Math.min(i, lines.length - 1)];
            tracker.error(where, "HTTP " + status.trim() + (message.isEmpty() ? "" : ": " + message));
          }
        }
        resources.addAndGet(ok);
      } catch (IOException e) {
        tracker.error(null, "unreadable response from the server: " + firstLine(e.getMessage()));
      }
      return true;
    }

    /** "entry N" (or "line N") from a "Bundle.entry[N]" in the server's message, else null. */
    private static String where(String diagnostics, int[] lines) {
      if (lines != null && lines.length == 1) {
        return "line " + lines[0];
      }
      Matcher m = ENTRY.matcher(diagnostics);
      if (!m.find()) {
        return null;
      }
      int index = Integer.parseInt(m.group(1));
      return lines == null ? "entry " + index : index < lines.length ? "line " + lines[index] : null;
    }

    // ---------------------------------------------------------------- NDJSON files

    private void readNdjson(DataFiles.DataFile file, FileTracker tracker, ExecutorService pool, Semaphore inFlight) {
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(DataFiles.open(file.path()), StandardCharsets.UTF_8), 1 << 16)) {
        List<String> entries = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        long bytes = 0;
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
          number++;
          String text = line.strip();
          if (text.isEmpty()) {
            continue;
          }
          String entry = entryFor(text, tracker, "line " + number);
          if (entry == null) {
            continue;
          }
          entries.add(entry);
          lines.add(number);
          bytes += entry.length();
          if (entries.size() >= batchSize || bytes > 16 << 20) {
            submitChunk(tracker, pool, inFlight, entries, lines);
            entries = new ArrayList<>();
            lines = new ArrayList<>();
            bytes = 0;
          }
        }
        if (!entries.isEmpty()) {
          submitChunk(tracker, pool, inFlight, entries, lines);
        }
      } catch (IOException e) {
        tracker.error(null, "cannot read: " + e.getMessage());
      }
    }

    /** An NDJSON file that must be in before anything else: read and sent on this thread. */
    private void loadNdjsonAlone(DataFiles.DataFile file, FileTracker tracker) {
      ExecutorService direct = Executors.newSingleThreadExecutor();
      try {
        readNdjson(file, tracker, direct, new Semaphore(1));
      } finally {
        direct.shutdown();
        try {
          direct.awaitTermination(1, TimeUnit.DAYS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    private void submitChunk(
        FileTracker tracker, ExecutorService pool, Semaphore inFlight, List<String> entries, List<Integer> lines) {
      tracker.sending();
      int[] lineNumbers = lines.stream().mapToInt(Integer::intValue).toArray();
      submit(
          pool,
          inFlight,
          () -> {
            try {
              boolean accepted = sendBundle(bundleOf(entries, bundleType), tracker, lineNumbers);
              if (!accepted) {
                // One bad resource spoils a transaction: send each on its own to load the rest and
                // to report exactly which lines fail.
                for (int i = 0; i < entries.size(); i++) {
                  sendBundle(bundleOf(List.of(entries.get(i)), "transaction"), tracker, new int[] {lineNumbers[i]});
                }
              }
            } finally {
              tracker.finished();
            }
          });
    }

    /** The bundle entry for one NDJSON line, or null (and an error) when the line is no resource. */
    private String entryFor(String line, FileTracker tracker, String where) {
      JsonNode node;
      try {
        node = MAPPER.readTree(line);
      } catch (IOException e) {
        tracker.error(where, "not valid JSON: " + firstLine(e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        return null;
      }
      return entryFor(node, line, tracker, where);
    }

    private String entryFor(JsonNode node, String text, FileTracker tracker, String where) {
      if (node == null || !node.isObject()) {
        tracker.error(where, "not a JSON object");
        return null;
      }
      JsonNode typeNode = node.get("resourceType");
      if (typeNode == null || !typeNode.isTextual()) {
        tracker.error(where, "not a FHIR resource: no resourceType");
        return null;
      }
      String type = typeNode.asText();
      if (!fhir.getResourceTypes().contains(type)) {
        tracker.error(where, "'" + type + "' is not a FHIR R4 resource type");
        return null;
      }
      if (type.equals("Bundle")) {
        tracker.error(where, "a Bundle cannot be loaded as a line of NDJSON");
        return null;
      }
      JsonNode idNode = node.get("id");
      String id = idNode != null && idNode.isTextual() ? idNode.asText() : null;
      String request;
      if (id != null && ID.matcher(id).matches()) {
        request = "{\"method\":\"PUT\",\"url\":" + quote(type + "/" + id) + "}";
      } else {
        request = "{\"method\":\"POST\",\"url\":" + quote(type) + "}";
      }
      return "{\"resource\":" + text + ",\"request\":" + request + "}";
    }

    private static String bundleOf(List<String> entries, String type) {
      StringBuilder b = new StringBuilder(entries.stream().mapToInt(String::length).sum() + 64);
      b.append("{\"resourceType\":\"Bundle\",\"type\":\"").append(type).append("\",\"entry\":[");
      for (int i = 0; i < entries.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        b.append(entries.get(i));
      }
      return b.append("]}").toString();
    }

    // ---------------------------------------------------------------- helpers

    /** The top-level resourceType, read without building the whole tree. */
    private static String topLevelResourceType(String text) throws IOException {
      try (JsonParser p = JSON.createParser(text)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          return null;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken value = p.nextToken();
          if (name.equals("resourceType")) {
            return value == JsonToken.VALUE_STRING ? p.getText() : null;
          }
          p.skipChildren();
        }
        return null;
      }
    }

    private String diagnostics(BaseServerResponseException e) {
      IBaseOperationOutcome outcome = e.getOperationOutcome();
      if (outcome instanceof OperationOutcome oo && oo.hasIssue()) {
        List<String> messages = new ArrayList<>();
        for (OperationOutcome.OperationOutcomeIssueComponent issue : oo.getIssue()) {
          if (issue.hasDiagnostics()) {
            messages.add(issue.getDiagnostics());
          }
        }
        if (!messages.isEmpty()) {
          return String.join("; ", messages);
        }
      }
      String body = e.getResponseBody();
      if (body != null && body.contains("OperationOutcome")) {
        try {
          String text = outcomeDiagnostics(MAPPER.readTree(body));
          if (!text.isEmpty()) {
            return text;
          }
        } catch (IOException ignored) {
          // fall through to the exception's message
        }
      }
      return e.getMessage();
    }

    private static String outcomeDiagnostics(JsonNode outcome) {
      List<String> messages = new ArrayList<>();
      for (JsonNode issue : outcome.path("issue")) {
        String text = issue.path("diagnostics").asText("");
        if (!text.isEmpty()) {
          messages.add(text);
        }
      }
      return String.join("; ", messages);
    }

    private static String quote(String s) {
      StringBuilder b = new StringBuilder(s.length() + 2).append('"');
      for (char c : s.toCharArray()) {
        if (c == '"' || c == '\\') {
          b.append('\\');
        }
        b.append(c);
      }
      return b.append('"').toString();
    }

    private static String rootMessage(Throwable e) {
      Throwable t = e;
      while (t.getCause() != null && t.getCause() != t) {
        t = t.getCause();
      }
      return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t + ")";
    }

    private static String firstLine(String s) {
      if (s == null) {
        return "";
      }
      int nl = s.indexOf('\n');
      return nl < 0 ? s : s.substring(0, nl);
    }
  }

  // ------------------------------------------------------------------------------------------

  /** Progress on stderr: a bar redrawn in place on a terminal, a line every few seconds otherwise. */
  static final class Progress {
    private final String style;
    private final PrintStream err;
    private final int totalFiles;
    private final AtomicInteger filesDone;
    private final AtomicLong resources;
    private final List<LoadError> errors;
    private Thread thread;
    private long started;

    Progress(String style, PrintStream err, int totalFiles, AtomicInteger filesDone, AtomicLong resources, List<LoadError> errors) {
      this.style = style;
      this.err = err;
      this.totalFiles = totalFiles;
      this.filesDone = filesDone;
      this.resources = resources;
      this.errors = errors;
    }

    void start(long started) {
      this.started = started;
      if (style.equals("none")) {
        return;
      }
      long interval = style.equals("bar") ? 250 : 5_000;
      thread =
          Thread.ofPlatform()
              .daemon()
              .name("load-progress")
              .start(
                  () -> {
                    try {
                      while (true) {
                        Thread.sleep(interval);
                        draw(false);
                      }
                    } catch (InterruptedException e) {
                      // finished
                    }
                  });
    }

    void stop() {
      if (thread == null) {
        return;
      }
      thread.interrupt();
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      draw(true);
    }

    private synchronized void draw(boolean last) {
      double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
      int done = filesDone.get();
      long count = resources.get();
      String figures =
          String.format(
              Locale.ROOT, "%d/%d files  %,d resources  %,.0f/s  %d errors  %.0f s",
              done, totalFiles, count, count / seconds, errors.size(), seconds);
      if (style.equals("bar")) {
        int width = 30;
        int filled = totalFiles == 0 ? width : (int) ((long) width * done / totalFiles);
        String bar = "#".repeat(filled) + "-".repeat(width - filled);
        err.print("\r\u001b[2K[" + bar + "] " + figures + (last ? "\n" : ""));
      } else {
        err.println("load: " + figures);
      }
      err.flush();
    }
  }

  /** Whether stderr is a terminal (so the bar can be redrawn in place). */
  static final class Terminal {
    private Terminal() {}

    static boolean isStderrTerminal() {
      String term = System.getenv("TERM");
      if (term == null || term.equals("dumb")) {
        return false;
      }
      try {
        Path target = Files.readSymbolicLink(Path.of("/proc/self/fd/2"));
        String name = target.toString();
        return name.startsWith("/dev/pts/") || name.startsWith("/dev/tty");
      } catch (IOException | UnsupportedOperationException | SecurityException e) {
        return System.console() != null;
      }
    }
  }
}
