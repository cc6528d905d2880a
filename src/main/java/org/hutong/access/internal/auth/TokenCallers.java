package org.hutong.access.internal.auth;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hutong.access.Caller;
import org.hutong.access.Purpose;
import org.hutong.access.Role;
import org.hutong.access.Scopes;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * Turns a validated token into the {@link Caller} it stands for. A token without a known role
 * grants nothing and is refused (401), as is one whose claims contradict each other.
 */
final class TokenCallers implements Converter<Jwt, AbstractAuthenticationToken> {

  @Override
  public AbstractAuthenticationToken convert(Jwt token) {
    String roleCode = token.getClaimAsString(TokenClaims.ROLE);
    if (roleCode == null) {
      throw new InvalidBearerTokenException("The token carries no role");
    }
    Role role;
    try {
      role = Role.of(roleCode);
    } catch (IllegalArgumentException e) {
      throw new InvalidBearerTokenException("The token carries an unknown role");
    }
    String client = firstNonNull(token.getClaimAsString("client_id"), token.getClaimAsString("azp"), token.getSubject());
    Boolean personClaim = token.getClaimAsBoolean(TokenClaims.PERSON);
    boolean person = personClaim != null ? personClaim : !token.getSubject().equals(client);
    Set<String> patients = new LinkedHashSet<>();
    List<String> listed = token.getClaimAsStringList("patients");
    if (listed != null) {
      patients.addAll(listed);
    }
    String patient = token.getClaimAsString(TokenClaims.PATIENT);
    if (patient != null) {
      patients.add(patient);
    }
    if (role == Role.RESIDENT && patients.isEmpty()) {
      throw new InvalidBearerTokenException("A resident's token names no patient");
    }
    Caller caller =
        new Caller(
            token.getSubject(),
            client,
            person,
            role,
            token.getClaimAsString(TokenClaims.ORGANIZATION),
            patients,
            scopes(token.getClaims().get("scope"), token.getClaims().get("scp")),
            Purpose.TREATMENT,
            null);
    return new CallerAuthentication(caller, token);
  }

  private static Scopes scopes(Object... claims) {
    for (Object claim : claims) {
      if (claim instanceof String text) {
        return Scopes.parse(text);
      }
      if (claim instanceof Collection<?> list) {
        return Scopes.of(list.stream().map(String::valueOf).toList());
      }
    }
    return Scopes.none();
  }

  private static String firstNonNull(String... values) {
    for (String value : values) {
      if (value != null) {
        return value;
      }
    }
    return null;
  }
}
