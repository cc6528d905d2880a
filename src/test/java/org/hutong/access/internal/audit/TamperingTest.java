package org.hutong.access.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hutong.access.internal.audit.AuditDatabases.clinician;
import static org.hutong.access.internal.audit.AuditDatabases.count;
import static org.hutong.access.internal.audit.AuditDatabases.execute;
import static org.hutong.access.internal.audit.AuditDatabases.read;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.hutong.access.AuditChain;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An attacker with superuser access to the database disables the append-only triggers (exactly
 * what {@code ALTER TABLE … DISABLE TRIGGER ALL} is for) and edits the trail. The verifier says
 * what was done and where.
 */
class TamperingTest {

  private static final List<String> TABLES = List.of("event", "link", "pending", "chain");

  @TempDir Path home;
  private DataSource db;
  private Path anchor;

  /** Ten records of 王芳 reading 张伟's observations, chained and anchored. */
  @BeforeEach
  void tenChainedRecords() {
    db = AuditDatabases.fresh();
    anchor = AuditChain.defaultAnchorFile(home);
    AuditRecorder recorder = AuditDatabases.recorder(db);
    for (int i = 1; i <= 10; i++) {
      recorder.record(read(clinician(), "p-zhangwei", "Observation/bp-" + i));
      AuditDatabases.sealer(db, anchor).seal(); // one record per round: seq i is Observation/bp-i
    }
    assertThat(verify().problems()).isEmpty();
  }

  /** The event chained at this place. */
  private static String eventAt(int seq) {
    return "(SELECT event_id FROM audit.link WHERE seq = " + seq + ")";
  }

  private AuditChain.Report verify() {
    return AuditChain.in(db, anchor).verify();
  }

  private void tamper(String... sql) {
    List<String> all = new ArrayList<>();
    for (String table : TABLES) {
      all.add("ALTER TABLE audit." + table + " DISABLE TRIGGER ALL");
    }
    all.addAll(List.of(sql));
    for (String table : TABLES) {
      all.add("ALTER TABLE audit." + table + " ENABLE TRIGGER ALL");
    }
    execute(db, all.toArray(String[]::new));
  }

  @Test
  void anIntactChainMatchesItsAnchor() {
    AuditChain.Report report = verify();
    assertThat(report.intact()).isTrue();
    assertThat(report.sealed()).isEqualTo(10);
    assertThat(report.notes()).anyMatch(n -> n.contains("anchor (record 10") && n.contains("matches"));
    assertThat(Files.exists(anchor)).isTrue();
  }

  @Test
  void alteredContentIsNamed() {
    tamper("UPDATE audit.event SET content = replace(content, 'wangfang', 'nobody') WHERE id = " + eventAt(4));
    assertThat(verify().problems()).containsExactly("record 4 was altered: its content no longer matches its hash");
  }

  @Test
  void aPatientHiddenFromTheSearchColumnsIsAnAlterationToo() {
    tamper("UPDATE audit.event SET patients = '{}' WHERE id = " + eventAt(7));
    assertThat(verify().problems()).containsExactly("record 7 was altered: its content no longer matches its hash");
  }

  @Test
  void recordsDeletedInTheMiddleAreNamed() {
    tamper(
        "DELETE FROM audit.event WHERE id IN (SELECT event_id FROM audit.link WHERE seq BETWEEN 4 AND 6)",
        "DELETE FROM audit.link WHERE seq BETWEEN 4 AND 6");
    assertThat(verify().problems()).containsExactly("records 4–6 are missing (deleted)");
  }

  @Test
  void anEventDeletedFromUnderItsLinkIsNamed() {
    tamper("DELETE FROM audit.event WHERE id = " + eventAt(5));
    assertThat(verify().problems()).containsExactly("record 5 was deleted: its link in the chain remains, its event does not");
  }

  @Test
  void anEventTakenOffTheQueueBeforeItWasChainedIsNamed() {
    AuditDatabases.recorder(db).record(read(clinician(), "p-zhangwei", "Observation/bp-11"));
    tamper("DELETE FROM audit.pending");
    assertThat(verify().problems()).containsExactly("1 records were never chained and are no longer queued for it: their queue entries were deleted");
  }

  @Test
  void recordsDeletedAtTheEndAreCaughtByTheAnchor() {
    tamper("DELETE FROM audit.event WHERE id IN (SELECT event_id FROM audit.link WHERE seq >= 9)", "DELETE FROM audit.link WHERE seq >= 9");
    assertThat(verify().problems()).singleElement().asString().startsWith("records 9–10 are missing (deleted): the anchor taken at");
  }

  @Test
  void withoutAnAnchorDeletingTheNewestRecordsDoesNotShowAndTheReportSaysSo() throws Exception {
    tamper("DELETE FROM audit.event WHERE id IN (SELECT event_id FROM audit.link WHERE seq >= 9)", "DELETE FROM audit.link WHERE seq >= 9");
    Files.delete(anchor);
    AuditChain.Report report = verify();
    assertThat(report.intact()).isTrue(); // the documented residual risk
    assertThat(report.notes()).anyMatch(n -> n.startsWith("no anchor at"));
  }

  @Test
  void twoRecordsThatSwappedPlacesAreNamed() {
    tamper(
        "UPDATE audit.link SET seq = -5 WHERE seq = 5",
        "UPDATE audit.link SET seq = 5 WHERE seq = 6",
        "UPDATE audit.link SET seq = 6 WHERE seq = -5");
    assertThat(verify().problems()).containsExactly("records 5 and 6 are out of order (reordered)");
  }

  @Test
  void twoRecordsThatSwappedContentsAreNamed() {
    tamper(
        "UPDATE audit.link SET event_id = 'swap-' || event_id WHERE seq IN (5, 6)",
        "UPDATE audit.link l SET event_id = (SELECT substr(o.event_id, 6) FROM audit.link o WHERE o.seq = 11 - l.seq) WHERE seq IN (5, 6)");
    assertThat(verify().problems()).containsExactly("records 5 and 6 were reordered: their contents were exchanged");
  }

  @Test
  void aRecordAlteredAndReHashedBreaksTheLinkToTheNext() throws Exception {
    byte[] rehashed = rehash(3, "UPDATE audit.event SET agent_subject = 'nobody' WHERE id = " + eventAt(3));
    assertThat(rehashed).isNotNull();
    assertThat(verify().problems())
        .containsExactly("the chain breaks between records 3 and 4: record 3 was altered and its hash recomputed, or records between them were deleted and the rest renumbered");
  }

  @Test
  void aWholeChainRewrittenFromTheAlteredRecordOnIsCaughtByTheAnchor() throws Exception {
    rehash(3, "UPDATE audit.event SET agent_subject = 'nobody' WHERE id = " + eventAt(3));
    for (long seq = 4; seq <= 10; seq++) {
      rehash(seq, null);
    }
    AuditChain.Report report = verify();
    assertThat(report.problems()).singleElement().asString()
        .startsWith("record 10 does not have the hash anchored at")
        .contains("rewritten");
    // and the sealer will not extend the forged chain: new records wait unsealed
    AuditDatabases.recorder(db).record(read(clinician(), "p-zhangwei", "Observation/bp-11"));
    assertThatThrownBy(() -> AuditDatabases.sealer(db, anchor).seal()).hasMessageContaining("was rewritten");
    assertThat(count(db, "SELECT count(*) FROM audit.pending")).isEqualTo(1);
  }

  @Test
  void theSealerRefusesToChainOntoATruncatedChain() {
    tamper("DELETE FROM audit.link WHERE seq = 10");
    AuditDatabases.recorder(db).record(read(clinician(), "p-zhangwei", "Observation/bp-11"));
    assertThatThrownBy(() -> AuditDatabases.sealer(db, anchor).seal()).hasMessageContaining("records were deleted");
    assertThat(verify().problems())
        .anyMatch(p -> p.startsWith("record 10 is missing (deleted)"))
        .anyMatch(p -> p.startsWith("1 records were never chained")); // its event, left behind
    assertThat(verify().unsealed()).isEqualTo(1);
  }

  @Test
  void aDatabaseSwappedUnderTheAnchorIsNamed() {
    tamper("UPDATE audit.chain SET chain_id = gen_random_uuid()");
    assertThat(verify().problems()).singleElement().asString().contains("belongs to audit chain");
  }

  /**
   * What an attacker who knows the hash rule does: change the row (optionally) and recompute its
   * hash from its stored predecessor link (the previous row's current hash).
   */
  private byte[] rehash(long seq, String change) throws Exception {
    if (change != null) {
      tamper(change);
    }
    try (Connection c = db.getConnection()) {
      byte[] previous;
      try (PreparedStatement q = c.prepareStatement("SELECT hash FROM audit.link WHERE seq = ?")) {
        q.setLong(1, seq - 1);
        try (ResultSet rs = q.executeQuery()) {
          previous = rs.next() ? rs.getBytes(1) : ChainHash.GENESIS;
        }
      }
      AuditRow row;
      try (PreparedStatement q = c.prepareStatement("SELECT " + AuditRow.COLUMNS + " FROM audit.link l JOIN audit.event e ON e.id = l.event_id WHERE l.seq = ?")) {
        q.setLong(1, seq);
        try (ResultSet rs = q.executeQuery()) {
          rs.next();
          row = AuditRow.read(rs);
        }
      }
      boolean relink = change == null;
      byte[] link = relink ? previous : row.prevHash();
      byte[] hash = ChainHash.of(link, row);
      c.createStatement().execute("ALTER TABLE audit.link DISABLE TRIGGER ALL");
      try (PreparedStatement u = c.prepareStatement("UPDATE audit.link SET prev_hash = ?, hash = ? WHERE seq = ?")) {
        u.setBytes(1, link);
        u.setBytes(2, hash);
        u.setLong(3, seq);
        u.executeUpdate();
      }
      c.createStatement().execute("ALTER TABLE audit.link ENABLE TRIGGER ALL");
      return hash;
    }
  }
}
