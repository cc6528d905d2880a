package org.hutong.access.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hutong.access.internal.audit.AuditDatabases.clinician;
import static org.hutong.access.internal.audit.AuditDatabases.read;
import static org.hutong.access.internal.audit.AuditDatabases.regulator;
import static org.hutong.access.internal.audit.AuditDatabases.resident;

import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hutong.access.AccessEvent;
import org.hutong.access.Caller;
import org.hutong.access.Purpose;
import org.hutong.access.Role;
import org.hutong.access.Scopes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Residents see who accessed their records; regulators search everything; clinicians nothing.
 * One day of accesses at 北京协和医院, an hour apart, starting 2025-03-14 08:00 (UTC).
 */
class AuditSearchTest {

  private static final Instant START = Instant.parse("2025-03-14T08:00:00Z");
  private static DataSource db;
  private static AuditSearch search;

  @BeforeAll
  static void aDayOfAccesses() {
    db = AuditDatabases.fresh();
    AuditDatabases.TestClock clock = new AuditDatabases.TestClock(START);
    AuditRecorder recorder = AuditDatabases.recorder(db, clock);
    Caller doctor = clinician();
    // 08:00–11:00 王芳 reads 张伟's record four times
    for (int i = 0; i < 4; i++) {
      recorder.record(read(doctor, "p-zhangwei", "Observation/zw-" + i));
      clock.advance(Duration.ofHours(1));
    }
    // 12:00 she breaks the glass for 刘洋
    recorder.record(read(doctor.withPurpose(Purpose.breakGlass("急诊抢救")), "p-liuyang", "Patient/p-liuyang"));
    clock.advance(Duration.ofHours(1));
    // 13:00 a refused read of 刘洋's record
    recorder.record(
        new AccessEvent(doctor, null, 'R', "read", AccessEvent.Outcome.MINOR_FAILURE, "Condition", List.of("Condition/c1"), Set.of("p-liuyang"), null, "no consent"));
    clock.advance(Duration.ofHours(1));
    // 14:00 a failed login
    recorder.record(new AccessEvent(null, "zhaolei", 'E', "login", AccessEvent.Outcome.SERIOUS_FAILURE, null, null, null, null, "wrong password"));
    clock.advance(Duration.ofHours(1));
    // 15:00 a lab system writes for both
    Caller lab = Caller.institutionSystem("dian-lab", "dian", "system/Observation.c");
    recorder.record(new AccessEvent(lab, null, 'C', "transaction", AccessEvent.Outcome.SUCCESS, null, List.of(), Set.of("p-zhangwei", "p-liuyang"), null, null));
    search = new AuditSearch(db, AuditDatabases.FHIR);
  }

  private static List<String> ids(Caller caller, String... parameters) {
    return search.search(caller, criteria(parameters)).events().stream().map(e -> e.getEntity().isEmpty() ? "login" : what(e)).toList();
  }

  private static String what(AuditEvent e) {
    return e.getEntity().stream().filter(x -> !x.getRole().getCode().equals("1")).findFirst().map(x -> x.getWhat().getReference()).orElse("transaction");
  }

  private static AuditCriteria criteria(String... parameters) {
    Map<String, List<String>> values = new HashMap<>();
    for (String p : parameters) {
      int eq = p.indexOf('=');
      values.computeIfAbsent(p.substring(0, eq), k -> new ArrayList<>()).add(p.substring(eq + 1));
    }
    Map<String, String[]> map = new HashMap<>();
    values.forEach((k, v) -> map.put(k, v.toArray(String[]::new)));
    return AuditCriteria.parse(map);
  }

  @Test
  void aResidentSeesOnlyWhoAccessedTheirOwnRecordsNewestFirst() {
    assertThat(ids(resident("p-zhangwei")))
        .containsExactly("transaction", "Observation/zw-3", "Observation/zw-2", "Observation/zw-1", "Observation/zw-0");
  }

  @Test
  void aResidentAskingForAnotherPatientGetsNothing() {
    // not even the one event about both: asking about someone else answers nothing
    assertThat(ids(resident("p-zhangwei"), "patient=p-liuyang")).isEmpty();
    // and in that event, the resident sees their own patient only
    AuditEvent shared = search.search(resident("p-zhangwei"), criteria()).events().getFirst();
    assertThat(shared.getEntity()).extracting(x -> x.getWhat().getReference()).containsExactly("Patient/p-zhangwei");
    Caller stranger = resident("p-someone-else");
    assertThat(ids(stranger)).isEmpty();
    String someId = search.search(regulator(), criteria("patient=p-zhangwei")).events().getFirst().getIdElement().getIdPart();
    assertThat(search.read(stranger, someId)).isEmpty();
    assertThat(search.read(resident("p-zhangwei"), someId)).isPresent();
  }

  @Test
  void aRegulatorSearchesEverything() {
    assertThat(ids(regulator())).hasSize(8);
    assertThat(ids(regulator(), "patient=Patient/p-liuyang")).containsExactly("transaction", "Condition/c1", "Patient/p-liuyang");
  }

  @Test
  void theBreakTheGlassReportIsASearchByPurpose() {
    assertThat(ids(regulator(), "purpose=ETREAT")).containsExactly("Patient/p-liuyang");
    assertThat(ids(regulator(), "purpose=http://terminology.hl7.org/CodeSystem/v3-ActReason|ETREAT")).containsExactly("Patient/p-liuyang");
  }

  @Test
  void failuresAndLoginsAreFoundByOutcomeSubtypeAgentAndAction() {
    assertThat(ids(regulator(), "outcome=4,8")).containsExactly("login", "Condition/c1");
    assertThat(ids(regulator(), "subtype=110122")).containsExactly("login");
    assertThat(ids(regulator(), "agent=zhaolei")).containsExactly("login");
    assertThat(ids(regulator(), "agent=dian-lab")).containsExactly("transaction");
    assertThat(ids(regulator(), "action=C")).containsExactly("transaction");
    assertThat(ids(regulator(), "action=R", "patient=p-liuyang")).containsExactly("Condition/c1", "Patient/p-liuyang");
  }

  @Test
  void datesBoundTheTimeRecorded() {
    assertThat(ids(regulator(), "date=ge2025-03-14T10:00:00Z", "date=lt2025-03-14T12:00:00Z")).containsExactly("Observation/zw-3", "Observation/zw-2");
    assertThat(ids(regulator(), "date=gt2025-03-14T14:00:00Z")).containsExactly("transaction");
    assertThat(ids(regulator(), "date=le2025-03-14T08:00:00Z")).containsExactly("Observation/zw-0");
    assertThat(ids(regulator(), "date=2025-03-13")).isEmpty();
    assertThat(ids(regulator(), "date=lt2025-03-14T00:00:00Z")).isEmpty();
  }

  @Test
  void pagesFollowOneAnotherWithoutGapsOrRepeats() {
    List<String> seen = new ArrayList<>();
    AuditCriteria criteria = criteria("_count=3");
    int pages = 0;
    while (true) {
      AuditSearch.Page page = search.search(regulator(), criteria);
      page.events().forEach(e -> seen.add(e.getIdElement().getIdPart()));
      pages++;
      if (page.next() == null) {
        break;
      }
      criteria = criteria("_count=3", "_cursor=" + page.next());
    }
    assertThat(pages).isEqualTo(3);
    assertThat(seen).doesNotHaveDuplicates().hasSize(8);
    assertThat(seen).isEqualTo(search.search(regulator(), criteria("_count=100")).events().stream().map(e -> e.getIdElement().getIdPart()).toList());
  }

  @Test
  void nobodyElseMayReadTheTrail() {
    assertThatThrownBy(() -> search.search(null, AuditCriteria.all())).isInstanceOf(AuthenticationException.class);
    assertThatThrownBy(() -> search.search(clinician(), AuditCriteria.all())).isInstanceOf(ForbiddenOperationException.class);
    Caller officer = new Caller("cdc-1", "cdc", true, Role.PUBLIC_HEALTH_OFFICER, "bjcdc", Set.of(), Scopes.parse("user/*.rs"), Purpose.PUBLIC_HEALTH, null);
    assertThatThrownBy(() -> search.search(officer, AuditCriteria.all())).isInstanceOf(ForbiddenOperationException.class);
    assertThatThrownBy(() -> search.read(clinician(), "x")).isInstanceOf(ForbiddenOperationException.class);
    assertThat(search.search(Caller.platform("ops"), AuditCriteria.all()).events()).hasSize(8);
  }

  @Test
  void badParametersAreClearErrors() {
    assertThatThrownBy(() -> criteria("action=X")).hasMessage("action must be one of C, R, U, D, E, not 'X'");
    assertThatThrownBy(() -> criteria("outcome=1")).hasMessageContaining("outcome must be one of 0, 4, 8, 12");
    assertThatThrownBy(() -> criteria("date=yesterday")).hasMessageContaining("not a FHIR date");
    assertThatThrownBy(() -> criteria("date=ne2025-03-14")).hasMessageContaining("prefixes");
    assertThatThrownBy(() -> criteria("_count=many")).hasMessageContaining("_count must be a whole number");
    assertThatThrownBy(() -> criteria("_cursor=abc")).hasMessageContaining("follow the next link");
    assertThatThrownBy(() -> criteria("entity=Patient/1")).hasMessageContaining("Unknown AuditEvent search parameter 'entity'");
    assertThatThrownBy(() -> criteria("patient:missing=true")).hasMessageContaining("no modifiers");
    assertThat(criteria("_count=5000").count()).isEqualTo(AuditCriteria.MAX_COUNT);
    assertThat(criteria().count()).isEqualTo(50);
  }
}
