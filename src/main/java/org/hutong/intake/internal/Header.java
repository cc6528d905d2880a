package org.hutong.intake.internal;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The MSH fields intake needs before (and whether or not) the whole message parses: enough to
 * find the character set, the sender and the control id, and to address an acknowledgement.
 */
record Header(
    char fieldSeparator,
    String sendingApplication,
    String sendingFacility,
    String receivingApplication,
    String receivingFacility,
    String messageType,
    String event,
    String controlId,
    String processingId,
    String version,
    String charset) {

  /** The header of a message's first segment, or null when it does not start with MSH. */
  static Header of(String text) {
    if (text.length() < 8 || !text.startsWith("MSH")) {
      return null;
    }
    char separator = text.charAt(3);
    if (Character.isLetterOrDigit(separator) || separator == '\r' || separator == '\n') {
      return null;
    }
    int end = text.indexOf('\r');
    int newline = text.indexOf('\n');
    if (end < 0 || (newline >= 0 && newline < end)) {
      end = newline < 0 ? text.length() : newline;
    }
    String[] fields = text.substring(0, end).split(java.util.regex.Pattern.quote(String.valueOf(separator)), -1);
    char component = fields.length > 1 && !fields[1].isEmpty() ? fields[1].charAt(0) : '^';
    String type = field(fields, 9);
    String[] typeParts = type.split(java.util.regex.Pattern.quote(String.valueOf(component)), -1);
    return new Header(
        separator,
        first(field(fields, 3), component),
        first(field(fields, 4), component),
        first(field(fields, 5), component),
        first(field(fields, 6), component),
        typeParts[0],
        typeParts.length > 1 ? typeParts[1] : "",
        field(fields, 10),
        first(field(fields, 11), component),
        first(field(fields, 12), component),
        field(fields, 18));
  }

  /** The header read from raw bytes as ISO-8859-1: to find MSH-18 before decoding the message. */
  static Header ofBytes(byte[] bytes) {
    int n = Math.min(bytes.length, 2048);
    return of(new String(bytes, 0, n, StandardCharsets.ISO_8859_1));
  }

  /** MSH-n, counting MSH-1 as the separator itself. */
  private static String field(String[] fields, int n) {
    return fields.length > n - 1 ? fields[n - 1] : "";
  }

  private static String first(String field, char component) {
    int i = field.indexOf(component);
    return i < 0 ? field : field.substring(0, i);
  }

  /** MSH-9 as in acknowledgements and the archive, e.g. {@code ADT^A01}. */
  String type() {
    return event.isEmpty() ? messageType : messageType + "^" + event;
  }

  /**
   * The character set MSH-18 names (HL7 table 0211 and the names Chinese systems use), UTF-8 when
   * it is empty; null when it is not one we read.
   */
  Charset characterSet() {
    String name = charset.trim().toUpperCase(java.util.Locale.ROOT).replace('_', '-');
    int repetition = name.indexOf('~');
    if (repetition >= 0) {
      name = name.substring(0, repetition);
    }
    return switch (name) {
      case "", "UNICODE UTF-8", "UTF-8", "UTF8", "UNICODE" -> StandardCharsets.UTF_8;
      case "ASCII", "US-ASCII" -> StandardCharsets.US_ASCII;
      case "8859/1", "ISO-8859-1", "ISO IR100" -> StandardCharsets.ISO_8859_1;
      case "GB 18030-2000", "GB18030", "GB 18030", "GB18030-2000", "GB 18030-2005" -> Charset.forName("GB18030");
      case "GBK", "CP936" -> Charset.forName("GBK");
      case "GB2312", "GB 2312", "ISO IR58" -> Charset.forName("GB2312");
      default -> null;
    };
  }
}
