package org.hutong.intake.internal.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.PipeParser;
import org.junit.jupiter.api.Test;

/**
 * Messages that cannot be mapped: the exception names segment, occurrence, field and the HL7 table
 * 0357 code, and never quotes the offending (personal) value.
 */
class V2MappingErrorsTest {

  private final V2Mapping mapping = new V2Mapping();

  /** Parses without HAPI's own validation, as bad values must reach the mapping to be reported there. */
  private static Message lenient(String text) throws Exception {
    PipeParser parser = Samples.parser();
    parser.getParserConfiguration().setValidating(false);
    return parser.parse(text);
  }

  private MappingException failure(String text) throws Exception {
    Message message = lenient(text);
    return catchThrowableOfType(MappingException.class, () -> mapping.map(message, Samples.SENDER));
  }

  @Test
  void aPatientWithoutMrnIsRefused() throws Exception {
    String text = Samples.text("adt_a01.hl7").replace("0012345^^^BJCYH^MR~", "");
    MappingException e = failure(text);
    assertThat(e.segment()).isEqualTo("PID");
    assertThat(e.field()).isEqualTo(3);
    assertThat(e.code()).isEqualTo(MappingException.REQUIRED_FIELD_MISSING);
  }

  @Test
  void anImpossibleBirthDateIsADataTypeError() throws Exception {
    MappingException e = failure(Samples.text("adt_a01.hl7").replace("|19780312|", "|19781345|"));
    assertThat(e.segment()).isEqualTo("PID");
    assertThat(e.occurrence()).isEqualTo(1);
    assertThat(e.field()).isEqualTo(7);
    assertThat(e.code()).isEqualTo(MappingException.DATA_TYPE_ERROR);
    assertThat(e.getMessage()).doesNotContain("19781345");
  }

  @Test
  void aNonNumericResultIsADataTypeErrorOnItsObx() throws Exception {
    MappingException e = failure(Samples.text("oru_r01.hl7").replace("|NM|718-7^血红蛋白^LN||118|", "|NM|718-7^血红蛋白^LN||一百一十八|"));
    assertThat(e.segment()).isEqualTo("OBX");
    assertThat(e.occurrence()).isEqualTo(6);
    assertThat(e.field()).isEqualTo(5);
    assertThat(e.code()).isEqualTo(MappingException.DATA_TYPE_ERROR);
    assertThat(e.getMessage()).doesNotContain("一百一十八");
  }

  @Test
  void anUnknownSexCodeIsNotInTheTable() throws Exception {
    MappingException e = failure(Samples.text("adt_a04.hl7").replace("|19850624|F|", "|19850624|X|"));
    assertThat(e.segment()).isEqualTo("PID");
    assertThat(e.field()).isEqualTo(8);
    assertThat(e.code()).isEqualTo(MappingException.TABLE_VALUE_NOT_FOUND);
  }

  @Test
  void anUnsupportedMessageTypeIsRefused() throws Exception {
    String text = "MSH|^~\\&|HIS|BJCYH|HUTONG|HUTONG|20240315083500||SIU^S12^SIU_S12|SIU001|P|2.5.1\r"
        + "SCH|1|1\r";
    MappingException e = failure(text);
    assertThat(e.segment()).isEqualTo("MSH");
    assertThat(e.field()).isEqualTo(9);
    assertThat(e.code()).isEqualTo(MappingException.UNSUPPORTED_MESSAGE_TYPE);
  }

  @Test
  void anUnsupportedAdtEventIsRefused() throws Exception {
    MappingException e = failure(Samples.text("adt_a01.hl7").replace("ADT^A01^ADT_A01", "ADT^A05^ADT_A05"));
    assertThat(e.field()).isEqualTo(9);
    assertThat(e.code()).isEqualTo(MappingException.UNSUPPORTED_EVENT);
  }

  @Test
  void aMissingControlIdIsRefused() throws Exception {
    MappingException e = failure(Samples.text("adt_a01.hl7").replace("|ADT20240315083500001|", "||"));
    assertThat(e.segment()).isEqualTo("MSH");
    assertThat(e.field()).isEqualTo(10);
    assertThat(e.code()).isEqualTo(MappingException.REQUIRED_FIELD_MISSING);
  }

  @Test
  void anAdmissionWithoutVisitNumberIsRefused() throws Exception {
    MappingException e = failure(Samples.text("adt_a01.hl7").replace("V20240315001^^^BJCYH^VN", ""));
    assertThat(e.segment()).isEqualTo("PV1");
    assertThat(e.field()).isEqualTo(19);
    assertThat(e.code()).isEqualTo(MappingException.REQUIRED_FIELD_MISSING);
  }

  @Test
  void anUpdateWithoutVisitNumberMapsOnlyThePatient() throws Exception {
    Message message = lenient(Samples.text("adt_a08.hl7").replace("V20240315001^^^BJCYH^VN", ""));
    assertThat(mapping.map(message, Samples.SENDER).transaction().getEntry()).hasSize(1);
  }

  @Test
  void aMergeWithoutMrgIsRefused() throws Exception {
    String text = Samples.text("adt_a40.hl7");
    MappingException e = failure(text.substring(0, text.indexOf("\rMRG")));
    assertThat(e.segment()).isEqualTo("MRG");
    assertThat(e.field()).isEqualTo(1);
    assertThat(e.code()).isEqualTo(MappingException.REQUIRED_FIELD_MISSING);
  }

  @Test
  void aDocumentWithoutNumberIsRefused() throws Exception {
    MappingException e = failure(Samples.text("mdm_t02.hl7").replace("DOC20240322001^EMR", ""));
    assertThat(e.segment()).isEqualTo("TXA");
    assertThat(e.field()).isEqualTo(12);
    assertThat(e.code()).isEqualTo(MappingException.REQUIRED_FIELD_MISSING);
  }

  @Test
  void aBadEncapsulatedPayloadIsADataTypeError() throws Exception {
    MappingException e = failure(Samples.text("mdm_t02.hl7").replaceFirst("\\^Base64\\^[^|]*\\|", "^Base64^@@not base64@@|"));
    assertThat(e.segment()).isEqualTo("OBX");
    assertThat(e.field()).isEqualTo(5);
    assertThat(e.code()).isEqualTo(MappingException.DATA_TYPE_ERROR);
  }

  @Test
  void aVersion23MessageMapsThroughTheCanonicalModel() throws Exception {
    String text = Samples.text("adt_a01.hl7").replace("|P|2.5.1|", "|P|2.3|");
    Mapped mapped = mapping.map(Samples.parse(text), Samples.SENDER);
    assertThat(mapped.patientKey()).isEqualTo("0012345");
  }
}
