package org.hutong.access;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.hutong.access.internal.audit.AuditVerifier;

/**
 * The audit trail's SM3 hash chain, checked end to end: what {@code hutong audit verify} runs,
 * against a running server's database or a stopped one's.
 */
public interface AuditChain {

  /**
   * Walks the chain in sequence order, recomputing every hash, and compares its head with the
   * anchor kept outside the database.
   *
   * @throws IllegalStateException when the database holds no audit trail or cannot be read
   */
  Report verify();

  /**
   * The chain in this database.
   *
   * @param anchorFile the anchor the platform keeps (see {@link #defaultAnchorFile}), or null to
   *     check the database alone
   */
  static AuditChain in(DataSource dataSource, Path anchorFile) {
    return new AuditVerifier(dataSource, anchorFile);
  }

  /** Where the platform keeps the chain's anchor under a data home unless configured otherwise. */
  static Path defaultAnchorFile(Path home) {
    return home.resolve("audit").resolve("chain-anchor");
  }

  /**
   * What a verification found.
   *
   * @param sealed how many records are in the chain
   * @param headSeq the last record's sequence number (0 for an empty chain)
   * @param headHash its hash in hex, or null for an empty chain
   * @param unsealed records written but not chained yet (the sealer chains them within a second
   *     while a server runs)
   * @param oldestUnsealed when the oldest of those was recorded, or null
   * @param problems each sign of tampering, where it is: empty when the chain is intact
   * @param notes what else the operator should know (the anchor's state…)
   */
  record Report(
      long sealed, long headSeq, String headHash, long unsealed, Instant oldestUnsealed, List<String> problems, List<String> notes) {

    public Report {
      problems = List.copyOf(problems);
      notes = List.copyOf(notes);
    }

    public boolean intact() {
      return problems.isEmpty();
    }
  }
}
