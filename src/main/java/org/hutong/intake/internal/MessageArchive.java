package org.hutong.intake.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.hutong.access.PersonalIdentifiers;
import org.springframework.jdbc.core.JdbcTemplate;

/** The message archive (schema {@code intake}): every message received, compressed and sealed. */
final class MessageArchive {

  /** The system raw messages are sealed under: a sealed message opens only as one. */
  static final String SYSTEM = "urn:hutong:intake:hl7v2-message";

  /** What is known of a message when it is archived. */
  record Entry(
      String sender,
      String controlId,
      String type,
      String organization,
      Instant received,
      String outcome,
      String errorCode,
      String errorLocation,
      String detail,
      long size,
      byte[] raw) {}

  /** An archived message, to replay. */
  record Archived(long id, String sender, String controlId, String outcome, byte[] raw, long size) {}

  private final JdbcTemplate jdbc;
  private final PersonalIdentifiers vault;

  MessageArchive(JdbcTemplate jdbc, PersonalIdentifiers vault) {
    this.jdbc = jdbc;
    this.vault = vault;
  }

  /** Whether the message was accepted before; if so, counts this resend. */
  boolean acceptedBefore(String sender, String controlId) {
    return jdbc.update(
            "UPDATE intake.message SET duplicates = duplicates + 1 WHERE sender = ? AND control_id = ? AND outcome = 'AA'",
            sender,
            controlId)
        > 0;
  }

  /** Archives a message; returns its id. Inside the data's transaction for an accepted one. */
  long add(Entry e) {
    return jdbc.queryForObject(
        """
        INSERT INTO intake.message (sender, control_id, message_type, organization, received_at, outcome,
                                    error_code, error_location, detail, size_bytes, raw)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
        Long.class,
        e.sender(),
        e.controlId(),
        e.type(),
        e.organization(),
        Timestamp.from(e.received()),
        e.outcome(),
        e.errorCode(),
        e.errorLocation(),
        e.detail(),
        e.size(),
        vault.sealBytes(SYSTEM, gzip(e.raw())));
  }

  /** Records the outcome of a replay. */
  void replayed(long id, String outcome, String errorCode, String errorLocation, String detail, Instant at) {
    jdbc.update(
        "UPDATE intake.message SET outcome = ?, error_code = ?, error_location = ?, detail = ?, replayed_at = ? WHERE id = ?",
        outcome,
        errorCode,
        errorLocation,
        detail,
        Timestamp.from(at),
        id);
  }

  /** The archived messages of a sender from an id on, oldest first, at most {@code limit}. */
  List<Archived> from(String sender, long fromId, boolean failedOnly, int limit) {
    return jdbc.query(
        "SELECT id, sender, control_id, outcome, raw, size_bytes FROM intake.message WHERE sender = ? AND id >= ?"
            + (failedOnly ? " AND outcome <> 'AA'" : "")
            + " ORDER BY id LIMIT ?",
        (row, n) ->
            new Archived(
                row.getLong(1),
                row.getString(2),
                row.getString(3),
                row.getString(4),
                gunzip(vault.openBytes(SYSTEM, row.getBytes(5))),
                row.getLong(6)),
        sender,
        fromId,
        limit);
  }

  /**
   * What was received, without the content: oldest first after an id, optionally of one sender,
   * outcome or institution (null: any).
   */
  List<Map<String, Object>> list(String sender, String outcome, String organization, long after, int limit) {
    return jdbc.query(
        """
        SELECT id, sender, control_id, message_type, organization, received_at, outcome, error_code,
               error_location, detail, size_bytes, duplicates, replayed_at
          FROM intake.message
         WHERE id > ? AND (?::text IS NULL OR sender = ?) AND (?::text IS NULL OR outcome = ?)
           AND (?::text IS NULL OR organization = ?)
         ORDER BY id LIMIT ?""",
        (row, n) -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("id", row.getLong("id"));
          m.put("sender", row.getString("sender"));
          m.put("controlId", row.getString("control_id"));
          m.put("type", row.getString("message_type"));
          m.put("organization", row.getString("organization"));
          m.put("received", instant(row.getTimestamp("received_at")));
          m.put("outcome", row.getString("outcome"));
          m.put("errorCode", row.getString("error_code"));
          m.put("errorLocation", row.getString("error_location"));
          m.put("detail", row.getString("detail"));
          m.put("bytes", row.getLong("size_bytes"));
          m.put("duplicates", row.getInt("duplicates"));
          m.put("replayed", instant(row.getTimestamp("replayed_at")));
          return m;
        },
        after,
        sender,
        sender,
        outcome,
        outcome,
        organization,
        organization,
        limit);
  }

  private static String instant(Timestamp t) {
    return t == null ? null : t.toInstant().toString();
  }

  long receivedSince(Instant since) {
    Long n = jdbc.queryForObject("SELECT count(*) FROM intake.message WHERE received_at >= ?", Long.class, Timestamp.from(since));
    return n == null ? 0 : n;
  }

  static byte[] gzip(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 3 + 64);
    try (GZIPOutputStream zip = new GZIPOutputStream(out, 4096)) {
      zip.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] gunzip(byte[] compressed) {
    try (GZIPInputStream zip = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
      return zip.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
