package org.hutong.cli;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hutong.access.internal.crypto.IdentifierProperties;
import org.hutong.access.internal.crypto.IdentifierVault;
import org.hutong.access.internal.crypto.Keyring;
import org.hutong.access.internal.crypto.KeyringFile;
import org.hutong.access.internal.crypto.KeyringSource;
import org.hutong.platform.Database;
import org.hutong.platform.PlatformProperties;
import org.hutong.record.internal.seal.Resealer;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * {@code hutong keys list|rotate|reseal|retire}: the keys that protect resident ID and phone
 * numbers at rest. The procedure is in docs/security.md ("Personal identifiers at rest").
 *
 * <p>Settings are read as the server reads them ({@code --hutong.home}, {@code
 * --hutong.access.identifiers.keyring}, {@code --hutong.db.url}, their environment variables), so
 * the command works on the server's keyring and database. Never prints key material.
 */
public final class KeysCommand {

  private static final Set<String> OPTIONS = Set.of("index", "batch", "help");

  private KeysCommand() {}

  public static int run(String[] args) {
    return run(args, System.out, System.err);
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> settings = new ArrayList<>();
    List<String> own = new ArrayList<>();
    for (String arg : args) {
      (arg.startsWith("--hutong.") ? settings : own).add(arg);
    }
    Options options;
    try {
      options = new Options(own.toArray(String[]::new), OPTIONS);
    } catch (IllegalArgumentException e) {
      err.println("keys: " + e.getMessage());
      usage(err);
      return 2;
    }
    if (options.has("help")) {
      usage(out);
      return 0;
    }
    if (options.positional.size() != 1) {
      usage(err);
      return 2;
    }
    try {
      Binder binder = binder(settings);
      PlatformProperties platform = binder.bindOrCreate("hutong", PlatformProperties.class);
      IdentifierProperties identifiers = binder.bindOrCreate("hutong.access.identifiers", IdentifierProperties.class);
      KeyringFile file = new KeyringFile(identifiers.keyringFile(platform));
      return switch (options.positional.getFirst()) {
        case "list" -> list(file, out);
        case "rotate" -> rotate(file, options.has("index"), out);
        case "reseal" -> reseal(file, identifiers, platform, options.getInt("batch", 500, 1), out, err) ? 0 : 1;
        case "retire" -> retire(file, identifiers, platform, options.getInt("batch", 500, 1), out, err);
        default -> {
          usage(err);
          yield 2;
        }
      };
    } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
      err.println("keys: " + e.getMessage());
      return 1;
    }
  }

  private static int list(KeyringFile file, PrintStream out) {
    out.println(file.path() + ": " + file.read());
    return 0;
  }

  private static int rotate(KeyringFile file, boolean index, PrintStream out) {
    Keyring rotated = file.read().rotated(new SecureRandom(), index);
    file.write(rotated);
    out.println("Rotated " + file.path() + ": " + rotated);
    out.println("New values are sealed with " + rotated.activeSealKey() + " once the server has reloaded the keyring "
        + "(within hutong.access.identifiers.reload-interval); then run `hutong keys reseal`.");
    return 0;
  }

  /** One pass over the database; true when nothing failed to open. */
  private static boolean reseal(
      KeyringFile file, IdentifierProperties identifiers, PlatformProperties platform, int batch, PrintStream out, PrintStream err) {
    Resealer.Report report = pass(file, identifiers, platform, batch, out);
    out.println("Resealed " + report.values() + " values in " + report.rows() + " stored versions; " + report.indexRows()
        + " index rows given the active blind index");
    if (report.failed() > 0) {
      err.println("keys: " + report.failed() + " stored versions hold sealed values that do not open (listed above)");
      return false;
    }
    return true;
  }

  /**
   * Reseals, checks with a second pass that nothing is left under older keys, then removes them
   * from the keyring.
   */
  private static int retire(
      KeyringFile file, IdentifierProperties identifiers, PlatformProperties platform, int batch, PrintStream out, PrintStream err) {
    Keyring before = file.read();
    if (!reseal(file, identifiers, platform, batch, out, err)) {
      return 1;
    }
    Resealer.Report check = pass(file, identifiers, platform, batch, out);
    if (!check.clean()) {
      err.println("keys: a second pass still found values under older keys (" + check
          + "); is a server still sealing with them? Let it reload the keyring, then retire again.");
      return 1;
    }
    Keyring retired = file.read().retired();
    file.write(retired);
    out.println("Retired every key but the active ones: " + before + " -> " + retired);
    return 0;
  }

  private static Resealer.Report pass(
      KeyringFile file, IdentifierProperties identifiers, PlatformProperties platform, int batch, PrintStream out) {
    IdentifierVault vault = new IdentifierVault(KeyringSource.file(file, java.time.Duration.ZERO), identifiers.systems());
    // beside a running server this connects to its database (embedded or not) and leaves it running
    try (Database database = Database.attach(platform)) {
      return new Resealer(database.dataSource(), vault).run(batch, out::println);
    }
  }

  private static Binder binder(List<String> settings) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(settings.toArray(String[]::new)));
    return Binder.get(environment);
  }

  private static void usage(PrintStream out) {
    out.println(
        """
        Usage: hutong keys list|rotate|reseal|retire [options]

          list     show the key ids in the keyring and which are active (never key material)
          rotate   add a new active SM4 sealing key; older keys stay to open what they sealed
                   --index   also add a new active blind-index key
          reseal   reseal every stored value with the active key, seal values stored clear, and
                   give index rows the active blind index; batched, can be stopped and rerun
                   --batch=N  rows per transaction (default 500)
          retire   reseal, check that nothing is left under older keys, then remove them

          The keyring and database are the server's: --hutong.home=DIR,
          --hutong.access.identifiers.keyring=FILE (HUTONG_KEYRING), --hutong.db.url=... (HUTONG_DB_URL).
          Procedure and what to do when a key leaks: docs/security.md.
        """);
  }
}
