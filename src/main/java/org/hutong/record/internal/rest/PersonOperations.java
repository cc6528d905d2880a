package org.hutong.record.internal.rest;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hutong.access.Caller;
import org.hutong.access.Interaction;
import org.hutong.access.Role;
import org.hutong.identity.PersonIndex;
import org.hutong.record.internal.access.RowFilter;
import org.hutong.record.internal.search.SearchQuery;
import org.hutong.record.internal.search.SearchQueryParser;
import org.hutong.record.internal.search.SearchService;
import org.hutong.record.internal.store.StoredResource;

/**
 * The master patient index over FHIR, on Patient: IHE PIXm ({@code $ihe-pix}), PDQm
 * ({@code $match}, ITI-119), and stewardship ({@code $person}, {@code $person-merge},
 * {@code $person-unmerge}, {@code $person-split}, {@code $person-review},
 * {@code $person-review-decide}). Whatever Patient records these show pass the caller's row filter
 * and are audited; stewardship is for administrators and is audited with who and why.
 */
final class PersonOperations {

  static final String MATCH_GRADE = "http://hl7.org/fhir/StructureDefinition/match-grade";
  private static final int MAX_MATCHES = 100;

  private final RestServices services;
  private final PersonIndex persons;
  private final SearchQueryParser parser;
  private final SearchService search;

  PersonOperations(RestServices services, PersonIndex persons, SearchQueryParser parser, SearchService search) {
    this.services = services;
    this.persons = persons;
    this.parser = parser;
    this.search = search;
  }

  // ------------------------------------------------------------- PIXm (ITI-83)

  Parameters pix(RequestDetails request, String sourceIdentifier, List<String> targetSystems) {
    Caller caller = services.access().caller(request);
    services.access().require(caller, "Patient", Interaction.READ, "ihe-pix");
    if (sourceIdentifier == null || !sourceIdentifier.contains("|") || sourceIdentifier.startsWith("|") || sourceIdentifier.endsWith("|")) {
      throw new InvalidRequestException("sourceIdentifier must be system|value");
    }
    RowFilter filter = services.access().filter(caller);
    SearchQuery query = parser.parse("Patient", Map.of("identifier", new String[] {sourceIdentifier}), false);
    List<StoredResource> sources = search.search(filter, query, 50).page(0, 50);
    if (sources.isEmpty()) {
      services.access().read(caller, "ihe-pix", "Patient", List.of(), request.getCompleteUrl());
      throw new ResourceNotFoundException("sourceIdentifier: no Patient with this identifier is known (or visible to you)");
    }
    String system = sourceIdentifier.substring(0, sourceIdentifier.indexOf('|'));
    String value = sourceIdentifier.substring(sourceIdentifier.indexOf('|') + 1);
    Map<String, StoredResource> records = new LinkedHashMap<>();
    for (StoredResource source : sources) {
      for (String id : persons.samePerson(source.id())) {
        records.computeIfAbsent(id, k -> visible(filter, k));
      }
      records.putIfAbsent(source.id(), source);
    }
    Parameters out = new Parameters();
    List<StoredResource> shown = new ArrayList<>();
    for (StoredResource stored : records.values()) {
      if (stored == null) {
        continue;
      }
      Patient patient = (Patient) services.reads().decode(stored);
      boolean added = false;
      for (Identifier identifier : patient.getIdentifier()) {
        boolean theSource = system.equals(identifier.getSystem()) && value.equals(identifier.getValue());
        if (!theSource && (targetSystems.isEmpty() || targetSystems.contains(identifier.getSystem()))) {
          out.addParameter().setName("targetIdentifier").setValue(new Identifier().setUse(identifier.getUse())
              .setSystem(identifier.getSystem()).setValue(identifier.getValue()));
          added = true;
        }
      }
      if (added || targetSystems.isEmpty()) {
        out.addParameter().setName("targetId").setValue(new Reference("Patient/" + stored.id()));
        shown.add(stored);
      }
    }
    services.access().read(caller, "ihe-pix", "Patient", shown, request.getCompleteUrl());
    return out;
  }

  // ------------------------------------------------------------- PDQm $match (ITI-119)

  Bundle match(RequestDetails request, Patient patient, Boolean onlyCertain, Integer count) {
    Caller caller = services.access().caller(request);
    services.access().require(caller, "Patient", Interaction.SEARCH, "match");
    if (patient == null) {
      throw new InvalidRequestException("$match needs a Patient in the parameter 'resource'");
    }
    int wanted = count == null ? 10 : count;
    if (wanted < 1 || wanted > MAX_MATCHES) {
      throw new InvalidRequestException("count must be between 1 and " + MAX_MATCHES);
    }
    RowFilter filter = services.access().filter(caller);
    List<PersonIndex.Candidate> candidates = persons.match(patient, MAX_MATCHES);
    if (Boolean.TRUE.equals(onlyCertain)) {
      List<PersonIndex.Candidate> certain = candidates.stream().filter(c -> c.grade().equals("certain")).toList();
      candidates = certain.size() == 1 ? certain : List.of();
    }
    Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
    List<StoredResource> shown = new ArrayList<>();
    for (PersonIndex.Candidate c : candidates) {
      if (shown.size() == wanted) {
        break;
      }
      StoredResource stored = visible(filter, c.patientId());
      if (stored == null) {
        continue;
      }
      shown.add(stored);
      Bundle.BundleEntryComponent entry = bundle.addEntry();
      entry.setFullUrl(request.getFhirServerBase() + "/Patient/" + stored.id());
      entry.setResource((Patient) services.reads().decode(stored));
      entry.getSearch().setMode(Bundle.SearchEntryMode.MATCH).setScore(Math.round(c.probability() * 10000) / 10000.0);
      entry.getSearch().addExtension(MATCH_GRADE, new CodeType(c.grade()));
    }
    bundle.setTotal(shown.size());
    services.access().read(caller, "match", "Patient", shown, null);
    return bundle;
  }

  // ------------------------------------------------------------- the person of a record

  Parameters person(RequestDetails request, String patientId) {
    Caller caller = services.access().caller(request);
    services.access().require(caller, "Patient", Interaction.READ, "person");
    RowFilter filter = services.access().filter(caller);
    StoredResource self = services.reads().readStored(filter, "Patient", patientId);
    long person = persons.personOf(patientId).orElseThrow(() -> new ResourceNotFoundException("Patient/" + patientId + " is not in the person index"));
    Parameters out = new Parameters();
    out.addParameter().setName("person").setValue(new StringType(Long.toString(person)));
    List<StoredResource> shown = new ArrayList<>(List.of(self));
    for (String id : persons.samePerson(patientId)) {
      StoredResource stored = id.equals(patientId) ? self : visible(filter, id);
      if (stored != null) {
        out.addParameter().setName("record").setValue(new Reference("Patient/" + id));
        if (stored != self) {
          shown.add(stored);
        }
      }
    }
    persons.findings(patientId).forEach(f -> out.addParameter().setName("finding").setValue(new StringType(f)));
    if (caller.role() == Role.ADMINISTRATOR) {
      for (PersonIndex.Event e : persons.history(person)) {
        Parameters.ParametersParameterComponent event = out.addParameter().setName("event");
        event.addPart().setName("id").setValue(new IntegerType(Math.toIntExact(e.id())));
        event.addPart().setName("at").setValue(new InstantType(java.util.Date.from(e.at())));
        event.addPart().setName("actor").setValue(new StringType(e.actor()));
        event.addPart().setName("action").setValue(new CodeType(e.action()));
        event.addPart().setName("person").setValue(new StringType(Long.toString(e.personId())));
        if (e.otherPersonId() != null) {
          event.addPart().setName("otherPerson").setValue(new StringType(Long.toString(e.otherPersonId())));
        }
        e.patientIds().forEach(id -> event.addPart().setName("record").setValue(new Reference("Patient/" + id)));
        if (e.reason() != null) {
          event.addPart().setName("reason").setValue(new StringType(e.reason()));
        }
        if (e.probability() != null) {
          event.addPart().setName("probability").setValue(new DecimalType(e.probability()));
        }
      }
    }
    services.access().read(caller, "person", "Patient", shown, null);
    return out;
  }

  // ------------------------------------------------------------- stewardship

  Parameters merge(RequestDetails request, String patient, String into, String reason) {
    Caller caller = steward(request, "person-merge");
    String a = patientId(patient, "patient");
    String b = patientId(into, "into");
    return outcome(change(caller, "person-merge", List.of(a, b), () -> persons.merge(a, b, caller.subject(), required(reason))));
  }

  Parameters unmerge(RequestDetails request, String patient, String reason) {
    Caller caller = steward(request, "person-unmerge");
    String a = patientId(patient, "patient");
    return outcome(change(caller, "person-unmerge", List.of(a), () -> persons.unmerge(a, caller.subject(), required(reason))));
  }

  Parameters split(RequestDetails request, String patient, String reason) {
    Caller caller = steward(request, "person-split");
    String a = patientId(patient, "patient");
    return outcome(change(caller, "person-split", List.of(a), () -> persons.split(a, caller.subject(), required(reason))));
  }

  Parameters reviews(RequestDetails request, Integer count) {
    Caller caller = steward(request, "person-review");
    Parameters out = new Parameters();
    List<String> concerned = new ArrayList<>();
    for (PersonIndex.Review r : persons.openReviews(count == null ? 50 : Math.max(1, Math.min(count, 500)))) {
      Parameters.ParametersParameterComponent item = out.addParameter().setName("item");
      item.addPart().setName("id").setValue(new IntegerType(Math.toIntExact(r.id())));
      item.addPart().setName("patient").setValue(new Reference("Patient/" + r.patientId()));
      item.addPart().setName("candidate").setValue(new Reference("Patient/" + r.candidatePatientId()));
      item.addPart().setName("probability").setValue(new DecimalType(r.probability()));
      item.addPart().setName("opened").setValue(new InstantType(java.util.Date.from(r.opened())));
      concerned.add(r.patientId());
      concerned.add(r.candidatePatientId());
    }
    services.access().readPatients(caller, "person-review", concerned);
    return out;
  }

  Parameters decide(RequestDetails request, Integer item, String decision, String reason) {
    Caller caller = steward(request, "person-review-decide");
    if (item == null) {
      throw new InvalidRequestException("item: the review item's id is required");
    }
    if (!Set.of("same", "different").contains(decision)) {
      throw new InvalidRequestException("decision must be 'same' or 'different'");
    }
    return outcome(change(caller, "person-review-decide", List.of(),
        () -> persons.decide(item, decision.equals("same"), caller.subject(), reason)));
  }

  private List<PersonIndex.Membership> change(Caller caller, String operation, List<String> concerned, Supplier<List<PersonIndex.Membership>> change) {
    try {
      return services.writes().persons(caller, operation, concerned, change);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage());
    } catch (IllegalStateException e) {
      throw new UnprocessableEntityException(e.getMessage());
    }
  }

  private static Parameters outcome(List<PersonIndex.Membership> changed) {
    Parameters out = new Parameters();
    out.addParameter().setName("changed").setValue(new BooleanType(!changed.isEmpty()));
    for (PersonIndex.Membership m : changed) {
      Parameters.ParametersParameterComponent p = out.addParameter().setName("membership");
      p.addPart().setName("record").setValue(new Reference("Patient/" + m.patientId()));
      p.addPart().setName("person").setValue(new StringType(Long.toString(m.personId())));
    }
    return out;
  }

  private Caller steward(RequestDetails request, String operation) {
    Caller caller = services.access().caller(request);
    if (caller.role() != Role.ADMINISTRATOR) {
      services.access().refused(caller, operation, "Patient", "only administrators change the person index");
      throw new ForbiddenOperationException("Access denied: only administrators may " + operation.replace('-', ' '));
    }
    return caller;
  }

  private static String required(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new InvalidRequestException("reason: say why (it is kept in the person's history)");
    }
    if (reason.length() > 1000) {
      throw new InvalidRequestException("reason: at most 1,000 characters");
    }
    return reason.strip();
  }

  /** A Patient id from {@code Patient/x} or {@code x}. */
  private static String patientId(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(name + ": a Patient reference is required");
    }
    String id = value.startsWith("Patient/") ? value.substring(8) : value;
    if (!org.hutong.record.internal.ResourceTypes.isId(id)) {
      throw new InvalidRequestException(name + ": '" + (value.length() > 80 ? value.substring(0, 80) + "…" : value) + "' is not a Patient reference");
    }
    return id;
  }

  /** The Patient if the caller may see it, else null. */
  private StoredResource visible(RowFilter filter, String patientId) {
    try {
      return services.reads().readStored(filter, "Patient", patientId);
    } catch (BaseServerResponseException e) {
      return null;
    }
  }
}
