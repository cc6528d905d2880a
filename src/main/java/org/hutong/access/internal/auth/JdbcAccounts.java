package org.hutong.access.internal.auth;

import java.security.SecureRandom;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hutong.access.AccessProperties;
import org.hutong.access.Accounts;
import org.hutong.access.Role;
import org.hutong.access.Scopes;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/** Person accounts in {@code access.account}; OAuth clients through Spring's client repository. */
final class JdbcAccounts implements Accounts, UserDetailsService {

  /** Client settings under which a client's role and institution travel to its tokens. */
  static final String ROLE_SETTING = "hutong.role";

  static final String ORGANIZATION_SETTING = "hutong.organization";

  private static final SecureRandom random = new SecureRandom();

  private final JdbcTemplate jdbc;
  private final RegisteredClientRepository clients;
  private final PasswordEncoder passwords;
  private final AccessProperties properties;

  JdbcAccounts(JdbcTemplate jdbc, RegisteredClientRepository clients, PasswordEncoder passwords, AccessProperties properties) {
    this.jdbc = jdbc;
    this.clients = clients;
    this.passwords = passwords;
    this.properties = properties;
  }

  @Override
  public void enrolPerson(String username, String password, Role role, String organization, Set<String> patients, String displayName) {
    requireName(username, "user name");
    if (password == null || password.length() < 8) {
      throw new IllegalArgumentException("A password needs at least 8 characters");
    }
    jdbc.execute(
        (java.sql.Connection c) -> {
          try (var statement =
              c.prepareStatement(
                  """
                  INSERT INTO access.account (username, password_hash, role, organization, patients, display_name)
                  VALUES (?, ?, ?, ?, ?, ?)
                  ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role,
                    organization = excluded.organization, patients = excluded.patients, display_name = excluded.display_name
                  """)) {
            statement.setString(1, username);
            statement.setString(2, passwords.encode(password));
            statement.setString(3, role.code());
            statement.setString(4, organization);
            statement.setArray(5, c.createArrayOf("text", patients.toArray()));
            statement.setString(6, displayName);
            return statement.executeUpdate();
          }
        });
  }

  @Override
  public boolean hasPerson(String username) {
    return Boolean.TRUE.equals(jdbc.queryForObject("SELECT exists(SELECT 1 FROM access.account WHERE username = ?)", Boolean.class, username));
  }

  /**
   * The login form's view of an account: Spring's own {@code User}, because the authorisation
   * server stores the principal of a pending authorisation and reads back only types it trusts.
   */
  @Override
  public org.springframework.security.core.userdetails.UserDetails loadUserByUsername(String username) {
    PersonDetails person = person(username);
    if (person == null) {
      throw new UsernameNotFoundException("No such user");
    }
    return org.springframework.security.core.userdetails.User.withUsername(person.username())
        .password(person.passwordHash())
        .roles(person.role().name())
        .disabled(!person.enabled())
        .build();
  }

  /** The account of a user name, or null. */
  PersonDetails person(String username) {
    List<PersonDetails> found =
        jdbc.query(
            "SELECT username, password_hash, role, organization, patients, display_name, enabled FROM access.account WHERE username = ?",
            JdbcAccounts::person,
            username);
    return found.isEmpty() ? null : found.getFirst();
  }

  private static PersonDetails person(ResultSet row, int n) throws SQLException {
    Array patients = row.getArray("patients");
    Set<String> ids = new HashSet<>(List.of((String[]) patients.getArray()));
    return new PersonDetails(
        row.getString("username"),
        row.getString("password_hash"),
        Role.of(row.getString("role")),
        row.getString("organization"),
        ids,
        row.getString("display_name"),
        row.getBoolean("enabled"));
  }

  @Override
  public ClientCredentials registerClient(String name, Role role, String organization, String scopes) {
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    return registerClient(name, role, organization, scopes, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
  }

  @Override
  public ClientCredentials registerClient(String name, Role role, String organization, String scopes, String secret) {
    requireName(name, "client name");
    if (hasClient(name)) {
      throw new IllegalArgumentException("A client named '" + name + "' already exists");
    }
    Scopes parsed = Scopes.parse(scopes);
    if (parsed.asSet().isEmpty()) {
      throw new IllegalArgumentException("A client needs at least one scope, e.g. system/*.rs");
    }
    for (String scope : parsed.asSet()) {
      if (!scope.matches("(system|user|patient)/(\\*|[A-Za-z]+)\\.(c?r?u?d?s?|read|write|\\*)")) {
        throw new IllegalArgumentException("'" + scope + "' is not a SMART resource scope such as system/*.cruds or system/Observation.rs");
      }
    }
    if ((role == Role.INSTITUTION_SYSTEM || role == Role.CLINICIAN || role == Role.PHARMACIST) && (organization == null || organization.isBlank())) {
      throw new IllegalArgumentException("A " + role.code() + " client needs an organization (--organization ID)");
    }
    RegisteredClient.Builder client =
        RegisteredClient.withId(UUID.randomUUID().toString())
            .clientId(name)
            .clientName(name)
            .clientSecret(passwords.encode(secret))
            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
            .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
            .scopes(s -> s.addAll(parsed.asSet()))
            .clientSettings(
                ClientSettings.builder()
                    .setting(ROLE_SETTING, role.code())
                    .setting(ORGANIZATION_SETTING, organization == null ? "" : organization)
                    .build())
            .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(properties.tokenLifetime()).build());
    clients.save(client.build());
    return new ClientCredentials(name, secret, role, organization, parsed.toString());
  }

  @Override
  public boolean hasClient(String clientId) {
    return clients.findByClientId(clientId) != null;
  }

  /** The first-party public client people log in through: authorisation code with PKCE. */
  void ensurePublicClient(String clientId, List<String> redirectUris, String scopes) {
    if (hasClient(clientId)) {
      return;
    }
    clients.save(
        RegisteredClient.withId(UUID.randomUUID().toString())
            .clientId(clientId)
            .clientName(clientId)
            .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
            .redirectUris(uris -> uris.addAll(redirectUris))
            .scopes(s -> s.addAll(List.of(scopes.split(" "))))
            .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
            .tokenSettings(
                TokenSettings.builder().accessTokenTimeToLive(properties.tokenLifetime()).refreshTokenTimeToLive(Duration.ofHours(8)).build())
            .build());
  }

  private static void requireName(String name, String what) {
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}")) {
      throw new IllegalArgumentException("A " + what + " is 1-100 letters, digits, '.', '_', '@' or '-'");
    }
  }
}
