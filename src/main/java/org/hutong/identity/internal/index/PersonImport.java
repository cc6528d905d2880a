package org.hutong.identity.internal.index;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.hutong.identity.PersonRecord;
import org.hutong.identity.internal.match.OnlineMatcher;
import org.hutong.platform.CopyRows;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The initial load of the index from a batch run: records whose grouping into persons is already
 * decided go in with COPY, in the caller's transaction. Profiles, blocking keys, blind indexes and
 * sealed profiles are computed on every core, a slice of records at a time, so memory stays bounded.
 */
final class PersonImport {

  /** Records computed and sent per round. */
  private static final int SLICE = 20_000;

  private final JdbcTemplate jdbc;
  private final OnlineMatcher matcher;
  private final SealedProfile sealed;
  private final Function<String, String> blockKey;

  PersonImport(JdbcTemplate jdbc, OnlineMatcher matcher, SealedProfile sealed, Function<String, String> blockKey) {
    this.jdbc = jdbc;
    this.matcher = matcher;
    this.sealed = sealed;
    this.blockKey = blockKey;
  }

  /** One record as stored: its sealed profile, stored blocking keys and findings. */
  private record Row(String sealed, Set<String> keys, String[] findings) {}

  int load(List<PersonRecord> records, int[] personOfRecord, String actor, Instant now, LocalDate today) {
    if (records.size() != personOfRecord.length) {
      throw new IllegalArgumentException(records.size() + " records but " + personOfRecord.length + " person assignments");
    }
    // Persons in order of their first record; each gets an id from the sequence.
    Map<Integer, Integer> ordinal = new HashMap<>();
    int[] ordinalOf = new int[records.size()];
    for (int i = 0; i < records.size(); i++) {
      ordinalOf[i] = ordinal.computeIfAbsent(personOfRecord[i], k -> ordinal.size());
    }
    int persons = ordinal.size();
    long[] ids = new long[persons];
    if (persons > 0) {
      List<Long> reserved = jdbc.queryForList("SELECT nextval('identity.person_id_seq') FROM generate_series(1, ?)", Long.class, persons);
      for (int p = 0; p < persons; p++) {
        ids[p] = reserved.get(p);
      }
    }
    String at = now.toString();
    jdbc.execute((ConnectionCallback<Void>) connection -> {
      CopyRows person = new CopyRows("identity.person (id, created)", 1 << 16);
      for (long id : ids) {
        person.row(id, at);
        if (person.rows() == SLICE * 5) {
          person.send(connection);
        }
      }
      person.send(connection);

      ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
      try {
        CopyRows member = new CopyRows("identity.member (patient_id, person_id, source, profile, linked_by, probability, findings, updated)", 1 << 16);
        CopyRows block = new CopyRows("identity.block (key, patient_id)", 1 << 16);
        for (int from = 0; from < records.size(); from += SLICE) {
          int start = from;
          int end = Math.min(records.size(), from + SLICE);
          Row[] rows = pool.submit(() -> IntStream.range(start, end).parallel()
              .mapToObj(i -> row(records.get(i), today)).toArray(Row[]::new)).get();
          for (int i = start; i < end; i++) {
            PersonRecord r = records.get(i);
            Row row = rows[i - start];
            member.row(r.recordId(), ids[ordinalOf[i]], r.source(), row.sealed(), "import", null, row.findings(), at);
            for (String key : row.keys()) {
              block.row(key, r.recordId());
            }
          }
          member.send(connection);
          block.send(connection);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("The import was interrupted", e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      } finally {
        pool.shutdown();
      }

      // One "created" event per person, naming all its records.
      List<List<String>> members = new ArrayList<>(persons);
      for (int p = 0; p < persons; p++) {
        members.add(new ArrayList<>(1));
      }
      for (int i = 0; i < records.size(); i++) {
        members.get(ordinalOf[i]).add(records.get(i).recordId());
      }
      CopyRows event = new CopyRows("identity.event (at, actor, action, person_id, other_person_id, patient_ids, reason, probability)", 1 << 16);
      for (int p = 0; p < persons; p++) {
        event.row(at, actor, "created", ids[p], null, members.get(p).toArray(String[]::new), "imported", null);
        if (event.rows() == SLICE * 5) {
          event.send(connection);
        }
      }
      event.send(connection);
      return null;
    });
    jdbc.execute("ANALYZE identity.person, identity.member, identity.block");
    return persons;
  }

  private Row row(PersonRecord r, LocalDate today) {
    Set<String> keys = new LinkedHashSet<>();
    for (String plain : matcher.blockingKeys(matcher.prepare(r, today))) {
      keys.add(blockKey.apply(plain));
    }
    return new Row(sealed.seal(r), keys, JdbcPersonIndex.findingCodes(r));
  }
}
