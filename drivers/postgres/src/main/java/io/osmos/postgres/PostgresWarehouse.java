package io.osmos.postgres;

import com.fasterxml.jackson.core.JsonParser;
import io.osmos.codec.Codecs;
import io.osmos.codec.FieldDescriptor;
import io.osmos.codec.FieldType;
import io.osmos.codec.ValueCodec;
import io.osmos.codec.json.JsonFormat;
import io.osmos.exceptions.DriverException;
import io.osmos.exceptions.InvalidCursorException;
import io.osmos.exceptions.OsmosException;
import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.spi.WarehouseService.Column;
import io.osmos.spi.WarehouseService.ResultRead;
import io.osmos.spi.WarehouseService.Status;
import io.osmos.spi.WarehouseService.WarehouseJob;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGResultSetMetaData;
import org.postgresql.jdbc.PgResultSet;
import org.postgresql.jdbc.PreferQueryMode;

/**
 * Warehouse queries as jobs. A query is one read-only {@code SELECT}, and the server enforces it:
 *
 * <ul>
 *   <li>the text is never parsed by the JDBC driver (whose own lexer splits statements at
 *       semicolons and may read quotes and identifiers differently from the server): it is a bound
 *       parameter of the PL/pgSQL function {@value #OPEN_FUNCTION} in the driver's schema, which
 *       opens a cursor on {@code SELECT * FROM (<sql>) AS q} with {@code OPEN ... FOR EXECUTE}.
 *       PostgreSQL refuses to open a cursor on a text of several statements or on one that is not a
 *       query, and inside {@code FROM (...)} anything but a query is a syntax error;
 *   <li>every warehouse statement runs in a {@code READ ONLY} transaction that the text cannot end
 *       (it is one statement), so even a function with side effects cannot write, and under {@code
 *       SET LOCAL statement_timeout}, set again before each fetch to what is left of the warehouse
 *       timeout, so a query cannot lift it for its later rows;
 *   <li>the transaction is rolled back, which undoes every setting a query changed ({@code
 *       set_config(..., false)} included), and session-level advisory locks, the one thing a {@code
 *       SELECT} can leave behind past its transaction, are released before the connection goes back
 *       to the pool;
 *   <li>queries may run as a login of their own (the driver's warehouse data source), which the
 *       driver grants {@code SELECT} on each warehouse table; see the module's README.
 * </ul>
 *
 * Jobs: {@link #analyze} is a dry run ({@code ... LIMIT 0} describes the result columns, {@code
 * EXPLAIN (FORMAT JSON)} estimates the bytes the scans read). {@link #run} records a job in {@code
 * warehouse_jobs} and runs it on a driver thread: rows are fetched from the cursor in batches and
 * copied, numbered, into a result table {@code warehouse_result_<job id>} whose columns are {@code
 * c1, c2, ...} with the types of the result's columns (the labels are kept with the job), so the
 * table is made by DDL that holds no text of the query. Any process can {@link #poll} the job and
 * {@link #read} its result; results are dropped 24 hours after the job finished. {@code
 * maxBytesScanned} is checked against the estimate before the query runs (0 means 1 TB, Beneath's
 * cap).
 */
final class PostgresWarehouse {
  /** The function that opens a cursor on a query text; created in the driver's schema. */
  static final String OPEN_FUNCTION = "warehouse_open";

  private static final System.Logger LOG = System.getLogger(PostgresWarehouse.class.getName());
  private static final long DEFAULT_MAX_BYTES = 1L << 40;
  private static final int COPY_BATCH = 500;
  private static final int RESULT_TTL_HOURS = 24;
  private static final byte CURSOR_VERSION = 2;
  private static final String ROW = "__osmos_row";
  private static final String DESCRIBE_CURSOR = "osmos_describe";
  private static final String EXPLAIN_CURSOR = "osmos_explain";
  private static final String JOB_CURSOR = "osmos_job";

  /** The type of a json column whose shape is unknown (not a column of a bound model). */
  static final FieldType JSON = new FieldType.Struct("json", List.of());

  private static final ValueCodec<List<Map<String, String>>> COLUMNS =
      Codecs.list(Codecs.map(Codecs.STRING));

  private final Database db;
  private final DataSource queries;
  private final Duration timeout;
  private final String jobs;
  private final String open;
  private final ExecutorService executor;
  private final Set<Statement> running = ConcurrentHashMap.newKeySet();
  private final Map<String, WarehouseLayout<?, ?>> tables = new ConcurrentHashMap<>();

  /**
   * @param db the driver's database: jobs, result tables
   * @param queries where warehouse queries run (the driver's own pool, or a login of their own)
   * @param timeout how long a dry run or a job's query may take
   */
  PostgresWarehouse(Database db, DataSource queries, Duration timeout) {
    this.db = db;
    this.queries = queries;
    this.timeout = timeout;
    this.jobs = db.table("warehouse_jobs");
    this.open = db.table(OPEN_FUNCTION);
    this.executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "osmos-postgres-warehouse");
              t.setDaemon(true);
              return t;
            });
  }

  List<String> ddl() {
    return List.of(
        "CREATE TABLE IF NOT EXISTS "
            + jobs
            + " (\"id\" uuid PRIMARY KEY,"
            + " \"sql\" text NOT NULL, \"status\" text NOT NULL, \"error\" text,"
            + " \"columns\" jsonb, \"result_table\" text, \"result_rows\" bigint,"
            + " \"bytes_scanned\" bigint NOT NULL DEFAULT -1,"
            + " \"created_at\" timestamptz NOT NULL DEFAULT now(), \"finished_at\" timestamptz)",
        // SECURITY INVOKER: the cursor's query has the rights of whoever calls it, never more.
        "CREATE OR REPLACE FUNCTION "
            + open
            + "(cursor_name text, query_text text)"
            + " RETURNS refcursor LANGUAGE plpgsql SECURITY INVOKER AS $osmos$\n"
            + "DECLARE c refcursor := cursor_name;\n"
            + "BEGIN\n"
            + "  OPEN c NO SCROLL FOR EXECUTE query_text;\n"
            + "  RETURN c;\n"
            + "END\n"
            + "$osmos$");
  }

  // ---- analyze -------------------------------------------------------------------------------

  /** Makes a bound model's table known, so result columns taken from it get the field's type. */
  void register(WarehouseLayout<?, ?> layout) {
    tables.put(layout.tableName, layout);
  }

  WarehouseJob analyze(String sql) {
    Analysis a = dryRun(WarehouseSql.single(sql));
    return new WarehouseJob(null, Status.DONE, null, columns(a.columns), List.of(), a.bytes, -1);
  }

  /** The dry run of a query: its result columns and the bytes its scans read. */
  private Analysis dryRun(String query) {
    Deadline deadline = new Deadline(timeout);
    return unsupportedIfRejected(
        () ->
            readOnly(
                "analyze a warehouse query",
                deadline,
                c -> {
                  List<ColumnInfo> columns;
                  open(c, DESCRIBE_CURSOR, wrap(query) + " LIMIT 0");
                  try (Statement s = c.createStatement()) {
                    columns = describe(fetch(s, deadline, DESCRIBE_CURSOR, 0).getMetaData());
                  }
                  open(c, EXPLAIN_CURSOR, "EXPLAIN (FORMAT JSON) " + wrap(query));
                  long bytes;
                  try (Statement s = c.createStatement()) {
                    ResultSet rs = fetch(s, deadline, EXPLAIN_CURSOR, 0);
                    bytes = rs.next() ? scannedBytes(rs.getString(1)) : -1;
                  }
                  return new Analysis(columns, bytes);
                }));
  }

  /**
   * Runs a dry run or a job's query. PostgreSQL's errors of class 42 (syntax errors, unknown tables
   * and columns, no right to read them, a text of several statements: anything but a query is a
   * syntax error inside {@code FROM (...)}), 0A (a data-modifying {@code WITH}) and 25006 (a write
   * in the read-only transaction) mean the SQL is not a SELECT that compiles and only reads: they
   * are {@link UnsupportedQueryException}s.
   */
  private static <R> R unsupportedIfRejected(Supplier<R> work) {
    try {
      return work.get();
    } catch (OsmosException e) {
      if (e.getCause() instanceof SQLException s
          && s.getSQLState() != null
          && (s.getSQLState().startsWith("42")
              || s.getSQLState().startsWith("0A")
              || s.getSQLState().equals("25006"))) {
        throw new UnsupportedQueryException(
            "the warehouse query must be one SELECT (or VALUES or"
                + " TABLE) query that compiles and only reads; PostgreSQL says: "
                + s.getMessage().split("\n", 2)[0],
            e);
      }
      throw e;
    }
  }

  /** The statement a query runs as. */
  private static String wrap(String query) {
    return "SELECT * FROM (\n" + query + "\n) AS q";
  }

  /** Work inside a warehouse transaction. */
  @FunctionalInterface
  private interface ReadOnlyWork<R> {
    R run(Connection c) throws SQLException;
  }

  /** When a dry run or job must be over; statements get what is left as their timeout. */
  private static final class Deadline {
    private final long end;

    Deadline(Duration timeout) {
      this.end = System.nanoTime() + timeout.toNanos();
    }

    /** At least 1 ms: 0 would switch the timeout off. */
    long millisLeft() {
      return Math.max(1, (end - System.nanoTime()) / 1_000_000);
    }
  }

  /**
   * Runs {@code work} on a warehouse connection in a {@code READ ONLY} transaction under the
   * statement timeout, then rolls back and resets the session (see {@link #reset}).
   */
  private <R> R readOnly(String what, Deadline deadline, ReadOnlyWork<R> work) {
    try (Connection c = queries.getConnection()) {
      if (c.unwrap(PGConnection.class).getPreferQueryMode() == PreferQueryMode.SIMPLE) {
        // The simple protocol has no bound values: pgjdbc would splice the text into the SQL.
        throw new DriverException(
            "postgres: warehouse queries need pgjdbc's extended protocol,"
                + " which sends the query text as a bound value; remove preferQueryMode=simple from"
                + " the URL or data source of warehouse queries");
      }
      boolean auto = c.getAutoCommit();
      R result;
      try {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
          s.execute(
              "SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = " + deadline.millisLeft());
        }
        result = work.run(c);
      } catch (SQLException | RuntimeException e) {
        reset(c, auto, e);
        throw e;
      }
      reset(c, auto, null);
      return result;
    } catch (SQLException e) {
      throw SqlErrors.translate(what, e);
    }
  }

  /**
   * Gives a warehouse connection back clean. The rollback undoes every setting the query made
   * ({@code set_config(..., false)} included) and closes its cursors; session-level advisory locks
   * are the one thing a {@code SELECT} can take that outlives its transaction. A connection that
   * cannot be reset is closed for good, never reused.
   */
  private static void reset(Connection c, boolean auto, Throwable failure) throws SQLException {
    try {
      c.rollback();
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_advisory_unlock_all()");
      }
      c.setAutoCommit(auto);
    } catch (SQLException | RuntimeException e) {
      try {
        c.abort(Runnable::run);
      } catch (SQLException | RuntimeException ignored) {
        // Aborting a broken connection may fail too; it is not reused either way.
      }
      if (failure != null) {
        failure.addSuppressed(e);
        return;
      }
      throw e;
    }
  }

  /** Opens cursor {@code name} on {@code text}, which is a bound value, never parsed here. */
  private void open(Connection c, String name, String text) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + open + "(?, ?)")) {
      ps.setString(1, name);
      ps.setString(2, text);
      ps.executeQuery().close();
    }
  }

  /**
   * The next {@code count} rows of cursor {@code name} (all of them for 0), fetched under what is
   * left of the timeout: set again before each fetch, as the query may have changed it.
   */
  private static ResultSet fetch(Statement s, Deadline deadline, String name, int count)
      throws SQLException {
    s.execute(
        "SET LOCAL statement_timeout = "
            + deadline.millisLeft()
            + "; FETCH "
            + (count == 0 ? "ALL" : "FORWARD " + count)
            + " FROM "
            + SqlNames.quote(name));
    if (!s.getMoreResults()) {
      throw new SQLException("FETCH returned no rows");
    }
    return s.getResultSet();
  }

  /**
   * A result column as the dry run saw it: its label, PostgreSQL type, nullability, and the table
   * column it comes from ({@code table} and {@code column} null for computed values).
   */
  private record ColumnInfo(
      String name, String pgType, boolean nullable, String table, String column) {
    Map<String, String> toMap() {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("name", name);
      m.put("type", pgType);
      m.put("nullable", Boolean.toString(nullable));
      if (table != null) {
        m.put("table", table);
        m.put("column", column);
      }
      return m;
    }

    static ColumnInfo of(Map<String, String> m) {
      return new ColumnInfo(
          m.get("name"),
          m.get("type"),
          Boolean.parseBoolean(m.get("nullable")),
          m.get("table"),
          m.get("column"));
    }
  }

  /** What a dry run tells: the result columns (internal ones left out) and the bytes scanned. */
  private record Analysis(List<ColumnInfo> columns, long bytes) {}

  /**
   * The result columns, internal ones left out.
   *
   * @throws UnsupportedQueryException when two have the same name: a result row could not hold both
   */
  private List<ColumnInfo> describe(ResultSetMetaData md) throws SQLException {
    PGResultSetMetaData pg = md.unwrap(PGResultSetMetaData.class);
    List<ColumnInfo> columns = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      String label = md.getColumnLabel(i);
      if (internal(label)) {
        continue;
      }
      if (!names.add(label)) {
        throw new UnsupportedQueryException(
            "the warehouse query's result has two columns named '"
                + label
                + "'; give them different names (... AS name)");
      }
      String table = null;
      String column = null;
      if (db.schema().equals(pg.getBaseSchemaName(i))
          && tables.containsKey(pg.getBaseTableName(i))) {
        table = pg.getBaseTableName(i);
        column = pg.getBaseColumnName(i);
      }
      columns.add(
          new ColumnInfo(
              label,
              md.getColumnTypeName(i),
              md.isNullable(i) != ResultSetMetaData.columnNoNulls,
              table,
              column));
    }
    return columns;
  }

  /**
   * The columns as the SPI describes them: a column taken from a bound model's table has its
   * field's type (a struct column its fields), others the type of their PostgreSQL type.
   */
  private List<Column> columns(List<ColumnInfo> infos) {
    List<Column> out = new ArrayList<>(infos.size());
    for (ColumnInfo info : infos) {
      FieldType type = null;
      WarehouseLayout<?, ?> layout = info.table == null ? null : tables.get(info.table);
      if (layout != null) {
        for (FieldDescriptor f : layout.columns) {
          if (f.storedName().equals(info.column)) {
            type = f.type();
          }
        }
      }
      out.add(new Column(info.name, type != null ? type : fieldType(info.pgType), info.nullable));
    }
    return out;
  }

  /** Internal columns ({@code __key}, {@code __timestamp}, ...) are not part of results. */
  private static boolean internal(String label) {
    return label.startsWith("__");
  }

  /** The sum of rows times width over the scan nodes of an {@code EXPLAIN (FORMAT JSON)} plan. */
  private static long scannedBytes(String explain) {
    Object tree;
    try (JsonParser p = JsonFormat.createParser(explain)) {
      tree = JsonFormat.reader(p).any();
    } catch (IOException e) {
      return -1;
    }
    double[] sum = {0};
    walk(tree, sum);
    return (long) Math.min(Long.MAX_VALUE, sum[0]);
  }

  private static void walk(Object node, double[] sum) {
    if (node instanceof List<?> list) {
      for (Object o : list) {
        walk(o, sum);
      }
    } else if (node instanceof Map<?, ?> map) {
      if (map.get("Node Type") instanceof String type
          && type.endsWith("Scan")
          && map.get("Plan Rows") instanceof Number rows
          && map.get("Plan Width") instanceof Number width) {
        sum[0] += rows.doubleValue() * width.doubleValue();
      }
      for (Object v : map.values()) {
        walk(v, sum);
      }
    }
  }

  // ---- run and poll --------------------------------------------------------------------------

  WarehouseJob run(String sql, long maxBytesScanned) {
    if (maxBytesScanned < 0) {
      throw new IllegalArgumentException(
          "maxBytesScanned must be 0 (the default cap) or" + " positive, was " + maxBytesScanned);
    }
    long cap = maxBytesScanned == 0 ? DEFAULT_MAX_BYTES : maxBytesScanned;
    UUID id = UUID.randomUUID();
    // SQL that is not one SELECT is no reason to throw: the job ends with the error.
    String query = null;
    Analysis a = new Analysis(List.of(), -1);
    String error = null;
    try {
      query = WarehouseSql.single(sql);
      a = dryRun(query);
      if (a.bytes > cap) {
        error =
            "the query would scan about "
                + a.bytes
                + " bytes, more than maxBytesScanned ("
                + cap
                + "); it was not run";
      }
    } catch (UnsupportedQueryException e) {
      error = e.getMessage();
    }
    String recordedSql = query != null ? query : String.valueOf(sql);
    String failure = error;
    long bytes = a.bytes;
    List<ColumnInfo> columns = a.columns;
    db.call(
        "record warehouse job " + id,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO "
                      + jobs
                      + " (\"id\", \"sql\","
                      + " \"status\", \"error\", \"columns\", \"bytes_scanned\", \"finished_at\") VALUES (?,"
                      + " ?, ?, ?, ?::jsonb, ?, CASE WHEN ? THEN now() END)")) {
            ps.setObject(1, id);
            ps.setString(2, recordedSql);
            ps.setString(3, (failure == null ? Status.PENDING : Status.DONE).name());
            ps.setString(4, failure);
            ps.setString(5, encode(columns));
            ps.setLong(6, bytes);
            ps.setBoolean(7, failure != null);
            ps.executeUpdate();
          }
          return null;
        });
    if (error == null) {
      String q = query;
      try {
        executor.execute(() -> execute(id, q));
      } catch (RejectedExecutionException e) {
        finish(id, null, -1, "the driver was closed before the job started", null);
      }
    }
    return poll(id.toString());
  }

  WarehouseJob poll(String jobId) {
    UUID id = jobId(jobId);
    return db.call(
        "poll warehouse job " + jobId,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT \"status\", \"error\","
                      + " \"columns\"::text, \"result_table\", \"result_rows\", \"bytes_scanned\" FROM "
                      + jobs
                      + " WHERE \"id\" = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new IllegalArgumentException(
                    "no warehouse job with id "
                        + jobId
                        + " (results"
                        + " are kept "
                        + RESULT_TTL_HOURS
                        + " hours)");
              }
              Status status = status(rs.getString(1));
              String error = rs.getString(2);
              List<Column> columns = columns(decode(rs.getString(3)));
              boolean done = status == Status.DONE && error == null && rs.getString(4) != null;
              long rows = rs.getObject(5) == null ? -1 : rs.getLong(5);
              return new WarehouseJob(
                  jobId,
                  status,
                  error,
                  columns,
                  done ? List.of(cursor(id, 0)) : List.of(),
                  rs.getLong(6),
                  rows);
            }
          }
        });
  }

  private static String encode(List<ColumnInfo> columns) {
    List<Map<String, String>> stored = new ArrayList<>();
    for (ColumnInfo info : columns) {
      stored.add(info.toMap());
    }
    return JsonFormat.encodeValueToString(COLUMNS, stored);
  }

  private static List<ColumnInfo> decode(String stored) {
    List<ColumnInfo> infos = new ArrayList<>();
    if (stored != null) {
      for (Map<String, String> col : JsonFormat.decodeValue(COLUMNS, stored)) {
        infos.add(ColumnInfo.of(col));
      }
    }
    return infos;
  }

  /** Runs a recorded job: the query in a read-only transaction, its rows copied to the result. */
  private void execute(UUID id, String query) {
    String resultName = "warehouse_result_" + id.toString().replace("-", "");
    try {
      dropExpired();
      setStatus(id, Status.RUNNING);
      Deadline deadline = new Deadline(timeout);
      Copied copied =
          unsupportedIfRejected(
              () ->
                  readOnly(
                      "run warehouse job " + id,
                      deadline,
                      reader -> copy(reader, deadline, query, db.table(resultName))));
      finish(id, resultName, copied.rows, null, copied.columns);
    } catch (RuntimeException e) {
      String message =
          e.getCause() instanceof SQLException s && !(e instanceof UnsupportedQueryException)
              ? s.getMessage()
              : e.getMessage();
      finish(id, null, -1, String.valueOf(message), null);
    }
  }

  /** What a job's copy made: its columns and its number of rows. */
  private record Copied(List<ColumnInfo> columns, long rows) {}

  /**
   * Fetches the query's rows in batches from {@code reader}'s cursor and inserts them, numbered,
   * into a new result table, in one transaction of the driver's own: the table and its rows appear
   * together, or not at all. Values travel as text and are read by the column type's input
   * function.
   */
  private Copied copy(Connection reader, Deadline deadline, String query, String result)
      throws SQLException {
    open(reader, JOB_CURSOR, wrap(query));
    try (Statement fetch = reader.createStatement();
        Connection writer = db.dataSource().getConnection()) {
      running.add(fetch);
      boolean auto = writer.getAutoCommit();
      writer.setAutoCommit(false);
      try {
        ResultSet rs = fetch(fetch, deadline, JOB_CURSOR, COPY_BATCH);
        ResultSetMetaData md = rs.getMetaData();
        List<ColumnInfo> columns = describe(md);
        List<Integer> kept = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          if (!internal(md.getColumnLabel(i))) {
            kept.add(i);
          }
        }
        createResultTable(writer, result, rs.unwrap(PgResultSet.class), kept);
        long count = 0;
        try (PreparedStatement insert =
            writer.prepareStatement(
                "INSERT INTO " + result + " VALUES (?" + ", ?".repeat(kept.size()) + ")")) {
          while (true) {
            int fetched = 0;
            while (rs.next()) {
              fetched++;
              insert.setLong(1, ++count);
              for (int k = 0; k < kept.size(); k++) {
                insert.setObject(k + 2, rs.getString(kept.get(k)), Types.OTHER);
              }
              insert.addBatch();
            }
            if (fetched > 0) {
              insert.executeBatch();
            }
            if (fetched < COPY_BATCH) {
              break;
            }
            rs = fetch(fetch, deadline, JOB_CURSOR, COPY_BATCH);
          }
        }
        writer.commit();
        return new Copied(columns, count);
      } catch (SQLException | RuntimeException e) {
        Database.rollbackQuietly(writer, e);
        throw e;
      } finally {
        Database.restoreAutoCommit(writer, auto);
        running.remove(fetch);
      }
    }
  }

  /**
   * Creates the result table: the row number, then one column per kept result column, named by
   * position and typed by the server's own spelling of the column's type ({@code format_type}), so
   * no text of the query is part of the DDL. Pseudo-types ({@code record}, {@code void}) are kept
   * as text.
   */
  private static void createResultTable(
      Connection writer, String result, PgResultSet rs, List<Integer> kept) throws SQLException {
    StringBuilder ddl =
        new StringBuilder(
            "CREATE TABLE " + result + " (" + SqlNames.quote(ROW) + " bigint PRIMARY KEY");
    try (PreparedStatement type =
        writer.prepareStatement(
            "SELECT CASE WHEN t.typtype = 'p' OR"
                + " e.typtype = 'p' THEN 'text' ELSE format_type(t.oid, -1) END FROM pg_type t"
                + " LEFT JOIN pg_type e ON e.oid = t.typelem WHERE t.oid = ?::bigint::oid")) {
      for (int k = 0; k < kept.size(); k++) {
        type.setLong(1, rs.getColumnOID(kept.get(k)) & 0xFFFF_FFFFL);
        try (ResultSet t = type.executeQuery()) {
          if (!t.next()) {
            throw new SQLException("the type of result column " + kept.get(k) + " is gone");
          }
          ddl.append(", ").append(SqlNames.quote("c" + (k + 1))).append(' ').append(t.getString(1));
        }
      }
    }
    try (Statement s = writer.createStatement()) {
      s.execute(ddl.append(')').toString());
    }
  }

  private void setStatus(UUID id, Status status) {
    db.call(
        "update warehouse job " + id,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE " + jobs + " SET \"status\" = ? WHERE \"id\" = ?")) {
            ps.setString(1, status.name());
            ps.setObject(2, id);
            return ps.executeUpdate();
          }
        });
  }

  /** Records the end of a job; {@code columns} (when not null) are those of its result table. */
  private void finish(
      UUID id, String resultTable, long rows, String error, List<ColumnInfo> columns) {
    try {
      db.call(
          "finish warehouse job " + id,
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE "
                        + jobs
                        + " SET \"status\" = ?,"
                        + " \"result_table\" = ?, \"result_rows\" = ?, \"error\" = ?, \"finished_at\" = now(),"
                        + " \"columns\" = coalesce(?::jsonb, \"columns\") WHERE \"id\" = ?")) {
              ps.setString(1, Status.DONE.name());
              ps.setString(2, resultTable);
              if (rows < 0) {
                ps.setNull(3, Types.BIGINT);
              } else {
                ps.setLong(3, rows);
              }
              ps.setString(4, error);
              ps.setString(5, columns == null ? null : encode(columns));
              ps.setObject(6, id);
              return ps.executeUpdate();
            }
          });
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "osmos postgres: cannot record the end of warehouse job " + id + ": " + e.getMessage());
    }
  }

  /** Drops result tables and jobs finished more than {@value #RESULT_TTL_HOURS} hours ago. */
  private void dropExpired() {
    db.transaction(
        "drop expired warehouse results",
        c -> {
          List<String> tables = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM "
                      + jobs
                      + " WHERE"
                      + " \"finished_at\" < now() - ? * interval '1 hour' RETURNING \"result_table\"")) {
            ps.setInt(1, RESULT_TTL_HOURS);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                if (rs.getString(1) != null) {
                  tables.add(rs.getString(1));
                }
              }
            }
          }
          try (Statement s = c.createStatement()) {
            for (String t : tables) {
              s.execute("DROP TABLE IF EXISTS " + db.table(t));
            }
          }
          return null;
        });
  }

  // ---- results -------------------------------------------------------------------------------

  ResultRead read(byte[] cursor, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    ByteBuffer b = ByteBuffer.wrap(cursor == null ? new byte[0] : cursor);
    if (b.remaining() != 25 || b.get() != CURSOR_VERSION) {
      throw new InvalidCursorException("malformed warehouse cursor");
    }
    UUID id = new UUID(b.getLong(), b.getLong());
    long after = b.getLong();
    return db.call(
        "read the result of warehouse job " + id,
        c -> {
          String resultTable;
          List<ColumnInfo> columns;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT \"result_table\", \"columns\"::text"
                      + " FROM "
                      + jobs
                      + " WHERE \"id\" = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              resultTable = rs.next() ? rs.getString(1) : null;
              columns = resultTable == null ? List.of() : decode(rs.getString(2));
            }
          }
          if (resultTable == null) {
            throw new InvalidCursorException(
                "warehouse job "
                    + id
                    + " has no result (it failed, is"
                    + " not done, or its result expired after "
                    + RESULT_TTL_HOURS
                    + " hours)");
          }
          boolean auto = c.getAutoCommit();
          c.setAutoCommit(false);
          try (Statement s = c.createStatement()) {
            // Durations as ISO-8601 (PT1H30M), the form the JSON and tree formats use.
            s.execute("SET LOCAL intervalstyle = 'iso_8601'");
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT * FROM "
                      + db.table(resultTable)
                      + " WHERE "
                      + SqlNames.quote(ROW)
                      + " > ? ORDER BY "
                      + SqlNames.quote(ROW)
                      + " LIMIT ?")) {
            ps.setLong(1, after);
            ps.setInt(2, limit + 1);
            List<Map<String, Object>> rows = new ArrayList<>();
            long last = after;
            boolean more = false;
            try (ResultSet rs = ps.executeQuery()) {
              ResultSetMetaData md = rs.getMetaData();
              if (md.getColumnCount() != columns.size() + 1) {
                throw new IllegalStateException(
                    "the result table of warehouse job "
                        + id
                        + " has "
                        + (md.getColumnCount() - 1)
                        + " columns, its job names "
                        + columns.size());
              }
              while (rs.next()) {
                if (rows.size() == limit) {
                  more = true;
                  break;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                last = rs.getLong(1);
                for (int i = 2; i <= md.getColumnCount(); i++) {
                  row.put(columns.get(i - 2).name, value(rs, i, md.getColumnTypeName(i)));
                }
                rows.add(row);
              }
            }
            return new ResultRead(rows, more ? cursor(id, last) : null);
          } finally {
            Database.rollback(c);
            Database.restoreAutoCommit(c, auto);
          }
        });
  }

  private static Status status(String stored) {
    return switch (stored) {
      case "PENDING" -> Status.PENDING;
      case "RUNNING" -> Status.RUNNING;
      case "DONE" -> Status.DONE;
      default -> throw new IllegalStateException("unknown warehouse job status '" + stored + "'");
    };
  }

  private static byte[] cursor(UUID id, long after) {
    return ByteBuffer.allocate(25)
        .put(CURSOR_VERSION)
        .putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits())
        .putLong(after)
        .array();
  }

  private static UUID jobId(String jobId) {
    try {
      return UUID.fromString(jobId);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "no warehouse job with id " + jobId + " (job ids are UUIDs)");
    }
  }

  /** The type of a result column, from PostgreSQL's type name. */
  static FieldType fieldType(String pgType) {
    if (pgType != null && pgType.startsWith("_")) {
      return FieldType.list(fieldType(pgType.substring(1)));
    }
    return switch (String.valueOf(pgType)) {
      case "int2", "int4" -> FieldType.INT32;
      case "int8" -> FieldType.INT64;
      case "float4" -> FieldType.FLOAT32;
      case "float8" -> FieldType.FLOAT64;
      case "numeric" -> FieldType.DECIMAL;
      case "bool" -> FieldType.BOOLEAN;
      case "bytea" -> FieldType.BYTES;
      case "uuid" -> FieldType.UUID;
      case "timestamptz" -> FieldType.INSTANT;
      case "timestamp" -> FieldType.LOCAL_DATE_TIME;
      case "date" -> FieldType.LOCAL_DATE;
      case "interval" -> FieldType.DURATION;
      case "json", "jsonb" -> JSON;
      default -> FieldType.STRING; // text, varchar and any other type: as its text
    };
  }

  /** A result value in the tree format's types. */
  private static Object value(ResultSet rs, int i, String pgType) throws SQLException {
    if (pgType.startsWith("_")) {
      Array array = rs.getArray(i);
      if (array == null) {
        return null;
      }
      List<Object> out = new ArrayList<>();
      try (ResultSet elements = array.getResultSet()) {
        while (elements.next()) {
          out.add(value(elements, 2, pgType.substring(1)));
        }
      }
      return out;
    }
    Object v =
        switch (pgType) {
          case "int2", "int4", "int8" -> rs.getLong(i);
          case "float4", "float8" -> rs.getDouble(i);
          case "numeric" -> rs.getBigDecimal(i);
          case "bool" -> rs.getBoolean(i);
          case "bytea" -> rs.getBytes(i);
          case "timestamptz" -> {
            OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
            yield t == null ? null : t.toInstant();
          }
          case "timestamp" -> {
            java.time.LocalDateTime t = rs.getObject(i, java.time.LocalDateTime.class);
            yield t == null ? null : t.toString();
          }
          case "json", "jsonb" -> json(rs.getString(i));
          default -> rs.getString(i);
        };
    return rs.wasNull() ? null : v;
  }

  /** A JSON value as a tree (maps, lists, strings, numbers, booleans, null). */
  private static Object json(String text) {
    if (text == null) {
      return null;
    }
    try (JsonParser p = JsonFormat.createParser(text)) {
      return JsonFormat.reader(p).any();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Cancels running jobs and stops the job threads. */
  void close() {
    executor.shutdownNow();
    for (Statement s : running) {
      try {
        s.cancel();
      } catch (SQLException e) {
        // Already finished.
      }
    }
  }
}
