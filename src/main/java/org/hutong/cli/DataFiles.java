package org.hutong.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The data files {@code load} and {@code bench} read: FHIR JSON ({@code *.json}, {@code
 * *.json.gz}) and NDJSON ({@code *.ndjson}, {@code *.ndjson.gz}), in load order.
 *
 * <p>Load order is by file name, except that Synthea's shared bundles (hospital and practitioner
 * information) come first: patient bundles point at their organizations and practitioners with
 * conditional references, which only resolve once those exist. Synthea names them {@code
 * hospitalInformation.json} and {@code practitionerInformation.json}, which by name sort after any
 * patient whose name starts with a capital letter, so the name alone does not order them.
 */
final class DataFiles {

  private DataFiles() {}

  enum Kind {
    JSON,
    NDJSON
  }

  record DataFile(Path path, Kind kind, boolean shared) {
    String name() {
      return path.getFileName().toString();
    }
  }

  /** Every data file under the given files and folders (folders recursively), in load order. */
  static List<DataFile> find(List<Path> roots) {
    List<DataFile> files = new ArrayList<>();
    for (Path root : roots) {
      if (!Files.exists(root)) {
        throw new IllegalArgumentException("No such file or folder: " + root);
      }
      if (Files.isDirectory(root)) {
        try (Stream<Path> walk = Files.walk(root)) {
          walk.filter(Files::isRegularFile).map(DataFiles::classify).filter(f -> f != null).forEach(files::add);
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot list " + root, e);
        }
      } else {
        DataFile file = classify(root);
        if (file == null) {
          throw new IllegalArgumentException(
              root + " is not a FHIR data file (*.json, *.json.gz, *.ndjson, *.ndjson.gz)");
        }
        files.add(file);
      }
    }
    files.sort(ORDER);
    return files;
  }

  static final Comparator<DataFile> ORDER =
      Comparator.comparing((DataFile f) -> !f.shared())
          .thenComparing(DataFile::name)
          .thenComparing(f -> f.path().toString());

  static DataFile classify(Path path) {
    String name = path.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    Kind kind;
    if (lower.endsWith(".json") || lower.endsWith(".json.gz")) {
      kind = Kind.JSON;
    } else if (lower.endsWith(".ndjson") || lower.endsWith(".ndjson.gz")) {
      kind = Kind.NDJSON;
    } else {
      return null;
    }
    boolean shared = lower.contains("hospitalinformation") || lower.contains("practitionerinformation");
    return new DataFile(path, kind, shared);
  }

  /** The file's bytes, uncompressed when it is gzipped. */
  static InputStream open(Path path) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
    return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
  }

  static String readString(Path path) throws IOException {
    try (InputStream in = open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static byte[] readBytes(Path path) throws IOException {
    try (InputStream in = open(path)) {
      return in.readAllBytes();
    }
  }
}
