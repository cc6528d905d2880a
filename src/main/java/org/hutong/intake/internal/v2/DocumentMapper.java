package org.hutong.intake.internal.v2;

import ca.uhn.hl7v2.model.Varies;
import ca.uhn.hl7v2.model.v251.datatype.PPN;
import ca.uhn.hl7v2.model.v251.datatype.XCN;
import ca.uhn.hl7v2.model.v251.message.MDM_T02;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import ca.uhn.hl7v2.model.v251.segment.TXA;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.DocumentReference.ReferredDocumentStatus;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * Documents (MDM^T02): one DocumentReference keyed on the unique document number (TXA-12), its
 * content either the text OBX results joined line by line as UTF-8 plain text, or each
 * encapsulated (ED) OBX as an attachment of its own media type.
 */
final class DocumentMapper {

  private DocumentMapper() {}

  static Mapped map(MDM_T02 message, Sender sender) throws MappingException {
    String org = sender.organization();
    Transaction tx = new Transaction();
    PatientMapper.MappedPatient mapped = PatientMapper.map(message.getPID(), 1, sender);
    Reference patient = tx.createIfNoneExist(mapped.patient(), V2Systems.mrn(org), mapped.mrn());
    TXA txa = message.getTXA();
    String number = V2Values.text(txa.getUniqueDocumentNumber().getEntityIdentifier());
    if (number == null) {
      throw new MappingException("TXA", 1, 12, 1, MappingException.REQUIRED_FIELD_MISSING,
          "TXA-12 (unique document number) is required");
    }
    DocumentReference document = new DocumentReference();
    document.addIdentifier(new Identifier().setSystem(V2Systems.document(org)).setValue(number));
    document.setStatus(DocumentReferenceStatus.CURRENT);
    String completion = V2Values.text(txa.getDocumentCompletionStatus());
    if (completion != null) {
      document.setDocStatus(docStatus(completion));
    }
    String type = V2Values.text(txa.getDocumentType());
    if (type != null) {
      document.setType(new CodeableConcept(new Coding(V2Systems.localCodes(org), type, null)));
    }
    document.setSubject(patient);
    DateTimeType when = V2Dates.dateTime(txa.getOriginationDateTime(), "TXA", 1, 6);
    if (when == null) {
      when = V2Dates.dateTime(txa.getActivityDateTime(), "TXA", 1, 4);
    }
    document.setDateElement(ResultMapper.instant(when));
    if (when != null) {
      document.getContext().getPeriod().setStartElement(when);
    }
    for (XCN originator : txa.getOriginatorCodeName()) {
      Reference author = EncounterMapper.practitioner(originator, org);
      if (author != null) {
        document.addAuthor(author);
      }
    }
    for (PPN authenticator : txa.getAuthenticationPersonTimeStamp()) {
      String name = V2Values.personName(authenticator);
      String id = V2Values.text(authenticator.getIDNumber());
      if (name != null || id != null) {
        Reference reference = new Reference().setDisplay(name);
        if (id != null) {
          reference.setIdentifier(new Identifier().setSystem(V2Systems.practitioner(org)).setValue(id));
        }
        if (!document.hasAuthor()) {
          document.addAuthor(reference.copy());
        }
        document.setAuthenticator(reference);
        break;
      }
    }
    document.setCustodian(PatientMapper.organization(org));
    addContent(message, document, V2Values.text(txa.getUniqueDocumentFileName()));
    tx.put(document, V2Systems.document(org), number);
    return new Mapped(tx.bundle(), mapped.mrn());
  }

  private static void addContent(MDM_T02 message, DocumentReference document, String title) throws MappingException {
    StringBuilder text = new StringBuilder();
    boolean anyText = false;
    for (int i = 0; i < message.getOBSERVATIONReps(); i++) {
      OBX obx = message.getOBSERVATION(i).getOBX();
      String type = V2Values.text(obx.getValueType());
      Varies[] values = obx.getObservationValue();
      if (values.length == 0 || V2Values.isEmpty(values[0])) {
        continue;
      }
      if ("ED".equalsIgnoreCase(type)) {
        for (Varies value : values) {
          document.addContent().setAttachment(encapsulated(value, i + 1).setTitle(title));
        }
      } else {
        if (anyText) {
          text.append('\n');
        }
        text.append(ObservationMapper.joined(values));
        anyText = true;
      }
    }
    if (anyText) {
      document.addContent().setAttachment(new Attachment()
          .setContentType("text/plain; charset=utf-8")
          .setData(text.toString().getBytes(StandardCharsets.UTF_8))
          .setTitle(title));
    }
    if (!document.hasContent()) {
      throw new MappingException("OBX", 1, 5, 0, MappingException.REQUIRED_FIELD_MISSING, "the document has no content (OBX-5)");
    }
  }

  /** ED: 2 type of data, 3 subtype, 4 encoding (Base64, A for plain ASCII, Hex), 5 data. */
  private static Attachment encapsulated(Varies value, int occurrence) throws MappingException {
    String typeOfData = V2Values.component(value, 2);
    String subtype = V2Values.component(value, 3);
    String encoding = V2Values.component(value, 4);
    String data = V2Values.component(value, 5);
    if (data == null) {
      throw new MappingException("OBX", occurrence, 5, 5, MappingException.REQUIRED_FIELD_MISSING, "OBX-5 has no encapsulated data");
    }
    byte[] bytes;
    try {
      bytes = switch (encoding == null ? "A" : encoding.toUpperCase(Locale.ROOT)) {
        case "BASE64" -> Base64.getMimeDecoder().decode(data);
        case "HEX" -> java.util.HexFormat.of().parseHex(data);
        default -> data.getBytes(StandardCharsets.UTF_8);
      };
    } catch (IllegalArgumentException e) {
      throw new MappingException("OBX", occurrence, 5, 5, MappingException.DATA_TYPE_ERROR,
          "OBX-5 data does not decode as " + (encoding == null ? "text" : "its encoding"));
    }
    return new Attachment().setContentType(mediaType(typeOfData, subtype)).setData(bytes);
  }

  /** A media type from ED-2/ED-3: {@code application/pdf} as is, else {@code AP^PDF} → application/pdf. */
  private static String mediaType(String typeOfData, String subtype) {
    if (subtype != null && subtype.contains("/")) {
      return subtype.toLowerCase(Locale.ROOT);
    }
    String main = typeOfData == null ? "application" : switch (typeOfData.toUpperCase(Locale.ROOT)) {
      case "AP", "APPLICATION" -> "application";
      case "IM", "IMAGE" -> "image";
      case "TEXT", "TX" -> "text";
      case "AU", "AUDIO" -> "audio";
      case "VIDEO" -> "video";
      default -> typeOfData.toLowerCase(Locale.ROOT);
    };
    return main + "/" + (subtype == null ? "octet-stream" : subtype.toLowerCase(Locale.ROOT));
  }

  /** TXA-17 (HL7 table 0271): authenticated or legally authenticated is final, the stages before it preliminary. */
  private static ReferredDocumentStatus docStatus(String completion) {
    return switch (completion.toUpperCase(Locale.ROOT)) {
      case "AU", "LA" -> ReferredDocumentStatus.FINAL;
      case "IP", "IN", "PA", "DI", "DO" -> ReferredDocumentStatus.PRELIMINARY;
      case "CA" -> ReferredDocumentStatus.ENTEREDINERROR;
      default -> null;
    };
  }
}
