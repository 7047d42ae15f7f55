package io.osmos.duckdb;

import io.osmos.exceptions.DriverException;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.DriverLimits;
import io.osmos.spi.WarehouseService;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * DuckDB, embedded in the process, as a {@link WarehouseService}: the warehouse of the embedded
 * default ({@code Streams.of(memory, memory, new DuckDbDriver())}), and a small self-hosted one
 * with a database file.
 *
 * <pre>{@code
 * Osmos osmos = Osmos.builder()
 *     .driver("events", Streams.of(new MemoryDriver(), new MemoryDriver(), new DuckDbDriver()))
 *     .build();
 * }</pre>
 *
 * <ul>
 *   <li>Each stream model gets a table named by its bucket, with a column per field (nested types
 *       as {@code STRUCT}, lists as {@code LIST}, maps as {@code MAP(VARCHAR, ...)}, decimals as
 *       {@code DECIMAL(38,9)}, instants as {@code TIMESTAMPTZ} with microseconds) and the internal
 *       {@code __key} (the key's tuple encoding) and {@code __timestamp}; their pair is the primary
 *       key, and rows are written with {@code INSERT OR IGNORE}, so writing a row again leaves one.
 *       A model that gained fields gets the new columns; a column whose type changed is an error.
 *   <li>Queries are one {@code SELECT}, run as jobs on two worker threads; the result is kept in a
 *       table for an hour and read page by page, without the {@code __} columns. DuckDB enforces
 *       it: its parser decides what the text is, the text runs through {@code query(?)} in a
 *       read-only transaction, and functions that change the database's state are refused. Queries
 *       cannot read files or URLs nor change settings: external access is disabled and the
 *       configuration locked once the database is set up.
 *   <li>Thread-safe: each call uses a connection no other thread uses at the same time.
 * </ul>
 *
 * The README of the module shows the layout and every type mapping.
 */
public final class DuckDbDriver implements WarehouseService {
  /**
   * Beneath's warehouse limits: 1 KiB keys, 1 MiB records, 10 000 rows per write; 1 000 result rows
   * per page.
   */
  private static final DriverLimits LIMITS =
      new DriverLimits(1024, 1 << 20, 10_000, DriverLimits.DEFAULT.maxMessageBytes(), 1000, 32);

  private final String description;
  private final Connections connections;
  private final QueryJobs jobs;
  private final Map<String, ReentrantLock> writeLocks = new ConcurrentHashMap<>();
  // The columns each table was last checked against, so binding a repository again is cheap.
  private final Map<String, List<TableLayout.Column>> bound = new ConcurrentHashMap<>();

  /** An in-memory warehouse: its data lives as long as the driver. */
  public DuckDbDriver() {
    this("jdbc:duckdb:", "memory");
  }

  /**
   * A warehouse in a DuckDB database file, created if absent. One process at a time may open a
   * file.
   */
  public DuckDbDriver(Path file) {
    this("jdbc:duckdb:" + Objects.requireNonNull(file, "file").toAbsolutePath(), file.toString());
  }

  private DuckDbDriver(String jdbcUrl, String description) {
    this.description = description;
    try {
      this.connections =
          new Connections(
              jdbcUrl,
              description,
              List.of(
                  // Instants are stored and shown in UTC, whatever the JVM's zone.
                  "SET GLOBAL TimeZone = 'UTC'",
                  // Results left by a process that did not close its driver.
                  "DROP SCHEMA IF EXISTS "
                      + TableLayout.quote(QueryJobs.RESULTS_SCHEMA)
                      + " CASCADE",
                  "CREATE SCHEMA " + TableLayout.quote(QueryJobs.RESULTS_SCHEMA),
                  // Queries are data: they must not read local files, URLs or attach other
                  // databases.
                  "SET enable_external_access = false",
                  // Nor change any setting afterwards (external access cannot be turned on again
                  // anyway).
                  "SET lock_configuration = true"));
    } catch (SQLException e) {
      throw new DriverException(
          "cannot open DuckDB database " + description + ": " + message(e), e);
    }
    this.jobs = new QueryJobs(connections, description.equals("memory") ? "memory" : "file");
  }

  @Override
  public String kind() {
    return "duckdb";
  }

  @Override
  public DriverLimits limits() {
    return LIMITS;
  }

  /**
   * Creates the model's table if it does not exist, adds columns for fields the table does not have
   * yet, and checks that the columns it has are of the types the model needs.
   *
   * @throws DriverException naming each column whose type differs
   */
  @Override
  public <T, K> WarehouseTable<T> warehouseTable(ModelSchema<T, K> model) {
    TableLayout layout = new TableLayout(model);
    ReentrantLock lock = writeLocks.computeIfAbsent(layout.table, t -> new ReentrantLock());
    lock.lock();
    try {
      if (!layout.columns.equals(bound.get(layout.table))) {
        connections.with(
            c -> {
              ensure(c, layout);
              return null;
            });
        bound.put(layout.table, layout.columns);
      }
    } catch (SQLException e) {
      throw new DriverException(
          "cannot create DuckDB table "
              + layout.quotedTable()
              + " for "
              + model.modelName()
              + ": "
              + message(e),
          e);
    } finally {
      lock.unlock();
    }
    return new DuckDbTable<>(model, layout, connections, lock);
  }

  private static void ensure(java.sql.Connection c, TableLayout layout) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(layout.createTable());
    }
    Map<String, String> existing = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT column_name, data_type FROM"
                + " information_schema.columns WHERE table_schema = 'main' AND table_name = ?")) {
      ps.setString(1, layout.table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          existing.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    if (!"BLOB".equals(existing.get(TableLayout.KEY_COLUMN))
        || !"TIMESTAMP WITH TIME ZONE".equals(existing.get(TableLayout.TIMESTAMP_COLUMN))) {
      throw new SQLException(
          "table "
              + layout.quotedTable()
              + " exists but is not an Osmos"
              + " warehouse table: it needs the columns "
              + TableLayout.KEY_COLUMN
              + " BLOB and "
              + TableLayout.TIMESTAMP_COLUMN
              + " TIMESTAMPTZ as its primary key; give the model"
              + " another bucket, or move the table away");
    }
    List<String> mismatches = new ArrayList<>();
    for (TableLayout.Column col : layout.columns) {
      String found = existing.get(col.name());
      if (found == null) {
        try (Statement s = c.createStatement()) {
          s.execute(layout.addColumn(col));
        }
        continue;
      }
      // DuckDB spells types its own way (REAL is FLOAT, TIMESTAMPTZ is TIMESTAMP WITH TIME ZONE):
      // let it spell the expected type too.
      String expected;
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT typeof(CAST(NULL AS " + col.sqlType() + "))")) {
        rs.next();
        expected = rs.getString(1);
      }
      if (!expected.equals(found)) {
        mismatches.add(
            "column "
                + TableLayout.quote(col.name())
                + " is "
                + found
                + " but "
                + layout.modelName
                + " needs "
                + expected);
      }
    }
    if (!mismatches.isEmpty()) {
      throw new SQLException(
          "table "
              + layout.quotedTable()
              + " exists with other types: "
              + String.join("; ", mismatches)
              + ". Rename the field with @Field(name), or move the"
              + " old table away (ALTER TABLE "
              + layout.quotedTable()
              + " RENAME TO ...)");
    }
  }

  /**
   * Checks that {@code sql} is one {@code SELECT} DuckDB can run, and describes its result columns
   * (without the internal {@code __} columns), without running it.
   *
   * @throws io.osmos.exceptions.UnsupportedQueryException if it is not a {@code SELECT}, does not
   *     parse, or refers to what does not exist; the message is DuckDB's
   */
  @Override
  public WarehouseJob analyze(String sql) {
    return jobs.analyze(Objects.requireNonNull(sql, "sql"));
  }

  /**
   * Starts {@code sql} as a job and returns it, pending. Every problem with the SQL (not a {@code
   * SELECT}, a syntax error, an unknown table, a failure while running) is reported as the error of
   * the finished job. DuckDB does not count scanned bytes: {@code maxBytesScanned} is not enforced.
   */
  @Override
  public WarehouseJob run(String sql, long maxBytesScanned) {
    Objects.requireNonNull(sql, "sql");
    if (maxBytesScanned < 0) {
      throw new IllegalArgumentException(
          "maxBytesScanned must be 0 (no cap) or more, was " + maxBytesScanned);
    }
    return jobs.run(sql);
  }

  /**
   * The job's state.
   *
   * @throws IllegalArgumentException if this driver ran no job with that id (or dropped it: jobs
   *     are kept for an hour after they finish)
   */
  @Override
  public WarehouseJob poll(String jobId) {
    return jobs.poll(Objects.requireNonNull(jobId, "jobId"));
  }

  /**
   * Reads up to {@code limit} result rows from a cursor of a finished job, in the query's order.
   * Values are in the tree format's types; the next cursor is null after the last row.
   *
   * @throws io.osmos.exceptions.InvalidCursorException for a cursor that is not one of this
   *     driver's, or whose result was dropped
   */
  @Override
  public ResultRead read(byte[] cursor, int limit) {
    return jobs.read(Objects.requireNonNull(cursor, "cursor"), limit);
  }

  /** Cancels running queries and closes the database (an in-memory one is discarded). */
  @Override
  public void close() {
    jobs.close();
    try {
      connections.with(
          c -> {
            try (Statement s = c.createStatement()) {
              s.execute(
                  "DROP SCHEMA IF EXISTS "
                      + TableLayout.quote(QueryJobs.RESULTS_SCHEMA)
                      + " CASCADE");
            }
            return null;
          });
    } catch (SQLException e) {
      // dropped when the database is opened again
    }
    try {
      connections.close();
    } catch (SQLException e) {
      throw new DriverException(
          "closing DuckDB database " + description + " failed: " + message(e), e);
    }
  }

  @Override
  public String toString() {
    return "DuckDbDriver(" + description + ")";
  }

  /** DuckDB's message without the JDBC driver's decoration. */
  static String message(SQLException e) {
    String m = e.getMessage();
    return m == null ? e.toString() : m.strip();
  }

  /** The first line of DuckDB's message, for errors that name the row themselves. */
  static String firstLine(SQLException e) {
    String m = message(e);
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
