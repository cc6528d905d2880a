package org.hutong.access;

import java.util.List;
import java.util.Set;

/**
 * One access to (or attempt at) personal data, as the audit trail records it; rendered as an IHE
 * BALP AuditEvent. Never carries clinical content: which resources and patients, not what they say.
 *
 * @param caller who, or null when the caller could not be authenticated
 * @param claimedIdentity for failed authentication: the user name or client id that was tried
 * @param action the BALP action code: C, R, U, D or E
 * @param operation the REST interaction or operation: read, vread, search-type, search-system,
 *     history, create, update, delete, transaction, batch, everything, token, login…
 * @param outcome how it ended
 * @param resourceType the type the request was about, or null
 * @param resources the resources read or written ({@code Type/id}), at most a few hundred
 * @param patients the logical ids of the Patients whose data was touched
 * @param query the request's query string, for searches
 * @param detail why it failed, in words that carry no personal data; null on success
 */
public record AccessEvent(
    Caller caller,
    String claimedIdentity,
    char action,
    String operation,
    Outcome outcome,
    String resourceType,
    List<String> resources,
    Set<String> patients,
    String query,
    String detail) {

  /** BALP / AuditEvent.outcome. */
  public enum Outcome {
    SUCCESS("0"),
    MINOR_FAILURE("4"),
    SERIOUS_FAILURE("8"),
    MAJOR_FAILURE("12");

    private final String code;

    Outcome(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  public AccessEvent {
    resources = resources == null ? List.of() : List.copyOf(resources);
    patients = patients == null ? Set.of() : Set.copyOf(patients);
  }
}
