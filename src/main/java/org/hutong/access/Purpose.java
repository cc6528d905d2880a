package org.hutong.access;

/**
 * Why a caller accesses data: a code from HL7 v3 ActReason ({@code TREAT}, {@code ETREAT},
 * {@code PUBHLTH}, {@code HOPERAT}, {@code PATRQT}…). {@code ETREAT} is break-the-glass: it needs a
 * reason, overrides the patient's consent refusals, and is always audited and reported.
 *
 * @param code the ActReason code
 * @param reason the reason a person gave; mandatory for break-the-glass, null otherwise
 */
public record Purpose(String code, String reason) {

  public static final String SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

  public static final Purpose TREATMENT = new Purpose("TREAT", null);
  public static final Purpose PUBLIC_HEALTH = new Purpose("PUBHLTH", null);
  public static final Purpose OPERATIONS = new Purpose("HOPERAT", null);
  public static final Purpose PATIENT_REQUEST = new Purpose("PATRQT", null);

  public Purpose {
    if (code == null || code.isBlank()) {
      throw new IllegalArgumentException("A purpose of use needs a code");
    }
    if (code.equals("ETREAT") && (reason == null || reason.isBlank())) {
      throw new IllegalArgumentException("Break-the-glass (ETREAT) needs a reason");
    }
  }

  public static Purpose breakGlass(String reason) {
    return new Purpose("ETREAT", reason);
  }

  public boolean breakGlass() {
    return code.equals("ETREAT");
  }
}
