package org.hutong.quality;

/** The four dimensions of data quality a rule belongs to, each with its bit in an assessment's mask. */
public enum Dimension {
  COMPLETENESS("completeness", "完整性", 1),
  VALIDITY("validity", "有效性", 2),
  CONSISTENCY("consistency", "一致性", 4),
  TIMELINESS("timeliness", "及时性", 8);

  private final String code;
  private final String chinese;
  private final int bit;

  Dimension(String code, String chinese, int bit) {
    this.code = code;
    this.chinese = chinese;
    this.bit = bit;
  }

  /** The code used in the catalogue, the API and MeasureReport groups. */
  public String code() {
    return code;
  }

  public String chinese() {
    return chinese;
  }

  /** The dimension's bit in the mask of failed dimensions stored per assessed record. */
  public int bit() {
    return bit;
  }

  /** The dimension with this code; throws {@link IllegalArgumentException} naming the valid ones. */
  public static Dimension of(String code) {
    for (Dimension d : values()) {
      if (d.code.equals(code)) {
        return d;
      }
    }
    throw new IllegalArgumentException("Unknown dimension '" + code + "'; one of completeness, validity, consistency, timeliness");
  }
}
