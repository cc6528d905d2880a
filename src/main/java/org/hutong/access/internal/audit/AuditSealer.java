package org.hutong.access.internal.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Chains the audit records: every {@code hutong.audit.seal-interval} (and on demand) it takes the
 * committed events waiting in {@code audit.pending}, gives them the next sequence numbers, links
 * each to the one before with {@link ChainHash} (inserting {@code audit.link} rows) and takes them
 * off the queue, in one transaction. Event rows are never touched again: sealing writes about 100
 * bytes per event, not a second copy of the event and its six index entries.
 *
 * <p>One sealer at a time across all nodes: a transaction-scoped PostgreSQL advisory lock, tried
 * rather than waited for (another node is doing the work). Rows are taken in the order they have
 * become visible, i.e. commit order across rounds and id (time) order within one; a row committed
 * late simply joins a later round. Because each round reads the head it extends from the database
 * under the lock, nodes can take turns freely.
 *
 * <p>After each round the new head goes to the {@link ChainAnchor} file. Before extending the
 * chain the sealer checks the database still agrees with the last anchor; if it does not (rows
 * cut off the end, the chain rewritten), it refuses to seal, so that new records are not chained
 * onto a forged head and the evidence stays as found. Records are still written meanwhile; they
 * wait unsealed until an operator has looked (see docs/security.md).
 */
final class AuditSealer implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(AuditSealer.class);
  /** The advisory lock key of sealing ("hutong-a" in ASCII); any constant all nodes share. */
  private static final long LOCK = 0x6875746f6e672d61L;

  private static final String HEAD = "SELECT seq, hash FROM audit.link ORDER BY seq DESC LIMIT 1";
  private static final String UNSEALED =
      "SELECT " + AuditRow.EVENT_COLUMNS + ", NULL, NULL, NULL FROM audit.pending p JOIN audit.event e ON e.id = p.id ORDER BY p.id LIMIT ?";
  private static final String LINK =
      """
      INSERT INTO audit.link (seq, event_id, prev_hash, hash)
      SELECT v.seq, v.id, decode(v.prev_hash, 'hex'), decode(v.hash, 'hex')
      FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[]) AS v(seq, id, prev_hash, hash)
      """;
  private static final String DEQUEUE = "DELETE FROM audit.pending WHERE id = ANY(?)";

  private final DataSource dataSource;
  private final Duration interval;
  private final int batch;
  private final Path anchorFile;
  private final Clock clock;
  private ScheduledExecutorService scheduler;
  private volatile boolean running;
  /** The anchor this sealer last wrote or read; guarded by {@code this}. */
  private ChainAnchor anchor;
  private boolean anchorLoaded;
  private String lastFailure;

  /**
   * @param anchorFile where to keep the chain head, or null not to anchor (ephemeral databases)
   */
  AuditSealer(DataSource dataSource, Duration interval, int batch, Path anchorFile, Clock clock) {
    this.dataSource = dataSource;
    this.interval = interval;
    this.batch = batch;
    this.anchorFile = anchorFile;
    this.clock = clock;
  }

  /**
   * Seals every record committed so far.
   *
   * @return how many were sealed; 0 also when another node holds the sealing lock
   * @throws IllegalStateException when the database cannot be reached or no longer agrees with
   *     the anchor
   */
  synchronized int seal() {
    int total = 0;
    int sealed;
    do {
      sealed = sealRound();
      total += sealed;
    } while (sealed == batch);
    return total;
  }

  private int sealRound() {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        Round round = sealRound(connection);
        connection.commit();
        if (round.sealed() > 0 && anchorFile != null) {
          anchor = round.head();
          anchor.write(anchorFile);
        }
        return round.sealed();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Sealing the audit chain failed: " + e.getMessage(), e);
    }
  }

  /** What a round did: how many records it sealed and the head it left. */
  private record Round(int sealed, ChainAnchor head) {}

  private Round sealRound(Connection connection) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
      lock.setLong(1, LOCK);
      try (ResultSet rs = lock.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          return new Round(0, null);
        }
      }
    }
    UUID chain = chainId(connection);
    long seq = 0;
    byte[] hash = ChainHash.GENESIS;
    try (PreparedStatement head = connection.prepareStatement(HEAD);
        ResultSet rs = head.executeQuery()) {
      if (rs.next()) {
        seq = rs.getLong(1);
        hash = rs.getBytes(2);
      }
    }
    checkAnchor(connection, chain, seq, hash);

    List<AuditRow> rows = new ArrayList<>();
    try (PreparedStatement unsealed = connection.prepareStatement(UNSEALED)) {
      unsealed.setInt(1, batch);
      try (ResultSet rs = unsealed.executeQuery()) {
        while (rs.next()) {
          rows.add(AuditRow.read(rs));
        }
      }
    }
    if (rows.isEmpty()) {
      return new Round(0, null);
    }
    int n = rows.size();
    String[] ids = new String[n];
    Long[] seqs = new Long[n];
    String[] previous = new String[n];
    String[] hashes = new String[n];
    HexFormat hex = HexFormat.of();
    for (int i = 0; i < n; i++) {
      AuditRow row = rows.get(i);
      byte[] next = ChainHash.of(hash, row);
      ids[i] = row.id();
      seqs[i] = ++seq;
      previous[i] = hex.formatHex(hash);
      hashes[i] = hex.formatHex(next);
      hash = next;
    }
    try (PreparedStatement link = connection.prepareStatement(LINK);
        PreparedStatement dequeue = connection.prepareStatement(DEQUEUE)) {
      link.setArray(1, connection.createArrayOf("bigint", seqs));
      link.setArray(2, connection.createArrayOf("text", ids));
      link.setArray(3, connection.createArrayOf("text", previous));
      link.setArray(4, connection.createArrayOf("text", hashes));
      link.executeUpdate();
      dequeue.setArray(1, connection.createArrayOf("text", ids));
      if (dequeue.executeUpdate() != n) {
        throw new IllegalStateException("The audit queue changed while it was sealed; nothing sealed");
      }
    }
    return new Round(n, new ChainAnchor(chain, seq, hash, clock.instant()));
  }

  static UUID chainId(Connection connection) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement("SELECT chain_id FROM audit.chain");
        ResultSet rs = query.executeQuery()) {
      if (!rs.next()) {
        throw new IllegalStateException("audit.chain has no row: the chain's identity was deleted");
      }
      return rs.getObject(1, UUID.class);
    }
  }

  /** Refuses to extend a chain that no longer agrees with its anchor. */
  private void checkAnchor(Connection connection, UUID chain, long headSeq, byte[] headHash) throws SQLException {
    if (anchorFile == null) {
      return;
    }
    if (!anchorLoaded) {
      anchor = ChainAnchor.read(anchorFile).orElse(null);
      anchorLoaded = true;
    }
    if (anchor == null) {
      return;
    }
    String problem = null;
    if (!anchor.chain().equals(chain)) {
      problem = "the anchor " + anchorFile + " belongs to audit chain " + anchor.chain() + ", this database's is " + chain;
    } else if (headSeq < anchor.seq()) {
      problem = "the chain ends at record " + headSeq + " but was anchored at record " + anchor.seq() + ": records were deleted";
    } else {
      byte[] atAnchor = headSeq == anchor.seq() ? headHash : hashAt(connection, anchor.seq());
      if (!anchor.matches(atAnchor)) {
        problem = "record " + anchor.seq() + " no longer has the hash anchored at " + anchor.at() + ": the chain was rewritten";
      }
    }
    if (problem != null) {
      throw new IllegalStateException("Audit chain not sealed: " + problem + ". Run `hutong audit verify`; see docs/security.md");
    }
  }

  private static byte[] hashAt(Connection connection, long seq) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement("SELECT hash FROM audit.link WHERE seq = ?")) {
      query.setLong(1, seq);
      try (ResultSet rs = query.executeQuery()) {
        return rs.next() ? rs.getBytes(1) : null;
      }
    }
  }

  private void sealQuietly() {
    try {
      seal();
      lastFailure = null;
    } catch (RuntimeException e) {
      // Records are still written (unsealed) meanwhile; say so once per distinct cause, not 5×/s
      if (!e.getMessage().equals(lastFailure)) {
        lastFailure = e.getMessage();
        log.error("{}", e.getMessage());
      }
    }
  }

  @Override
  public synchronized void start() {
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "audit-sealer");
              thread.setDaemon(true);
              return thread;
            });
    scheduler.scheduleWithFixedDelay(this::sealQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    running = true;
  }

  @Override
  public void stop() {
    ScheduledExecutorService stopping;
    synchronized (this) {
      stopping = scheduler;
      running = false;
    }
    if (stopping == null) {
      return;
    }
    stopping.shutdown();
    try {
      stopping.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sealQuietly(); // what was written up to now leaves sealed
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
