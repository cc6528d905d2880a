package org.hutong.platform;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * Rows in PostgreSQL's COPY text format, sent in one round trip: the fastest way in. Every module
 * that bulk-writes its own tables uses it (the record store's index rows, the person index's import).
 */
public final class CopyRows {

  private final String table;
  private final StringBuilder text;
  private int rows;

  public CopyRows(String table) {
    this(table, 4096);
  }

  /** @param capacity the expected size of the rows in characters (saves regrowing the buffer) */
  public CopyRows(String table, int capacity) {
    this.table = table;
    this.text = new StringBuilder(capacity);
  }

  public CopyRows row(Object... columns) {
    for (int i = 0; i < columns.length; i++) {
      if (i > 0) {
        text.append('\t');
      }
      append(columns[i]);
    }
    text.append('\n');
    rows++;
    return this;
  }

  private void append(Object value) {
    switch (value) {
      case null -> text.append("\\N");
      case String s -> escape(s);
      case Json j -> escapeJson(j.text());
      case String[] array -> escape(arrayLiteral(List.of(array)));
      case Instant i -> text.append(i);
      case BigDecimal d -> text.append(d.toPlainString());
      default -> text.append(value);
    }
  }

  /** The rows collected and not sent yet. */
  public int rows() {
    return rows;
  }

  /** A JSON document: long text with backslashes but, as JSON requires, no raw control characters. */
  public record Json(String text) {}

  /** A text[] literal: every element quoted, so that commas, braces and spaces stay inside it. */
  private static String arrayLiteral(List<String> values) {
    StringBuilder a = new StringBuilder("{");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        a.append(',');
      }
      a.append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return a.append('}').toString();
  }

  /**
   * Appends JSON text. Only backslashes need escaping, found with {@link String#indexOf(int)}
   * (vectorised) rather than a loop over every character of a resource; text that does hold a
   * raw control character after all takes the general path.
   */
  private void escapeJson(String s) {
    if (s.indexOf('\n') >= 0 || s.indexOf('\t') >= 0 || s.indexOf('\r') >= 0 || s.indexOf('\0') >= 0) {
      escape(s);
      return;
    }
    int from = 0;
    for (int i = s.indexOf('\\'); i >= 0; i = s.indexOf('\\', i + 1)) {
      text.append(s, from, i + 1).append('\\');
      from = i + 1;
    }
    text.append(s, from, s.length());
  }

  /** Appends the string, escaping what COPY's text format needs escaped; runs between go in bulk. */
  private void escape(String s) {
    int from = 0;
    int length = s.length();
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (c > '\\' || (c != '\\' && c != '\t' && c != '\n' && c != '\r' && c != '\0')) {
        continue;
      }
      text.append(s, from, i);
      from = i + 1;
      switch (c) {
        case '\\' -> text.append("\\\\");
        case '\t' -> text.append("\\t");
        case '\n' -> text.append("\\n");
        case '\r' -> text.append("\\r");
        default -> {} // NUL: PostgreSQL text cannot hold it; the parser rejects such input earlier
      }
    }
    text.append(s, from, length);
  }

  /** Sends the rows collected and empties the buffer, so that the same writer can collect the next batch. */
  public void send(Connection connection) throws SQLException {
    if (rows == 0) {
      return;
    }
    try {
      connection
          .unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn("COPY " + table + " FROM STDIN", new StringReader(text.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    text.setLength(0);
    rows = 0;
  }
}
