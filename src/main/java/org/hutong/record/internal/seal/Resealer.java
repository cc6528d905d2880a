package org.hutong.record.internal.seal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.hutong.access.PersonalIdentifiers;
import org.springframework.modulith.NamedInterface;

/**
 * Brings every stored protected value up to the keyring's active keys ({@code hutong keys reseal}):
 * values sealed with an older SM4 key are resealed, values stored clear (before their system was
 * protected) are sealed, in current resources and in every earlier version; index rows made with
 * an older index key (or from a clear value) get the active key's blind index.
 *
 * <p>Works in batches of rows in key order, one transaction each, so it can be stopped at any point
 * and run again: what is done is skipped cheaply. Safe beside a running server: a current row is
 * locked while it is resealed and only rewritten if its version did not change meanwhile; a second
 * run finds (and does) what a concurrent write left behind.
 */
@NamedInterface("reseal")
public final class Resealer {

  /**
   * What one run did.
   *
   * @param rows stored versions whose JSON was rewritten
   * @param values protected values resealed or sealed
   * @param indexRows index rows given the active blind index
   * @param failed stored versions whose sealed values would not open (altered or of an unknown key)
   */
  public record Report(long rows, long values, long indexRows, long failed) {
    /** Whether the run changed nothing: everything was already under the active keys. */
    public boolean clean() {
      return rows == 0 && values == 0 && indexRows == 0 && failed == 0;
    }
  }

  private final DataSource dataSource;
  private final PersonalIdentifiers identifiers;
  private final SealedJson sealed;

  public Resealer(DataSource dataSource, PersonalIdentifiers identifiers) {
    this.dataSource = dataSource;
    this.identifiers = identifiers;
    this.sealed = new SealedJson(identifiers);
  }

  /** Reseals everything, {@code batch} rows per transaction, telling {@code progress} as it goes. */
  public Report run(int batch, Consumer<String> progress) {
    long[] totals = new long[4];
    for (String table : List.of("resource", "resource_history")) {
      long afterPk = -1;
      int afterVersion = -1;
      long seen = 0;
      while (true) {
        Batch done = batch(table, afterPk, afterVersion, batch, totals, progress);
        if (done.rows == 0) {
          break;
        }
        afterPk = done.lastPk;
        afterVersion = done.lastVersion;
        seen += done.rows;
        progress.accept("record." + table + ": " + seen + " rows checked, " + totals[0] + " rewritten so far");
      }
    }
    return new Report(totals[0], totals[1], totals[2], totals[3]);
  }

  private record Batch(int rows, long lastPk, int lastVersion) {}

  private Batch batch(String table, long afterPk, int afterVersion, int size, long[] totals, Consumer<String> progress) {
    boolean current = table.equals("resource");
    String select =
        "SELECT pk, version, res_type, res_id, content FROM record." + table
            + " WHERE res_type = ANY(?) AND content IS NOT NULL AND (pk, version) > (?, ?) ORDER BY pk, version LIMIT ?"
            + (current ? " FOR UPDATE" : "");
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement read = c.prepareStatement(select);
          PreparedStatement write = c.prepareStatement("UPDATE record." + table + " SET content = ? WHERE pk = ? AND version = ?");
          PreparedStatement index =
              c.prepareStatement("UPDATE record.idx_token SET code = ? WHERE resource_pk = ? AND system = ? AND code = ANY(?)")) {
        read.setArray(1, c.createArrayOf("text", SealedJson.TYPES.toArray()));
        read.setLong(2, afterPk);
        read.setInt(3, afterVersion);
        read.setInt(4, size);
        int rows = 0;
        long lastPk = afterPk;
        int lastVersion = afterVersion;
        try (ResultSet rs = read.executeQuery()) {
          while (rs.next()) {
            rows++;
            lastPk = rs.getLong(1);
            lastVersion = rs.getInt(2);
            SealedJson.Resealed resealed;
            try {
              resealed = sealed.reseal(rs.getString(3), rs.getString(5));
            } catch (IllegalStateException e) {
              totals[3]++;
              progress.accept("Cannot open " + rs.getString(3) + "/" + rs.getString(4) + " version " + lastVersion + ": " + e.getMessage());
              continue;
            }
            if (resealed.changed()) {
              write.setString(1, resealed.json());
              write.setLong(2, lastPk);
              write.setInt(3, lastVersion);
              totals[0] += write.executeUpdate();
              totals[1] += resealed.values().size();
            }
            if (current) {
              totals[2] += reindex(index, lastPk, resealed.values());
            }
          }
        }
        c.commit();
        return new Batch(rows, lastPk, lastVersion);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Resealing record." + table + " failed: " + e.getMessage(), e);
    }
  }

  /** Index rows of the resource that hold a stale index (older key) or the clear value itself get the active one. */
  private int reindex(PreparedStatement index, long pk, List<SealedJson.Value> values) throws SQLException {
    int updated = 0;
    for (SealedJson.Value v : values) {
      if (!identifiers.protects(v.system())) {
        continue;
      }
      List<String> all = identifiers.blindIndexes(v.system(), v.clear());
      List<String> stale = new ArrayList<>(all.subList(1, all.size()));
      if (v.wasClear()) {
        stale.add(v.clear());
      }
      if (stale.isEmpty()) {
        continue;
      }
      index.setString(1, all.getFirst());
      index.setLong(2, pk);
      index.setString(3, v.system());
      index.setArray(4, index.getConnection().createArrayOf("text", stale.toArray()));
      updated += index.executeUpdate();
    }
    return updated;
  }
}
