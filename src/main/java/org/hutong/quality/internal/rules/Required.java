package org.hutong.quality.internal.rules;

import java.time.Instant;
import org.hl7.fhir.r4.model.Resource;

/** {@code required}: the element at {@code path} is present (completeness). */
record Required(ElementPath path) implements Check {

  @Override
  public void check(Resource resource, Instant stored, Problems problems) {
    if (path.first(resource) == null) {
      problems.add(path.toString(), "missing");
    }
  }
}
