package org.hutong.intake.internal;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.Location;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.PipeParser;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hutong.access.Caller;
import org.hutong.intake.IntakeProperties;
import org.hutong.intake.internal.mllp.MllpServer;
import org.hutong.intake.internal.v2.Mapped;
import org.hutong.intake.internal.v2.MappingException;
import org.hutong.intake.internal.v2.Sender;
import org.hutong.intake.internal.v2.V2Mapping;
import org.hutong.record.ClinicalRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What happens to one message: decode, check the header and the sender, drop a resend of an
 * accepted message, parse, map to FHIR, then store it and archive it in one transaction, and only
 * after that commit acknowledge AA. A content error is AE, a message refused as a whole (does not
 * parse, unknown sender, too large, the store failing) is AR; both with ERR segments, and both
 * archived.
 */
final class MessageHandler implements MllpServer.Handler {

  private static final Logger LOG = LoggerFactory.getLogger(MessageHandler.class);

  /** The AE text when the mapping itself fails on a message: a defect to fix, then replay. */
  static final String UNMAPPABLE = "The platform could not map this message (a mapping defect); it is archived for replay";

  /** Messages of one patient at one sender are stored one after another (an advisory lock key space). */
  private static final int PATIENT_LOCKS = 0x1a7e;

  private final IntakeProperties properties;
  private final PipeParser parser;
  private final V2Mapping mapping;
  private final ClinicalRecords records;
  private final MessageArchive archive;
  private final TransactionTemplate tx;
  private final JdbcTemplate jdbc;
  private final Clock clock;

  MessageHandler(
      IntakeProperties properties,
      PipeParser parser,
      V2Mapping mapping,
      ClinicalRecords records,
      MessageArchive archive,
      TransactionTemplate tx,
      JdbcTemplate jdbc,
      Clock clock) {
    this.properties = properties;
    this.parser = parser;
    this.mapping = mapping;
    this.records = records;
    this.archive = archive;
    this.tx = tx;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** A message refused before it was stored: the ACK code and its first error. */
  private static final class Refused extends Exception {
    final String code;
    final Acks.Error error;

    Refused(String code, String segment, int field, String hl7Code, String text) {
      this(code, new Acks.Error(segment, 1, field, 0, hl7Code, text));
    }

    Refused(String code, Acks.Error error) {
      super(error.text(), null, false, false);
      this.code = code;
      this.error = error;
    }
  }

  @Override
  public byte[] handle(byte[] raw, long size, boolean oversized, String address) {
    Instant received = clock.instant();
    Header header = Header.ofBytes(raw);
    Sender sender = null;
    try {
      if (header == null) {
        throw new Refused("AR", "MSH", 0, "100", "The message does not start with an MSH segment");
      }
      if (oversized) {
        throw new Refused("AR", "MSH", 0, "104", "The message has " + size + " bytes; the limit is " + properties.maxMessageBytes());
      }
      String text = decode(raw, header);
      header = Header.of(text);
      sender = sender(header, address);
      checkHeader(header);
      if (archive.acceptedBefore(sender.facility(), header.controlId())) {
        return Acks.accept(header);
      }
      Mapped mapped = map(text, sender);
      store(mapped, sender, header, received, raw, size, null);
      return Acks.accept(header);
    } catch (DuplicateKeyException e) {
      return Acks.accept(header); // the same message, sent twice at once: the other one was stored
    } catch (Refused r) {
      archiveRefusal(header, sender, received, raw, size, r);
      return Acks.of(header, r.code, List.of(r.error));
    } catch (RuntimeException e) {
      LOG.warn("Could not store an HL7 v2 message from {}: {}", header == null ? "?" : header.sendingFacility(), Redaction.mask(e.toString()));
      Refused r = new Refused("AR", "MSH", 0, "207", "The message could not be stored now; send it again");
      archiveRefusal(header, sender, received, raw, size, r);
      return Acks.of(header, r.code, List.of(r.error));
    }
  }

  /**
   * Stores a mapped message and archives it (or, for a replay, records the new outcome of its
   * archived copy) in one transaction.
   */
  private void store(Mapped mapped, Sender sender, Header header, Instant received, byte[] raw, long size, Long replayOf)
      throws Refused {
    Caller caller = Caller.institutionSystem("mllp:" + sender.facility(), sender.organization(), "system/*.cruds");
    try {
      tx.executeWithoutResult(
          s -> {
            if (mapped.patientKey() != null) {
              jdbc.queryForObject(
                  "SELECT pg_advisory_xact_lock(?, ?)::text",
                  String.class,
                  PATIENT_LOCKS,
                  (sender.organization() + "\u0000" + mapped.patientKey()).hashCode());
            }
            records.process(caller, mapped.transaction());
            if (replayOf == null) {
              archive.add(
                  new MessageArchive.Entry(
                      sender.facility(), header.controlId(), header.type(), sender.organization(), received, "AA", null, null, null, size, raw));
            } else {
              archive.replayed(replayOf, "AA", null, null, null, clock.instant());
            }
          });
    } catch (BaseServerResponseException e) {
      if (e.getStatusCode() >= 500) {
        throw e;
      }
      throw new Refused("AE", "MSH", 0, "207", "The message's data was refused: " + Redaction.mask(outcomeText(e)));
    }
  }

  private static String outcomeText(BaseServerResponseException e) {
    if (e.getOperationOutcome() instanceof OperationOutcome outcome && outcome.hasIssue()) {
      StringBuilder text = new StringBuilder();
      for (OperationOutcome.OperationOutcomeIssueComponent issue : outcome.getIssue()) {
        if (issue.hasDiagnostics()) {
          text.append(text.isEmpty() ? "" : "; ").append(issue.getDiagnostics());
        }
      }
      if (!text.isEmpty()) {
        return text.toString();
      }
    }
    return e.getMessage();
  }

  private Mapped map(String text, Sender sender) throws Refused {
    Message message;
    try {
      message = parser.parse(text);
    } catch (HL7Exception e) {
      Location where = e.getLocation();
      String segment = where == null || where.getSegmentName() == null ? "MSH" : where.getSegmentName();
      int field = where == null ? 0 : Math.max(0, where.getField());
      String code = e.getErrorCode() == 0 ? "102" : String.valueOf(e.getErrorCode());
      throw new Refused("AR", new Acks.Error(segment, where == null ? 1 : Math.max(1, where.getSegmentRepetition()), field, 0, code,
          "The message does not parse: " + Redaction.mask(e.getMessage())));
    } catch (RuntimeException e) {
      throw new Refused("AR", "MSH", 0, "100", "The message does not parse");
    }
    try {
      return mapping.map(message, sender);
    } catch (RuntimeException e) {
      // a message the mapping did not foresee: the platform's fault, named as such (the fuzz test looks for it)
      LOG.warn("The HL7 v2 mapping failed on a {} message: {}", Redaction.mask(message.getName()), Redaction.mask(e.toString()));
      throw new Refused("AE", "MSH", 0, "207", UNMAPPABLE);
    } catch (MappingException e) {
      String code = e.code();
      boolean wholeMessage = code.equals(MappingException.UNSUPPORTED_MESSAGE_TYPE) || code.equals(MappingException.UNSUPPORTED_EVENT);
      throw new Refused(
          wholeMessage ? "AR" : "AE",
          new Acks.Error(e.segment(), e.occurrence(), e.field(), e.component(), code, Redaction.mask(e.getMessage())));
    }
  }

  /** What every message's header must carry besides a known sender: a control id and a 2.x version. */
  private static void checkHeader(Header header) throws Refused {
    if (header.controlId().isBlank()) {
      throw new Refused("AR", "MSH", 10, "101", "MSH-10 (message control id) is empty");
    }
    if (header.controlId().length() > 199) {
      throw new Refused("AR", "MSH", 10, "104", "MSH-10 (message control id) is longer than 199 characters");
    }
    if (!header.version().matches("2\\.[1-8](\\.\\d)?")) {
      throw new Refused("AR", "MSH", 12, "203", "MSH-12 version is not one of 2.1 to 2.8");
    }
  }

  /** The known sender of the message; with a null address (a replay) the address is not checked. */
  private Sender sender(Header header, String address) throws Refused {
    String facility = header.sendingFacility();
    IntakeProperties.SenderProperties known = facility.isEmpty() ? null : properties.senders().get(facility);
    if (known == null) {
      throw new Refused("AR", "MSH", 4, "204", "MSH-4 sending facility is not a known sender");
    }
    if (address != null && !known.addresses().isEmpty() && !known.addresses().contains(address)) {
      throw new Refused("AR", "MSH", 4, "204", "MSH-4 sending facility may not send from this address");
    }
    return new Sender(facility, header.sendingApplication(), known.organization());
  }

  /** The message as text, in the character set MSH-18 names; invalid bytes refuse it. */
  private static String decode(byte[] raw, Header header) throws Refused {
    Charset charset = header.characterSet();
    if (charset == null) {
      throw new Refused("AR", "MSH", 18, "103", "MSH-18 names a character set this platform does not read");
    }
    try {
      return charset
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      throw new Refused("AR", "MSH", 18, "102", "The message is not valid " + charset.name() + " (MSH-18)");
    }
  }

  /**
   * Processes an archived message again (after a mapping fix): stored through the same path, its
   * archived outcome replaced by the new one. Returns the new outcome (AA, AE or AR).
   */
  String replay(MessageArchive.Archived message) {
    Header header = Header.ofBytes(message.raw());
    try {
      if (header == null) {
        throw new Refused("AR", "MSH", 0, "100", "The message does not start with an MSH segment");
      }
      if (message.raw().length < message.size()) {
        throw new Refused("AR", "MSH", 0, "104", "The message was larger than the limit; only its beginning was kept");
      }
      String text = decode(message.raw(), header);
      header = Header.of(text);
      Sender sender = sender(header, null);
      checkHeader(header);
      Mapped mapped = map(text, sender);
      store(mapped, sender, header, null, message.raw(), message.size(), message.id());
      return "AA";
    } catch (Refused r) {
      archive.replayed(message.id(), r.code, r.error.code(), r.error.location(), r.error.text(), clock.instant());
      return r.code;
    } catch (DuplicateKeyException e) {
      archive.replayed(message.id(), "AR", "205", "MSH-10", "Another copy of this message was accepted", clock.instant());
      return "AR";
    }
  }

  private void archiveRefusal(Header header, Sender sender, Instant received, byte[] raw, long size, Refused r) {
    try {
      archive.add(
          new MessageArchive.Entry(
              sender != null ? sender.facility() : header == null ? "" : Acks.escape(header.sendingFacility()),
              header == null ? "" : Acks.escape(header.controlId()),
              header == null ? "" : Acks.escape(header.type()),
              sender == null ? null : sender.organization(),
              received,
              r.code,
              r.error.code(),
              r.error.location(),
              r.error.text(),
              size,
              raw));
    } catch (RuntimeException e) {
      LOG.warn("Could not archive a refused HL7 v2 message: {}", Redaction.mask(e.toString()));
    }
  }
}
