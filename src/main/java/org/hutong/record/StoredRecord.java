package org.hutong.record;

import java.time.Instant;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * One resource version as stored: what a {@link RecordListener} is shown.
 *
 * @param type the resource type
 * @param id the logical id
 * @param version the version just written
 * @param resource the resource as stored (do not change it)
 * @param organization the institution the record belongs to (its writer's Organization id), or null
 * @param patientId the Patient id the record is about (its own id for a Patient), or null
 * @param stored when it was stored: the arrival time for timeliness
 * @param caller the subject of the caller who wrote it (a user, a system client, {@code mllp:SENDER})
 */
public record StoredRecord(
    String type, String id, int version, IBaseResource resource, String organization, String patientId, Instant stored, String caller) {}
