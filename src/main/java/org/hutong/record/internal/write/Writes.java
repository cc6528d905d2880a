package org.hutong.record.internal.write;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Clock;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hutong.access.AccessProperties;
import org.hutong.access.AuditTrail;
import org.hutong.access.Caller;
import org.hutong.identity.PersonIndex;
import org.hutong.platform.Ids;
import org.hutong.record.internal.access.RowFilter;
import org.hutong.record.internal.access.Touched;
import org.hutong.record.internal.access.WriteGuard;
import org.hutong.record.internal.index.SearchValueExtractor;
import org.hutong.record.internal.search.SearchQueryParser;
import org.hutong.record.internal.search.SearchService;
import org.hutong.record.internal.store.ResourceRepository;
import org.hutong.record.internal.store.StoredResource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every write to the repository. Each call is one database transaction; a single create runs
 * through the same unit of work as a 2,000-entry transaction bundle.
 */
public final class Writes {

  private final TransactionTemplate tx;
  private final ResourceRepository repository;
  private final ResourceCodec codec;
  private final SearchValueExtractor extractor;
  private final ConditionalMatcher matcher;
  private final References references;
  private final Reads reads;
  private final Ids ids;
  private final Clock clock;
  private final AuditTrail audit;
  private final AccessProperties policy;
  private final PersonIndex persons;
  private final java.util.function.Supplier<List<org.hutong.record.RecordListener>> listeners;

  public Writes(
      TransactionTemplate tx,
      ResourceRepository repository,
      ResourceCodec codec,
      SearchValueExtractor extractor,
      SearchQueryParser parser,
      SearchService search,
      Reads reads,
      Ids ids,
      Clock clock,
      AuditTrail audit,
      AccessProperties policy,
      PersonIndex persons,
      java.util.function.Supplier<List<org.hutong.record.RecordListener>> listeners) {
    this.persons = persons;
    this.listeners = listeners;
    this.audit = audit;
    this.policy = policy;
    this.tx = tx;
    this.repository = repository;
    this.codec = codec;
    this.extractor = extractor;
    this.matcher = new ConditionalMatcher(parser, search, repository);
    this.references = new References(codec.context());
    this.reads = reads;
    this.ids = ids;
    this.clock = clock;
  }

  private WriteUnit unit(Caller caller) {
    WriteUnit unit = new WriteUnit(repository, codec, extractor, clock.instant(), ids::next, references, new WriteGuard(caller), persons, listeners.get());
    RowFilter filter = filter(caller);
    unit.resolveWith(reference -> noPlaceholders(filter, reference));
    return unit;
  }

  private RowFilter filter(Caller caller) {
    return RowFilter.of(caller, policy);
  }

  /**
   * The audit record of a write, in the write's own transaction: both commit or neither does.
   */
  private void audited(WriteUnit unit, char action, String operation, String type) {
    Touched touched = new Touched();
    unit.written().forEach(w -> touched.add(w.reference(), w.patientId()));
    audit.record(touched.succeeded(unit.guard().caller(), action, operation, type, null));
  }

  /** What the GET entries of a bundle returned, audited as a read in the bundle's transaction. */
  private void auditedReads(Caller caller, List<StoredResource> seen, String operation) {
    if (!seen.isEmpty()) {
      audit.record(new Touched().addAll(seen).succeeded(caller, 'R', operation, null, null));
    }
  }

  /** Creates the resource, or, with {@code ifNoneExist}, returns the one match unchanged. */
  public WriteOutcome create(Caller caller, IBaseResource resource, String ifNoneExist) {
    return tx.execute(
        s -> {
          WriteUnit unit = unit(caller);
          String type = codec.context().getResourceType(resource);
          if (ifNoneExist != null && !ifNoneExist.isBlank()) {
            String query = ConditionalMatcher.queryOf(ifNoneExist);
            List<String> found = matcher.match(filter(caller), type, query);
            if (found.size() > 1) {
              throw WriteUnit.ambiguous(ifNoneExist, found.size());
            }
            if (found.size() == 1) {
              IBaseResource existing = reads.read(filter(caller), type, found.getFirst());
              int version = Integer.parseInt(existing.getIdElement().getVersionIdPart());
              return new WriteOutcome(type, found.getFirst(), version, null, existing, false, true);
            }
          }
          List<References.Local> locals = references.rewriteAndCheck(resource, r -> noPlaceholders(filter(caller), r));
          WriteOutcome outcome = unit.create(resource, unit.newId());
          unit.flush();
          References.requireTargets(locals, repository);
          audited(unit, 'C', "create", type);
          return outcome;
        });
  }

  public WriteOutcome update(Caller caller, String type, String id, IBaseResource resource, Integer expectedVersion) {
    String bodyType = codec.context().getResourceType(resource);
    if (!bodyType.equals(type)) {
      throw new InvalidRequestException("Body is a " + bodyType + " but the URL names a " + type);
    }
    if (resource.getIdElement().hasIdPart() && !resource.getIdElement().getIdPart().equals(id)) {
      throw new InvalidRequestException(
          "Resource id '" + resource.getIdElement().getIdPart() + "' does not match the URL id '" + id + "'");
    }
    return tx.execute(
        s -> {
          List<References.Local> locals = references.rewriteAndCheck(resource, r -> noPlaceholders(filter(caller), r));
          WriteUnit unit = unit(caller);
          WriteOutcome outcome = unit.update(resource, id, expectedVersion);
          unit.flush();
          References.requireTargets(locals, repository);
          audited(unit, 'U', "update", type);
          return outcome;
        });
  }

  /** Updates the one resource matching the condition, or creates it when none does. */
  public WriteOutcome conditionalUpdate(Caller caller, String type, String condition, IBaseResource resource) {
    return tx.execute(
        s -> {
          List<String> found = matcher.match(filter(caller), type, condition);
          if (found.size() > 1) {
            throw WriteUnit.ambiguous(condition, found.size());
          }
          List<References.Local> locals = references.rewriteAndCheck(resource, r -> noPlaceholders(filter(caller), r));
          WriteUnit unit = unit(caller);
          String id = found.isEmpty() ? BundleProcessor.clientIdOr(resource, unit.newId()) : found.getFirst();
          WriteOutcome outcome = unit.update(resource, id, null);
          unit.flush();
          References.requireTargets(locals, repository);
          audited(unit, 'U', "update", type);
          return outcome;
        });
  }

  public WriteOutcome delete(Caller caller, String type, String id) {
    return tx.execute(
        s -> {
          WriteUnit unit = unit(caller);
          WriteOutcome outcome = unit.delete(type, id);
          unit.flush();
          audited(unit, 'D', "delete", type);
          return outcome;
        });
  }

  public WriteOutcome conditionalDelete(Caller caller, String type, String condition) {
    return tx.execute(
        s -> {
          List<String> found = matcher.match(filter(caller), type, condition);
          if (found.size() > 1) {
            throw WriteUnit.ambiguous(condition, found.size());
          }
          WriteUnit unit = unit(caller);
          WriteOutcome outcome = found.isEmpty() ? new WriteOutcome(type, null, 0, clock.instant(), null, false, true) : unit.delete(type, found.getFirst());
          unit.flush();
          audited(unit, 'D', "delete", type);
          return outcome;
        });
  }

  /**
   * A change to the master patient index (merge, unmerge, split, review decision) in one
   * transaction with the record store's copy of the links and the audit record naming every record
   * concerned.
   */
  public List<PersonIndex.Membership> persons(
      Caller caller, String operation, List<String> concerned, java.util.function.Supplier<List<PersonIndex.Membership>> change) {
    return tx.execute(
        s -> {
          List<PersonIndex.Membership> changed = change.get();
          repository.persons(changed);
          Touched touched = new Touched();
          java.util.Set<String> named = new java.util.LinkedHashSet<>(concerned);
          changed.forEach(m -> named.add(m.patientId()));
          named.forEach(id -> touched.add("Patient/" + id, id));
          audit.record(touched.succeeded(caller, 'U', operation, "Patient", null));
          return changed;
        });
  }

  /** Processes a transaction or batch bundle. A transaction is all-or-nothing. */
  public Bundle process(Caller caller, Bundle bundle) {
    if (bundle.getType() == Bundle.BundleType.TRANSACTION) {
      return tx.execute(
          s -> {
            WriteUnit unit = unit(caller);
            BundleProcessor processor = new BundleProcessor(unit, matcher, references, reads, repository, filter(caller));
            Bundle response = processor.process(bundle);
            audited(unit, 'E', "transaction", null);
            auditedReads(caller, processor.read(), "transaction");
            return response;
          });
    }
    if (bundle.getType() == Bundle.BundleType.BATCH) {
      return batch(caller, bundle);
    }
    throw new InvalidRequestException("Bundle.type must be transaction or batch, not " + (bundle.hasType() ? bundle.getType().toCode() : "missing"));
  }

  /**
   * A batch: every entry succeeds or fails on its own, each in a savepoint of one database
   * transaction, so a 300-entry batch costs one commit (one flush to disk), not 300.
   */
  private Bundle batch(Caller caller, Bundle bundle) {
    return tx.execute(
        status -> {
          Bundle response = new Bundle().setType(Bundle.BundleType.BATCHRESPONSE);
          List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
          for (int i = 0; i < entries.size(); i++) {
            Bundle single = new Bundle().setType(Bundle.BundleType.TRANSACTION);
            single.addEntry(entries.get(i));
            Object savepoint = status.createSavepoint();
            try {
              WriteUnit unit = unit(caller);
              BundleProcessor processor = new BundleProcessor(unit, matcher, references, reads, repository, filter(caller));
              Bundle result = processor.process(single, i);
              if (entries.get(i).getRequest().getMethod() == Bundle.HTTPVerb.GET) {
                auditedReads(caller, processor.read(), "batch");
              } else {
                audited(unit, 'E', "batch", null);
              }
              status.releaseSavepoint(savepoint);
              response.addEntry(result.getEntryFirstRep());
            } catch (BaseServerResponseException e) {
              status.rollbackToSavepoint(savepoint);
              response.addEntry(BundleProcessor.failed(e));
            }
          }
          return response;
        });
  }

  private String noPlaceholders(RowFilter filter, String reference) {
    if (reference.startsWith("urn:uuid:") || reference.startsWith("urn:oid:")) {
      throw new InvalidRequestException("Reference '" + reference + "' can only be used inside a transaction bundle");
    }
    String[] conditional = ConditionalMatcher.split(reference);
    if (conditional == null) {
      return reference;
    }
    List<String> found = matcher.match(filter, conditional[0], conditional[1]);
    if (found.size() != 1) {
      throw new ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException(
          "Conditional reference '" + reference + "' matches " + found.size() + " resources; it must match exactly one");
    }
    return conditional[0] + "/" + found.getFirst();
  }
}
