package org.hutong.record.internal.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.hutong.record.internal.access.RowFilter;
import org.hutong.record.internal.store.Parameters;
import org.hutong.record.internal.store.ResourceRepository;
import org.hutong.record.internal.store.StoredResource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs searches. A search whose matches fit in one page is answered directly; a larger one is
 * kept in {@code record.search_result} (one INSERT ... SELECT) and paged from there.
 */
public final class SearchService {

  private final DataSource dataSource;
  private final TransactionTemplate tx;
  private final ResourceRepository resources;
  private final Clock clock;
  private final Duration keepResults;

  public SearchService(
      DataSource dataSource, TransactionTemplate tx, ResourceRepository resources, Clock clock, Duration keepResults) {
    this.dataSource = dataSource;
    this.tx = tx;
    this.resources = resources;
    this.clock = clock;
    this.keepResults = keepResults;
  }

  /** Counts the matches only ({@code _summary=count}). */
  public int count(RowFilter filter, SearchQuery query) {
    SqlRenderer.Sql sql = SqlRenderer.render(query, filter);
    List<Object> args = new ArrayList<>(sql.whereArgs());
    args.addAll(filter.args());
    return tx.execute(s -> queryInt("SELECT count(*) " + from(sql.where(), filter, query.oneSubject()), args));
  }

  /** Runs the search over the rows the filter lets through. */
  public SearchResults search(RowFilter filter, SearchQuery query, int pageSize) {
    SqlRenderer.Sql sql = SqlRenderer.render(query, filter);
    String includes =
        Stream.concat(
                query.includes().stream().map(i -> (i.iterate() ? "I=" : "i=") + i.spec()),
                query.revIncludes().stream().map(i -> (i.iterate() ? "R=" : "r=") + i.spec()))
            .collect(Collectors.joining(","));
    return materialize(filter, sql.where(), sql.whereArgs(), sql.order(), sql.orderArgs(), pageSize, includes, query.oneSubject());
  }

  /**
   * The rows a search matches that the filter lets through. When the matches are bounded by one
   * subject's records, they are found first, as for an unrestricted caller, and only then filtered:
   * inline, the filter's per-row subqueries change PostgreSQL's estimates and with them the join
   * order, which made patient-scoped searches through care and consent about 1.5× slower at p95
   * (docs/benchmarks/access.md). An unbounded search keeps the filter inline, where filtering
   * early spares reading matches the caller may not see.
   */
  private static String from(String where, RowFilter filter, boolean oneSubject) {
    if (oneSubject && !filter.unrestricted()) {
      return "FROM record.resource r WHERE r.pk = ANY(ARRAY(SELECT r.pk FROM record.resource r WHERE " + where + ")) AND " + filter.sql();
    }
    return "FROM record.resource r WHERE (" + where + ") AND " + filter.sql();
  }

  /**
   * The Patient, every resource in its compartment, and what those refer to that belongs to no
   * patient's record (practitioners, organizations, locations, medications: what the spec calls
   * the resources needed to support the record), optionally only what changed since a moment.
   */
  public SearchResults everything(RowFilter filter, Set<String> types, String patientId, Instant since, int pageSize) {
    List<Object> args = new ArrayList<>(List.of(patientId, patientId, patientId, patientId));
    String compartment =
        "SELECT c.pk FROM record.resource c WHERE (c.patient_id = ? OR (c.res_type = 'Patient' AND c.res_id = ?)) AND NOT c.deleted";
    // one IN over a UNION (not two ORed INs), so the planner joins on pk instead of scanning
    String where =
        "NOT r.deleted AND r.pk IN (" + compartment + " UNION SELECT t.pk FROM record.idx_reference x"
            + " JOIN record.resource t ON t.res_type = x.target_type AND t.res_id = x.target_id"
            + " WHERE x.resource_pk IN (" + compartment + ") AND t.patient_id IS NULL)";
    if (since != null) {
      where += " AND r.updated >= ?";
      args.add(Timestamp.from(since));
    }
    if (types != null) {
      where += " AND r.res_type = ANY(?)";
      args.add(types.toArray(String[]::new));
    }
    return materialize(filter, where, args, "r.pk", List.of(), pageSize, "", true);
  }

  /** Result lists up to this long are read once and written back from memory; longer ones are copied inside the database. */
  private static final int READ_ONCE = 10_000;

  private SearchResults materialize(
      RowFilter filter, String where, List<Object> queryArgs, String order, List<Object> orderArgs, int pageSize, String includes,
      boolean oneSubject) {
    String from = from(where, filter, oneSubject);
    List<Object> whereArgs = new ArrayList<>(queryArgs);
    whereArgs.addAll(filter.args());
    return tx.execute(
        status -> {
          List<Object> args = new ArrayList<>(whereArgs);
          args.addAll(orderArgs);
          int limit = Math.max(pageSize + 1, READ_ONCE + 1);
          List<Long> first = queryLongs("SELECT r.pk " + from + " ORDER BY " + order + " LIMIT " + limit, args);
          if (first.size() <= pageSize) {
            return new InlineResults(filter, first, includes);
          }
          // a kept result list is a cache: losing the last ones in a crash only expires their links
          update("SET LOCAL synchronous_commit = off", List.of());
          UUID id = UUID.randomUUID();
          int total;
          if (first.size() <= READ_ONCE) {
            total =
                update(
                    "INSERT INTO record.search_result (search_id, position, resource_pk)"
                        + " SELECT ?, t.o - 1, t.pk FROM unnest(?) WITH ORDINALITY AS t(pk, o)",
                    List.of(id, first.toArray(Long[]::new)));
          } else {
            List<Object> insertArgs = new ArrayList<>();
            insertArgs.add(id);
            insertArgs.addAll(orderArgs);
            insertArgs.addAll(whereArgs);
            total =
                update(
                    "INSERT INTO record.search_result (search_id, position, resource_pk) SELECT ?, (row_number() OVER (ORDER BY "
                        + order + ")) - 1, r.pk " + from,
                    insertArgs);
          }
          update(
              "INSERT INTO record.search (search_id, created, total, includes, owner) VALUES (?, ?, ?, ?, ?)",
              List.of(id, Timestamp.from(clock.instant()), total, includes, filter.owner()));
          return new KeptResults(filter, id, total, includes);
        });
  }

  /**
   * A kept result list, or null when it does not exist, has expired or was made for another
   * caller (a paging link is no way into someone else's results).
   */
  public SearchResults kept(RowFilter filter, String searchId) {
    UUID id;
    try {
      id = UUID.fromString(searchId);
    } catch (IllegalArgumentException e) {
      return null;
    }
    return tx.execute(
        s -> {
          try (PreparedStatement ps =
              connection().prepareStatement("SELECT total, includes FROM record.search WHERE search_id = ? AND created > ? AND owner = ?")) {
            ps.setObject(1, id);
            ps.setTimestamp(2, Timestamp.from(clock.instant().minus(keepResults)));
            ps.setString(3, filter.owner());
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? new KeptResults(filter, id, rs.getInt(1), rs.getString(2)) : null;
            }
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** Forgets kept results older than the retention; returns how many searches it removed. */
  public int expire() {
    Timestamp before = Timestamp.from(clock.instant().minus(keepResults));
    return tx.execute(
        s -> {
          update(
              "DELETE FROM record.search_result WHERE search_id IN (SELECT search_id FROM record.search WHERE created < ?)",
              List.of(before));
          return update("DELETE FROM record.search WHERE created < ?", List.of(before));
        });
  }

  private final class InlineResults implements SearchResults {
    private final RowFilter filter;
    private final List<Long> pks;
    private final String includes;

    InlineResults(RowFilter filter, List<Long> pks, String includes) {
      this.filter = filter;
      this.pks = pks;
      this.includes = includes;
    }

    @Override
    public String searchId() {
      return null;
    }

    @Override
    public int total() {
      return pks.size();
    }

    @Override
    public List<StoredResource> page(int offset, int count) {
      if (offset >= pks.size()) {
        return List.of();
      }
      List<Long> slice = pks.subList(offset, Math.min(pks.size(), offset + count));
      return tx.execute(s -> resources.byPks(slice, filter));
    }

    @Override
    public List<StoredResource> includes(List<StoredResource> page) {
      return SearchService.this.includes(filter, page, includes);
    }
  }

  private final class KeptResults implements SearchResults {
    private final RowFilter filter;
    private final UUID id;
    private final int total;
    private final String includes;

    KeptResults(RowFilter filter, UUID id, int total, String includes) {
      this.filter = filter;
      this.id = id;
      this.total = total;
      this.includes = includes;
    }

    @Override
    public String searchId() {
      return id.toString();
    }

    @Override
    public int total() {
      return total;
    }

    @Override
    public List<StoredResource> page(int offset, int count) {
      return tx.execute(
          s -> {
            List<Long> pks =
                queryLongs(
                    "SELECT resource_pk FROM record.search_result WHERE search_id = ? AND position >= ? AND position < ?"
                        + " ORDER BY position",
                    List.of(id, offset, offset + count));
            // filtered again: a consent withdrawn since the search takes effect on the next page
            return resources.byPks(pks, filter);
          });
    }

    @Override
    public List<StoredResource> includes(List<StoredResource> page) {
      return SearchService.this.includes(filter, page, includes);
    }
  }

  /** How many rounds of {@code _include:iterate} are followed at most. */
  private static final int ITERATE_DEPTH = 4;

  /**
   * Resolves {@code i=Type:param[:Target]} and {@code r=Type:param[:Target]} for one page; {@code
   * I=} and {@code R=} (from {@code :iterate}) apply again to what was included, a few rounds deep.
   */
  private List<StoredResource> includes(RowFilter filter, List<StoredResource> page, String specs) {
    if (specs.isEmpty() || page.isEmpty()) {
      return List.of();
    }
    return tx.execute(
        s -> {
          Map<Long, StoredResource> found = new LinkedHashMap<>();
          Set<Long> seen = page.stream().map(StoredResource::pk).collect(Collectors.toCollection(HashSet::new));
          List<StoredResource> frontier = page;
          for (int round = 0; round <= ITERATE_DEPTH && !frontier.isEmpty(); round++) {
            List<StoredResource> next = new ArrayList<>();
            for (String spec : specs.split(",")) {
              char kind = spec.charAt(0);
              if (round > 0 && Character.isLowerCase(kind)) {
                continue;
              }
              SearchQuery.Include include = SearchQuery.Include.parse(spec.substring(2));
              List<StoredResource> added =
                  Character.toLowerCase(kind) == 'i' ? forward(filter, frontier, include) : reverse(filter, frontier, include);
              for (StoredResource r : added) {
                if (seen.add(r.pk())) {
                  found.put(r.pk(), r);
                  next.add(r);
                }
              }
            }
            frontier = next;
          }
          return List.copyOf(found.values());
        });
  }

  private List<StoredResource> forward(RowFilter filter, List<StoredResource> page, SearchQuery.Include include) {
    List<Object> args = new ArrayList<>();
    args.add(page.stream().map(StoredResource::pk).toArray(Long[]::new));
    args.add(include.sourceType());
    String sql =
        "SELECT t.pk FROM record.idx_reference x JOIN record.resource t ON t.res_type = x.target_type AND t.res_id = x.target_id"
            + " WHERE x.resource_pk = ANY(?) AND x.res_type = ? AND NOT t.deleted";
    if (!include.param().equals("*")) {
      sql += " AND x.param = ?";
      args.add(include.param());
    }
    if (include.targetType() != null) {
      sql += " AND x.target_type = ?";
      args.add(include.targetType());
    }
    return resources.byPks(new ArrayList<>(new LinkedHashSet<>(queryLongs(sql, args))), filter);
  }

  private List<StoredResource> reverse(RowFilter filter, List<StoredResource> page, SearchQuery.Include include) {
    List<Long> pks = new ArrayList<>();
    Map<String, List<String>> idsByType = new LinkedHashMap<>();
    for (StoredResource r : page) {
      idsByType.computeIfAbsent(r.type(), t -> new ArrayList<>()).add(r.id());
    }
    for (Map.Entry<String, List<String>> e : idsByType.entrySet()) {
      if (include.targetType() != null && !include.targetType().equals(e.getKey())) {
        continue;
      }
      pks.addAll(
          queryLongs(
              "SELECT DISTINCT x.resource_pk FROM record.idx_reference x WHERE x.target_id = ANY(?) AND x.target_type = ?"
                  + " AND x.param = ? AND x.res_type = ?",
              List.of(e.getValue().toArray(String[]::new), e.getKey(), include.param(), include.sourceType())));
    }
    return resources.byPks(pks, filter);
  }

  private Connection connection() {
    return DataSourceUtils.getConnection(dataSource);
  }

  private List<Long> queryLongs(String sql, List<Object> args) {
    try (PreparedStatement ps = prepare(sql, args);
        ResultSet rs = ps.executeQuery()) {
      List<Long> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getLong(1));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("Search failed: " + e.getMessage(), e);
    }
  }

  private int queryInt(String sql, List<Object> args) {
    List<Long> values = queryLongs(sql, args);
    return values.getFirst().intValue();
  }

  private int update(String sql, List<Object> args) {
    try (PreparedStatement ps = prepare(sql, args)) {
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("Search failed: " + e.getMessage(), e);
    }
  }

  private PreparedStatement prepare(String sql, List<Object> args) throws SQLException {
    Connection c = connection();
    PreparedStatement ps = c.prepareStatement(sql);
    Parameters.bind(c, ps, 1, args);
    return ps;
  }
}
