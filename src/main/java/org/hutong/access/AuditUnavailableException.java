package org.hutong.access;

/** The audit record could not be written, so the access it describes must not happen. */
public class AuditUnavailableException extends RuntimeException {

  public AuditUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
