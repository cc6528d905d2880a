package org.hutong.access.internal.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The security headers of every response, set before anything else runs so that errors, refusals
 * (413, 429) and FHIR responses all carry them. Covers what Spring Security's header writer would
 * add, so that writer can be turned off instead of competing with this one.
 *
 * <p>{@code Cache-Control: no-store} goes on every response: FHIR responses, tokens and (later)
 * portal pages carry personal data, which must not sit in a browser or proxy cache. A handler that
 * serves something cacheable (a static asset) may set its own {@code Cache-Control} over it.
 */
final class SecurityHeaders extends OncePerRequestFilter {

  /** Fit for an API and for server-rendered pages that load their scripts and styles from here. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

  /** A year, the minimum the HSTS preload list asks for. */
  static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.setHeader("Cache-Control", "no-store");
    // the browsers' old XSS auditors caused more leaks than they stopped; OWASP says switch them off
    response.setHeader("X-XSS-Protection", "0");
    // only over TLS: on plain HTTP the header is ignored by browsers and would be a lie (RFC 6797)
    if (request.isSecure()) {
      response.setHeader("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
    }
    chain.doFilter(request, new WithoutProductVersion(response));
  }

  /** Drops HAPI's {@code X-Powered-By}, which tells an attacker the exact library version to look up. */
  private static final class WithoutProductVersion extends HttpServletResponseWrapper {

    WithoutProductVersion(HttpServletResponse response) {
      super(response);
    }

    @Override
    public void setHeader(String name, String value) {
      if (!"X-Powered-By".equalsIgnoreCase(name)) {
        super.setHeader(name, value);
      }
    }

    @Override
    public void addHeader(String name, String value) {
      if (!"X-Powered-By".equalsIgnoreCase(name)) {
        super.addHeader(name, value);
      }
    }
  }
}
