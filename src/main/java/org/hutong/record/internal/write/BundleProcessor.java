package org.hutong.record.internal.write;

import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.BundleEntryResponseComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;

/**
 * Processes one transaction bundle inside one {@link WriteUnit}, following the FHIR rules: ids
 * are assigned for every POST first (so {@code urn:uuid:} references resolve in any order),
 * conditional references are resolved, then DELETE, POST, PUT and GET run in that order, and the
 * response lists one entry per request entry in the original order.
 */
final class BundleProcessor {

  private final WriteUnit unit;
  private final ConditionalMatcher matcher;
  private final References references;
  private final Reads reads;
  private final org.hutong.record.internal.store.ResourceRepository repository;
  private final org.hutong.record.internal.access.RowFilter filter;

  private final List<org.hutong.record.internal.store.StoredResource> read = new ArrayList<>();
  private final Map<String, String> placeholders = new HashMap<>();
  private final Map<String, String> conditionalReferences = new HashMap<>();

  BundleProcessor(
      WriteUnit unit,
      ConditionalMatcher matcher,
      References references,
      Reads reads,
      org.hutong.record.internal.store.ResourceRepository repository,
      org.hutong.record.internal.access.RowFilter filter) {
    this.filter = filter;
    this.repository = repository;
    this.unit = unit;
    this.matcher = matcher;
    this.references = references;
    this.reads = reads;
    unit.resolveWith(this::resolve);
  }

  /** A planned entry: what it will do once references are resolved. */
  private static final class Step {
    final int index;
    final BundleEntryComponent entry;
    final HTTPVerb method;
    String type;
    String id;
    boolean existing;
    BundleEntryResponseComponent response;

    Step(int index, BundleEntryComponent entry) {
      this.index = index;
      this.entry = entry;
      this.method = entry.getRequest().getMethod();
    }
  }

  Bundle process(Bundle bundle) {
    return process(bundle, 0);
  }

  /**
   * @param firstIndex the index of the bundle's first entry in the request, used in error
   *     messages (a batch runs each of its entries as a one-entry bundle)
   */
  Bundle process(Bundle bundle, int firstIndex) {
    List<Step> steps = new ArrayList<>();
    List<BundleEntryComponent> entries = bundle.getEntry();
    for (int i = 0; i < entries.size(); i++) {
      steps.add(check(firstIndex + i, entries.get(i)));
    }
    for (HTTPVerb method : List.of(HTTPVerb.DELETE, HTTPVerb.POST, HTTPVerb.PUT)) {
      for (Step step : steps) {
        if (step.method == method) {
          at(step, () -> plan(step));
        }
      }
    }
    List<References.Local> locals = new ArrayList<>();
    for (Step step : steps) {
      Resource resource = step.entry.getResource();
      if (resource != null && (step.method == HTTPVerb.POST || step.method == HTTPVerb.PUT)) {
        at(step, () -> references.rewriteAndCheck(resource, this::resolve).forEach(l -> locals.add(l.in("Bundle.entry[" + step.index + "]"))));
      }
    }
    for (HTTPVerb method : List.of(HTTPVerb.DELETE, HTTPVerb.POST, HTTPVerb.PUT)) {
      for (Step step : steps) {
        if (step.method == method) {
          at(step, () -> execute(step));
        }
      }
    }
    unit.flush();
    References.requireTargets(locals, repository);
    for (Step step : steps) {
      if (step.method == HTTPVerb.GET) {
        at(step, () -> step.response = readEntry(step));
      }
    }
    Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
    for (Step step : steps) {
      BundleEntryComponent out = response.addEntry().setResponse(step.response);
      if (step.method == HTTPVerb.GET) {
        out.setResource(step.entry.getResource());
      }
    }
    return response;
  }

  /** A GET entry, if the caller's scopes allow reading (or searching) its type. */
  private BundleEntryResponseComponent readEntry(Step step) {
    String url = step.entry.getRequest().getUrl();
    boolean search = ConditionalMatcher.split(url) != null;
    String type = url.split("[/?]", 2)[0];
    org.hutong.access.Caller caller = unit.guard().caller();
    org.hutong.access.Interaction interaction = search ? org.hutong.access.Interaction.SEARCH : org.hutong.access.Interaction.READ;
    if (!caller.permits(type, interaction)) {
      throw new ForbiddenOperationException(
          "Bundle.entry[" + step.index + "]: scope or role does not allow " + interaction.name().toLowerCase() + " of " + type);
    }
    return reads.entryResponse(filter, step.entry, step.index, read::add);
  }

  /** What the bundle's GET entries returned: the caller has seen these. */
  List<org.hutong.record.internal.store.StoredResource> read() {
    return read;
  }

  /** Runs one entry's work; its errors name the entry ({@code Bundle.entry[3]: ...}). */
  private static void at(Step step, Runnable work) {
    try {
      work.run();
    } catch (BaseServerResponseException e) {
      String prefix = "Bundle.entry[" + step.index + "]";
      if (e.getMessage() != null && e.getMessage().startsWith(prefix)) {
        throw e;
      }
      BaseServerResponseException named = BaseServerResponseException.newInstance(e.getStatusCode(), prefix + ": " + e.getMessage());
      named.initCause(e);
      throw named;
    }
  }

  private Step check(int index, BundleEntryComponent entry) {
    String where = "Bundle.entry[" + index + "]";
    if (!entry.hasRequest() || !entry.getRequest().hasMethod() || !entry.getRequest().hasUrl()) {
      throw new InvalidRequestException(where + ": request.method and request.url are required");
    }
    Step step = new Step(index, entry);
    switch (step.method) {
      case POST, PUT -> {
        if (!entry.hasResource()) {
          throw new InvalidRequestException(where + ": " + step.method + " needs a resource");
        }
        step.type = entry.getResource().fhirType();
      }
      case DELETE, GET, HEAD -> {}
      default -> throw new InvalidRequestException(where + ": method " + step.method + " is not supported in bundles");
    }
    return step;
  }

  /** Decides the id every POST and PUT will have and whether it already exists. */
  private void plan(Step step) {
    String where = "Bundle.entry[" + step.index + "]";
    String url = step.entry.getRequest().getUrl();
    switch (step.method) {
      case POST -> {
        if (!url.equals(step.type) && !url.startsWith(step.type + "?")) {
          throw new InvalidRequestException(where + ": POST to '" + url + "' does not match resource type " + step.type);
        }
        String condition = step.entry.getRequest().getIfNoneExist();
        if (condition != null && !condition.isBlank()) {
          List<String> ids = matcher.match(filter, step.type, ConditionalMatcher.queryOf(condition));
          if (ids.size() > 1) {
            throw WriteUnit.ambiguous(condition, ids.size());
          }
          if (ids.size() == 1) {
            step.id = ids.getFirst();
            step.existing = true;
          }
        }
        if (step.id == null) {
          step.id = unit.newId();
        }
      }
      case PUT -> {
        String[] conditional = ConditionalMatcher.split(url);
        if (conditional != null) {
          List<String> ids = matcher.match(filter, step.type, conditional[1]);
          if (ids.size() > 1) {
            throw WriteUnit.ambiguous(url, ids.size());
          }
          step.id = ids.isEmpty() ? clientIdOr(step.entry.getResource(), unit.newId()) : ids.getFirst();
        } else {
          IdType id = new IdType(url);
          if (!step.type.equals(id.getResourceType()) || !id.hasIdPart()) {
            throw new InvalidRequestException(where + ": PUT to '" + url + "' does not name a " + step.type);
          }
          step.id = id.getIdPart();
        }
      }
      case DELETE -> {
        String[] conditional = ConditionalMatcher.split(url);
        if (conditional != null) {
          step.type = conditional[0];
          List<String> ids = matcher.match(filter, step.type, conditional[1]);
          if (ids.size() > 1) {
            throw WriteUnit.ambiguous(url, ids.size());
          }
          step.id = ids.isEmpty() ? null : ids.getFirst();
        } else {
          IdType id = new IdType(url);
          if (id.getResourceType() == null || !id.hasIdPart()) {
            throw new InvalidRequestException(where + ": DELETE of '" + url + "' does not name a resource");
          }
          step.type = id.getResourceType();
          step.id = id.getIdPart();
        }
      }
      default -> {}
    }
    if (step.entry.hasFullUrl() && step.id != null && step.method != HTTPVerb.DELETE) {
      placeholders.put(step.entry.getFullUrl(), step.type + "/" + step.id);
    }
  }

  private void execute(Step step) {
    WriteOutcome outcome;
    switch (step.method) {
      case POST -> {
        if (step.existing) {
          step.response = new BundleEntryResponseComponent().setStatus("200 OK").setLocation(step.type + "/" + step.id);
          return;
        }
        outcome = unit.create(step.entry.getResource(), step.id);
      }
      case PUT -> outcome = unit.update(step.entry.getResource(), step.id, ifMatch(step.entry.getRequest().getIfMatch()));
      case DELETE -> {
        if (step.id != null) {
          unit.delete(step.type, step.id);
        }
        step.response = new BundleEntryResponseComponent().setStatus("204 No Content");
        return;
      }
      default -> {
        return;
      }
    }
    step.response =
        new BundleEntryResponseComponent()
            .setStatus(outcome.created() ? "201 Created" : "200 OK")
            .setLocation(outcome.versionedReference())
            .setEtag("W/\"" + outcome.version() + "\"")
            .setLastModified(java.util.Date.from(outcome.updated()));
  }

  /** Maps a reference to what it stands for: an entry placeholder, or a conditional reference. */
  private String resolve(String reference) {
    String placeholder = placeholders.get(reference);
    if (placeholder != null) {
      return placeholder;
    }
    if (reference.startsWith("urn:uuid:") || reference.startsWith("urn:oid:")) {
      throw new InvalidRequestException("Reference '" + reference + "' does not match any entry's fullUrl in the bundle");
    }
    String[] conditional = ConditionalMatcher.split(reference);
    if (conditional == null) {
      return reference;
    }
    return conditionalReferences.computeIfAbsent(
        reference,
        r -> {
          List<String> ids = matcher.match(filter, conditional[0], conditional[1]);
          if (ids.size() != 1) {
            throw new PreconditionFailedException(
                "Conditional reference '" + r + "' matches " + (ids.isEmpty() ? "no" : "several") + " resources; it must match exactly one");
          }
          return conditional[0] + "/" + ids.getFirst();
        });
  }

  /**
   * The id the client gave the resource, when it gave a real one (a parser fills the id from a
   * {@code urn:uuid:} fullUrl; that is not an id), else the fallback.
   */
  static String clientIdOr(org.hl7.fhir.instance.model.api.IBaseResource resource, String fallback) {
    org.hl7.fhir.instance.model.api.IIdType id = resource.getIdElement();
    if (id == null || !id.hasIdPart() || (id.getValue() != null && id.getValue().startsWith("urn:"))) {
      return fallback;
    }
    return id.getIdPart();
  }

  static Integer ifMatch(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String digits = header.replace("W/", "").replace("\"", "").trim();
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("If-Match must be an ETag like W/\"3\", not '" + header + "'");
    }
  }

  /** The response entry for a failed batch entry. */
  static BundleEntryComponent failed(BaseServerResponseException e) {
    OperationOutcome outcome = new OperationOutcome();
    outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(OperationOutcome.IssueType.PROCESSING).setDiagnostics(e.getMessage());
    BundleEntryComponent entry = new BundleEntryComponent();
    entry.getResponse().setStatus(e.getStatusCode() + " " + statusText(e.getStatusCode())).setOutcome(outcome);
    return entry;
  }

  private static String statusText(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      case 412 -> "Precondition Failed";
      case 422 -> "Unprocessable Entity";
      default -> "Error";
    };
  }
}
