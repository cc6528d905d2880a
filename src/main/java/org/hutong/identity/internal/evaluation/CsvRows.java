package org.hutong.identity.internal.evaluation;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import org.hutong.identity.MalformedRecordException;

/**
 * RFC 4180 rows (quotes, doubled quotes, line breaks inside quotes), each with the line it starts
 * on. A row longer than {@link #MAX_ROW_LENGTH} characters, or a quote left open at the end of the
 * file, is an error naming the line.
 */
final class CsvRows {

  static final int MAX_ROW_LENGTH = 1 << 20;

  /** One row and the 1-based line it starts on. */
  record Row(int line, List<String> fields) {}

  private final Reader reader;
  private final String file;
  private int line = 1;
  private int pushedBack = -2;

  CsvRows(Reader reader, String file) {
    this.reader = reader;
    this.file = file;
  }

  /** The next row, or {@code null} at the end of the file. Blank lines are skipped. */
  Row next() throws IOException {
    while (true) {
      int start = line;
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      boolean any = false;
      int length = 0;
      int c;
      while (true) {
        c = read();
        if (c == -1) {
          if (quoted) {
            throw new MalformedRecordException(file, start, "a quoted value is not closed before the end of the file");
          }
          break;
        }
        any = true;
        if (++length > MAX_ROW_LENGTH) {
          throw new MalformedRecordException(file, start, "the row is longer than " + MAX_ROW_LENGTH + " characters");
        }
        if (quoted) {
          if (c == '"') {
            int after = read();
            if (after == '"') {
              field.append('"');
            } else {
              quoted = false;
              unread(after);
            }
          } else {
            if (c == '\n') {
              line++;
            }
            field.append((char) c);
          }
        } else if (c == '"' && field.isEmpty()) {
          quoted = true;
        } else if (c == ',') {
          fields.add(field.toString());
          field.setLength(0);
        } else if (c == '\n') {
          line++;
          break;
        } else if (c != '\r') {
          field.append((char) c);
        }
      }
      if (!any) {
        return null;
      }
      fields.add(field.toString());
      if (fields.size() == 1 && fields.getFirst().isBlank()) {
        if (c == -1) {
          return null;
        }
        continue;
      }
      return new Row(start, fields);
    }
  }

  private int read() throws IOException {
    if (pushedBack != -2) {
      int c = pushedBack;
      pushedBack = -2;
      return c;
    }
    return reader.read();
  }

  private void unread(int c) {
    pushedBack = c;
  }
}
