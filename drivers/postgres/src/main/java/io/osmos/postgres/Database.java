package io.osmos.postgres;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.zip.CRC32;
import javax.sql.DataSource;

/**
 * The driver's access to PostgreSQL: connections from the (pooled) data source, transactions, and
 * the translation of every {@link SQLException} into an Osmos exception. Each call borrows a
 * connection and gives it back before returning.
 */
final class Database {
  /** First key of the driver's advisory locks (two-int form); the second names what is locked. */
  static final int LOCK_NAMESPACE = 0x05_05_05;

  private final DataSource dataSource;
  private final String schema;

  Database(DataSource dataSource, String schema) {
    this.dataSource = dataSource;
    this.schema = schema;
  }

  DataSource dataSource() {
    return dataSource;
  }

  /** The schema the driver's tables live in (unquoted). */
  String schema() {
    return schema;
  }

  /** {@code "schema"."name"}. */
  String table(String name) {
    return SqlNames.qualified(schema, name);
  }

  private volatile Boolean icu;

  /**
   * Whether the server has the ICU root collation {@code "und-x-icu"} (PostgreSQL built with ICU),
   * asked once.
   */
  boolean hasIcuRootCollation() {
    Boolean known = icu;
    if (known == null) {
      known =
          call(
              "look up collations",
              c -> {
                try (PreparedStatement ps =
                    c.prepareStatement(
                        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_collation WHERE collname = ?)")) {
                  ps.setString(1, "und-x-icu");
                  try (java.sql.ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                  }
                }
              });
      icu = known;
    }
    return known;
  }

  /** Work on a connection. */
  @FunctionalInterface
  interface Work<R> {
    R run(Connection c) throws SQLException;
  }

  /** Runs {@code work} on a pooled connection in autocommit mode. */
  <R> R call(String what, Work<R> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw SqlErrors.translate(what, e);
    }
  }

  /**
   * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws (an
   * Osmos exception thrown by the work itself, such as a version conflict, rolls back too).
   */
  <R> R transaction(String what, Work<R> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        R result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        restoreAutoCommit(c, auto);
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(what, e);
    }
  }

  /**
   * Runs idempotent DDL in one transaction that holds an advisory lock on the schema: binders in
   * several threads or processes may race, and {@code CREATE ... IF NOT EXISTS} alone is not safe
   * against a concurrent creation of the same object.
   */
  void ddl(String what, List<String> statements) {
    transaction(
        what,
        c -> {
          lock(c, "ddl:" + schema);
          try (Statement s = c.createStatement()) {
            for (String sql : statements) {
              s.execute(sql);
            }
          }
          return null;
        });
  }

  /** A stable 32-bit key for an advisory lock on {@code name}. */
  static int lockKey(String name) {
    CRC32 crc = new CRC32();
    crc.update(name.getBytes(StandardCharsets.UTF_8));
    return (int) crc.getValue();
  }

  /** Takes the transaction-scoped advisory lock on {@code name}; released at commit or rollback. */
  static void lock(Connection c, String name) throws SQLException {
    try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
      lock.setInt(1, LOCK_NAMESPACE);
      lock.setInt(2, lockKey(name));
      lock.execute();
    }
  }

  /** Ends a transaction whose work is done or abandoned (read-only transactions). */
  static void rollback(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      // A broken connection: the pool discards it.
    }
  }

  static void rollbackQuietly(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /** Puts the connection back in (or out of) autocommit; a broken connection is left alone. */
  static void restoreAutoCommit(Connection c, boolean auto) {
    try {
      c.setAutoCommit(auto);
    } catch (SQLException e) {
      // The connection is broken; the pool notices when it gets it back.
    }
  }
}
