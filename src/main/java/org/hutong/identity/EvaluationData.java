package org.hutong.identity;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.hutong.identity.internal.evaluation.EvaluationCsv;
import org.hutong.identity.internal.evaluation.FebrlFile;

/**
 * Reads labelled evaluation sets. Values that fail validation (impossible dates, unknown codes,
 * bad resident IDs, values over {@value org.hutong.identity.internal.evaluation.EvaluationCsv#MAX_VALUE_LENGTH}
 * characters) become missing and are named in the record's findings; a line that cannot be read
 * as a record at all stops the reading with a {@link MalformedRecordException} naming the line.
 */
public final class EvaluationData {

  private EvaluationData() {}

  /**
   * The Hutong evaluation CSV: header {@code record_id,person_id,source,family_name,given_name,
   * sex,birth_date,id_type,id_number,phone,address}, RFC 4180 quoting, UTF-8.
   */
  public static List<LabelledRecord> readCsv(Path file, LocalDate today) throws IOException {
    return new EvaluationCsv(today).read(file);
  }

  /**
   * FEBRL files (comma + space separated; {@code rec-N-org} and {@code rec-N-dup-k} are person N).
   * Each file is one source: pass two for a linkage task.
   */
  public static List<LabelledRecord> readFebrl(List<Path> files) throws IOException {
    return new FebrlFile().read(files);
  }
}
