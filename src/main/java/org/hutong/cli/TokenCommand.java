package org.hutong.cli;

import java.io.PrintStream;
import java.util.Set;

/**
 * {@code hutong token --user U --password P [--scope S] [--url URL]} logs a person in (authorisation
 * code with PKCE through the login form) and prints the access token;
 * {@code --client-id ID --client-secret S} gets a system's token by client credentials instead.
 */
public final class TokenCommand {

  private static final Set<String> OPTIONS = Set.of("user", "password", "client-id", "client-secret", "scope", "url", "help");

  private TokenCommand() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      Options options = new Options(Options.joined(args, Set.of("user", "password", "client-id", "client-secret", "scope", "url")), OPTIONS);
      String url = options.get("url", "http://localhost:8080");
      url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      url = url.endsWith("/fhir") ? url.substring(0, url.length() - "/fhir".length()) : url;
      if (options.has("user") && options.has("password")) {
        out.println(TokenClient.login(url, options.get("user", null), options.get("password", null), options.get("scope", "openid user/*.cruds patient/*.rs patient/Consent.cruds")));
        return 0;
      }
      if (options.has("client-id") && options.has("client-secret")) {
        out.println(TokenClient.clientCredentials(url, options.get("client-id", null), options.get("client-secret", null), options.get("scope", "system/*.cruds")));
        return 0;
      }
      err.println("Usage: hutong token --user USER --password PASSWORD [--scope \"openid user/*.cruds\"] [--url=http://localhost:8080]");
      err.println("       hutong token --client-id ID --client-secret SECRET [--scope \"system/*.cruds\"] [--url=...]");
      return 2;
    } catch (IllegalArgumentException e) {
      err.println("token: " + e.getMessage());
      return 2;
    } catch (java.io.IOException e) {
      err.println("token: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }
}
