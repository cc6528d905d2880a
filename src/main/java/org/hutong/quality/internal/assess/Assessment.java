package org.hutong.quality.internal.assess;

import java.time.Instant;
import java.util.List;
import org.hutong.quality.QualityRule;

/**
 * What the rules found on one stored resource version.
 *
 * @param eventTime the clinical event time, or null
 * @param failed bitmask of the dimensions with a failing scored rule
 * @param findings every failure, fatal ones included
 */
record Assessment(Instant eventTime, int failed, List<Found> findings) {

  /** One failure: the rule, the element path and a short non-personal detail. */
  record Found(QualityRule rule, String path, String detail) {}

  boolean fatal() {
    for (Found f : findings) {
      if (f.rule().severity() == org.hutong.quality.Severity.FATAL) {
        return true;
      }
    }
    return false;
  }
}
