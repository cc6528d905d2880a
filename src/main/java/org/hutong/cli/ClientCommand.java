package org.hutong.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hutong.access.Accounts;
import org.hutong.access.Role;
import org.hutong.platform.Database;
import org.hutong.platform.PlatformProperties;

/**
 * {@code hutong client add NAME --role ROLE --scope "system/*.cruds" [--organization ID]}: registers
 * an OAuth client in the data home's database (run on the server host; works whether or not the
 * server is running) and prints its id and secret, shown once.
 */
public final class ClientCommand {

  private static final Set<String> OPTIONS = Set.of("role", "scope", "organization", "home", "help");

  private ClientCommand() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> positional = new ArrayList<>();
    List<String> named = new ArrayList<>();
    for (String arg : Options.joined(args, Set.of("role", "scope", "organization", "home"))) {
      (arg.startsWith("--") ? named : positional).add(arg);
    }
    Options options;
    try {
      options = new Options(named.toArray(String[]::new), OPTIONS);
    } catch (IllegalArgumentException e) {
      err.println("client: " + e.getMessage());
      return 2;
    }
    if (options.has("help") || positional.size() != 2 || !positional.getFirst().equals("add")) {
      usage(positional.isEmpty() ? out : err);
      return options.has("help") ? 0 : 2;
    }
    String name = positional.get(1);
    Role role;
    try {
      role = Role.of(options.get("role", "institution-system"));
    } catch (IllegalArgumentException e) {
      err.println("client: " + e.getMessage());
      return 2;
    }
    String scope = options.get("scope", null);
    if (scope == null) {
      err.println("client: --scope is required, e.g. --scope \"system/*.cruds\"");
      return 2;
    }
    String home = options.get("home", null);
    PlatformProperties properties = new PlatformProperties(home == null ? null : Path.of(home), new PlatformProperties.Db(
        System.getenv("HUTONG_DB_URL"), System.getenv("HUTONG_DB_USERNAME"), System.getenv("HUTONG_DB_PASSWORD"), 2, false, true));
    try (Database database = Database.attach(properties)) {
      Accounts.ClientCredentials client = Accounts.over(database.dataSource()).registerClient(name, role, options.get("organization", null), scope);
      out.println("Registered client " + client.clientId() + " (" + role.code() + (client.organization() == null ? "" : ", organization " + client.organization()) + ")");
      out.println("  client_id:     " + client.clientId());
      out.println("  client_secret: " + client.clientSecret() + "   (shown once; keep it in the integration's secret store)");
      out.println("  scope:         " + client.scopes());
      out.println("Get a token:");
      out.println("  curl -s -u '" + client.clientId() + ":" + client.clientSecret() + "' -d grant_type=client_credentials"
          + " -d 'scope=" + client.scopes() + "' http://localhost:8080/oauth2/token");
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("client: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      err.println("client: cannot open the database: " + e.getMessage());
      return 1;
    }
  }

  private static void usage(PrintStream out) {
    out.println(
        """
        Usage: hutong client add NAME --role ROLE --scope "SCOPES" [--organization ID] [--home DIR]

          Registers an OAuth client for the client-credentials grant and prints its id and secret.
          Run it on the server host (it uses the data home's database, HUTONG_HOME or ~/.hutong,
          or HUTONG_DB_URL), whether or not the server is running.

          --role          resident, clinician, pharmacist, public-health-officer, regulator,
                          institution-system (default) or administrator
          --scope         SMART scopes, e.g. "system/*.cruds" or "system/Observation.rs system/Patient.rs"
          --organization  the institution's Organization id (required for institution systems)
        """);
  }
}
