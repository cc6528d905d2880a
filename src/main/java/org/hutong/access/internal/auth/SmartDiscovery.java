package org.hutong.access.internal.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.hutong.access.AccessProperties;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * SMART App Launch discovery ({@code /.well-known/smart-configuration}, at the server root and
 * under the FHIR base, where SMART clients look for it): where to authorise and get tokens, and
 * what the server supports.
 */
final class SmartDiscovery extends OncePerRequestFilter {

  static final String[] PATHS = {"/.well-known/smart-configuration", "/fhir/.well-known/smart-configuration"};

  private final AccessProperties properties;

  SmartDiscovery(AccessProperties properties) {
    this.properties = properties;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return !(path.equals(PATHS[0]) || path.equals(PATHS[1]));
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!request.getMethod().equals("GET")) {
      response.sendError(405);
      return;
    }
    String base = request.getScheme() + "://" + request.getHeader("Host") + request.getContextPath();
    if (request.getHeader("Host") == null) {
      base = request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort() + request.getContextPath();
    }
    String issuer = properties.externalIssuer() ? properties.issuer() : base;
    StringBuilder json = new StringBuilder("{");
    field(json, "issuer", issuer);
    if (!properties.externalIssuer()) {
      field(json, "jwks_uri", base + "/oauth2/jwks");
      field(json, "authorization_endpoint", base + "/oauth2/authorize");
      field(json, "token_endpoint", base + "/oauth2/token");
      field(json, "introspection_endpoint", base + "/oauth2/introspect");
      field(json, "revocation_endpoint", base + "/oauth2/revoke");
      field(json, "userinfo_endpoint", base + "/userinfo");
    }
    list(json, "grant_types_supported", "authorization_code", "client_credentials", "refresh_token");
    list(json, "token_endpoint_auth_methods_supported", "client_secret_basic", "client_secret_post", "none");
    list(json, "response_types_supported", "code");
    list(json, "code_challenge_methods_supported", "S256");
    list(
        json,
        "scopes_supported",
        "openid", "fhirUser", "offline_access", "patient/*.rs", "patient/Consent.cruds", "user/*.rs", "user/*.cruds", "system/*.rs", "system/*.cruds");
    list(
        json,
        "capabilities",
        "launch-standalone", "client-public", "client-confidential-symmetric", "sso-openid-connect", "context-standalone-patient",
        "permission-patient", "permission-user", "permission-v2", "permission-offline");
    json.setLength(json.length() - 1);
    json.append('}');
    response.setStatus(200);
    response.setContentType("application/json");
    response.setHeader("Cache-Control", "no-store");
    response.getOutputStream().write(json.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void field(StringBuilder json, String name, String value) {
    json.append('"').append(name).append("\":\"").append(OperationOutcomes.escape(value)).append("\",");
  }

  private static void list(StringBuilder json, String name, String... values) {
    json.append('"').append(name).append("\":[");
    for (String value : values) {
      json.append('"').append(value).append("\",");
    }
    json.setLength(json.length() - 1);
    json.append("],");
  }
}
