package org.hutong.quality.internal.rules;

import java.time.Duration;
import java.time.Instant;
import org.hl7.fhir.r4.model.Resource;

/**
 * {@code timeliness}: the record arrived no later than {@code threshold} after its clinical event
 * (the time at {@code path}: Encounter.period start, Observation.effective, …). The same path gives
 * the event time stored with every assessment, from which delays are reported.
 */
public record Timeliness(ElementPath path, Duration threshold) implements Check {

  @Override
  public void check(Resource resource, Instant stored, Problems problems) {
    Instant event = eventTime(resource);
    if (event != null && Duration.between(event, stored).compareTo(threshold) > 0) {
      problems.add(path.toString(), "arrived more than " + threshold.toHours() + " h after the event");
    }
  }

  /** The clinical event's time, or null when the record has none. */
  public Instant eventTime(Resource resource) {
    return Times.of(path.first(resource), false);
  }
}
