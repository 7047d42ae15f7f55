package io.osmos.postgres;

import io.osmos.exceptions.ConcurrentUpdateException;
import io.osmos.exceptions.DriverException;
import io.osmos.exceptions.DuplicateKeyException;
import io.osmos.exceptions.OsmosException;
import java.sql.SQLException;

/**
 * Turns JDBC failures into Osmos exceptions. The message says what the driver was doing and what
 * PostgreSQL answered (with its SQLSTATE); the {@link SQLException} stays the cause. Repositories
 * add the driver name, bucket, key and operation.
 */
final class SqlErrors {
  private SqlErrors() {}

  /** An exception for {@code e}, raised while doing {@code what} (e.g. "save to osmos.people"). */
  static OsmosException translate(String what, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String detail =
        "postgres: "
            + what
            + " failed: "
            + firstLine(e.getMessage())
            + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")");
    if (state.equals("23505")) {
      return new DuplicateKeyException(detail, e);
    }
    if (state.equals("40001") || state.equals("40P01")) {
      // Serialization failure or deadlock: another transaction won; the caller may retry.
      return new ConcurrentUpdateException(
          detail + "; another transaction changed the same" + " rows at the same time, retry", e);
    }
    return new DriverException(detail, e);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
