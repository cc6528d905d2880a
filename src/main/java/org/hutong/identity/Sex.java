package org.hutong.identity;

/** Administrative sex as recorded; {@link #UNKNOWN} also stands for "not recorded". */
public enum Sex {
  MALE,
  FEMALE,
  UNKNOWN
}
