package org.hutong.record.internal.store;

import java.time.Instant;
import org.hutong.record.internal.index.IndexValues;

/**
 * A change to write in the current transaction.
 *
 * @param pk the resource row: newly allocated for a create, the existing one otherwise
 * @param content the JSON of the new version, null for a delete
 * @param values the new version's search values, null for a delete
 */
public record PendingWrite(
    Kind kind,
    long pk,
    String type,
    String id,
    int version,
    Instant updated,
    String content,
    IndexValues values) {

  public enum Kind {
    CREATE,
    UPDATE,
    DELETE
  }

  public String patientId() {
    return values == null ? null : values.patientId;
  }
}
