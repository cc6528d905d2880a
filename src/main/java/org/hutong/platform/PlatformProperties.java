package org.hutong.platform;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings every module shares: where the data home is and which database to use.
 *
 * @param home the data home ({@code HUTONG_HOME}, default {@code ~/.hutong}); the embedded
 *     database keeps its files under {@code home/pgdata}
 * @param db the database settings
 */
@ConfigurationProperties("hutong")
public record PlatformProperties(Path home, @DefaultValue Db db) {

  /**
   * @param url JDBC URL of an external PostgreSQL ({@code HUTONG_DB_URL}); when empty an
   *     embedded PostgreSQL is started under the data home
   * @param username user for the external database
   * @param password password for the external database
   * @param poolSize connections in the pool
   * @param ephemeral embedded only: a throwaway database in a temporary folder (tests, benchmarks)
   * @param fsync embedded only: flush to disk on commit; turn off only for throwaway databases
   */
  public record Db(
      String url,
      String username,
      String password,
      @DefaultValue("12") int poolSize,
      @DefaultValue("false") boolean ephemeral,
      @DefaultValue("true") boolean fsync) {

    public boolean external() {
      return url != null && !url.isBlank();
    }
  }

  public PlatformProperties {
    if (home == null) {
      String env = System.getenv("HUTONG_HOME");
      home = Path.of(env != null && !env.isBlank() ? env : System.getProperty("user.home") + "/.hutong");
    }
  }
}
