package org.hutong.quality;

/**
 * How bad a finding is. {@code info} findings are stored but do not lower a score; {@code warning}
 * and {@code error} findings lower the score of their dimension; {@code fatal} refuses the write
 * (422 over FHIR, AE over HL7 v2) and so is never stored.
 */
public enum Severity {
  INFO("info"),
  WARNING("warning"),
  ERROR("error"),
  FATAL("fatal");

  private final String code;

  Severity(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  /** Whether a finding of this severity counts against its dimension's score. */
  public boolean scored() {
    return this != INFO;
  }

  public static Severity of(String code) {
    for (Severity s : values()) {
      if (s.code.equals(code)) {
        return s;
      }
    }
    throw new IllegalArgumentException("Unknown severity '" + code + "'; one of info, warning, error, fatal");
  }
}
