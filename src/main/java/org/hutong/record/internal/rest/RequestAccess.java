package org.hutong.record.internal.rest;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.hutong.access.AccessEvent;
import org.hutong.access.AccessProperties;
import org.hutong.access.AuditTrail;
import org.hutong.access.Caller;
import org.hutong.access.Interaction;
import org.hutong.record.internal.access.Touched;
import org.hutong.record.internal.access.RowFilter;
import org.hutong.record.internal.store.StoredResource;

/**
 * The FHIR layer's side of access: who the caller is, what they may see, and the audit record of
 * every read (writes are audited inside their transaction). A request without an authenticated
 * caller is refused: deny by default, even if the security chain were misconfigured.
 */
final class RequestAccess {

  /** Resources named in one audit record at most; the patients are always all named. */

  private final AuditTrail trail;
  private final AccessProperties policy;
  private final Set<String> types;

  RequestAccess(AuditTrail trail, AccessProperties policy, Set<String> types) {
    this.trail = trail;
    this.policy = policy;
    this.types = types;
  }

  Caller caller(RequestDetails request) {
    return caller(((ServletRequestDetails) request).getServletRequest());
  }

  Caller caller(HttpServletRequest request) {
    if (request.getAttribute(Caller.ATTRIBUTE) instanceof Caller caller) {
      return caller;
    }
    throw new AuthenticationException("Authentication required");
  }

  RowFilter filter(Caller caller) {
    return RowFilter.of(caller, policy);
  }

  /** Refuses (403, audited) unless the caller's scopes and role allow the interaction on the type. */
  void require(Caller caller, String type, Interaction interaction, String operation) {
    if (!caller.permits(type, interaction)) {
      String detail = "scope or role does not allow " + interaction.name().toLowerCase() + " of " + type;
      refused(caller, operation, type, detail);
      throw new ForbiddenOperationException("Access denied: the token's scopes or the " + caller.role().code() + " role do not allow "
          + interaction.name().toLowerCase() + " of " + type);
    }
  }

  /** Refuses a whole-system read unless the caller may read every type. */
  void requireAllTypes(Caller caller, String operation) {
    require(caller, "*", Interaction.READ, operation);
  }

  /** The types the caller may read: includes and {@code $everything} leave out the others. */
  Set<String> readableTypes(Caller caller) {
    Set<String> readable = new LinkedHashSet<>();
    for (String type : types) {
      if (caller.permits(type, Interaction.READ)) {
        readable.add(type);
      }
    }
    return readable;
  }

  /** Runs a write, auditing a refusal (the write's success is audited in its transaction). */
  <T> T guarded(Caller caller, String operation, String type, Supplier<T> write) {
    try {
      return write.get();
    } catch (ForbiddenOperationException e) {
      refused(caller, operation, type, e.getMessage());
      throw e;
    }
  }

  void read(Caller caller, String operation, String type, Collection<StoredResource> resources, String query) {
    trail.record(new Touched().addAll(resources).succeeded(caller, 'R', operation, type, query));
  }

  /** A read of Patient records known by id only (e.g. the pairs of the review queue). */
  void readPatients(Caller caller, String operation, Collection<String> patientIds) {
    Touched touched = new Touched();
    new LinkedHashSet<>(patientIds).forEach(id -> touched.add("Patient/" + id, id));
    trail.record(touched.succeeded(caller, 'R', operation, "Patient", null));
  }

  void refused(Caller caller, String operation, String type, String detail) {
    trail.record(new AccessEvent(caller, null, action(operation), operation, AccessEvent.Outcome.MINOR_FAILURE, type, null, null, null, detail));
  }

  /** The AuditEvent action (C, R, U, D, E) of what was attempted. */
  static char action(String operation) {
    return switch (operation) {
      case "create" -> 'C';
      case "update", "patch" -> 'U';
      case "delete" -> 'D';
      case "transaction", "batch" -> 'E';
      default -> 'R';
    };
  }
}
