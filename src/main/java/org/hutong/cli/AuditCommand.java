package org.hutong.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hutong.access.AuditChain;
import org.hutong.platform.Database;
import org.hutong.platform.PlatformProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * {@code hutong audit verify [--hutong.home=DIR] [--hutong.db.url=…]}: checks the audit trail's
 * hash chain and its anchor, whether the server is running (its database is used as it is) or not
 * (the data home's database is started for the check and stopped again).
 *
 * <p>Exit status: 0 when the chain is intact, 1 when it shows tampering, 2 for bad arguments or
 * when the database cannot be reached.
 */
public final class AuditCommand {

  private static final Set<String> OPTIONS =
      Set.of("hutong.home", "hutong.db.url", "hutong.db.username", "hutong.db.password", "hutong.audit.anchor-file", "help");

  private AuditCommand() {}

  public static int run(String[] args) {
    return run(args, System.out, System.err);
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    quietLogging();
    Options options;
    try {
      options = new Options(args, OPTIONS);
    } catch (IllegalArgumentException e) {
      err.println("audit: " + e.getMessage());
      return 2;
    }
    if (options.has("help")) {
      usage(out);
      return 0;
    }
    if (options.positional.size() != 1 || !options.positional.getFirst().equals("verify")) {
      err.println("audit: say what to do: verify");
      usage(err);
      return 2;
    }
    PlatformProperties platform = platform(args);
    Path anchor = options.has("hutong.audit.anchor-file")
        ? Path.of(options.get("hutong.audit.anchor-file", ""))
        : AuditChain.defaultAnchorFile(platform.home());
    AuditChain.Report report;
    try (Database database = Database.attach(platform)) {
      report = AuditChain.in(database.dataSource(), anchor).verify();
    } catch (RuntimeException e) {
      err.println("audit: cannot verify: " + e.getMessage());
      return 2;
    }
    print(report, out);
    return report.intact() ? 0 : 1;
  }

  /** The platform's settings from the options and the environment (HUTONG_HOME, HUTONG_DB_URL…), as the server reads them. */
  private static PlatformProperties platform(String[] args) {
    List<String> springArgs = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith("--hutong.")) {
        springArgs.add(arg);
      }
    }
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(springArgs.toArray(String[]::new)));
    return Binder.get(environment).bindOrCreate("hutong", PlatformProperties.class);
  }

  static void print(AuditChain.Report report, PrintStream out) {
    if (report.intact()) {
      out.println("Audit trail intact: " + report.sealed() + " records chained"
          + (report.headSeq() > 0 ? ", head record " + report.headSeq() + " (SM3 " + report.headHash() + ")" : ""));
    } else {
      out.println("Audit trail BROKEN (" + report.sealed() + " records chained, head record " + report.headSeq() + "):");
      for (String problem : report.problems()) {
        out.println("  - " + problem);
      }
    }
    for (String note : report.notes()) {
      out.println("  note: " + note);
    }
    if (report.unsealed() > 0) {
      out.println("  " + report.unsealed() + " records not chained yet (oldest recorded " + report.oldestUnsealed()
          + "); a running server chains them within a second, a stopped one on its next start");
    }
  }

  /** Outside Spring, logback would print every library's start-up chatter; the report is enough. */
  private static void quietLogging() {
    if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
      root.setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }

  private static void usage(PrintStream out) {
    out.println(
        """
        Usage: hutong audit verify [options]

          Checks the audit trail: recomputes every SM3 hash of the chain and compares its head
          with the anchor kept in the data home. Works with the server running or stopped.
          Exit status: 0 intact, 1 tampering found (each problem says where), 2 cannot check.

          --hutong.home=DIR          the data home (default HUTONG_HOME or ~/.hutong)
          --hutong.db.url=URL        an external PostgreSQL instead of the home's embedded one
          --hutong.db.username=…     --hutong.db.password=…   its credentials
          --hutong.audit.anchor-file=FILE
                                     the anchor, when the server keeps it elsewhere
        """);
  }
}
