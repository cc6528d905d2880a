package org.hutong.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one PostgreSQL the platform runs on: an external server when {@code hutong.db.url} is set,
 * otherwise an embedded PostgreSQL 17 whose files live under the data home (so a restart keeps the
 * data), or in a temporary folder when the database is ephemeral.
 */
public final class Database implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private final EmbeddedPostgres embedded;
  private final HikariDataSource dataSource;
  private final Path temporaryDirectory;

  private Database(EmbeddedPostgres embedded, HikariDataSource dataSource, Path temporaryDirectory) {
    this.embedded = embedded;
    this.dataSource = dataSource;
    this.temporaryDirectory = temporaryDirectory;
  }

  /** Opens the database the properties describe and migrates every module's schema. */
  public static Database open(PlatformProperties properties) {
    PlatformProperties.Db db = properties.db();
    Database database = db.external() ? external(db) : embedded(properties);
    try {
      SchemaMigrations.migrateAll(database.dataSource);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    return database;
  }

  /**
   * Opens the database of a data home for a command run beside (or instead of) the server, and
   * migrates it like {@link #open}: an external database when {@code hutong.db.url} is set;
   * otherwise, when the home's embedded PostgreSQL is running (the server is up), a connection to
   * it that leaves it running; otherwise the embedded PostgreSQL is started for the command and
   * stopped again by {@link #close}.
   */
  public static Database attach(PlatformProperties properties) {
    PlatformProperties.Db db = properties.db();
    Database database;
    if (db.external()) {
      database = external(db);
    } else {
      Optional<Integer> port = db.ephemeral() ? Optional.empty() : runningPort(properties.home().resolve("pgdata"));
      database = port.isPresent() ? running(port.get()) : embedded(properties);
    }
    try {
      SchemaMigrations.migrateAll(database.dataSource);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    return database;
  }

  /** The port of a PostgreSQL serving the data directory now, if one is (line 4 of its pid file). */
  static Optional<Integer> runningPort(Path dataDirectory) {
    try {
      if (livePostmaster(dataDirectory).isEmpty()) {
        return Optional.empty();
      }
      List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
      return lines.size() >= 4 && lines.get(3).trim().matches("\\d{1,5}")
          ? Optional.of(Integer.parseInt(lines.get(3).trim()))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // the server stopped as we looked: start our own
    }
  }

  /** The embedded PostgreSQL of a running server, reached as zonky sets it up: user postgres, no password. */
  private static Database running(int port) {
    HikariConfig config = pool(2);
    config.setJdbcUrl("jdbc:postgresql://localhost:" + port + "/postgres");
    config.setUsername("postgres");
    log.info("Using the running embedded PostgreSQL on port {}", port);
    return new Database(null, new HikariDataSource(config), null);
  }

  private static Database external(PlatformProperties.Db db) {
    HikariConfig config = pool(db.poolSize());
    config.setJdbcUrl(db.url());
    config.setUsername(db.username());
    config.setPassword(db.password());
    log.info("Using external PostgreSQL");
    return new Database(null, new HikariDataSource(config), null);
  }

  private static Database embedded(PlatformProperties properties) {
    PlatformProperties.Db db = properties.db();
    Path temporary = null;
    Path dataDirectory;
    try {
      if (db.ephemeral()) {
        temporary = Files.createTempDirectory("hutong-pg-");
        dataDirectory = temporary.resolve("pgdata");
      } else {
        dataDirectory = properties.home().resolve("pgdata");
        Files.createDirectories(properties.home());
        stopOrphan(dataDirectory);
      }
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(db.ephemeral())
              .setServerConfig("fsync", db.fsync() ? "on" : "off")
              .setServerConfig("synchronous_commit", db.fsync() ? "on" : "off")
              .setServerConfig("full_page_writes", db.fsync() ? "on" : "off")
              .setServerConfig("shared_buffers", "512MB")
              .setServerConfig("work_mem", "16MB")
              .setServerConfig("maintenance_work_mem", "256MB")
              .setServerConfig("max_wal_size", "4GB")
              .setServerConfig("checkpoint_timeout", "15min")
              .setServerConfig("max_connections", "100")
              .start();
      HikariConfig config = pool(db.poolSize());
      config.setDataSource(postgres.getPostgresDatabase());
      log.info("Embedded PostgreSQL on port {} with data in {}", postgres.getPort(), dataDirectory);
      return new Database(postgres, new HikariDataSource(config), temporary);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the embedded PostgreSQL in " + properties.home(), e);
    }
  }

  /**
   * A platform killed without a chance to stop (SIGKILL, power loss of the JVM only) leaves its
   * PostgreSQL running on the data directory, and a new one cannot start there. Stop that orphan:
   * a smart shutdown first (its clients are gone), then a forced one.
   */
  static void stopOrphan(Path dataDirectory) throws IOException {
    Optional<ProcessHandle> process = livePostmaster(dataDirectory);
    if (process.isEmpty()) {
      return;
    }
    long pid = process.get().pid();
    log.warn("Stopping PostgreSQL (pid {}) left running on {} by a platform that did not shut down", pid, dataDirectory);
    process.get().destroy();
    try {
      process.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      process.get().destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The PostgreSQL process serving the data directory, if its pid file names a live one. */
  private static Optional<ProcessHandle> livePostmaster(Path dataDirectory) throws IOException {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.size() < 2 || !lines.get(0).trim().matches("\\d+")) {
      return Optional.empty();
    }
    Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
    if (process.isEmpty() || !process.get().isAlive()) {
      return Optional.empty(); // a stale pid file: PostgreSQL removes it itself on start
    }
    String command = process.get().info().commandLine().orElse("");
    boolean ours = command.contains(dataDirectory.toString()) || command.contains(dataDirectory.toAbsolutePath().normalize().toString());
    return command.contains("postgres") && ours ? process : Optional.empty();
  }

  private static HikariConfig pool(int size) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("hutong");
    config.setMaximumPoolSize(size);
    config.setAutoCommit(true);
    // Search SQL is prepared with the patient, code and dates as parameters; a generic plan made
    // after five runs ignores how selective they are (one patient vs the whole table) and is up to
    // ten times slower. Plan every execution for its values.
    config.setConnectionInitSql("SET plan_cache_mode = force_custom_plan");
    return config;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** The JDBC URL of the running database, for tools that open their own connections. */
  public String jdbcUrl() {
    return embedded != null ? embedded.getJdbcUrl("postgres", "postgres") : dataSource.getJdbcUrl();
  }

  @Override
  public void close() {
    dataSource.close();
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        log.warn("Embedded PostgreSQL did not stop cleanly", e);
      }
    }
    if (temporaryDirectory != null) {
      deleteRecursively(temporaryDirectory);
    }
  }

  private static void deleteRecursively(Path root) {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.warn("Could not delete temporary database folder {}", root);
    }
  }
}
