package org.hutong.access.internal.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.hutong.access.AuditChain;

/**
 * Checks the chain: walks it in sequence order in one snapshot, recomputing each hash, and names
 * the first sign of each kind of tampering where it is (the walk continues past a problem, so one
 * run shows all of them, up to {@value #MAX_PROBLEMS}):
 *
 * <ul>
 *   <li>a row whose content no longer gives its hash: altered; a link without its event: deleted;
 *   <li>a gap in the sequence numbers where the links break too: records deleted;
 *   <li>two neighbours whose links fit each other the other way round: reordered (their places, or
 *       their contents, exchanged);
 *   <li>a row that verifies on its own but does not link to its predecessor: the predecessor was
 *       altered and re-hashed, or records were deleted and the rest renumbered;
 *   <li>the head disagreeing with the anchor: the newest records deleted, or the chain rewritten;
 *   <li>events neither chained nor queued: taken off the sealer's queue.
 * </ul>
 */
public final class AuditVerifier implements AuditChain {

  static final int MAX_PROBLEMS = 20;
  private static final String SEALED =
      "SELECT " + AuditRow.COLUMNS + " FROM audit.link l LEFT JOIN audit.event e ON e.id = l.event_id ORDER BY l.seq";
  private static final String UNSEALED = "SELECT count(*), min(e.recorded) FROM audit.pending p JOIN audit.event e ON e.id = p.id";
  /** Events neither chained nor waiting to be: someone took them off the queue. */
  private static final String ORPHANS =
      """
      SELECT count(*) FROM audit.event e
      WHERE NOT EXISTS (SELECT 1 FROM audit.link l WHERE l.event_id = e.id)
        AND NOT EXISTS (SELECT 1 FROM audit.pending p WHERE p.id = e.id)
      """;

  private final DataSource dataSource;
  private final Path anchorFile;

  public AuditVerifier(DataSource dataSource, Path anchorFile) {
    this.dataSource = dataSource;
    this.anchorFile = anchorFile;
  }

  @Override
  public Report verify() {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false); // a cursor, not the whole table in memory
      connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        return verify(connection);
      } finally {
        connection.rollback();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read the audit trail: " + e.getMessage(), e);
    }
  }

  private Report verify(Connection connection) throws SQLException {
    requireTrail(connection);
    UUID chain = AuditSealer.chainId(connection);
    List<String> notes = new ArrayList<>();
    Optional<ChainAnchor> anchor = Optional.empty();
    List<String> problems = new ArrayList<>();
    if (anchorFile != null) {
      try {
        anchor = ChainAnchor.read(anchorFile);
      } catch (RuntimeException e) {
        problems.add(e.getMessage());
      }
    }
    Walk walk = new Walk(anchor.map(ChainAnchor::seq).orElse(-1L), problems);
    try (PreparedStatement query = connection.prepareStatement(SEALED)) {
      query.setFetchSize(500);
      try (ResultSet rs = query.executeQuery()) {
        walk.run(new Rows(rs));
      }
    }
    if (anchorFile != null) {
      checkAnchor(anchor.orElse(null), chain, walk, problems, notes);
    }
    long unsealed = 0;
    Instant oldest = null;
    try (PreparedStatement query = connection.prepareStatement(UNSEALED);
        ResultSet rs = query.executeQuery()) {
      rs.next();
      unsealed = rs.getLong(1);
      OffsetDateTime min = rs.getObject(2, OffsetDateTime.class);
      oldest = min == null ? null : min.toInstant();
    }
    try (PreparedStatement query = connection.prepareStatement(ORPHANS);
        ResultSet rs = query.executeQuery()) {
      rs.next();
      if (rs.getLong(1) > 0) {
        problems.add(rs.getLong(1) + " records were never chained and are no longer queued for it: their queue entries were deleted");
      }
    }
    if (problems.size() > MAX_PROBLEMS) {
      int more = problems.size() - MAX_PROBLEMS;
      problems.subList(MAX_PROBLEMS, problems.size()).clear();
      problems.add("… and " + more + " more");
    }
    return new Report(walk.count, walk.lastSeq, walk.lastSeq == 0 ? null : ChainHash.hex(walk.lastHash), unsealed, oldest, problems, notes);
  }

  private static void requireTrail(Connection connection) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement("SELECT to_regclass('audit.link') IS NOT NULL");
        ResultSet rs = query.executeQuery()) {
      rs.next();
      if (!rs.getBoolean(1)) {
        throw new IllegalStateException("This database holds no audit trail (no table audit.link)");
      }
    }
  }

  private void checkAnchor(ChainAnchor anchor, UUID chain, Walk walk, List<String> problems, List<String> notes) {
    if (anchor == null) {
      if (problems.stream().noneMatch(p -> p.contains(anchorFile.toString()))) {
        notes.add("no anchor at " + anchorFile + ": deleting the newest records or rewriting the whole chain would not show");
      }
      return;
    }
    if (!anchor.chain().equals(chain)) {
      problems.add(
          "the anchor " + anchorFile + " belongs to audit chain " + anchor.chain() + " but this database's chain is " + chain
              + ": the database was replaced or its chain identity altered");
    } else if (anchor.seq() > walk.lastSeq) {
      problems.add(
          range(walk.lastSeq + 1, anchor.seq()) + " missing (deleted): the anchor taken at " + anchor.at()
              + " says the chain reached record " + anchor.seq() + ", it now ends at " + walk.lastSeq);
    } else if (walk.hashAtAnchor == null) {
      notes.add("record " + anchor.seq() + ", where the anchor is, is missing; see above");
    } else if (!anchor.matches(walk.hashAtAnchor)) {
      problems.add(
          "record " + anchor.seq() + " does not have the hash anchored at " + anchor.at()
              + ": the chain up to it was rewritten (records altered and every later hash recomputed)");
    } else {
      notes.add("the anchor (record " + anchor.seq() + ", taken at " + anchor.at() + ") matches");
    }
  }

  static String range(long from, long to) {
    return from == to ? "record " + from + " is" : "records " + from + "–" + to + " are";
  }

  /** Rows of the cursor with one row of look-ahead, for reorderings. */
  private static final class Rows {
    private final ResultSet rs;
    private AuditRow peeked;

    Rows(ResultSet rs) {
      this.rs = rs;
    }

    AuditRow next() throws SQLException {
      if (peeked != null) {
        AuditRow row = peeked;
        peeked = null;
        return row;
      }
      return rs.next() ? AuditRow.read(rs) : null;
    }

    AuditRow peek() throws SQLException {
      if (peeked == null && rs.next()) {
        peeked = AuditRow.read(rs);
      }
      return peeked;
    }
  }

  /** The walk's state: where the chain has got to. */
  private static final class Walk {
    private final long anchorSeq;
    private final List<String> problems;
    long count;
    long lastSeq;
    byte[] lastHash = ChainHash.GENESIS;
    boolean lastIntact = true;
    byte[] hashAtAnchor;

    Walk(long anchorSeq, List<String> problems) {
      this.anchorSeq = anchorSeq;
      this.problems = problems;
    }

    void run(Rows rows) throws SQLException {
      for (AuditRow row = rows.next(); row != null; row = rows.next()) {
        long expected = lastSeq + 1;
        boolean intact = intact(row);
        boolean linked = Arrays.equals(row.prevHash(), lastHash);
        AuditRow next;
        if (!row.present()) {
          problems.add("record " + row.seq() + " was deleted: its link in the chain remains, its event does not");
        } else if (!intact) {
          next = rows.peek();
          if (next != null && next.present() && next.seq() == row.seq() + 1 && contentsExchanged(row, next)) {
            problems.add("records " + row.seq() + " and " + next.seq() + " were reordered: their contents were exchanged");
            rows.next();
            advance(row, true);
            advance(next, true);
            continue;
          }
          problems.add("record " + row.seq() + " was altered: its content no longer matches its hash");
        } else if (row.seq() > expected) {
          problems.add(
              linked
                  ? "sequence numbers jump from " + lastSeq + " to " + row.seq() + " although the chain links are intact: sequence numbers were altered"
                  : range(expected, row.seq() - 1) + " missing (deleted)");
        } else if (!linked) {
          next = rows.peek();
          if (next != null && intact(next) && Arrays.equals(row.prevHash(), next.hash()) && Arrays.equals(next.prevHash(), lastHash)) {
            problems.add("records " + row.seq() + " and " + next.seq() + " are out of order (reordered)");
            rows.next();
            advance(next, true);
            advance(row, true);
            lastSeq = next.seq();
            continue;
          }
          problems.add(
              row.seq() == 1
                  ? "record 1 does not start the chain: earlier records were deleted and the rest renumbered"
                  : lastIntact
                      ? "the chain breaks between records " + lastSeq + " and " + row.seq() + ": record " + lastSeq
                          + " was altered and its hash recomputed, or records between them were deleted and the rest renumbered"
                      : "record " + row.seq() + " does not link to record " + lastSeq);
        }
        advance(row, intact);
      }
    }

    /** Row a's content at b's place and b's at a's would both verify: the contents were swapped. */
    private static boolean contentsExchanged(AuditRow a, AuditRow b) {
      return Arrays.equals(ChainHash.of(b.prevHash(), a), b.hash()) && Arrays.equals(ChainHash.of(a.prevHash(), b), a.hash());
    }

    private static boolean intact(AuditRow row) {
      return row.present() && Arrays.equals(ChainHash.of(row.prevHash(), row), row.hash());
    }

    private void advance(AuditRow row, boolean intact) {
      count++;
      lastSeq = row.seq();
      lastHash = row.hash();
      lastIntact = intact;
      if (row.seq() == anchorSeq) {
        hashAtAnchor = row.hash();
      }
    }
  }
}
