package org.hutong.record.internal.index;

/** The search-parameter types we index, each with its own index table. */
public enum ParamType {
  STRING,
  TOKEN,
  DATE,
  REFERENCE,
  QUANTITY,
  NUMBER,
  URI
}
