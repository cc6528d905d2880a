package org.hutong.identity.internal.synth;

import java.io.IOException;
import java.io.Writer;

/** One CSV line (RFC 4180): a field with a comma, quote or line break is quoted, quotes doubled. */
final class CsvLine {

  private CsvLine() {}

  static void write(Writer out, String... fields) throws IOException {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(quoted(fields[i] == null ? "" : fields[i]));
    }
    out.write('\n');
  }

  static String quoted(String field) {
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == ',' || c == '"' || c == '\n' || c == '\r') {
        return '"' + field.replace("\"", "\"\"") + '"';
      }
    }
    return field;
  }
}
