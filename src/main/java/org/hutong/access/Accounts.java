package org.hutong.access;

import java.util.Set;

/**
 * Enrolment of the people and systems who may use the platform: person accounts (who log in with
 * the authorisation code flow) and OAuth clients of institution systems and tools (who use client
 * credentials).
 */
public interface Accounts {

  /** A registered client: its secret is shown once and stored only as a hash. */
  record ClientCredentials(String clientId, String clientSecret, Role role, String organization, String scopes) {}

  /**
   * Creates or replaces a person's account.
   *
   * @param organization the logical id of their Organization (clinicians, pharmacists), or null
   * @param patients the Patient ids a resident is or acts for (empty for staff)
   */
  void enrolPerson(String username, String password, Role role, String organization, Set<String> patients, String displayName);

  /** Whether a person account exists. */
  boolean hasPerson(String username);

  /**
   * Registers an OAuth client for the client-credentials grant with a new random secret.
   *
   * @param name the client's name; the client id is derived from it and must be new
   * @param scopes the SMART scopes it may request, e.g. {@code system/*.cruds}
   * @throws IllegalArgumentException when the name is taken or the scopes are not SMART scopes
   */
  ClientCredentials registerClient(String name, Role role, String organization, String scopes);

  /** Registers a client with a secret chosen by the caller (demo clients with printed secrets). */
  ClientCredentials registerClient(String name, Role role, String organization, String scopes, String secret);

  /** Whether a client with this id exists. */
  boolean hasClient(String clientId);

  /**
   * The accounts of a database a command opened itself ({@code hutong client add} works whether or
   * not the server runs), with the default token lifetime.
   */
  static Accounts over(javax.sql.DataSource dataSource) {
    return org.hutong.access.internal.auth.OfflineAccess.accounts(dataSource, AccessProperties.defaults());
  }
}
