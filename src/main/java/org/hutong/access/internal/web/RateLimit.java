package org.hutong.access.internal.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.hutong.access.Caller;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits how fast one client may send requests: 429 with {@code Retry-After} and an
 * OperationOutcome beyond its token bucket. The authenticated caller's OAuth client is the key when
 * authentication ran before this filter and left a {@link Caller} on the request; otherwise the
 * remote address (an IPv6 address by its /64, what one subscriber usually holds).
 *
 * <p>Behind a reverse proxy the remote address is the proxy's unless Spring is told to trust its
 * {@code X-Forwarded-For} ({@code server.forward-headers-strategy=native}); see docs/security.md.
 */
final class RateLimit extends OncePerRequestFilter {

  private final TokenBuckets addresses;
  private final TokenBuckets clients;

  RateLimit(TokenBuckets addresses, TokenBuckets clients) {
    this.addresses = addresses;
    this.clients = clients;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    TokenBuckets.Decision decision =
        request.getAttribute(Caller.ATTRIBUTE) instanceof Caller caller
            ? clients.take(caller.client() != null ? caller.client() : caller.subject())
            : addresses.take(addressKey(request.getRemoteAddr()));
    if (decision.allowed()) {
      chain.doFilter(request, response);
      return;
    }
    refuse(response, decision);
  }

  /** 429 with {@code Retry-After} and an OperationOutcome saying when to come back. */
  static void refuse(HttpServletResponse response, TokenBuckets.Decision decision) throws IOException {
    response.setStatus(429);
    response.setHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
    response.setContentType("application/fhir+json;charset=utf-8");
    response.getWriter().write(
        "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"throttled\","
            + "\"diagnostics\":\"Too many requests; try again in " + decision.retryAfterSeconds() + " s\"}]}");
  }

  /** The address itself, or for IPv6 its /64 prefix. */
  static String addressKey(String address) {
    if (address == null || address.indexOf(':') < 0) {
      return String.valueOf(address);
    }
    try {
      // a literal: no name lookup happens
      byte[] bytes = InetAddress.getByName(address).getAddress();
      if (bytes.length != 16) {
        return address;
      }
      StringBuilder prefix = new StringBuilder("v6:");
      for (int i = 0; i < 8; i++) {
        prefix.append(String.format("%02x", bytes[i]));
      }
      return prefix.toString();
    } catch (UnknownHostException e) {
      return address;
    }
  }
}
