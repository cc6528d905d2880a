/**
 * Who may do what, and the trace of what they did: authentication (OAuth 2.0 / OpenID Connect,
 * SMART on FHIR), roles and SMART v2 scopes, the region's consent policy, the tamper-evident audit
 * trail and the protection of personal identifiers at rest.
 *
 * <p>Other modules see a {@link org.hutong.access.Caller} for every request (never a
 * thread-local: it is passed along), ask it what it may see ({@link
 * org.hutong.access.Caller#visibility()}), record what it did through {@link
 * org.hutong.access.AuditTrail}, and seal identifiers with {@link
 * org.hutong.access.PersonalIdentifiers}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Access")
package org.hutong.access;
