package org.hutong.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Patient;

/**
 * The master patient index: which Patient records, across institutions, are one person. Every
 * method runs in the caller's database transaction (it joins it), so a Patient write and its link
 * commit together or not at all.
 *
 * <p>Methods that change links return the {@linkplain Membership memberships} that changed, so
 * that the record store can keep its own copy for access decisions and person-wide searches.
 */
public interface PersonIndex {

  /**
   * Links a Patient created or updated in the current transaction: by resident ID or health card
   * when it carries a valid one, else by weight against the records that share a blocking key; a
   * pair between the review and the link threshold opens a review item. An updated record stays
   * with its person while it still looks like that person.
   *
   * @param source the institution (Organization id) whose record it is, or null
   */
  List<Membership> patientWritten(String patientId, Patient patient, String source, String actor);

  /**
   * Loads records whose grouping into persons is already decided (the initial load of the index
   * from a batch run): record {@code i} joins the person labelled {@code personOfRecord[i]}; each
   * label becomes a new person with one {@code created} event. Each record's {@linkplain
   * PersonRecord#recordId() id} is its Patient id and must not be in the index yet. Runs in the
   * caller's transaction, with COPY; every core computes profiles, blocking keys and sealed values.
   *
   * @return the number of persons created
   */
  int importRecords(List<PersonRecord> records, int[] personOfRecord, String actor);

  /** Removes a deleted Patient from its person. */
  List<Membership> patientDeleted(String patientId, String actor);

  /** The person a Patient record belongs to. */
  Optional<Long> personOf(String patientId);

  /** All Patient records of the person of this one, itself included (empty when it is not indexed). */
  List<String> samePerson(String patientId);

  /** The persons whose records look like this Patient, best first (ITI-119 $match): the record of each that scores highest. */
  List<Candidate> match(Patient patient, int count);

  /**
   * Merges the person of {@code patientId} into the person of {@code intoPatientId}: all its
   * records move. Remembered, so that {@link #unmerge} can undo it.
   */
  List<Membership> merge(String patientId, String intoPatientId, String actor, String reason);

  /** Undoes the latest merge that moved this record: the merged person comes back with the records it had. */
  List<Membership> unmerge(String patientId, String actor, String reason);

  /** Moves one record out of its person into a new person of its own, which automatic linking then leaves alone. */
  List<Membership> split(String patientId, String actor, String reason);

  /** Review items not yet decided, oldest first. */
  List<Review> openReviews(int limit);

  /** Decides a review item: the same person (the two persons merge) or different persons (never linked automatically). */
  List<Membership> decide(long reviewId, boolean samePerson, String actor, String reason);

  /** What happened to a person: links, merges, splits, reviews — who, when, why. Newest last. */
  List<Event> history(long personId);

  /** Data-quality findings raised when the record was last linked (rule codes; never the values). */
  List<String> findings(String patientId);

  /** One Patient record's person. */
  record Membership(String patientId, long personId) {}

  /**
   * A person that may be the one searched for.
   *
   * @param patientId the person's record that scored highest
   * @param personId the person
   * @param probability posterior probability that it is the same person (1 for a rule match)
   * @param grade ITI-119 match grade: certain, probable, possible or certainly-not
   */
  record Candidate(String patientId, long personId, double probability, String grade) {}

  /** Two records that may be one person: a person should look. */
  record Review(long id, String patientId, String candidatePatientId, double probability, Instant opened) {}

  /**
   * One change to a person.
   *
   * @param action {@code created}, {@code linked}, {@code unlinked}, {@code merged}, {@code merged-into},
   *     {@code unmerged}, {@code split}, {@code review-opened}, {@code review-decided}
   * @param otherPersonId the other person of a merge or split, or null
   * @param patientIds the records concerned
   */
  record Event(long id, Instant at, String actor, String action, long personId, Long otherPersonId, List<String> patientIds,
      String reason, Double probability) {}
}
