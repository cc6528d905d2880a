package org.hutong.access.internal.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits how fast one network address may present credentials: a password at {@code POST /login},
 * a client secret or an authorisation code at {@code POST /oauth2/token}. These requests are
 * answered inside Spring Security's filter chain, before {@link RateLimit} would see them, so this
 * filter runs ahead of it with a much lower limit of its own ({@code
 * hutong.access.rate-limit.sign-in}) against guessing.
 */
final class SignInLimit extends OncePerRequestFilter {

  private static final Set<String> PATHS = Set.of("/login", "/oauth2/token", "/oauth2/introspect", "/oauth2/revoke");

  private final TokenBuckets addresses;

  SignInLimit(TokenBuckets addresses) {
    this.addresses = addresses;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"POST".equals(request.getMethod()) || !PATHS.contains(request.getRequestURI().substring(request.getContextPath().length()));
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    TokenBuckets.Decision decision = addresses.take(RateLimit.addressKey(request.getRemoteAddr()));
    if (decision.allowed()) {
      chain.doFilter(request, response);
    } else {
      RateLimit.refuse(response, decision);
    }
  }
}
