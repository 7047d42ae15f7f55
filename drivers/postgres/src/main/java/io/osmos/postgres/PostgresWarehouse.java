package io.osmos.postgres;

import com.fasterxml.jackson.core.JsonParser;
import io.osmos.InvalidCursorException;
import io.osmos.OsmosException;
import io.osmos.UnsupportedQueryException;
import io.osmos.codec.Codecs;
import io.osmos.codec.ValueCodec;
import io.osmos.codec.json.JsonFormat;
import io.osmos.schema.FieldDescriptor;
import io.osmos.schema.FieldType;
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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.postgresql.PGResultSetMetaData;

/**
 * Warehouse queries as jobs. A query must be one {@code SELECT} (see {@link WarehouseSql}); it is
 * always executed in a {@code READ ONLY} transaction, so even a function with side effects cannot
 * write.
 *
 * <ul>
 *   <li>{@link #analyze}: a dry run. {@code SELECT * FROM (<sql>) q LIMIT 0} describes the result
 *       columns without reading rows, and {@code EXPLAIN (FORMAT JSON)} estimates the bytes the
 *       scans read (rows times width of every scan node);
 *   <li>{@link #run}: checks the query the same way, records a job in {@code warehouse_jobs}, and
 *       runs it on a driver thread: the result rows are read from a read-only transaction and
 *       copied, numbered, into a result table {@code warehouse_result_<job id>} ({@code CREATE
 *       TABLE ... AS SELECT ... WITH NO DATA} gives it the query's column types). Any process can
 *       {@link #poll} the job and {@link #read} its result; results are dropped 24 hours after the
 *       job finished;
 *   <li>{@code maxBytesScanned} is checked against the estimate before the query runs (0 means 1
 *       TB, Beneath's cap).
 * </ul>
 */
final class PostgresWarehouse {
  private static final System.Logger LOG = System.getLogger(PostgresWarehouse.class.getName());
  private static final long DEFAULT_MAX_BYTES = 1L << 40;
  private static final int COPY_BATCH = 500;
  private static final int RESULT_TTL_HOURS = 24;
  private static final byte CURSOR_VERSION = 1;
  private static final String ROW = "__osmos_row";
  /** The type of a json column whose shape is unknown (not a column of a bound model). */
  static final FieldType JSON = new FieldType.Struct("json", List.of());
  private static final ValueCodec<List<Map<String, String>>> COLUMNS =
      Codecs.list(Codecs.map(Codecs.STRING));

  private final Database db;
  private final String jobs;
  private final ExecutorService executor;
  private final Set<Statement> running = ConcurrentHashMap.newKeySet();
  private final Map<String, WarehouseLayout<?, ?>> tables = new ConcurrentHashMap<>();

  PostgresWarehouse(Database db) {
    this.db = db;
    this.jobs = db.table("warehouse_jobs");
    this.executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "osmos-postgres-warehouse");
      t.setDaemon(true);
      return t;
    });
  }

  List<String> ddl() {
    return List.of("CREATE TABLE IF NOT EXISTS " + jobs + " (\"id\" uuid PRIMARY KEY,"
        + " \"sql\" text NOT NULL, \"status\" text NOT NULL, \"error\" text,"
        + " \"columns\" jsonb, \"result_table\" text, \"result_rows\" bigint,"
        + " \"bytes_scanned\" bigint NOT NULL DEFAULT -1,"
        + " \"created_at\" timestamptz NOT NULL DEFAULT now(), \"finished_at\" timestamptz)");
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

  /**
   * The dry run of a query. PostgreSQL's errors of class 42 (syntax errors, unknown tables and
   * columns: anything but a query is a syntax error inside {@code FROM (...)}) and 0A (a
   * data-modifying {@code WITH}) mean the SQL is not a SELECT that compiles: they are {@link
   * UnsupportedQueryException}s.
   */
  private Analysis dryRun(String query) {
    try {
      return db.call("analyze a warehouse query", c -> analyze(c, query));
    } catch (OsmosException e) {
      if (e.getCause() instanceof SQLException s && s.getSQLState() != null
          && (s.getSQLState().startsWith("42") || s.getSQLState().startsWith("0A"))) {
        throw new UnsupportedQueryException("the warehouse query must be one SELECT (or VALUES or"
            + " TABLE) query that compiles; PostgreSQL says: "
            + s.getMessage().split("\n", 2)[0], e);
      }
      throw e;
    }
  }

  /**
   * A result column as the dry run saw it: its label, PostgreSQL type, nullability, and the
   * table column it comes from ({@code table} and {@code column} null for computed values).
   */
  private record ColumnInfo(String name, String pgType, boolean nullable, String table,
      String column) {
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
      return new ColumnInfo(m.get("name"), m.get("type"), Boolean.parseBoolean(m.get("nullable")),
          m.get("table"), m.get("column"));
    }
  }

  /** What a dry run tells: the result columns (internal ones left out) and the bytes scanned. */
  private record Analysis(List<ColumnInfo> columns, long bytes) {}

  private Analysis analyze(Connection c, String query) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("SET TRANSACTION READ ONLY");
      List<ColumnInfo> columns = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT * FROM (\n" + query + "\n) AS q LIMIT 0")) {
        ResultSetMetaData md = rs.getMetaData();
        PGResultSetMetaData pg = md.unwrap(PGResultSetMetaData.class);
        for (int i = 1; i <= md.getColumnCount(); i++) {
          String label = md.getColumnLabel(i);
          if (internal(label)) {
            continue;
          }
          String table = null;
          String column = null;
          if (db.schema().equals(pg.getBaseSchemaName(i))
              && tables.containsKey(pg.getBaseTableName(i))) {
            table = pg.getBaseTableName(i);
            column = pg.getBaseColumnName(i);
          }
          columns.add(new ColumnInfo(label, md.getColumnTypeName(i),
              md.isNullable(i) != ResultSetMetaData.columnNoNulls, table, column));
        }
      }
      long bytes;
      try (ResultSet rs = s.executeQuery("EXPLAIN (FORMAT JSON) SELECT * FROM (\n" + query
          + "\n) AS q")) {
        rs.next();
        bytes = scannedBytes(rs.getString(1));
      }
      return new Analysis(columns, bytes);
    } finally {
      Database.rollback(c);
      Database.restoreAutoCommit(c, auto);
    }
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
      if (map.get("Node Type") instanceof String type && type.endsWith("Scan")
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
      throw new IllegalArgumentException("maxBytesScanned must be 0 (the default cap) or"
          + " positive, was " + maxBytesScanned);
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
        error = "the query would scan about " + a.bytes + " bytes, more than maxBytesScanned ("
            + cap + "); it was not run";
      }
    } catch (UnsupportedQueryException e) {
      error = e.getMessage();
    }
    List<Map<String, String>> stored = new ArrayList<>();
    for (ColumnInfo info : a.columns) {
      stored.add(info.toMap());
    }
    String recordedSql = query != null ? query : String.valueOf(sql);
    String failure = error;
    long bytes = a.bytes;
    db.call("record warehouse job " + id, c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + jobs + " (\"id\", \"sql\","
          + " \"status\", \"error\", \"columns\", \"bytes_scanned\", \"finished_at\") VALUES (?,"
          + " ?, ?, ?, ?::jsonb, ?, CASE WHEN ? THEN now() END)")) {
        ps.setObject(1, id);
        ps.setString(2, recordedSql);
        ps.setString(3, (failure == null ? Status.PENDING : Status.DONE).name());
        ps.setString(4, failure);
        ps.setString(5, JsonFormat.encodeValueToString(COLUMNS, stored));
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
        finish(id, null, -1, "the driver was closed before the job started");
      }
    }
    return poll(id.toString());
  }

  WarehouseJob poll(String jobId) {
    UUID id = jobId(jobId);
    return db.call("poll warehouse job " + jobId, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT \"status\", \"error\","
          + " \"columns\"::text, \"result_table\", \"result_rows\", \"bytes_scanned\" FROM " + jobs
          + " WHERE \"id\" = ?")) {
        ps.setObject(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new IllegalArgumentException("no warehouse job with id " + jobId + " (results"
                + " are kept " + RESULT_TTL_HOURS + " hours)");
          }
          Status status = status(rs.getString(1));
          String error = rs.getString(2);
          List<ColumnInfo> infos = new ArrayList<>();
          if (rs.getString(3) != null) {
            for (Map<String, String> col : JsonFormat.decodeValue(COLUMNS, rs.getString(3))) {
              infos.add(ColumnInfo.of(col));
            }
          }
          List<Column> columns = columns(infos);
          boolean done = status == Status.DONE && error == null && rs.getString(4) != null;
          long rows = rs.getObject(5) == null ? -1 : rs.getLong(5);
          return new WarehouseJob(jobId, status, error, columns,
              done ? List.of(cursor(id, 0)) : List.of(), rs.getLong(6), rows);
        }
      }
    });
  }

  /** Runs a recorded job: the query in a read-only transaction, its rows copied to the result. */
  private void execute(UUID id, String query) {
    String resultName = "warehouse_result_" + id.toString().replace("-", "");
    String result = db.table(resultName);
    try {
      dropExpired();
      setStatus(id, Status.RUNNING);
      db.call("create the result table of job " + id, c -> {
        try (Statement s = c.createStatement()) {
          s.execute("CREATE TABLE " + result + " AS SELECT 0::bigint AS " + SqlNames.quote(ROW)
              + ", q.* FROM (\n" + query + "\n) AS q WITH NO DATA");
        }
        return null;
      });
      long rows = copy(id, query, result);
      finish(id, resultName, rows, null);
    } catch (RuntimeException e) {
      String message = e.getCause() instanceof SQLException s ? s.getMessage() : e.getMessage();
      finish(id, null, -1, String.valueOf(message));
      try {
        db.call("drop the result table of job " + id, c -> {
          try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + result);
          }
          return null;
        });
      } catch (RuntimeException dropFailed) {
        LOG.log(Level.WARNING, "osmos postgres: cannot drop the partial result of warehouse job "
            + id + ": " + dropFailed.getMessage());
      }
    }
  }

  /** Streams the query's rows (as text) from a read-only transaction into the result table. */
  private long copy(UUID id, String query, String result) {
    return db.call("run warehouse job " + id, reader -> {
      reader.setAutoCommit(false);
      try (Statement s = reader.createStatement()) {
        running.add(s);
        s.execute("SET TRANSACTION READ ONLY");
        s.setFetchSize(COPY_BATCH);
        try (ResultSet rs = s.executeQuery("SELECT * FROM (\n" + query + "\n) AS q")) {
          int n = rs.getMetaData().getColumnCount();
          long count = 0;
          try (Connection writer = db.dataSource().getConnection()) {
            writer.setAutoCommit(false);
            try (PreparedStatement insert = writer.prepareStatement("INSERT INTO " + result
                + " VALUES (?" + ", ?".repeat(n) + ")")) {
              int pending = 0;
              while (rs.next()) {
                insert.setLong(1, ++count);
                for (int i = 1; i <= n; i++) {
                  insert.setObject(i + 1, rs.getString(i), Types.OTHER);
                }
                insert.addBatch();
                if (++pending == COPY_BATCH) {
                  insert.executeBatch();
                  pending = 0;
                }
              }
              if (pending > 0) {
                insert.executeBatch();
              }
              writer.commit();
            } catch (SQLException | RuntimeException e) {
              Database.rollbackQuietly(writer, e);
              throw e;
            } finally {
              Database.restoreAutoCommit(writer, true);
            }
          }
          return count;
        } finally {
          running.remove(s);
        }
      } finally {
        Database.rollback(reader);
        Database.restoreAutoCommit(reader, true);
      }
    });
  }

  private void setStatus(UUID id, Status status) {
    db.call("update warehouse job " + id, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE " + jobs + " SET \"status\" = ? WHERE \"id\" = ?")) {
        ps.setString(1, status.name());
        ps.setObject(2, id);
        return ps.executeUpdate();
      }
    });
  }

  private void finish(UUID id, String resultTable, long rows, String error) {
    try {
      db.call("finish warehouse job " + id, c -> {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + jobs + " SET \"status\" = ?,"
            + " \"result_table\" = ?, \"result_rows\" = ?, \"error\" = ?, \"finished_at\" = now()"
            + " WHERE \"id\" = ?")) {
          ps.setString(1, Status.DONE.name());
          ps.setString(2, resultTable);
          if (rows < 0) {
            ps.setNull(3, Types.BIGINT);
          } else {
            ps.setLong(3, rows);
          }
          ps.setString(4, error);
          ps.setObject(5, id);
          return ps.executeUpdate();
        }
      });
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "osmos postgres: cannot record the end of warehouse job " + id
          + ": " + e.getMessage());
    }
  }

  /** Drops result tables and jobs finished more than {@value #RESULT_TTL_HOURS} hours ago. */
  private void dropExpired() {
    db.transaction("drop expired warehouse results", c -> {
      List<String> tables = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + jobs + " WHERE"
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
    return db.call("read the result of warehouse job " + id, c -> {
      String resultTable;
      try (PreparedStatement ps = c.prepareStatement("SELECT \"result_table\" FROM " + jobs
          + " WHERE \"id\" = ?")) {
        ps.setObject(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          resultTable = rs.next() ? rs.getString(1) : null;
        }
      }
      if (resultTable == null) {
        throw new InvalidCursorException("warehouse job " + id + " has no result (it failed, is"
            + " not done, or its result expired after " + RESULT_TTL_HOURS + " hours)");
      }
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        // Durations as ISO-8601 (PT1H30M), the form the JSON and tree formats use.
        s.execute("SET LOCAL intervalstyle = 'iso_8601'");
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + db.table(resultTable)
          + " WHERE " + SqlNames.quote(ROW) + " > ? ORDER BY " + SqlNames.quote(ROW)
          + " LIMIT ?")) {
        ps.setLong(1, after);
        ps.setInt(2, limit + 1);
        List<Map<String, Object>> rows = new ArrayList<>();
        long last = after;
        boolean more = false;
        try (ResultSet rs = ps.executeQuery()) {
          ResultSetMetaData md = rs.getMetaData();
          while (rs.next()) {
            if (rows.size() == limit) {
              more = true;
              break;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            last = rs.getLong(1);
            for (int i = 2; i <= md.getColumnCount(); i++) {
              if (!internal(md.getColumnLabel(i))) {
                row.put(md.getColumnLabel(i), value(rs, i, md.getColumnTypeName(i)));
              }
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
    return ByteBuffer.allocate(25).put(CURSOR_VERSION).putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits()).putLong(after).array();
  }

  private static UUID jobId(String jobId) {
    try {
      return UUID.fromString(jobId);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("no warehouse job with id " + jobId
          + " (job ids are UUIDs)");
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
    Object v = switch (pgType) {
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
