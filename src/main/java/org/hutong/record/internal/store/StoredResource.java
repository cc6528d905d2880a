package org.hutong.record.internal.store;

import java.time.Instant;

/**
 * One version of a resource as the repository holds it; {@code content} is null when deleted.
 * {@code patientId} is whose record it is, {@code orgId} the institution that wrote it.
 */
public record StoredResource(
    long pk, String type, String id, int version, Instant updated, boolean deleted, String content, String patientId, String orgId) {}
