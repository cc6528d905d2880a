package org.hutong.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hutong.testing.RunningPlatform;

/** Plain HTTP to the quality API (bearer tokens) and pages (a login session), as clients would. */
final class QualityHttp {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

  private final HttpClient http;
  private final String token;

  private QualityHttp(HttpClient http, String token) {
    this.http = http;
    this.token = token;
  }

  /** A client that sends this bearer token. */
  static QualityHttp bearer(String token) {
    return new QualityHttp(HttpClient.newHttpClient(), token);
  }

  /** A browser-like client logged in through the login form (session cookie). */
  static QualityHttp session(String username, String password) throws Exception {
    return session(server(), username, password);
  }

  /** A browser-like client logged in to the server at {@code server}. */
  static QualityHttp session(String server, String username, String password) throws Exception {
    QualityHttp browser =
        new QualityHttp(HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build(), null);
    HttpResponse<String> page = browser.get(server, "/login", "text/html");
    Matcher csrf = CSRF.matcher(page.body());
    if (!csrf.find()) {
      throw new IOException("The login page has no CSRF token");
    }
    String form = "username=" + encode(username) + "&password=" + encode(password) + "&_csrf="
        + encode(csrf.group(1) != null ? csrf.group(1) : csrf.group(2));
    HttpResponse<String> login = browser.http.send(
        HttpRequest.newBuilder(URI.create(server + "/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    if (login.statusCode() != 302 || login.headers().firstValue("Location").orElse("").contains("error")) {
      throw new IOException("Login refused: " + login.statusCode());
    }
    return browser;
  }

  HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
    return get(server(), path, accept);
  }

  HttpResponse<String> get(String server, String path, String accept) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server + path)).header("Accept", accept).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server() + path)).POST(HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode json(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = get(path, "application/json");
    if (response.statusCode() != 200) {
      throw new IOException(path + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  private static String server() {
    return RunningPlatform.serverUrl(RunningPlatform.shared());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
