package org.hutong.intake.internal.v2;

/**
 * A message that cannot be mapped: names where (segment, its occurrence, field, component) and why,
 * with an HL7 table 0357 error code, so that the sender's AE acknowledgement points at the problem.
 * The text must not quote personal data (it is archived and may be logged).
 */
public final class MappingException extends Exception {

  /** HL7 table 0357 codes used in ERR-3. */
  public static final String SEGMENT_SEQUENCE = "100";

  public static final String REQUIRED_FIELD_MISSING = "101";
  public static final String DATA_TYPE_ERROR = "102";
  public static final String TABLE_VALUE_NOT_FOUND = "103";
  public static final String VALUE_TOO_LONG = "104";
  public static final String UNSUPPORTED_MESSAGE_TYPE = "200";
  public static final String UNSUPPORTED_EVENT = "201";
  public static final String UNKNOWN_KEY = "204";
  public static final String DUPLICATE_KEY = "205";
  public static final String INTERNAL_ERROR = "207";

  private final String segment;
  private final int occurrence;
  private final int field;
  private final int component;
  private final String code;

  /**
   * @param segment the segment id, e.g. {@code PID}
   * @param occurrence which occurrence of the segment in the message, from 1
   * @param field the field (sequence) number, from 1, or 0 for the whole segment
   * @param component the component, from 1, or 0 for the whole field
   * @param code the HL7 table 0357 error code
   * @param text what is wrong, for a person reading the acknowledgement
   */
  public MappingException(String segment, int occurrence, int field, int component, String code, String text) {
    super(text);
    this.segment = segment;
    this.occurrence = occurrence;
    this.field = field;
    this.component = component;
    this.code = code;
  }

  public String segment() {
    return segment;
  }

  public int occurrence() {
    return occurrence;
  }

  public int field() {
    return field;
  }

  public int component() {
    return component;
  }

  public String code() {
    return code;
  }
}
