package io.osmos.duckdb;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.osmos.codec.json.JsonFormat;
import io.osmos.exceptions.InvalidCursorException;
import io.osmos.exceptions.OsmosException;
import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.spi.WarehouseService.Column;
import io.osmos.spi.WarehouseService.ResultRead;
import io.osmos.spi.WarehouseService.Status;
import io.osmos.spi.WarehouseService.WarehouseJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Warehouse queries run as jobs, BigQuery-style: {@link #run} checks nothing and returns a pending
 * job at once; a worker thread runs the query and materializes its result into a table of the
 * {@value #RESULTS_SCHEMA} schema, and marks the job done, with the error when it failed. Results
 * are read from that table page by page, in the query's order, and dropped {@link #RESULT_TTL}
 * after the job finished or when the driver closes.
 *
 * <p>DuckDB itself keeps a query to one SELECT that only reads:
 *
 * <ul>
 *   <li>its parser ({@code json_serialize_sql}, which serializes SELECT statements only) says
 *       whether the text is one SELECT, and which functions it calls;
 *   <li>the text is never given to the JDBC driver as SQL (which runs every statement of a text but
 *       the last while preparing it), nor concatenated into any: it is the bound argument of
 *       DuckDB's {@code query(?)} table function, which refuses anything but a single SELECT;
 *   <li>it runs in a {@code READ ONLY} transaction, so it can write nothing ({@code nextval}
 *       fails); its rows go to a temporary table (private to the connection, and writable in that
 *       transaction), copied afterwards into the result table by a statement of the driver's own;
 *   <li>functions that change the state of the whole database from a SELECT, which neither the
 *       transaction nor {@code lock_configuration} stops ({@code enable_logging} to a file makes
 *       every later statement fail and can abort the process), and those that run SQL text the
 *       parser cannot see ({@code query}, {@code json_execute_serialized_sql}), are refused by name
 *       from the parse tree ({@link #REFUSED_FUNCTIONS});
 *   <li>files, URLs, extensions and other databases are out of reach: the driver turns {@code
 *       enable_external_access} off and locks the configuration once the database is set up.
 * </ul>
 */
final class QueryJobs implements AutoCloseable {
  static final String RESULTS_SCHEMA = "osmos_results";
  static final Duration RESULT_TTL = Duration.ofHours(1);

  private static final int WORKERS = 2;
  private static final String CURSOR_PREFIX = "duckdb-result:1:";

  // DuckDB's own parser says what the text is: json_serialize_sql serializes SELECT statements
  // only and reports anything else as "not implemented". Preparing the text ourselves would not
  // do: the JDBC driver executes every statement but the last one while preparing.
  private static final String CHECK_SQL =
      "SELECT coalesce(CAST(j->>'error' AS BOOLEAN), false), j->>'error_type', j->>'error_message',"
          + " coalesce(json_array_length(j->'statements'), 0), CAST(j AS VARCHAR)"
          + " FROM (SELECT CAST(json_serialize_sql(CAST(? AS VARCHAR)) AS JSON) AS j)";

  /**
   * Functions a SELECT may not call: they change the whole database's state (logging, checkpoints,
   * the session's random seed) or run SQL text that the check never sees.
   */
  static final Set<String> REFUSED_FUNCTIONS =
      Set.of(
          "enable_logging",
          "disable_logging",
          "truncate_duckdb_logs",
          "write_log",
          "checkpoint",
          "force_checkpoint",
          "setseed",
          "query",
          "query_table",
          "json_execute_serialized_sql");

  private final Connections connections;
  private final ExecutorService workers;
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** A job: its current state and, once done, where its result is. */
  private static final class Job {
    final String id;
    final String sql;
    volatile WarehouseJob state;
    volatile Statement running;
    volatile String resultTable;
    volatile List<String> names = List.of();
    volatile List<DuckDbType> types = List.of();
    volatile long rows;
    volatile long finishedAt;

    Job(String id, String sql) {
      this.id = id;
      this.sql = sql;
      this.state = new WarehouseJob(id, Status.PENDING, null, null, null, -1, -1);
    }
  }

  QueryJobs(Connections connections, String description) {
    this.connections = connections;
    AtomicInteger n = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            WORKERS,
            r -> {
              Thread t =
                  new Thread(r, "osmos-duckdb-query-" + description + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Checks and describes a query without running it (its result's columns, no rows). */
  WarehouseJob analyze(String sql) {
    try {
      return connections.with(
          c -> {
            checkSelect(c, sql);
            return readOnly(
                c,
                () -> {
                  try (PreparedStatement ps =
                      c.prepareStatement("SELECT * FROM query(?) LIMIT 0")) {
                    ps.setString(1, sql);
                    try (ResultSet rs = ps.executeQuery()) {
                      return new WarehouseJob(
                          null, Status.DONE, null, columns(rs.getMetaData()), null, -1, -1);
                    }
                  }
                },
                false);
          });
    } catch (SQLException e) {
      throw new UnsupportedQueryException(
          "DuckDB cannot run the query: " + DuckDbDriver.message(e) + "; query: " + abbreviate(sql),
          e);
    }
  }

  /** Starts a job; SQL errors are reported by the job, not thrown. */
  WarehouseJob run(String sql) {
    if (closed) {
      throw new IllegalStateException("the DuckDB driver is closed");
    }
    purgeExpired();
    Job job = new Job(UUID.randomUUID().toString(), sql);
    jobs.put(job.id, job);
    try {
      workers.execute(() -> execute(job));
    } catch (RejectedExecutionException e) {
      jobs.remove(job.id);
      throw new IllegalStateException("the DuckDB driver is closed", e);
    }
    return job.state;
  }

  WarehouseJob poll(String id) {
    return job(id).state;
  }

  ResultRead read(byte[] cursor, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    String text = new String(cursor, StandardCharsets.UTF_8);
    int sep = text.lastIndexOf(':');
    long offset;
    String id;
    try {
      if (!text.startsWith(CURSOR_PREFIX) || sep < CURSOR_PREFIX.length()) {
        throw new NumberFormatException();
      }
      id = text.substring(CURSOR_PREFIX.length(), sep);
      offset = Long.parseLong(text.substring(sep + 1));
      if (offset < 0) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw new InvalidCursorException("not a cursor of a DuckDB query result");
    }
    Job job = jobs.get(id);
    if (job == null || job.resultTable == null) {
      throw new InvalidCursorException(
          "the result of job "
              + id
              + " is gone: results are kept"
              + " for "
              + RESULT_TTL.toMinutes()
              + " minutes, in the process that ran the query");
    }
    List<String> names = job.names;
    List<DuckDbType> types = job.types;
    StringBuilder select = new StringBuilder("SELECT ");
    for (int i = 0; i < names.size(); i++) {
      select.append(i > 0 ? ", " : "").append(TableLayout.quote(names.get(i)));
    }
    if (names.isEmpty()) {
      select.append('1');
    }
    // A plain scan returns rows in insertion order (DuckDB's preserve_insertion_order), which is
    // the query's order.
    select.append(" FROM ").append(job.resultTable).append(" LIMIT ? OFFSET ?");
    try {
      List<Map<String, Object>> rows =
          connections.with(
              c -> {
                try (PreparedStatement ps = c.prepareStatement(select.toString())) {
                  ps.setLong(1, limit);
                  ps.setLong(2, offset);
                  List<Map<String, Object>> out = new ArrayList<>();
                  try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                      Map<String, Object> row = new LinkedHashMap<>();
                      for (int i = 0; i < names.size(); i++) {
                        row.put(names.get(i), types.get(i).treeValue(rs.getObject(i + 1)));
                      }
                      out.add(row);
                    }
                  }
                  return out;
                }
              });
      long next = offset + rows.size();
      return new ResultRead(rows, next < job.rows && !rows.isEmpty() ? cursor(id, next) : null);
    } catch (SQLException e) {
      throw new io.osmos.exceptions.DriverException(
          "reading the result of job " + id + " failed: " + DuckDbDriver.message(e), e);
    }
  }

  private void execute(Job job) {
    job.state = new WarehouseJob(job.id, Status.RUNNING, null, null, null, -1, -1);
    String name = "job_" + job.id.replace("-", "");
    String table = TableLayout.quote(RESULTS_SCHEMA) + "." + TableLayout.quote(name);
    String temp = "temp." + TableLayout.quote(name);
    try {
      WarehouseJob done =
          connections.with(
              c -> {
                checkSelect(c, job.sql);
                try {
                  readOnly(
                      c,
                      () -> {
                        try (PreparedStatement ps =
                            c.prepareStatement(
                                "CREATE TEMP TABLE "
                                    + TableLayout.quote(name)
                                    + " AS SELECT * FROM query(?)")) {
                          job.running = ps;
                          if (closed) {
                            throw new SQLException("the DuckDB driver closed before the query ran");
                          }
                          ps.setString(1, job.sql);
                          ps.execute();
                        } finally {
                          job.running = null;
                        }
                        return null;
                      },
                      true);
                  try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE " + table + " AS SELECT * FROM " + temp);
                  }
                } finally {
                  try (Statement s = c.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS " + temp);
                  }
                }
                job.resultTable = table;
                List<Column> columns;
                try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT * FROM " + table + " LIMIT 0")) {
                  ResultSetMetaData md = rs.getMetaData();
                  columns = columns(md);
                  List<String> names = new ArrayList<>();
                  List<DuckDbType> types = new ArrayList<>();
                  for (int i = 1; i <= md.getColumnCount(); i++) {
                    if (!internal(md.getColumnName(i))) {
                      names.add(md.getColumnName(i));
                      types.add(DuckDbType.parse(md.getColumnTypeName(i)));
                    }
                  }
                  job.names = List.copyOf(names);
                  job.types = List.copyOf(types);
                }
                try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                  rs.next();
                  job.rows = rs.getLong(1);
                }
                return new WarehouseJob(
                    job.id, Status.DONE, null, columns, List.of(cursor(job.id, 0)), -1, job.rows);
              });
      job.finishedAt = System.nanoTime();
      job.state = done;
    } catch (SQLException e) {
      fail(job, DuckDbDriver.message(e));
    } catch (OsmosException e) {
      fail(job, e.getMessage());
    } catch (RuntimeException e) {
      fail(job, e.toString());
    }
  }

  private void fail(Job job, String error) {
    job.finishedAt = System.nanoTime();
    job.state =
        new WarehouseJob(job.id, Status.DONE, error == null ? "failed" : error, null, null, -1, -1);
  }

  /** Throws {@link UnsupportedQueryException} unless {@code sql} is exactly one SELECT. */
  private static void checkSelect(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(CHECK_SQL)) {
      ps.setString(1, sql);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        boolean error = rs.getBoolean(1);
        String type = rs.getString(2);
        String message = rs.getString(3);
        long statements = rs.getLong(4);
        if (error && "not implemented".equals(type)) {
          throw new UnsupportedQueryException(
              "not a SELECT query: the warehouse runs one"
                  + " read-only SELECT (or WITH ... SELECT) per job; got: "
                  + abbreviate(sql));
        }
        if (error) {
          throw new UnsupportedQueryException(
              "the query does not parse: " + message + "; query: " + abbreviate(sql));
        }
        if (statements != 1) {
          throw new UnsupportedQueryException(
              "a warehouse query is one SELECT statement, but"
                  + " this text has "
                  + statements
                  + ": "
                  + abbreviate(sql));
        }
        for (String function : functions(rs.getString(5))) {
          if (REFUSED_FUNCTIONS.contains(function)) {
            throw new UnsupportedQueryException(
                "a warehouse query may not call "
                    + function
                    + "(): it changes the database's state or runs SQL of its own; the warehouse"
                    + " runs one read-only SELECT");
          }
        }
      }
    }
  }

  /** The names (lower case) of the functions a parse tree of json_serialize_sql calls. */
  private static Set<String> functions(String tree) throws SQLException {
    Set<String> names = new HashSet<>();
    try (JsonParser p = JsonFormat.createParser(tree)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.FIELD_NAME
            && p.currentName().equals("function_name")
            && p.nextToken() == JsonToken.VALUE_STRING) {
          names.add(p.getText().toLowerCase(Locale.ROOT));
        }
      }
    } catch (IOException e) {
      throw new SQLException("cannot read DuckDB's parse tree of the query", e);
    }
    return names;
  }

  /** Work in a transaction. */
  @FunctionalInterface
  private interface TransactionWork<R> {
    R run() throws SQLException;
  }

  /**
   * Runs {@code work} in a {@code READ ONLY} transaction of {@code c}: DuckDB refuses every write
   * to the database in it (temporary tables excepted). Committed when {@code keep} (to keep a
   * temporary table), else rolled back.
   */
  private static <R> R readOnly(Connection c, TransactionWork<R> work, boolean keep)
      throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("BEGIN TRANSACTION READ ONLY");
    }
    boolean done = false;
    try {
      R result = work.run();
      done = true;
      return result;
    } finally {
      try (Statement s = c.createStatement()) {
        s.execute(done && keep ? "COMMIT" : "ROLLBACK");
      }
    }
  }

  /** Result columns, without the internal {@code __} ones. */
  private static List<Column> columns(ResultSetMetaData md) throws SQLException {
    List<Column> columns = new ArrayList<>();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      String name = md.getColumnName(i);
      if (!internal(name)) {
        columns.add(
            new Column(
                name,
                DuckDbType.parse(md.getColumnTypeName(i)).fieldType(),
                md.isNullable(i) != ResultSetMetaData.columnNoNulls));
      }
    }
    return columns;
  }

  /** {@code __key}, {@code __timestamp}: Beneath drops internal columns from results. */
  private static boolean internal(String column) {
    return column.startsWith("__");
  }

  private Job job(String id) {
    Job job = jobs.get(id);
    if (job == null) {
      throw new IllegalArgumentException(
          "no job '"
              + id
              + "' in this DuckDB warehouse; jobs"
              + " live in the process that ran them, and for "
              + RESULT_TTL.toMinutes()
              + " minutes after they finish");
    }
    return job;
  }

  private static byte[] cursor(String id, long offset) {
    return (CURSOR_PREFIX + id + ":" + offset).getBytes(StandardCharsets.UTF_8);
  }

  private void purgeExpired() {
    long now = System.nanoTime();
    for (Job job : jobs.values()) {
      if (job.finishedAt != 0 && now - job.finishedAt > RESULT_TTL.toNanos()) {
        jobs.remove(job.id);
        drop(job);
      }
    }
  }

  private void drop(Job job) {
    String table = job.resultTable;
    if (table == null) {
      return;
    }
    try {
      connections.with(
          c -> {
            try (Statement s = c.createStatement()) {
              s.execute("DROP TABLE IF EXISTS " + table);
            }
            return null;
          });
    } catch (SQLException e) {
      // dropped with the schema when the driver closes
    }
  }

  static String abbreviate(String sql) {
    String s = sql.strip();
    return s.length() > 200 ? s.substring(0, 197) + "..." : s;
  }

  /** Cancels running queries and stops the workers; results are dropped with the database. */
  @Override
  public void close() {
    closed = true;
    workers.shutdownNow();
    for (Job job : jobs.values()) {
      Statement s = job.running;
      if (s != null) {
        try {
          s.cancel();
        } catch (SQLException e) {
          // the query ends with the connection
        }
      }
    }
    try {
      workers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
