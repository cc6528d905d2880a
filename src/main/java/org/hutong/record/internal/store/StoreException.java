package org.hutong.record.internal.store;

import java.sql.SQLException;

/** A database failure the request cannot recover from; the transaction rolls back. */
public final class StoreException extends RuntimeException {

  public StoreException(SQLException cause) {
    super("Database error: " + cause.getMessage(), cause);
  }

  /** PostgreSQL's SQLSTATE, e.g. 23505 for a unique violation. */
  public String sqlState() {
    return ((SQLException) getCause()).getSQLState();
  }
}
