package org.hutong.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Each module owns one PostgreSQL schema, named after the module, with its Flyway migrations in
 * {@code db/<module>/V<n>__<what>.sql} on the classpath and its own history table. The platform
 * discovers them, so adding a module needs no change here.
 */
final class SchemaMigrations {

  private static final Pattern MODULE = Pattern.compile("/db/([a-z][a-z0-9_]*)/V[^/]*__[^/]*\\.sql$");

  private SchemaMigrations() {}

  static void migrateAll(DataSource dataSource) {
    for (String module : modules()) {
      Flyway.configure()
          .dataSource(dataSource)
          .schemas(module)
          .defaultSchema(module)
          .createSchemas(true)
          .table("flyway_schema_history")
          .locations("classpath:db/" + module)
          .load()
          .migrate();
    }
  }

  static TreeSet<String> modules() {
    try {
      TreeSet<String> modules = new TreeSet<>();
      for (Resource resource :
          new PathMatchingResourcePatternResolver().getResources("classpath*:db/*/V*__*.sql")) {
        Matcher matcher = MODULE.matcher(resource.getURL().toString());
        if (matcher.find()) {
          modules.add(matcher.group(1));
        }
      }
      return modules;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list schema migrations", e);
    }
  }
}
