package org.hutong.platform;

/**
 * Identifier systems every module refers to. (A {@code terminology} module will own the full
 * catalogue of Chinese naming and code systems; these few are needed from the start.)
 */
public final class NamingSystems {

  /** The 18-digit resident identity card number (居民身份证号码, GB 11643). */
  public static final String RESIDENT_ID = "https://hutong.org/fhir/sid/resident-id";

  /** The electronic health card number (电子健康卡). */
  public static final String HEALTH_CARD = "https://hutong.org/fhir/sid/health-card";

  /** The pseudo-system under which phone numbers (Patient.telecom with system phone) are protected. */
  public static final String PHONE = "phone";

  private NamingSystems() {}
}
