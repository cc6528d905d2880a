package org.hutong.quality.internal.report;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Set;
import org.hutong.access.AccessEvent;
import org.hutong.access.AuditTrail;
import org.hutong.access.Caller;
import org.hutong.access.Role;

/**
 * Who may see which scorecards, and the audit record of every look: the whole region for
 * regulators, administrators and public-health officers; an institution's own card for its staff
 * and systems. Scorecards carry no personal data, but their examples point at records, so each
 * access is audited like a read.
 */
public final class QualityAccess {

  private static final Set<Role> REGION = Set.of(Role.REGULATOR, Role.ADMINISTRATOR, Role.PUBLIC_HEALTH_OFFICER);
  private static final Set<Role> INSTITUTION = Set.of(Role.CLINICIAN, Role.INSTITUTION_SYSTEM, Role.PHARMACIST);

  private final AuditTrail audit;

  public QualityAccess(AuditTrail audit) {
    this.audit = audit;
  }

  /** The caller bound to the request by access; refuses (403) when there is none. */
  public Caller caller(HttpServletRequest request) {
    if (!(request.getAttribute(Caller.ATTRIBUTE) instanceof Caller caller)) {
      throw new Refused("no authenticated caller");
    }
    return caller;
  }

  /** Whether the caller sees every institution. */
  public static boolean seesRegion(Caller caller) {
    return REGION.contains(caller.role());
  }

  /** Whether the caller may see the institution's scorecard. */
  public static boolean sees(Caller caller, String organization) {
    return seesRegion(caller) || INSTITUTION.contains(caller.role()) && organization.equals(caller.organization());
  }

  /** Audits and refuses unless {@code allowed}. */
  public void check(Caller caller, boolean allowed, String operation, String query) {
    if (!allowed) {
      audit.record(new AccessEvent(caller, null, 'R', operation, AccessEvent.Outcome.MINOR_FAILURE, "MeasureReport", List.of(), Set.of(), query, "not permitted for the caller's role or institution"));
      throw new Refused("not permitted for the caller's role or institution");
    }
  }

  /** Audits a successful access. */
  public void granted(Caller caller, char action, String operation, String query, List<String> resources) {
    audit.record(new AccessEvent(caller, null, action, operation, AccessEvent.Outcome.SUCCESS, "MeasureReport",
        resources.size() > 200 ? resources.subList(0, 200) : resources, Set.of(), query, null));
  }

  /** A refused access: answered 403. */
  public static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }
}
