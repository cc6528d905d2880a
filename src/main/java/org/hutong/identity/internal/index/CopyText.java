package org.hutong.identity.internal.index;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;

/** Rows in PostgreSQL's COPY text format, sent in one round trip (the bulk import's way in). */
final class CopyText {

  private final String table;
  private final StringBuilder text = new StringBuilder(1 << 16);
  private int rows;

  CopyText(String table) {
    this.table = table;
  }

  CopyText row(Object... columns) {
    for (int i = 0; i < columns.length; i++) {
      if (i > 0) {
        text.append('\t');
      }
      switch (columns[i]) {
        case null -> text.append("\\N");
        case String s -> escape(s);
        case String[] array -> escape(arrayLiteral(List.of(array)));
        default -> text.append(columns[i]);
      }
    }
    text.append('\n');
    rows++;
    return this;
  }

  int rows() {
    return rows;
  }

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

  private void escape(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> text.append("\\\\");
        case '\t' -> text.append("\\t");
        case '\n' -> text.append("\\n");
        case '\r' -> text.append("\\r");
        case '\0' -> {} // PostgreSQL text cannot hold NUL
        default -> text.append(c);
      }
    }
  }

  /** Sends the rows and empties the buffer. */
  void send(Connection connection) throws SQLException {
    if (rows == 0) {
      return;
    }
    try {
      connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " FROM STDIN", new StringReader(text.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    text.setLength(0);
    rows = 0;
  }
}
