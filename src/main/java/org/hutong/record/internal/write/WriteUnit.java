package org.hutong.record.internal.write;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Patient;
import org.hutong.access.Interaction;
import org.hutong.identity.PersonIndex;
import org.hutong.record.internal.ResourceTypes;
import org.hutong.record.internal.access.WriteGuard;
import org.hutong.record.internal.index.IndexValues;
import org.hutong.record.internal.index.SearchValueExtractor;
import org.hutong.record.internal.store.PendingWrite;
import org.hutong.record.internal.store.ResourceRepository;
import org.hutong.record.internal.store.StoredResource;

/**
 * The writes of one database transaction. Changes are collected and written together by {@link
 * #flush()}, which is what makes a 2,000-entry bundle a handful of round trips.
 */
final class WriteUnit {

  private final ResourceRepository repository;
  private final ResourceCodec codec;
  private final SearchValueExtractor extractor;
  private final Instant now;
  private final java.util.function.Supplier<String> ids;
  private final References references;
  private final WriteGuard guard;
  private final List<Written> written = new ArrayList<>();
  private java.util.function.UnaryOperator<String> resolver = java.util.function.UnaryOperator.identity();

  private final List<Change> changes = new ArrayList<>();
  private final PersonIndex persons;
  private final List<org.hutong.record.RecordListener> listeners;
  private final Map<String, Change> byKey = new HashMap<>();

  /** A resource this unit wrote, for the audit record. */
  record Written(String reference, String patientId) {}

  private record Change(
      PendingWrite.Kind kind, long pk, String type, String id, int version, String content, IndexValues values, IBaseResource resource) {}

  WriteUnit(
      ResourceRepository repository,
      ResourceCodec codec,
      SearchValueExtractor extractor,
      Instant now,
      java.util.function.Supplier<String> ids,
      References references,
      WriteGuard guard,
      PersonIndex persons,
      List<org.hutong.record.RecordListener> listeners) {
    this.guard = guard;
    this.listeners = listeners;
    this.persons = persons;
    this.repository = repository;
    this.references = references;
    this.codec = codec;
    this.extractor = extractor;
    this.now = now.truncatedTo(ChronoUnit.MILLIS);
    this.ids = ids;
  }

  WriteGuard guard() {
    return guard;
  }

  /** What was written so far: for the audit record. */
  List<Written> written() {
    return written;
  }

  String newId() {
    return ids.get();
  }

  /** How references found only at encoding time (in extensions) are resolved. */
  void resolveWith(java.util.function.UnaryOperator<String> resolver) {
    this.resolver = resolver;
  }

  /**
   * Encodes the resource. The caller has resolved and checked the references the planned walk
   * reaches; when the encoded form shows extensions, which that walk skips, every element is
   * walked and the resource encoded again if that changed a reference.
   */
  private String encode(IBaseResource resource, String type, String id, int version, Date updated) {
    String content = codec.encode(resource, type, id, version, updated);
    if (References.hasControlCharacter(content)) {
      List<String> paths = references.controlCharacterPaths(resource);
      throw new ca.uhn.fhir.rest.server.exceptions.InvalidRequestException(
          "Control characters are not allowed in FHIR strings: " + (paths.isEmpty() ? type : String.join(", ", paths)));
    }
    if (References.mayHideReferences(content) && references.rewriteAndCheckAll(resource, resolver)) {
      content = codec.encode(resource, type, id, version, updated);
    }
    return content;
  }

  /** Creates a resource under the given id (a new server id unless the caller chose one). */
  WriteOutcome create(IBaseResource resource, String id) {
    String type = typeOf(resource);
    checkId(id);
    guard.beforeWrite(type, resource, Interaction.CREATE);
    String content = encode(resource, type, id, 1, Date.from(now));
    IndexValues values = extractor.extract(resource);
    guard.afterExtract(type, resource, values);
    add(new Change(PendingWrite.Kind.CREATE, 0, type, id, 1, content, values, resource));
    return new WriteOutcome(type, id, 1, now, resource, true, false);
  }

  /**
   * Updates (or, when it does not exist yet, creates) {@code type/id}. An update that changes
   * nothing but meta writes no new version.
   *
   * @param expectedVersion the version the client based its change on (If-Match), or null
   */
  WriteOutcome update(IBaseResource resource, String id, Integer expectedVersion) {
    String type = typeOf(resource);
    checkId(id);
    Optional<StoredResource> current = current(type, id);
    if (current.isEmpty()) {
      if (expectedVersion != null) {
        throw new ResourceVersionConflictException(type + "/" + id + " does not exist; If-Match cannot hold");
      }
      return create(resource, id);
    }
    StoredResource existing = current.get();
    guard.beforeChange(existing, Interaction.UPDATE);
    guard.beforeWrite(type, resource, Interaction.UPDATE);
    if (expectedVersion != null && expectedVersion != existing.version()) {
      throw new ResourceVersionConflictException(
          type + "/" + id + " is at version " + existing.version() + ", not " + expectedVersion);
    }
    if (!existing.deleted()) {
      String same = encode(resource, type, id, existing.version(), Date.from(existing.updated()));
      if (codec.same(same, existing.content())) {
        return new WriteOutcome(type, id, existing.version(), existing.updated(), resource, false, true);
      }
    }
    int version = existing.version() + 1;
    String content = encode(resource, type, id, version, Date.from(now));
    IndexValues values = extractor.extract(resource);
    guard.afterExtract(type, resource, values);
    add(new Change(PendingWrite.Kind.UPDATE, existing.pk(), type, id, version, content, values, resource));
    return new WriteOutcome(type, id, version, now, resource, existing.deleted(), false);
  }

  /** Deletes {@code type/id}; deleting what is absent or already deleted is not an error. */
  WriteOutcome delete(String type, String id) {
    Optional<StoredResource> current = current(type, id);
    if (current.isPresent()) {
      guard.beforeChange(current.get(), Interaction.DELETE);
    }
    if (current.isEmpty() || current.get().deleted()) {
      return new WriteOutcome(type, id, current.map(StoredResource::version).orElse(0), now, null, false, true);
    }
    StoredResource existing = current.get();
    int version = existing.version() + 1;
    add(new Change(PendingWrite.Kind.DELETE, existing.pk(), type, id, version, null, null, null));
    written.add(new Written(type + "/" + id, existing.patientId()));
    return new WriteOutcome(type, id, version, now, null, false, false);
  }

  private Optional<StoredResource> current(String type, String id) {
    Change pending = byKey.get(type + "/" + id);
    if (pending != null) {
      throw new InvalidRequestException("The same resource " + type + "/" + id + " is written twice in one transaction");
    }
    return repository.current(type, id, true);
  }

  private void add(Change change) {
    String key = change.type() + "/" + change.id();
    if (byKey.putIfAbsent(key, change) != null) {
      throw new InvalidRequestException("The same resource " + key + " is written twice in one transaction");
    }
    changes.add(change);
    if (change.values() != null) {
      written.add(new Written(key, change.values().patientId));
    }
  }

  /** Writes everything collected so far. */
  void flush() {
    int creates = (int) changes.stream().filter(c -> c.kind() == PendingWrite.Kind.CREATE).count();
    long[] pks = repository.allocatePks(creates);
    List<PendingWrite> writes = new ArrayList<>(changes.size());
    int next = 0;
    for (Change c : changes) {
      long pk = c.kind() == PendingWrite.Kind.CREATE ? pks[next++] : c.pk();
      writes.add(new PendingWrite(c.kind(), pk, c.type(), c.id(), c.version(), now, c.content(), c.values()));
    }
    repository.write(writes);
    linkPatients();
    tellListeners();
    changes.clear();
  }

  /**
   * Links the Patients written to their persons in the master patient index, in this transaction:
   * a Patient is never stored without its link, nor linked without being stored.
   */
  private void linkPatients() {
    List<PersonIndex.Membership> changed = new ArrayList<>();
    String actor = guard.caller().subject();
    for (Change c : changes) {
      if (!c.type().equals("Patient")) {
        continue;
      }
      if (c.kind() == PendingWrite.Kind.DELETE) {
        changed.addAll(persons.patientDeleted(c.id(), actor));
      } else {
        changed.addAll(persons.patientWritten(c.id(), (Patient) c.resource(), c.values().orgId, actor));
      }
    }
    repository.persons(changed);
  }

  /** Shows the listeners (data quality) what was created or updated, in this transaction. */
  private void tellListeners() {
    if (listeners.isEmpty()) {
      return;
    }
    List<org.hutong.record.StoredRecord> stored = new ArrayList<>(changes.size());
    String subject = guard.caller().subject();
    for (Change c : changes) {
      if (c.kind() != PendingWrite.Kind.DELETE) {
        stored.add(new org.hutong.record.StoredRecord(c.type(), c.id(), c.version(), c.resource(), c.values().orgId, c.values().patientId, now, subject));
      }
    }
    if (!stored.isEmpty()) {
      for (org.hutong.record.RecordListener listener : listeners) {
        listener.stored(stored);
      }
    }
  }

  private String typeOf(IBaseResource resource) {
    String type = codec.context().getResourceType(resource);
    if (!ResourceTypes.STORED.contains(type)) {
      throw new InvalidRequestException("Resource type " + type + " is not stored by this server");
    }
    return type;
  }

  private static void checkId(String id) {
    if (!ResourceTypes.isId(id)) {
      throw new InvalidRequestException("Invalid resource id '" + id + "': 1-64 characters of A-Z a-z 0-9 - .");
    }
  }

  static PreconditionFailedException ambiguous(String condition, int matches) {
    return new PreconditionFailedException(
        "Condition '" + condition + "' matches " + matches + " resources; it must match at most one");
  }
}
