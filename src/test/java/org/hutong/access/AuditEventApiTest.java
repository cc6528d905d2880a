package org.hutong.access;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.Test;

/**
 * The audit trail over FHIR: {@code /fhir/AuditEvent} is served from the audit store, read-only,
 * and only to an authenticated caller. (Scoping by role is tested in-process in {@code
 * AuditSearchTest}; over HTTP once tokens exist.)
 */
class AuditEventApiTest {

  @Test
  void searchingTheTrailWithoutAnAuthenticatedCallerIs401() {
    assertThatThrownBy(() -> RunningPlatform.fhir(RunningPlatform.shared(), null).search().forResource(AuditEvent.class).returnBundle(Bundle.class).execute())
        .isInstanceOf(AuthenticationException.class);
    assertThatThrownBy(() -> RunningPlatform.fhir(RunningPlatform.shared(), null).search().byUrl("AuditEvent?purpose=ETREAT").returnBundle(Bundle.class).execute())
        .isInstanceOf(AuthenticationException.class);
  }

  @Test
  void readingAnEventWithoutAnAuthenticatedCallerIs401() {
    assertThatThrownBy(() -> RunningPlatform.fhir(RunningPlatform.shared(), null).read().resource(AuditEvent.class).withId("01jq0000000000000000000000").execute())
        .isInstanceOf(AuthenticationException.class);
  }

  @Test
  void nobodyWritesTheTrailOverTheApi() {
    AuditEvent forged = new AuditEvent();
    forged.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", null));
    forged.setRecorded(new java.util.Date());
    forged.addAgent().setRequestor(true);
    forged.getSource().setSite("elsewhere");
    assertThatThrownBy(() -> RunningPlatform.fhir().create().resource(forged).execute()).isInstanceOf(MethodNotAllowedException.class);
    forged.setId("x");
    assertThatThrownBy(() -> RunningPlatform.fhir().update().resource(forged).execute()).isInstanceOf(MethodNotAllowedException.class);
    assertThatThrownBy(() -> RunningPlatform.fhir().delete().resourceById("AuditEvent", "x").execute()).isInstanceOf(MethodNotAllowedException.class);
  }
}
