package org.hutong.identity;

/** The kind of identifier a record carries in its {@code id_number}. */
public enum IdType {
  /** GB 11643 18-digit resident identity number (居民身份证号码). */
  RESIDENT_ID("resident-id"),
  /** Electronic health card number (电子健康卡). */
  HEALTH_CARD("health-card"),
  PASSPORT("passport"),
  OTHER("other");

  private final String code;

  IdType(String code) {
    this.code = code;
  }

  /** The spelling used in files ({@code resident-id}, {@code health-card}, ...). */
  public String code() {
    return code;
  }

  /** The type for a file spelling, or {@code null} when there is none. */
  public static IdType fromCode(String code) {
    for (IdType type : values()) {
      if (type.code.equals(code)) {
        return type;
      }
    }
    return null;
  }
}
