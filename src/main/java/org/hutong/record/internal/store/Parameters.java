package org.hutong.record.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Binds query arguments, turning Java arrays into PostgreSQL arrays (for {@code = ANY(?)}). */
public final class Parameters {

  private Parameters() {}

  /** Binds the arguments from parameter index {@code first} on. */
  public static void bind(Connection connection, PreparedStatement statement, int first, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      Object arg = args.get(i);
      if (arg instanceof String[] strings) {
        statement.setArray(first + i, connection.createArrayOf("text", strings));
      } else if (arg instanceof Long[] longs) {
        statement.setArray(first + i, connection.createArrayOf("bigint", longs));
      } else {
        statement.setObject(first + i, arg);
      }
    }
  }
}
