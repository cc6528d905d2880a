package org.hutong;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The one entry point: {@code hutong serve|demo|load|bench|client|audit|keys|empi ...}. Options in Spring's {@code
 * --name=value} form go to the application (e.g. {@code --server.port=9090}).
 */
@SpringBootApplication
public class Hutong {

  /**
   * What {@code hutong demo} adds to {@code serve}: the demo data, and the demo institutions' HL7 v2
   * feeds (sending facilities DEMO_HOSP and DEMO_CLINIC) as known senders.
   */
  public static final String[] DEMO = {
    "--hutong.demo.enabled=true",
    "--hutong.mllp.senders.DEMO_HOSP.organization=demo-hospital",
    "--hutong.mllp.senders.DEMO_CLINIC.organization=demo-clinic"
  };

  public static void main(String[] args) {
    String command = args.length == 0 || args[0].startsWith("--") ? "serve" : args[0];
    String[] rest = args.length > 0 && !args[0].startsWith("--") ? Arrays.copyOfRange(args, 1, args.length) : args;
    switch (command) {
      case "serve" -> serve(rest);
      case "demo" -> serve(with(rest, DEMO));
      case "load" -> System.exit(org.hutong.cli.LoadCommand.run(rest));
      case "client" -> System.exit(org.hutong.cli.ClientCommand.run(rest, System.out, System.err));
      case "token" -> System.exit(org.hutong.cli.TokenCommand.run(rest, System.out, System.err));
      case "bench" -> System.exit(org.hutong.cli.BenchCommand.run(rest, Hutong::serve));
      case "audit" -> System.exit(org.hutong.cli.AuditCommand.run(rest));
      case "keys" -> System.exit(org.hutong.cli.KeysCommand.run(rest));
      case "empi" -> System.exit(org.hutong.cli.EmpiCommand.run(rest));
      case "help", "--help", "-h" -> usage(0);
      default -> {
        System.err.println("Unknown command '" + command + "'");
        usage(2);
      }
    }
  }

  /** Starts the platform; returns the running context (tests and benchmarks use it). */
  public static org.springframework.context.ConfigurableApplicationContext serve(String... args) {
    SpringApplication application = new SpringApplication(Hutong.class);
    return application.run(args);
  }

  private static String[] with(String[] args, String... extra) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.addAll(Arrays.asList(extra));
    return all.toArray(String[]::new);
  }

  private static void usage(int status) {
    System.out.println(
        """
        Usage: hutong COMMAND [--option=value ...]

          demo              start on http://localhost:8080 with demo data loaded on first start
          serve             start the platform (empty on a new data home)
          load DIR|FILE... [--url=http://localhost:8080/fhir]
                            load FHIR transaction/batch bundles (*.json, *.json.gz) and NDJSON
                            files (*.ndjson, *.ndjson.gz) into a running server (load --help)
          token --user USER --password PASSWORD [--url=http://localhost:8080]
                            log in and print an access token (or --client-id/--client-secret)
          client add NAME --role ROLE --scope "system/*.cruds" [--organization ID]
                            register an OAuth client (client credentials) and print its secret
          bench ingest|search|all [DIR] [--patients=N]
                            benchmark ingest and search on a throwaway embedded database
                            (bench --help)
          audit verify      check the audit trail's hash chain for tampering (server running or
                            not; exit 0 intact, 1 broken; audit --help)
          keys list|rotate|reseal|retire
                            rotate the keys that protect resident ID and phone numbers at rest
                            (keys --help; docs/security.md)
          empi evaluate FILE.csv | --febrl FILE [FILE2]
                            match a labelled file and print pairwise precision, recall, F1
                            and records/s (empi --help; docs/benchmarks/empi.md)
          empi generate --out=FILE.csv [--persons=N --records=M --seed=S]
                            write a seeded synthetic Chinese population with its truth
                            (empi generate --help; docs/identity-synthetic.md)

        Environment: HUTONG_HOME (data home, default ~/.hutong), HUTONG_DB_URL (external PostgreSQL)
        """);
    System.exit(status);
  }
}
