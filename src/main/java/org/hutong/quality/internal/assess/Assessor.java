package org.hutong.quality.internal.assess;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Resource;
import org.hutong.quality.internal.rules.RuleCatalogue;

/** Runs the catalogue's rules of a resource's type on it. Pure: no database, no clock. */
public final class Assessor {

  private final RuleCatalogue catalogue;

  public Assessor(RuleCatalogue catalogue) {
    this.catalogue = catalogue;
  }

  Assessment assess(String type, Resource resource, Instant stored) {
    List<Assessment.Found> found = new ArrayList<>(0);
    int[] failed = {0};
    for (RuleCatalogue.Bound bound : catalogue.forType(type)) {
      bound.check().check(resource, stored, (path, detail) -> {
        found.add(new Assessment.Found(bound.rule(), path, detail));
        if (bound.rule().severity().scored()) {
          failed[0] |= bound.rule().dimension().bit();
        }
      });
    }
    return new Assessment(catalogue.eventTime(type, resource), failed[0], found);
  }

  public RuleCatalogue catalogue() {
    return catalogue;
  }
}
