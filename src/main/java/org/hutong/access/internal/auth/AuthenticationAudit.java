package org.hutong.access.internal.auth;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.hutong.access.AccessEvent;
import org.hutong.access.AuditTrail;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * Every login, token issued and refused authentication leaves an audit record (IHE BALP "User
 * Authentication"). The handlers wrap Spring's own, which still write the responses. A login or
 * token whose audit record cannot be written fails: the exception propagates and the client gets
 * an error instead of a session or token.
 */
final class AuthenticationAudit {

  private final AuditTrail trail;

  AuthenticationAudit(AuditTrail trail) {
    this.trail = trail;
  }

  /** 401 for a FHIR request without a valid token, audited as a failed access. */
  AuthenticationEntryPoint entryPoint(AuthenticationEntryPoint delegate) {
    return (request, response, exception) -> {
      boolean tokenSent = request.getHeader("Authorization") != null;
      failure(request, "access", tokenSent ? "invalid or expired token" : "no token");
      delegate.commence(request, response, exception);
    };
  }

  AuthenticationSuccessHandler tokenIssued(AuthenticationSuccessHandler delegate) {
    return (request, response, authentication) -> {
      String who = authentication.getName();
      if (authentication instanceof OAuth2AccessTokenAuthenticationToken token) {
        who = token.getRegisteredClient().getClientId();
        Object user = token.getAdditionalParameters().get("username");
        if (user != null) {
          who = who + " for " + user;
        }
      }
      trail.record(new AccessEvent(null, who, 'E', "token", AccessEvent.Outcome.SUCCESS, null, null, null, null, null));
      delegate.onAuthenticationSuccess(request, response, authentication);
    };
  }

  AuthenticationFailureHandler tokenRefused(AuthenticationFailureHandler delegate) {
    return (request, response, exception) -> {
      failure(request, "token", "token request refused: " + safe(exception));
      delegate.onAuthenticationFailure(request, response, exception);
    };
  }

  AuthenticationSuccessHandler loggedIn(AuthenticationSuccessHandler delegate) {
    return (HttpServletRequest request, HttpServletResponse response, Authentication authentication) -> {
      trail.record(new AccessEvent(null, authentication.getName(), 'E', "login", AccessEvent.Outcome.SUCCESS, null, null, null, null, null));
      delegate.onAuthenticationSuccess(request, response, authentication);
    };
  }

  AuthenticationFailureHandler loginRefused(AuthenticationFailureHandler delegate) {
    return (request, response, exception) -> {
      failure(request, "login", "login refused");
      delegate.onAuthenticationFailure(request, response, exception);
    };
  }

  private void failure(HttpServletRequest request, String operation, String detail) throws IOException, ServletException {
    String claimed = request.getParameter("username");
    if (claimed == null) {
      claimed = request.getParameter("client_id");
    }
    trail.record(
        new AccessEvent(
            null,
            claimed == null ? "unknown from " + request.getRemoteAddr() : claimed,
            'E',
            operation,
            AccessEvent.Outcome.MINOR_FAILURE,
            null,
            null,
            null,
            null,
            detail));
  }

  /** The OAuth error code only: descriptions may echo what the client sent. */
  private static String safe(AuthenticationException exception) {
    if (exception instanceof org.springframework.security.oauth2.core.OAuth2AuthenticationException oauth) {
      return oauth.getError().getErrorCode();
    }
    return exception.getClass().getSimpleName();
  }
}
