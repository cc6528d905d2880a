package org.hutong.intake.internal;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HL7 v2.5.1 acknowledgements, written by hand: they must be built also for messages that do not
 * parse. ASCII only (any character set the sender uses reads it); anything echoed from the message
 * is cleaned of separators and control characters first.
 */
final class Acks {

  /** One ERR segment: where (segment, occurrence, field, component), the table 0357 code, what. */
  record Error(String segment, int occurrence, int field, int component, String code, String text) {

    /** Where, as the archive keeps it: {@code PID-7}, or the segment alone. */
    String location() {
      return field > 0 ? segment + "-" + field : segment;
    }
  }

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSZ");
  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private static final AtomicLong SEQUENCE = new AtomicLong();
  private static final String PREFIX = Long.toString(System.currentTimeMillis(), 36).toUpperCase(java.util.Locale.ROOT);

  private Acks() {}

  static byte[] accept(Header header) {
    return build(header, "AA", List.of());
  }

  static byte[] of(Header header, String code, List<Error> errors) {
    return build(header, code, errors);
  }

  private static byte[] build(Header header, String code, List<Error> errors) {
    StringBuilder ack = new StringBuilder(256);
    ack.append("MSH|^~\\&|HUTONG|HUTONG|")
        .append(clean(header == null ? "" : header.sendingApplication()))
        .append('|')
        .append(clean(header == null ? "" : header.sendingFacility()))
        .append('|')
        .append(ZonedDateTime.now(ZONE).format(TIME))
        .append("||ACK^")
        .append(clean(header == null ? "" : header.event()))
        .append("^ACK|")
        .append(PREFIX)
        .append('-')
        .append(SEQUENCE.incrementAndGet())
        .append('|')
        .append(header == null || header.processingId().isEmpty() ? "P" : clean(header.processingId()))
        .append("|2.5.1\r");
    ack.append("MSA|").append(code).append('|').append(clean(header == null ? "" : header.controlId()));
    if (!errors.isEmpty()) {
      ack.append('|').append(escape(errors.getFirst().text()));
    }
    ack.append('\r');
    for (Error e : errors) {
      ack.append("ERR||")
          .append(clean(e.segment()))
          .append('^')
          .append(e.occurrence() > 0 ? e.occurrence() : 1)
          .append('^')
          .append(e.field() > 0 ? String.valueOf(e.field()) : "")
          .append('^')
          .append(e.field() > 0 ? "1" : "")
          .append('^')
          .append(e.component() > 0 ? String.valueOf(e.component()) : "")
          .append('|')
          .append(e.code())
          .append('^')
          .append(meaning(e.code()))
          .append("^HL70357|E||||")
          .append(escape(e.text()))
          .append('\r');
    }
    return ack.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** HL7 table 0357. */
  static String meaning(String code) {
    return switch (code) {
      case "0" -> "Message accepted";
      case "100" -> "Segment sequence error";
      case "101" -> "Required field missing";
      case "102" -> "Data type error";
      case "103" -> "Table value not found";
      case "104" -> "Value too long";
      case "200" -> "Unsupported message type";
      case "201" -> "Unsupported event code";
      case "202" -> "Unsupported processing id";
      case "203" -> "Unsupported version id";
      case "204" -> "Unknown key identifier";
      case "205" -> "Duplicate key identifier";
      case "206" -> "Application record locked";
      default -> "Application internal error";
    };
  }

  /** An echoed value: printable ASCII without HL7 delimiters, at most 64 characters. */
  private static String clean(String value) {
    StringBuilder out = new StringBuilder(Math.min(value.length(), 64));
    for (int i = 0; i < value.length() && out.length() < 64; i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '|' && c != '^' && c != '~' && c != '\\' && c != '&') {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Free text in HL7's escape sequences, printable ASCII only, at most 400 characters. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < 400; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '|' -> out.append("\\F\\");
        case '^' -> out.append("\\S\\");
        case '&' -> out.append("\\T\\");
        case '~' -> out.append("\\R\\");
        case '\\' -> out.append("\\E\\");
        default -> out.append(c >= 0x20 && c < 0x7f ? c : '?');
      }
    }
    return out.toString();
  }
}
