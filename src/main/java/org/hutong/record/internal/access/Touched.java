package org.hutong.record.internal.access;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hutong.access.AccessEvent;
import org.hutong.access.Caller;
import org.hutong.record.internal.store.StoredResource;

/**
 * What one access read or wrote, as its audit record names it: every patient concerned, and the
 * first {@value #MAX_NAMED} resources (a large search still leaves a record of bounded size).
 */
public final class Touched {

  static final int MAX_NAMED = 500;

  private final List<String> resources = new ArrayList<>();
  private final Set<String> patients = new LinkedHashSet<>();

  public Touched add(String reference, String patientId) {
    if (resources.size() < MAX_NAMED) {
      resources.add(reference);
    }
    if (patientId != null) {
      patients.add(patientId);
    }
    return this;
  }

  public Touched add(StoredResource resource) {
    return add(resource.type() + "/" + resource.id(), resource.patientId());
  }

  public Touched addAll(Iterable<StoredResource> resources) {
    resources.forEach(this::add);
    return this;
  }

  /** The audit record of the access having succeeded. */
  public AccessEvent succeeded(Caller caller, char action, String operation, String type, String query) {
    return new AccessEvent(caller, null, action, operation, AccessEvent.Outcome.SUCCESS, type, resources, patients, query, null);
  }
}
