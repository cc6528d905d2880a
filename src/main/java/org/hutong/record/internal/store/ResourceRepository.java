package org.hutong.record.internal.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.hutong.identity.PersonIndex;
import org.hutong.platform.CopyRows;
import org.hutong.record.internal.access.RowFilter;
import org.hutong.record.internal.index.IndexValues;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Reads and writes resource rows, their earlier versions and their search index rows. Must be
 * called inside a transaction (the connection bound to the thread is used).
 */
public final class ResourceRepository {

  private static final String COLUMNS = "pk, res_type, res_id, version, updated, deleted, content, patient_id, org_id";

  private static final int PK_BLOCK = 1000;

  private final DataSource dataSource;
  private final Object pkLock = new Object();
  private long[] pkBlock = new long[0];
  private int pkNext;

  public ResourceRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  private Connection connection() {
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException("Repository used outside a transaction");
    }
    return DataSourceUtils.getConnection(dataSource);
  }

  /** The current version (possibly a deletion), locked for update when asked. */
  public Optional<StoredResource> current(String type, String id, boolean lock) {
    String sql =
        "SELECT " + COLUMNS + " FROM record.resource WHERE res_type = ? AND res_id = ?" + (lock ? " FOR UPDATE" : "");
    return one(sql, type, id);
  }

  public Optional<StoredResource> version(String type, String id, int version) {
    return one(
        "SELECT " + COLUMNS + " FROM record.resource WHERE res_type = ? AND res_id = ? AND version = ?"
            + " UNION ALL SELECT " + COLUMNS + " FROM record.resource_history"
            + " WHERE res_type = ? AND res_id = ? AND version = ?",
        type, id, version, type, id, version);
  }

  /** Current, not deleted resources by row key, in the order of {@code pks}. */
  public List<StoredResource> byPks(List<Long> pks) {
    return byPks(pks, RowFilter.all());
  }

  /** Current, not deleted resources by row key that the filter lets through, in the order of {@code pks}. */
  public List<StoredResource> byPks(List<Long> pks, RowFilter filter) {
    if (pks.isEmpty()) {
      return List.of();
    }
    Map<Long, StoredResource> found = new HashMap<>();
    try (PreparedStatement ps =
        connection().prepareStatement("SELECT " + COLUMNS + " FROM record.resource r WHERE pk = ANY(?) AND NOT deleted AND " + filter.sql())) {
      ps.setArray(1, longs(pks));
      bindFrom(ps, 2, filter.args());
      for (StoredResource r : list(ps)) {
        found.put(r.pk(), r);
      }
    } catch (SQLException e) {
      throw new StoreException(e);
    }
    List<StoredResource> ordered = new ArrayList<>(found.size());
    for (Long pk : pks) {
      StoredResource r = found.get(pk);
      if (r != null) {
        ordered.add(r);
      }
    }
    return ordered;
  }

  /** Current, not deleted resources of one type by logical id. */
  public List<StoredResource> byIds(String type, List<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    try (PreparedStatement ps =
        connection()
            .prepareStatement("SELECT " + COLUMNS + " FROM record.resource WHERE res_type = ? AND res_id = ANY(?) AND NOT deleted")) {
      ps.setString(1, type);
      ps.setArray(2, connection().createArrayOf("text", ids.toArray()));
      return list(ps);
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  /** Which of the given ids of one type exist now (not deleted). */
  public java.util.Set<String> existing(String type, java.util.Collection<String> ids) {
    java.util.Set<String> found = new java.util.HashSet<>();
    if (ids.isEmpty()) {
      return found;
    }
    try (PreparedStatement ps =
        connection().prepareStatement("SELECT res_id FROM record.resource WHERE res_type = ? AND res_id = ANY(?) AND NOT deleted")) {
      ps.setString(1, type);
      ps.setArray(2, connection().createArrayOf("text", ids.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getString(1));
        }
      }
      return found;
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  /**
   * One page of the versions of one resource, one type or everything, newest first.
   *
   * @param type null for the whole system
   * @param id null for the whole type
   * @param since only versions written at or after it (null: all)
   * @param until only versions written at or before it, so that a page and its count agree
   */
  public List<StoredResource> history(String type, String id, Instant since, Instant until, int offset, int limit, RowFilter filter) {
    List<Object> args = new ArrayList<>();
    String where = historyWhere(type, id, since, until, args);
    List<Object> all = new ArrayList<>(args);
    all.addAll(args);
    all.addAll(filter.args());
    String sql =
        "SELECT " + COLUMNS + " FROM (SELECT " + COLUMNS + ", labels FROM record.resource WHERE " + where
            + " UNION ALL SELECT " + COLUMNS + ", labels FROM record.resource_history WHERE " + where
            + ") r WHERE " + filter.sql() + " ORDER BY updated DESC, pk DESC, version DESC OFFSET " + offset + " LIMIT " + limit;
    try (PreparedStatement ps = connection().prepareStatement(sql)) {
      bindFrom(ps, 1, all);
      return list(ps);
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  /** How many versions {@link #history} pages through. */
  public int historyCount(String type, String id, Instant since, Instant until, RowFilter filter) {
    List<Object> args = new ArrayList<>();
    String where = historyWhere(type, id, since, until, args);
    List<Object> all = new ArrayList<>(args);
    all.addAll(args);
    all.addAll(filter.args());
    String sql =
        "SELECT count(*) FROM (SELECT patient_id, org_id, labels FROM record.resource WHERE " + where
            + " UNION ALL SELECT patient_id, org_id, labels FROM record.resource_history WHERE " + where + ") r WHERE " + filter.sql();
    try (PreparedStatement ps = connection().prepareStatement(sql)) {
      bindFrom(ps, 1, all);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return (int) rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  private static String historyWhere(String type, String id, Instant since, Instant until, List<Object> args) {
    StringBuilder where = new StringBuilder("TRUE");
    if (type != null) {
      where.append(" AND res_type = ?");
      args.add(type);
    }
    if (id != null) {
      where.append(" AND res_id = ?");
      args.add(id);
    }
    if (since != null) {
      where.append(" AND updated >= ?");
      args.add(Timestamp.from(since));
    }
    if (until != null) {
      where.append(" AND updated <= ?");
      args.add(Timestamp.from(until));
    }
    return where.toString();
  }


  /**
   * Serialises transactions that evaluate the same condition (e.g. two concurrent conditional
   * creates of one identifier) until the end of the current transaction.
   */
  public void lock(String key) {
    try (PreparedStatement ps = connection().prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
      ps.setString(1, key);
      ps.executeQuery().close();
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  /**
   * Row keys for new resources. Keys come from the sequence a block at a time (one round trip per
   * {@value #PK_BLOCK} creates rather than one per transaction); keys left unused when the
   * process stops are gaps, as with any sequence.
   */
  public long[] allocatePks(int count) {
    long[] pks = new long[count];
    synchronized (pkLock) {
      for (int i = 0; i < count; i++) {
        if (pkNext == pkBlock.length) {
          pkBlock = fetchPks(Math.max(PK_BLOCK, count - i));
          pkNext = 0;
        }
        pks[i] = pkBlock[pkNext++];
      }
    }
    return pks;
  }

  private long[] fetchPks(int count) {
    long[] pks = new long[count];
    try (PreparedStatement ps =
        connection().prepareStatement("SELECT nextval('record.resource_pk_seq') FROM generate_series(1, ?)")) {
      ps.setInt(1, count);
      try (ResultSet rs = ps.executeQuery()) {
        for (int i = 0; rs.next(); i++) {
          pks[i] = rs.getLong(1);
        }
      }
      return pks;
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  /** Writes creates, updates and deletes with their index rows, in as few round trips as it can. */
  public void write(List<PendingWrite> writes) {
    if (writes.isEmpty()) {
      return;
    }
    Connection c = connection();
    try {
      List<Long> replaced = new ArrayList<>();
      long size = 0;
      for (PendingWrite w : writes) {
        size += 160 + (w.content() == null ? 0 : w.content().length());
      }
      CopyRows created =
          new CopyRows(
              "record.resource (pk, res_type, res_id, version, updated, deleted, patient_id, org_id, labels, content)",
              (int) Math.min(size, Integer.MAX_VALUE - 16));
      for (PendingWrite w : writes) {
        if (w.kind() == PendingWrite.Kind.CREATE) {
          created.row(
              w.pk(), w.type(), w.id(), w.version(), w.updated(), false, w.patientId(), w.values().orgId, labelArray(w.values().labels),
              new CopyRows.Json(w.content()));
        } else {
          replaced.add(w.pk());
        }
      }
      if (!replaced.isEmpty()) {
        keepPreviousVersions(c, replaced);
        updateRows(c, writes);
      }
      created.send(c);
      writeIndexes(c, writes);
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  private void keepPreviousVersions(Connection c, List<Long> pks) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO record.resource_history (pk, version, res_type, res_id, updated, deleted, patient_id, org_id, labels, content)"
                + " SELECT pk, version, res_type, res_id, updated, deleted, patient_id, org_id, labels, content"
                + " FROM record.resource WHERE pk = ANY(?)")) {
      ps.setArray(1, longs(pks));
      ps.executeUpdate();
    }
    for (String table : IndexTables.ALL) {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM record." + table + " WHERE resource_pk = ANY(?)")) {
        ps.setArray(1, longs(pks));
        ps.executeUpdate();
      }
    }
  }

  private static void updateRows(Connection c, List<PendingWrite> writes) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE record.resource SET version = ?, updated = ?, deleted = ?, patient_id = ?, content = ?,"
                + " org_id = coalesce(?, org_id), labels = ? WHERE pk = ?")) {
      for (PendingWrite w : writes) {
        if (w.kind() == PendingWrite.Kind.CREATE) {
          continue;
        }
        ps.setInt(1, w.version());
        ps.setTimestamp(2, Timestamp.from(w.updated()));
        ps.setBoolean(3, w.kind() == PendingWrite.Kind.DELETE);
        ps.setString(4, w.patientId());
        ps.setString(5, w.content());
        ps.setString(6, w.values() == null ? null : w.values().orgId);
        ps.setArray(7, w.values() == null ? null : c.createArrayOf("text", w.values().labels.toArray()));
        ps.setLong(8, w.pk());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static void writeIndexes(Connection c, List<PendingWrite> writes) throws SQLException {
    CopyRows strings = new CopyRows("record.idx_string (resource_pk, res_type, param, value_norm, value_exact, patient_id)");
    CopyRows tokens = new CopyRows("record.idx_token (resource_pk, res_type, param, system, code, display, patient_id)");
    CopyRows dates = new CopyRows("record.idx_date (resource_pk, res_type, param, low, high, patient_id)");
    CopyRows refs = new CopyRows("record.idx_reference (resource_pk, res_type, param, target_type, target_id, patient_id)");
    CopyRows quantities = new CopyRows("record.idx_quantity (resource_pk, res_type, param, value, system, code, patient_id)");
    CopyRows uris = new CopyRows("record.idx_uri (resource_pk, res_type, param, uri, patient_id)");
    for (PendingWrite w : writes) {
      IndexValues v = w.values();
      if (v == null) {
        continue;
      }
      long pk = w.pk();
      String t = w.type();
      String p = v.patientId;
      v.strings.forEach(s -> strings.row(pk, t, s.param(), s.normalized(), s.exact(), p));
      v.tokens.forEach(s -> tokens.row(pk, t, s.param(), s.system(), s.code(), s.display(), p));
      v.dates.forEach(s -> dates.row(pk, t, s.param(), s.range().low(), s.range().high(), p));
      v.references.forEach(s -> refs.row(pk, t, s.param(), s.targetType(), s.targetId(), p));
      v.quantities.forEach(s -> quantities.row(pk, t, s.param(), s.value(), s.system(), s.code(), p));
      v.uris.forEach(s -> uris.row(pk, t, s.param(), s.uri(), p));
    }
    for (CopyRows rows : List.of(strings, tokens, dates, refs, quantities, uris)) {
      rows.send(c);
    }
    writeAccessFacts(c, writes);
  }

  /**
   * The facts access decisions read: which institutions a patient is in care at, and the rules of
   * the patient's active privacy Consents (replaced whenever a Consent changes).
   */
  private static void writeAccessFacts(Connection c, List<PendingWrite> writes) throws SQLException {
    java.util.Set<List<String>> care = new java.util.LinkedHashSet<>();
    List<Long> consents = new ArrayList<>();
    CopyRows rules = new CopyRows("record.consent_rule (consent_pk, patient_id, rule, org_id, label)");
    Instant now = null;
    for (PendingWrite w : writes) {
      now = w.updated();
      IndexValues v = w.values();
      if (w.type().equals("Consent") && w.kind() != PendingWrite.Kind.CREATE) {
        consents.add(w.pk());
      }
      if (v == null) {
        continue;
      }
      if (v.patientId != null && v.orgId != null) {
        care.add(List.of(v.patientId, v.orgId));
      }
      if (v.patientId != null) {
        for (IndexValues.ConsentRule rule : v.consentRules) {
          rules.row(w.pk(), v.patientId, rule.rule(), rule.orgId(), rule.label());
        }
      }
    }
    if (!consents.isEmpty()) {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM record.consent_rule WHERE consent_pk = ANY(?)")) {
        ps.setArray(1, c.createArrayOf("bigint", consents.toArray()));
        ps.executeUpdate();
      }
    }
    rules.send(c);
    if (!care.isEmpty()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO record.care_relationship (patient_id, org_id, since) SELECT p, o, ? FROM unnest(?::text[], ?::text[]) AS t(p, o)"
                  + " ON CONFLICT DO NOTHING")) {
        ps.setTimestamp(1, Timestamp.from(now));
        ps.setArray(2, c.createArrayOf("text", care.stream().map(List::getFirst).toArray()));
        ps.setArray(3, c.createArrayOf("text", care.stream().map(List::getLast).toArray()));
        ps.executeUpdate();
      }
    }
  }

  /**
   * Records which person each Patient belongs to, as the master patient index decided in this
   * transaction; a person id below zero removes the record (it was deleted).
   */
  public void persons(List<PersonIndex.Membership> memberships) {
    if (memberships.isEmpty()) {
      return;
    }
    Connection c = connection();
    try {
      List<String> gone = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      List<Long> persons = new ArrayList<>();
      // one Patient can change person twice in one transaction (written, then merged by another
      // Patient's replaced-by link): the last change holds, and one statement may touch a row once
      java.util.Map<String, PersonIndex.Membership> last = new java.util.LinkedHashMap<>();
      for (PersonIndex.Membership m : memberships) {
        last.remove(m.patientId());
        last.put(m.patientId(), m);
      }
      for (PersonIndex.Membership m : last.values()) {
        if (m.personId() < 0) {
          gone.add(m.patientId());
        } else {
          ids.add(m.patientId());
          persons.add(m.personId());
        }
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM record.patient_person WHERE patient_id = ANY(?)")) {
        ps.setArray(1, c.createArrayOf("text", gone.toArray()));
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO record.patient_person (patient_id, person_id)"
          + " SELECT p, q FROM unnest(?::text[], ?::bigint[]) AS t(p, q) ON CONFLICT (patient_id) DO UPDATE SET person_id = excluded.person_id")) {
        ps.setArray(1, c.createArrayOf("text", ids.toArray()));
        ps.setArray(2, c.createArrayOf("bigint", persons.toArray()));
        ps.executeUpdate();
      }
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  /** A text[] literal for COPY; label codes are checked to be plain tokens when extracted. */
  private static String labelArray(List<String> labels) {
    return labels.isEmpty() ? null : "{" + String.join(",", labels) + "}";
  }

  private Optional<StoredResource> one(String sql, Object... args) {
    try (PreparedStatement ps = connection().prepareStatement(sql)) {
      bind(ps, args);
      List<StoredResource> rows = list(ps);
      return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  /** Whether the filter lets the current row through. */
  public boolean visible(long pk, RowFilter filter) {
    if (filter.unrestricted()) {
      return true;
    }
    try (PreparedStatement ps = connection().prepareStatement("SELECT 1 FROM record.resource r WHERE r.pk = ? AND " + filter.sql())) {
      ps.setLong(1, pk);
      bindFrom(ps, 2, filter.args());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  private void bindFrom(PreparedStatement ps, int first, List<Object> args) throws SQLException {
    Parameters.bind(connection(), ps, first, args);
  }

  static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
  }

  private static List<StoredResource> list(PreparedStatement ps) throws SQLException {
    List<StoredResource> rows = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(
            new StoredResource(
                rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                rs.getTimestamp(5).toInstant(), rs.getBoolean(6), rs.getString(7), rs.getString(8), rs.getString(9)));
      }
    }
    return rows;
  }

  private Array longs(List<Long> values) throws SQLException {
    return connection().createArrayOf("bigint", values.toArray());
  }
}
