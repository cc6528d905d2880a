package org.hutong.access.internal.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.hutong.access.Caller;
import org.hutong.access.Purpose;
import org.hutong.access.Role;
import org.hutong.access.Scopes;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the {@link Caller} of a person logged in to the web pages (a session from the login form) on
 * the request, as {@link CallerBinding} does for tokens: the pages then go through the same access
 * decisions and audit as the FHIR API. The account is read again on every request, so a disabled
 * account or a changed role takes effect at once.
 */
final class SessionCallers extends OncePerRequestFilter {

  /** What a person may do through the pages: the role's ceiling ({@link Role#allows}) still applies. */
  private static final Scopes USER = Scopes.parse("user/*.cruds");

  private static final Scopes RESIDENT = Scopes.parse("patient/*.rs patient/Consent.cruds");

  private final JdbcAccounts accounts;

  SessionCallers(JdbcAccounts accounts) {
    this.accounts = accounts;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication != null
        && authentication.isAuthenticated()
        && !(authentication instanceof AnonymousAuthenticationToken)
        && request.getAttribute(Caller.ATTRIBUTE) == null) {
      PersonDetails person = accounts.person(authentication.getName());
      if (person != null && person.enabled()) {
        Caller caller =
            new Caller(
                person.username(),
                "web",
                true,
                person.role(),
                person.organization(),
                person.patients(),
                person.role() == Role.RESIDENT ? RESIDENT : USER,
                Purpose.TREATMENT,
                request.getRemoteAddr());
        request.setAttribute(Caller.ATTRIBUTE, caller);
      }
    }
    chain.doFilter(request, response);
  }
}
