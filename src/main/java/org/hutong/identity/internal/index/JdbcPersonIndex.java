package org.hutong.identity.internal.index;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Patient;
import org.hutong.access.PersonalIdentifiers;
import org.hutong.identity.PersonIndex;
import org.hutong.identity.PersonRecord;
import org.hutong.identity.internal.match.OnlineMatcher;
import org.hutong.identity.internal.match.OnlineMatcher.Prepared;
import org.hutong.identity.internal.match.OnlineMatcher.Score;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The master patient index on PostgreSQL (schema {@code identity}), joined to the caller's
 * transaction through the shared data source.
 *
 * <p>Linking a record: its blocking keys (blind-indexed) find the records worth comparing, at most
 * {@link #MAX_BLOCK} per key (a key shared by more says little and is not used); of those, the
 * {@link #MAX_CANDIDATES} that share the most keys with it have their sealed profiles opened and
 * scored (at a million persons a record shares one key with about 120 others on average, nearly
 * all by coincidence: opening them all cost more than everything else in a link; the same cut
 * applies to {@link #match}). A valid resident ID or health card shared with a record links by
 * rule; otherwise the best person whose every record clears the review threshold against the new
 * one, if the best pair reaches the link threshold. A pair between the thresholds opens a review item and
 * the record starts a person of its own. Automatic linking only ever adds a record to a person;
 * persons merge only by an explicit merge, a review decision or a PMIR replaced-by link.
 */
public final class JdbcPersonIndex implements PersonIndex {

  /** Records per blocking key at most: a key shared by more is skipped. */
  static final int MAX_BLOCK = 250;

  private static final String CANDIDATES = """
        SELECT m.patient_id, m.person_id, m.source, m.linked_by, m.profile
        FROM (SELECT s.patient_id, count(*) AS shared
              FROM unnest(?::text[]) AS k(key),
                   LATERAL (SELECT array_agg(b.patient_id) AS ids
                            FROM (SELECT patient_id FROM identity.block WHERE key = k.key LIMIT ?) b) g,
                   unnest(g.ids) AS s(patient_id)
              WHERE cardinality(g.ids) <= ? AND s.patient_id <> ?
              GROUP BY s.patient_id
              ORDER BY shared DESC, s.patient_id
              LIMIT ?) c
        JOIN identity.member m ON m.patient_id = c.patient_id
        ORDER BY c.shared DESC, m.patient_id""";

  /** Candidates opened and scored per record at most: those sharing the most blocking keys with it. */
  static final int MAX_CANDIDATES = 50;

  private static final String BLOCK_SYSTEM = "identity-block";

  private final JdbcTemplate jdbc;
  private final OnlineMatcher matcher;
  private final SealedProfile sealed;
  private final PersonalIdentifiers vault;
  private final Clock clock;

  public JdbcPersonIndex(JdbcTemplate jdbc, OnlineMatcher matcher, PersonalIdentifiers vault, Clock clock) {
    this.jdbc = jdbc;
    this.matcher = matcher;
    this.sealed = new SealedProfile(vault);
    this.vault = vault;
    this.clock = clock;
  }

  private record Member(String patientId, long personId, String source, String linkedBy, Prepared profile) {}

  // ---------------------------------------------------------------- linking

  @Override
  public List<Membership> patientWritten(String patientId, Patient patient, String source, String actor) {
    LocalDate today = LocalDate.now(clock);
    PersonRecord record = PatientRecords.of(patientId, patient, source, today);
    Prepared prepared = matcher.prepare(record, today);
    List<String> plainKeys = matcher.blockingKeys(prepared);
    lock(record);
    Instant now = clock.instant();
    String[] findings = findingCodes(record);
    Optional<Member> current = member(patientId);
    List<Membership> changed = new ArrayList<>();
    if (current.isPresent()) {
      jdbc.update("UPDATE identity.member SET source = ?, profile = ?, findings = ?, updated = ? WHERE patient_id = ?",
          source == null ? "" : source, sealed.seal(record), findings, Timestamp.from(now), patientId);
      jdbc.update("DELETE FROM identity.block WHERE patient_id = ?", patientId);
      insertBlocks(patientId, plainKeys);
      Member was = current.get();
      if (!was.linkedBy().equals("manual") && !fits(patientId, prepared, was.personId(), decidedDifferent(patientId))) {
        changed.addAll(relink(patientId, prepared, plainKeys, was.personId(), actor, now));
      }
    } else {
      Decision decision = decide(patientId, prepared, plainKeys, Set.of());
      long person = decision.person() != null ? decision.person() : newPerson(now);
      jdbc.update("INSERT INTO identity.member (patient_id, person_id, source, profile, linked_by, probability, findings, updated)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          patientId, person, source == null ? "" : source, sealed.seal(record), decision.linkedBy(), decision.probability(), findings,
          Timestamp.from(now));
      insertBlocks(patientId, plainKeys);
      event(now, actor, decision.person() != null ? "linked" : "created", person, null, List.of(patientId), decision.why(), decision.probability());
      openReview(patientId, decision, person, actor, now);
      changed.add(new Membership(patientId, person));
    }
    changed.addAll(replacedBy(patientId, patient, actor));
    return changed;
  }

  /**
   * What the matcher concluded for a record: a person to join (or null for a new one), how, and a
   * candidate for review.
   */
  private record Decision(Long person, String linkedBy, Double probability, String why, String reviewWith, double reviewProbability) {}

  private Decision decide(String patientId, Prepared prepared, List<String> plainKeys, Set<Long> excludedPersons) {
    List<Member> candidates = candidates(patientId, plainKeys);
    Set<String> different = decidedDifferent(patientId);
    Map<Long, List<Member>> byPerson = new LinkedHashMap<>();
    for (Member m : candidates) {
      if (!excludedPersons.contains(m.personId()) && !different.contains(m.patientId())) {
        byPerson.computeIfAbsent(m.personId(), k -> new ArrayList<>()).add(m);
      }
    }
    Long ruleMatch = null;
    Long best = null;
    double bestWeight = Double.NEGATIVE_INFINITY;
    String bestPatient = null;
    String reviewWith = null;
    double reviewWeight = Double.NEGATIVE_INFINITY;
    for (Map.Entry<Long, List<Member>> e : byPerson.entrySet()) {
      for (Member m : e.getValue()) {
        Score s = matcher.score(prepared, m.profile());
        if (s.sameByRule() && ruleMatch == null) {
          ruleMatch = e.getKey();
        } else if (s.sameByRule()) {
          // Two persons share this record's resident ID or card: a person must look at them.
          reviewWith = m.patientId();
          reviewWeight = Double.POSITIVE_INFINITY;
        }
        if (!s.sameByRule() && s.weight() > bestWeight) {
          bestWeight = s.weight();
          best = e.getKey();
          bestPatient = m.patientId();
        }
      }
    }
    if (ruleMatch != null) {
      return new Decision(ruleMatch, "rule", 1.0, "same resident ID or health card", reviewWith, reviewWeight);
    }
    if (best != null && bestWeight >= matcher.linkWeight() && fits(patientId, prepared, best, different)) {
      return new Decision(best, "score", probability(bestWeight), "weight " + round(bestWeight), null, 0);
    }
    if (best != null && bestWeight >= matcher.reviewWeight()) {
      return new Decision(null, "new", null, null, bestPatient, probability(bestWeight));
    }
    return new Decision(null, "new", null, null, null, 0);
  }

  /**
   * Whether the record may be (or stay) part of the person: every other record of it is the same by
   * rule, or at least as likely the same person as not and not decided to be someone else. A record
   * alone in its person always fits it.
   */
  private boolean fits(String patientId, Prepared prepared, long person, Set<String> different) {
    for (Member m : membersOf(person)) {
      if (m.patientId().equals(patientId)) {
        continue;
      }
      if (different.contains(m.patientId())) {
        return false;
      }
      Score s = matcher.score(prepared, m.profile());
      if (!s.sameByRule() && (s.differentByRule() || s.weight() < matcher.reviewWeight())) {
        return false;
      }
    }
    return true;
  }

  /** An updated record that no longer looks like its person leaves it: it joins another person, or starts one. */
  private List<Membership> relink(String patientId, Prepared prepared, List<String> plainKeys, long oldPerson, String actor, Instant now) {
    Decision decision = decide(patientId, prepared, plainKeys, Set.of(oldPerson));
    long person = decision.person() != null ? decision.person() : newPerson(now);
    jdbc.update("UPDATE identity.member SET person_id = ?, linked_by = ?, probability = ? WHERE patient_id = ?",
        person, decision.linkedBy(), decision.probability(), patientId);
    event(now, actor, "relinked", person, oldPerson, List.of(patientId),
        "updated record no longer matches its person" + (decision.why() == null ? "" : "; " + decision.why()), decision.probability());
    openReview(patientId, decision, person, actor, now);
    return List.of(new Membership(patientId, person));
  }

  private void openReview(String patientId, Decision decision, long person, String actor, Instant now) {
    if (decision.reviewWith() == null) {
      return;
    }
    double p = Double.isInfinite(decision.reviewProbability()) ? 1.0 : decision.reviewProbability();
    int inserted = jdbc.update("INSERT INTO identity.review (patient_id, candidate_patient_id, probability, opened) VALUES (?, ?, ?, ?)"
        + " ON CONFLICT DO NOTHING", patientId, decision.reviewWith(), p, Timestamp.from(now));
    if (inserted > 0) {
      event(now, actor, "review-opened", person, personOf(decision.reviewWith()).orElse(null), List.of(patientId, decision.reviewWith()),
          "may be the same person", p);
    }
  }

  /** PMIR: a Patient that says it is replaced by another (Patient.link replaced-by) merges into that one's person. */
  private List<Membership> replacedBy(String patientId, Patient patient, String actor) {
    List<Membership> changed = new ArrayList<>();
    for (Patient.PatientLinkComponent link : patient.getLink()) {
      if (link.getType() == Patient.LinkType.REPLACEDBY && link.getOther().getReferenceElement().getResourceType() != null
          && link.getOther().getReferenceElement().getResourceType().equals("Patient")) {
        String target = link.getOther().getReferenceElement().getIdPart();
        if (target != null && !target.equals(patientId) && personOf(target).isPresent()) {
          changed.addAll(merge(patientId, target, actor, "Patient.link replaced-by Patient/" + target));
        }
      }
    }
    return changed;
  }

  @Override
  public int importRecords(List<PersonRecord> records, int[] personOfRecord, String actor) {
    return new PersonImport(jdbc, matcher, sealed, this::blockKey).load(records, personOfRecord, actor, clock.instant(), LocalDate.now(clock));
  }

  @Override
  public List<Membership> patientDeleted(String patientId, String actor) {
    Optional<Member> current = member(patientId);
    if (current.isEmpty()) {
      return List.of();
    }
    jdbc.update("DELETE FROM identity.block WHERE patient_id = ?", patientId);
    jdbc.update("DELETE FROM identity.member WHERE patient_id = ?", patientId);
    event(clock.instant(), actor, "unlinked", current.get().personId(), null, List.of(patientId), "record deleted", null);
    return List.of(new Membership(patientId, -1));
  }

  // ---------------------------------------------------------------- reading

  @Override
  public Optional<Long> personOf(String patientId) {
    return jdbc.query("SELECT person_id FROM identity.member WHERE patient_id = ?", (rs, i) -> rs.getLong(1), patientId).stream().findFirst();
  }

  @Override
  public List<String> samePerson(String patientId) {
    return jdbc.queryForList("SELECT b.patient_id FROM identity.member a JOIN identity.member b ON b.person_id = a.person_id"
        + " WHERE a.patient_id = ? ORDER BY b.patient_id", String.class, patientId);
  }

  @Override
  public List<Candidate> match(Patient patient, int count) {
    LocalDate today = LocalDate.now(clock);
    Prepared prepared = matcher.prepare(PatientRecords.of("", patient, null, today), today);
    Map<Long, Candidate> best = new HashMap<>();
    for (Member m : candidates("", matcher.blockingKeys(prepared))) {
      Score s = matcher.score(prepared, m.profile());
      if (s.differentByRule()) {
        continue;
      }
      double p = s.probability();
      Candidate c = new Candidate(m.patientId(), m.personId(), p, grade(s));
      Candidate had = best.get(m.personId());
      if (had == null || p > had.probability() || p == had.probability() && m.patientId().compareTo(had.patientId()) < 0) {
        best.put(m.personId(), c);
      }
    }
    return best.values().stream()
        .filter(c -> !c.grade().equals("certainly-not"))
        .sorted(Comparator.comparingDouble(Candidate::probability).reversed().thenComparing(Candidate::patientId))
        .limit(count)
        .toList();
  }

  private String grade(Score s) {
    if (s.sameByRule() || s.weight() >= matcher.linkWeight()) {
      return "certain";
    }
    if (s.weight() >= matcher.reviewWeight()) {
      return "probable";
    }
    return s.probability() >= 0.05 ? "possible" : "certainly-not";
  }

  @Override
  public List<Event> history(long personId) {
    return jdbc.query("SELECT id, at, actor, action, person_id, other_person_id, patient_ids, reason, probability FROM identity.event"
        + " WHERE person_id = ? OR other_person_id = ? ORDER BY id", (rs, i) -> new Event(rs.getLong(1), rs.getTimestamp(2).toInstant(),
        rs.getString(3), rs.getString(4), rs.getLong(5), (Long) rs.getObject(6), strings(rs.getArray(7)), rs.getString(8),
        (Double) rs.getObject(9)), personId, personId);
  }

  @Override
  public List<String> findings(String patientId) {
    return jdbc.query("SELECT findings FROM identity.member WHERE patient_id = ?", (rs, i) -> strings(rs.getArray(1)), patientId)
        .stream().findFirst().orElse(List.of());
  }

  @Override
  public List<Review> openReviews(int limit) {
    return jdbc.query("SELECT id, patient_id, candidate_patient_id, probability, opened FROM identity.review WHERE decision IS NULL"
            + " ORDER BY opened, id LIMIT ?",
        (rs, i) -> new Review(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getDouble(4), rs.getTimestamp(5).toInstant()), limit);
  }

  // ---------------------------------------------------------------- stewardship

  @Override
  public List<Membership> merge(String patientId, String intoPatientId, String actor, String reason) {
    long from = requirePerson(patientId);
    long into = requirePerson(intoPatientId);
    if (from == into) {
      return List.of();
    }
    lockPersons(from, into);
    List<String> moved = jdbc.queryForList("SELECT patient_id FROM identity.member WHERE person_id = ? ORDER BY patient_id", String.class, from);
    jdbc.update("UPDATE identity.member SET person_id = ?, linked_by = 'manual', probability = NULL WHERE person_id = ?", into, from);
    jdbc.update("UPDATE identity.person SET merged_into = ? WHERE id = ?", into, from);
    event(clock.instant(), actor, "merged", from, into, moved, reason, null);
    return moved.stream().map(p -> new Membership(p, into)).toList();
  }

  @Override
  public List<Membership> unmerge(String patientId, String actor, String reason) {
    List<Map<String, Object>> found = jdbc.queryForList("SELECT id, person_id, patient_ids FROM identity.event WHERE action = 'merged'"
        + " AND undone_by IS NULL AND ? = ANY(patient_ids) ORDER BY id DESC LIMIT 1", patientId);
    if (found.isEmpty()) {
      throw new IllegalArgumentException("Patient/" + patientId + " was not moved by any merge that is still in effect");
    }
    long mergeId = ((Number) found.getFirst().get("id")).longValue();
    long restored = ((Number) found.getFirst().get("person_id")).longValue();
    List<String> moved;
    try {
      moved = strings((Array) found.getFirst().get("patient_ids"));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    long now = requirePerson(patientId);
    lockPersons(restored, now);
    // Records of the merge that still exist, wherever they are now, go back.
    List<String> back = jdbc.queryForList("SELECT patient_id FROM identity.member WHERE patient_id = ANY(?) ORDER BY patient_id",
        String.class, (Object) moved.toArray(String[]::new));
    jdbc.update("UPDATE identity.member SET person_id = ?, linked_by = 'manual', probability = NULL WHERE patient_id = ANY(?)",
        restored, (Object) back.toArray(String[]::new));
    jdbc.update("UPDATE identity.person SET merged_into = NULL WHERE id = ?", restored);
    long undo = event(clock.instant(), actor, "unmerged", restored, now, back, reason, null);
    jdbc.update("UPDATE identity.event SET undone_by = ? WHERE id = ?", undo, mergeId);
    return back.stream().map(p -> new Membership(p, restored)).toList();
  }

  @Override
  public List<Membership> split(String patientId, String actor, String reason) {
    long old = requirePerson(patientId);
    Instant now = clock.instant();
    long person = newPerson(now);
    lockPersons(old, person);
    jdbc.update("UPDATE identity.member SET person_id = ?, linked_by = 'manual', probability = NULL WHERE patient_id = ?", person, patientId);
    event(now, actor, "split", person, old, List.of(patientId), reason, null);
    return List.of(new Membership(patientId, person));
  }

  @Override
  public List<Membership> decide(long reviewId, boolean samePerson, String actor, String reason) {
    List<Map<String, Object>> rows = jdbc.queryForList("SELECT patient_id, candidate_patient_id, decision FROM identity.review WHERE id = ?"
        + " FOR UPDATE", reviewId);
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("There is no review item " + reviewId);
    }
    if (rows.getFirst().get("decision") != null) {
      throw new IllegalStateException("Review item " + reviewId + " was already decided: " + rows.getFirst().get("decision"));
    }
    String a = (String) rows.getFirst().get("patient_id");
    String b = (String) rows.getFirst().get("candidate_patient_id");
    Instant now = clock.instant();
    jdbc.update("UPDATE identity.review SET decision = ?, decided = ?, decided_by = ?, reason = ? WHERE id = ?",
        samePerson ? "same" : "different", Timestamp.from(now), actor, reason, reviewId);
    event(now, actor, "review-decided", requirePerson(a), personOf(b).orElse(null), List.of(a, b),
        (samePerson ? "same person" : "different persons") + (reason == null ? "" : ": " + reason), null);
    return samePerson ? merge(a, b, actor, "review " + reviewId + (reason == null ? "" : ": " + reason)) : List.of();
  }

  // ---------------------------------------------------------------- storage

  private long requirePerson(String patientId) {
    return personOf(patientId).orElseThrow(() -> new IllegalArgumentException("Patient/" + patientId + " is not in the person index"));
  }

  private long newPerson(Instant now) {
    Long id = jdbc.queryForObject("INSERT INTO identity.person (id, created) VALUES (nextval('identity.person_id_seq'), ?) RETURNING id",
        Long.class, Timestamp.from(now));
    return id;
  }

  private long event(Instant at, String actor, String action, long person, Long other, List<String> patients, String reason, Double p) {
    return jdbc.queryForObject("INSERT INTO identity.event (at, actor, action, person_id, other_person_id, patient_ids, reason, probability)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        Long.class, Timestamp.from(at), actor, action, person, other, patients.toArray(String[]::new), reason, p);
  }

  private void lockPersons(long a, long b) {
    jdbc.queryForList("SELECT id FROM identity.person WHERE id IN (?, ?) ORDER BY id FOR UPDATE", Long.class, a, b);
  }

  /**
   * Serialises the linking of records born on the same day (or, without a birth date, with the same
   * family name), so that two records of one person written at once in two transactions do not both
   * start a new person.
   */
  private void lock(PersonRecord record) {
    String key = record.birthDate() != null ? record.birthDate().toString() : String.valueOf(record.familyName());
    jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", (long) ("identity:" + key).hashCode() << 8 | 0x1d);
  }

  private void insertBlocks(String patientId, List<String> plainKeys) {
    Set<String> keys = new LinkedHashSet<>();
    for (String key : plainKeys) {
      keys.add(blockKey(key));
    }
    jdbc.update("INSERT INTO identity.block (key, patient_id) SELECT k, ? FROM unnest(?::text[]) AS k ON CONFLICT DO NOTHING",
        patientId, keys.toArray(String[]::new));
  }

  /** The record's findings as stored: {@code field:rule} codes, never the values. */
  static String[] findingCodes(PersonRecord record) {
    return record.findings().stream().map(f -> f.field() + ":" + f.rule()).distinct().toArray(String[]::new);
  }

  /** A blocking key as stored: a keyed SM3 blind index, shortened (a rare collision only adds a candidate). */
  private String blockKey(String plain) {
    return shorten(vault.blindIndex(BLOCK_SYSTEM, plain));
  }

  private static String shorten(String index) {
    return index.substring(Math.max(0, index.length() - 22));
  }

  /** The records sharing a blocking key with this one, under every index key the keyring holds. */
  private List<Member> candidates(String patientId, List<String> plainKeys) {
    Set<String> keys = new LinkedHashSet<>();
    for (String plain : plainKeys) {
      for (String index : vault.blindIndexes(BLOCK_SYSTEM, plain)) {
        keys.add(shorten(index));
      }
    }
    if (keys.isEmpty()) {
      return List.of();
    }
    // Ranked by how many keys a record shares with this one: a true match shares several, a record
    // that shares one key with it among hundreds of others rarely is one. Only the best are opened.
    return jdbc.query(CANDIDATES,
        (rs, i) -> stored(rs), keys.toArray(String[]::new), MAX_BLOCK + 1, MAX_BLOCK, patientId, MAX_CANDIDATES)
        .parallelStream().map(this::open).toList();
  }

  private Optional<Member> member(String patientId) {
    return jdbc.query("SELECT patient_id, person_id, source, linked_by, profile FROM identity.member WHERE patient_id = ? FOR UPDATE",
        (rs, i) -> row(rs), patientId).stream().findFirst();
  }

  private List<Member> membersOf(long person) {
    return jdbc.query("SELECT patient_id, person_id, source, linked_by, profile FROM identity.member WHERE person_id = ?",
        (rs, i) -> row(rs), person);
  }

  /** A member row as stored, its profile still sealed. */
  private record Stored(String patientId, long personId, String source, String linkedBy, String profile) {}

  private static Stored stored(ResultSet rs) throws SQLException {
    return new Stored(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5));
  }

  /** Opens and prepares a candidate: the dearest step of a link, so candidates are opened on every core. */
  private Member open(Stored s) {
    PersonRecord record = sealed.open(s.patientId(), s.source(), s.profile());
    return new Member(s.patientId(), s.personId(), s.source(), s.linkedBy(), matcher.prepare(record, LocalDate.now(clock)));
  }

  private Member row(ResultSet rs) throws SQLException {
    return open(stored(rs));
  }

  private Set<String> decidedDifferent(String patientId) {
    if (patientId.isEmpty()) {
      return Set.of();
    }
    return new HashSet<>(jdbc.queryForList("SELECT CASE WHEN patient_id = ? THEN candidate_patient_id ELSE patient_id END FROM identity.review"
        + " WHERE decision = 'different' AND (patient_id = ? OR candidate_patient_id = ?)", String.class, patientId, patientId, patientId));
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }

  private static double probability(double weight) {
    return 1 / (1 + Math.pow(2, -weight));
  }

  private static String round(double w) {
    return String.format(java.util.Locale.ROOT, "%.1f", w);
  }
}
