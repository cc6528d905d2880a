package org.hutong.access.internal.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a path that holds an encoded percent sign ({@code %25}) with 400. No path of the platform
 * has a {@code %} in it once decoded, so one is double encoding: the classic way to slip {@code ../}
 * or a quote past a check that decodes once while a later layer decodes again. HAPI does decode
 * the path again, and answered such paths with 500.
 */
final class PathEncodingCheck extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    // the raw path, as sent: the container has not decoded getRequestURI()
    if (request.getRequestURI().toLowerCase(Locale.ROOT).contains("%25")) {
      response.setStatus(400);
      response.setContentType("application/fhir+json;charset=utf-8");
      response.getWriter().write(
          "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"invalid\","
              + "\"diagnostics\":\"The path contains an encoded percent sign (%25); no resource id or operation has one\"}]}");
      return;
    }
    chain.doFilter(request, response);
  }
}
