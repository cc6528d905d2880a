package org.hutong.intake.internal.v2;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.message.MDM_T02;
import ca.uhn.hl7v2.model.v251.message.OML_O21;
import ca.uhn.hl7v2.model.v251.message.ORM_O01;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.message.VXU_V04;
import ca.uhn.hl7v2.model.v251.segment.MSH;
import java.util.Locale;

/**
 * Maps a parsed HL7 v2 message (v2.3 to v2.5.1, parsed into the v2.5.1 model) to a FHIR
 * transaction bundle, by its message type (MSH-9): ADT A01, A02, A03, A04, A08, A40; ORU^R01;
 * ORM^O01; OML^O21; MDM^T02; VXU^V04. Every resource is written as a conditional update or create
 * on a business identifier of the sending institution, so a message stored twice changes nothing.
 *
 * <p>Stateless, so one instance serves all threads.
 */
public final class V2Mapping {

  /** A mapping for all senders. */
  public V2Mapping() {}

  /**
   * Maps one message.
   *
   * @param message the parsed message (v2.5.1 model classes)
   * @param sender the known sender the message came from; its organization keys the identifiers
   * @return the transaction and the patient key (the MRN)
   * @throws MappingException naming the first problem found, with an HL7 table 0357 code
   */
  public Mapped map(Message message, Sender sender) throws MappingException {
    MSH msh = msh(message);
    if (V2Values.text(msh.getMessageControlID()) == null) {
      throw new MappingException("MSH", 1, 10, 0, MappingException.REQUIRED_FIELD_MISSING, "MSH-10 (message control id) is required");
    }
    String type = upper(V2Values.text(msh.getMessageType().getMessageCode()));
    String event = upper(V2Values.text(msh.getMessageType().getTriggerEvent()));
    if (type == null) {
      throw new MappingException("MSH", 1, 9, 1, MappingException.REQUIRED_FIELD_MISSING, "MSH-9 (message type) is required");
    }
    try {
      return switch (type) {
        case "ADT" -> switch (event == null ? "" : event) {
          case "A01", "A02", "A03", "A04", "A08", "A40" -> AdtMapper.map(event, message, sender);
          default -> throw unsupported(MappingException.UNSUPPORTED_EVENT, "ADT events other than A01, A02, A03, A04, A08, A40 are not mapped");
        };
        case "ORU" -> ResultMapper.map(as(ORU_R01.class, message, "R01", event), sender);
        case "ORM" -> OrderMapper.map(as(ORM_O01.class, message, "O01", event), sender);
        case "OML" -> OrderMapper.map(as(OML_O21.class, message, "O21", event), sender);
        case "MDM" -> DocumentMapper.map(as(MDM_T02.class, message, "T02", event), sender);
        case "VXU" -> ImmunizationMapper.map(as(VXU_V04.class, message, "V04", event), sender);
        default -> throw unsupported(MappingException.UNSUPPORTED_MESSAGE_TYPE, "message type " + type + " is not mapped");
      };
    } catch (RuntimeException e) {
      // HAPI reports structural trouble as unchecked exceptions; the sender gets an AE, not a crash.
      MappingException failure = new MappingException("MSH", 1, 0, 0, MappingException.INTERNAL_ERROR,
          "the message could not be mapped (" + e.getClass().getSimpleName() + ")");
      failure.initCause(e);
      throw failure;
    }
  }

  /** The error for a message type or event (MSH-9) that is not mapped. */
  static MappingException unsupported(String code, String text) {
    return new MappingException("MSH", 1, 9, 0, code, text);
  }

  private static <T extends Message> T as(Class<T> structure, Message message, String expectedEvent, String event)
      throws MappingException {
    if (event != null && !expectedEvent.equals(event)) {
      throw unsupported(MappingException.UNSUPPORTED_EVENT, "only event " + expectedEvent + " of this message type is mapped");
    }
    if (!structure.isInstance(message)) {
      throw unsupported(MappingException.UNSUPPORTED_EVENT, "the message did not arrive in the structure " + structure.getSimpleName());
    }
    return structure.cast(message);
  }

  private static MSH msh(Message message) throws MappingException {
    try {
      if (message.get("MSH") instanceof MSH msh) {
        return msh;
      }
    } catch (HL7Exception e) {
      // falls through to the error below
    }
    throw new MappingException("MSH", 1, 0, 0, MappingException.UNSUPPORTED_MESSAGE_TYPE,
        "the message is not in the HL7 v2.5.1 model (parse with CanonicalModelClassFactory 2.5.1)");
  }

  private static String upper(String text) {
    return text == null ? null : text.toUpperCase(Locale.ROOT);
  }
}
