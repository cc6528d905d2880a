package org.hutong.access;

import java.util.Objects;
import java.util.Set;

/**
 * Who is making a request, as established from a validated token (or, for work the platform does
 * itself, declared by the code that does it). Passed along explicitly, never kept in a
 * thread-local.
 *
 * @param subject the person's user name, or the client id of a system
 * @param client the OAuth client the request came through
 * @param person whether a person is behind the request (false for client credentials)
 * @param role what the caller is to the platform
 * @param organization the logical id of the caller's Organization (institution), or null
 * @param patients the Patient ids a resident is, or may act for (the SMART {@code patient} context)
 * @param scopes the SMART scopes granted
 * @param purpose why the caller accesses data
 * @param address the network address the request came from, or null in-process
 */
public record Caller(
    String subject,
    String client,
    boolean person,
    Role role,
    String organization,
    Set<String> patients,
    Scopes scopes,
    Purpose purpose,
    String address) {

  /** The servlet request attribute under which the authenticated caller of a request is kept. */
  public static final String ATTRIBUTE = Caller.class.getName();

  public Caller {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(role, "role");
    patients = patients == null ? Set.of() : Set.copyOf(patients);
    scopes = scopes == null ? Scopes.none() : scopes;
    purpose = purpose == null ? Purpose.TREATMENT : purpose;
  }

  /**
   * The platform acting on its own behalf in-process (demo data, benchmarks, message intake before
   * a sender is known): an administrator-like system caller, audited under this name.
   */
  public static Caller platform(String name) {
    return new Caller(name, name, false, Role.ADMINISTRATOR, null, Set.of(), Scopes.parse("system/*.cruds"), Purpose.OPERATIONS, null);
  }

  /** An institution's system acting in-process, e.g. an HL7 v2 feed of a known sender. */
  public static Caller institutionSystem(String name, String organization, String scopes) {
    return new Caller(name, name, false, Role.INSTITUTION_SYSTEM, organization, Set.of(), Scopes.parse(scopes), Purpose.TREATMENT, null);
  }

  /** The same caller with another purpose of use (e.g. break-the-glass for one request). */
  public Caller withPurpose(Purpose purpose) {
    return new Caller(subject, client, person, role, organization, patients, scopes, purpose, address);
  }

  /** The same caller seen from a network address. */
  public Caller from(String address) {
    return new Caller(subject, client, person, role, organization, patients, scopes, purpose, address);
  }

  /** Whose records this caller may see; deny by default. */
  public Visibility visibility() {
    return switch (role) {
      case ADMINISTRATOR, PUBLIC_HEALTH_OFFICER -> new Visibility.All();
      case REGULATOR -> new Visibility.NonPersonal();
      case RESIDENT -> new Visibility.OwnRecords(patients);
      case CLINICIAN, PHARMACIST, INSTITUTION_SYSTEM ->
          organization == null
              ? new Visibility.NonPersonal()
              : new Visibility.Institution(organization, purpose.breakGlass());
    };
  }

  /**
   * Whether the caller's scopes grant the interaction on the resource type: {@code patient/}
   * scopes only with a patient context, {@code user/} scopes only for people, {@code system/}
   * scopes only for systems; and never beyond what the role {@linkplain Role#allows allows}.
   */
  public boolean permits(String resourceType, Interaction interaction) {
    return role.allows(resourceType, interaction)
        && ((!patients.isEmpty() && scopes.permits(Scopes.Context.PATIENT, resourceType, interaction))
            || (person && scopes.permits(Scopes.Context.USER, resourceType, interaction))
            || (!person && scopes.permits(Scopes.Context.SYSTEM, resourceType, interaction)));
  }

  /** Whether the caller may write records of other institutions (administrators only). */
  public boolean writesAnyInstitution() {
    return role == Role.ADMINISTRATOR;
  }
}
