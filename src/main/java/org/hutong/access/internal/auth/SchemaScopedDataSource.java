package org.hutong.access.internal.auth;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The platform's pool with {@code access} as the search path: Spring Authorization Server's JDBC
 * services name their tables without a schema, and the access module keeps them in its own.
 * (Every other module qualifies its table names, so the setting left on a pooled connection is
 * harmless.)
 */
final class SchemaScopedDataSource extends DelegatingDataSource {

  SchemaScopedDataSource(DataSource target) {
    super(target);
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection connection = super.getConnection();
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET search_path TO access");
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
  }
}
