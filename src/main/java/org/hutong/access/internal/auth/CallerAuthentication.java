package org.hutong.access.internal.auth;

import java.util.List;
import org.hutong.access.Caller;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/** A request authenticated by a valid token, with the caller it stands for. */
final class CallerAuthentication extends AbstractAuthenticationToken {

  private final Caller caller;
  private final Jwt token;

  CallerAuthentication(Caller caller, Jwt token) {
    super(List.of(new SimpleGrantedAuthority("ROLE_" + caller.role().name())));
    this.caller = caller;
    this.token = token;
    setAuthenticated(true);
  }

  Caller caller() {
    return caller;
  }

  @Override
  public Object getCredentials() {
    return token;
  }

  @Override
  public Object getPrincipal() {
    return caller.subject();
  }
}
