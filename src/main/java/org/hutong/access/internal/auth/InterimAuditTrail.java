package org.hutong.access.internal.auth;

import org.hutong.access.AccessEvent;
import org.hutong.access.AuditTrail;

/** TEMPORARY until the audit trail lands: counts events. */
final class InterimAuditTrail implements AuditTrail {
  final java.util.concurrent.atomic.AtomicLong events = new java.util.concurrent.atomic.AtomicLong();

  @Override
  public void record(AccessEvent event) {
    events.incrementAndGet();
  }
}
