package org.hutong.quality.internal.rules;

import java.time.Instant;
import org.hl7.fhir.r4.model.Resource;

/** One check kind bound to a rule's parameters: the generic code behind many rules. */
public interface Check {

  /**
   * Checks a resource as stored.
   *
   * @param resource the resource (clear, as written; never changed here)
   * @param stored when it arrived, for timeliness
   * @param problems where each failure goes, with the element path and a short non-personal detail
   */
  void check(Resource resource, Instant stored, Problems problems);

  /** Receives a check's failures. The detail never carries personal values. */
  @FunctionalInterface
  interface Problems {
    void add(String path, String detail);
  }
}
