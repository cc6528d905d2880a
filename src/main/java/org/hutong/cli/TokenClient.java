package org.hutong.cli;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gets access tokens from a Hutong server the way real clients do: client credentials for
 * systems, and for people the authorisation code flow with PKCE through the login form, as the
 * first-party public client {@code hutong-cli}.
 */
public final class TokenClient {

  public static final String CLI_CLIENT = "hutong-cli";
  public static final String CLI_REDIRECT = "http://127.0.0.1:8765/callback";

  private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

  private TokenClient() {}

  /** A token for a registered client (client credentials grant). */
  public static String clientCredentials(String server, String clientId, String secret, String scope) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    String basic = Base64.getEncoder().encodeToString((encode(clientId) + ":" + encode(secret)).getBytes(StandardCharsets.UTF_8));
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    if (scope != null && !scope.isBlank()) {
      form.put("scope", scope);
    }
    return token(post(http, server + "/oauth2/token", form, "Basic " + basic));
  }

  /** A token for a person, through the login form (authorisation code with PKCE). */
  public static String login(String server, String username, String password, String scope) throws IOException, InterruptedException {
    HttpClient http =
        HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier));
    String state = Long.toHexString(new SecureRandom().nextLong());
    Map<String, String> authorize = new LinkedHashMap<>();
    authorize.put("response_type", "code");
    authorize.put("client_id", CLI_CLIENT);
    authorize.put("redirect_uri", CLI_REDIRECT);
    authorize.put("scope", scope);
    authorize.put("state", state);
    authorize.put("code_challenge", challenge);
    authorize.put("code_challenge_method", "S256");
    HttpResponse<String> first = get(http, server + "/oauth2/authorize?" + form(authorize));
    if (first.statusCode() != 302) {
      throw new IOException("The authorisation endpoint answered " + first.statusCode() + ": " + first.body());
    }
    HttpResponse<String> page = get(http, server + "/login");
    Matcher csrf = CSRF.matcher(page.body());
    if (!csrf.find()) {
      throw new IOException("The login page has no CSRF token");
    }
    Map<String, String> login = new LinkedHashMap<>();
    login.put("username", username);
    login.put("password", password);
    login.put("_csrf", csrf.group(1) != null ? csrf.group(1) : csrf.group(2));
    HttpResponse<String> loggedIn = post(http, server + "/login", login, null);
    String next = loggedIn.headers().firstValue("Location").orElse("");
    if (loggedIn.statusCode() != 302 || next.contains("/login?error")) {
      throw new IOException("Login refused for " + username);
    }
    String location = next;
    for (int hops = 0; hops < 5 && !location.startsWith(CLI_REDIRECT); hops++) {
      HttpResponse<String> hop = get(http, location.startsWith("http") ? location : server + location);
      location = hop.headers().firstValue("Location").orElseThrow(() -> new IOException("Authorisation did not redirect back: " + hop.statusCode()));
    }
    Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
    if (!location.startsWith(CLI_REDIRECT) || !code.find() || !location.contains("state=" + state)) {
      throw new IOException("Authorisation did not return a code");
    }
    Map<String, String> exchange = new LinkedHashMap<>();
    exchange.put("grant_type", "authorization_code");
    exchange.put("code", java.net.URLDecoder.decode(code.group(1), StandardCharsets.UTF_8));
    exchange.put("redirect_uri", CLI_REDIRECT);
    exchange.put("client_id", CLI_CLIENT);
    exchange.put("code_verifier", verifier);
    return token(post(http, server + "/oauth2/token", exchange, null));
  }

  /** Posts an HTML form, with an Authorization header when one is given. */
  private static HttpResponse<String> post(HttpClient http, String url, Map<String, String> fields, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(fields)));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String token(HttpResponse<String> response) throws IOException {
    Matcher m = ACCESS_TOKEN.matcher(response.body());
    if (response.statusCode() != 200 || !m.find()) {
      throw new IOException("The token endpoint answered " + response.statusCode() + ": " + response.body());
    }
    return m.group(1);
  }

  private static String form(Map<String, String> fields) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> e : fields.entrySet()) {
      if (!out.isEmpty()) {
        out.append('&');
      }
      out.append(encode(e.getKey())).append('=').append(encode(e.getValue()));
    }
    return out.toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
