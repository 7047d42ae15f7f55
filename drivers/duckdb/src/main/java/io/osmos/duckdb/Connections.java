package io.osmos.duckdb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.duckdb.DuckDBConnection;

/**
 * The connections of one embedded DuckDB database. A DuckDB connection must not be used by two
 * threads at once, so each call borrows one of its own: connections are {@link
 * DuckDBConnection#duplicate() duplicates} of the first one (all see the same database, which an
 * in-memory database needs) and go back to an idle list after use.
 */
final class Connections implements AutoCloseable {
  private final DuckDBConnection root;
  private final String description;
  private final ArrayDeque<Connection> idle = new ArrayDeque<>();
  private final List<Connection> all = new ArrayList<>();
  private boolean closed;

  /** Work done with a borrowed connection. */
  @FunctionalInterface
  interface Work<R> {
    R run(Connection c) throws SQLException;
  }

  /**
   * Opens the database: {@code jdbc:duckdb:} for memory, {@code jdbc:duckdb:/path} for a file.
   *
   * @param setup statements run once on the new database, in order
   */
  Connections(String jdbcUrl, String description, List<String> setup) throws SQLException {
    this.description = description;
    this.root = (DuckDBConnection) DriverManager.getConnection(jdbcUrl, new Properties());
    try {
      for (String sql : setup) {
        try (Statement s = root.createStatement()) {
          s.execute(sql);
        }
      }
    } catch (SQLException e) {
      root.close();
      throw e;
    }
  }

  /** Runs {@code work} on a connection no other thread uses meanwhile. */
  <R> R with(Work<R> work) throws SQLException {
    Connection c = borrow();
    try {
      return work.run(c);
    } finally {
      release(c);
    }
  }

  /**
   * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
   */
  <R> R inTransaction(Work<R> work) throws SQLException {
    return with(
        c -> {
          c.setAutoCommit(false);
          try {
            R result = work.run(c);
            c.commit();
            return result;
          } catch (SQLException | RuntimeException e) {
            try {
              c.rollback();
            } catch (SQLException suppressed) {
              e.addSuppressed(suppressed);
            }
            throw e;
          } finally {
            c.setAutoCommit(true);
          }
        });
  }

  private Connection borrow() throws SQLException {
    synchronized (this) {
      if (closed) {
        throw new SQLException("the DuckDB driver for " + description + " is closed");
      }
      Connection c = idle.pollFirst();
      if (c != null) {
        return c;
      }
    }
    Connection c = root.duplicate();
    synchronized (this) {
      if (closed) {
        c.close();
        throw new SQLException("the DuckDB driver for " + description + " is closed");
      }
      all.add(c);
    }
    return c;
  }

  private void release(Connection c) {
    synchronized (this) {
      if (!closed) {
        idle.addFirst(c);
        return;
      }
    }
    try {
      c.close();
    } catch (SQLException e) {
      // closing anyway
    }
  }

  /** Closes every connection, which closes the database (and discards it when in memory). */
  @Override
  public void close() throws SQLException {
    List<Connection> toClose;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = new ArrayList<>(all);
      idle.clear();
    }
    SQLException first = null;
    for (Connection c : toClose) {
      try {
        c.close();
      } catch (SQLException e) {
        first = first == null ? e : first;
      }
    }
    try {
      root.close();
    } catch (SQLException e) {
      first = first == null ? e : first;
    }
    if (first != null) {
      throw first;
    }
  }
}
