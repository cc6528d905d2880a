package org.hutong.access.internal.audit;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the audit trail ({@code hutong.audit.*}).
 *
 * @param sealInterval how often the sealer chains the records written since its last round
 * @param sealBatch the most records chained in one database transaction
 * @param anchor whether the sealer keeps the chain head in a file outside the database (never for
 *     an ephemeral database)
 * @param anchorFile where; empty for {@code <hutong.home>/audit/chain-anchor}
 * @param sourceId how this server names itself as the observer of the events it records
 */
@ConfigurationProperties("hutong.audit")
public record AuditProperties(
    @DefaultValue("PT0.2S") Duration sealInterval,
    @DefaultValue("5000") int sealBatch,
    @DefaultValue("true") boolean anchor,
    Path anchorFile,
    @DefaultValue("hutong") String sourceId) {

  public AuditProperties {
    if (sealInterval.isNegative() || sealInterval.isZero()) {
      throw new IllegalArgumentException("hutong.audit.seal-interval must be positive, not " + sealInterval);
    }
    if (sealBatch < 1) {
      throw new IllegalArgumentException("hutong.audit.seal-batch must be at least 1, not " + sealBatch);
    }
    if (sourceId == null || sourceId.isBlank()) {
      throw new IllegalArgumentException("hutong.audit.source-id must not be empty");
    }
  }
}
