package org.hutong.access.internal.auth;

import java.util.List;
import org.hutong.access.AccessProperties;
import org.hutong.access.Role;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * What a Hutong token says about its holder, beyond the standard claims: {@code role}, {@code
 * organization} (institution), the SMART {@code patient} context and {@code fhirUser} for
 * residents, and the platform's audience. For a person the claims come from their account; for a
 * client-credentials system from its registration.
 */
final class TokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

  static final String ROLE = "role";
  static final String ORGANIZATION = "organization";
  static final String PATIENT = "patient";
  static final String FHIR_USER = "fhirUser";
  static final String PERSON = "person";

  private final AccessProperties properties;
  private final JdbcAccounts accounts;

  TokenClaims(AccessProperties properties, JdbcAccounts accounts) {
    this.properties = properties;
    this.accounts = accounts;
  }

  @Override
  public void customize(JwtEncodingContext context) {
    boolean accessToken = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
    boolean idToken = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
    if (!accessToken && !idToken) {
      return;
    }
    var claims = context.getClaims();
    if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
      RegisteredClient client = context.getRegisteredClient();
      claims.claim(ROLE, (String) client.getClientSettings().getSetting(JdbcAccounts.ROLE_SETTING));
      String organization = client.getClientSettings().getSetting(JdbcAccounts.ORGANIZATION_SETTING);
      if (organization != null && !organization.isEmpty()) {
        claims.claim(ORGANIZATION, organization);
      }
      claims.claim(PERSON, false);
    } else {
      Authentication principal = context.getPrincipal();
      PersonDetails person = accounts.person(principal.getName());
      if (person == null) {
        throw new IllegalStateException("The account of a logged-in user is gone");
      }
      {
        claims.claim(ROLE, person.role().code());
        claims.claim(PERSON, true);
        claims.claim("name", person.displayName());
        if (person.organization() != null) {
          claims.claim(ORGANIZATION, person.organization());
        }
        if (person.role() == Role.RESIDENT && !person.patients().isEmpty()) {
          List<String> patients = person.patients().stream().sorted().toList();
          claims.claim(PATIENT, patients.getFirst());
          claims.claim("patients", patients);
          claims.claim(FHIR_USER, "Patient/" + patients.getFirst());
        }
      }
    }
    if (accessToken) {
      claims.audience(List.of(properties.audience()));
      // SMART: scope is one space-separated string
      claims.claim("scope", String.join(" ", context.getAuthorizedScopes()));
    }
  }
}
