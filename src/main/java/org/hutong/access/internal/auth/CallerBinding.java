package org.hutong.access.internal.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.hutong.access.Caller;
import org.hutong.access.Purpose;
import org.hutong.access.Role;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the authenticated caller on the request ({@link Caller#ATTRIBUTE}), where the FHIR layer
 * takes it from, with the network address and the purpose of use the request declares:
 * {@code X-Purpose-Of-Use: ETREAT} with {@code X-Break-Glass-Reason} (percent-encoded UTF-8) is
 * break-the-glass, open to clinicians and pharmacists only.
 */
final class CallerBinding extends OncePerRequestFilter {

  static final String PURPOSE_HEADER = "X-Purpose-Of-Use";
  static final String REASON_HEADER = "X-Break-Glass-Reason";

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication instanceof CallerAuthentication authenticated) {
      Caller caller = authenticated.caller().from(request.getRemoteAddr());
      String purposeCode = request.getHeader(PURPOSE_HEADER);
      if (purposeCode != null) {
        String problem = null;
        String reason = request.getHeader(REASON_HEADER);
        if (!purposeCode.matches("[A-Z]{3,12}")) {
          problem = PURPOSE_HEADER + " must be an HL7 v3 ActReason code such as TREAT or ETREAT";
        } else if (purposeCode.equals("ETREAT") && caller.role() != Role.CLINICIAN && caller.role() != Role.PHARMACIST) {
          problem = "Only clinicians and pharmacists may break the glass";
        } else if (purposeCode.equals("ETREAT") && (reason == null || reason.isBlank())) {
          problem = "Break-the-glass (ETREAT) needs a reason in " + REASON_HEADER;
        }
        if (problem != null) {
          OperationOutcomes.write(response, purposeCode.equals("ETREAT") && problem.startsWith("Only") ? 403 : 400, "security", problem);
          return;
        }
        String decoded = reason == null ? null : URLDecoder.decode(reason, StandardCharsets.UTF_8);
        caller = caller.withPurpose(new Purpose(purposeCode, decoded));
      }
      request.setAttribute(Caller.ATTRIBUTE, caller);
    }
    chain.doFilter(request, response);
  }
}
