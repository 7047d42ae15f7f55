package io.osmos.duckdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.Osmos;
import io.osmos.Streams;
import io.osmos.duckdb.model.ClickEvent;
import io.osmos.duckdb.model.ClickEventRepository;
import io.osmos.duckdb.model.ClickEvent_;
import io.osmos.exceptions.DriverException;
import io.osmos.exceptions.InvalidCursorException;
import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.memory.MemoryDriver;
import io.osmos.spi.Driver;
import io.osmos.spi.TupleKey;
import io.osmos.spi.WarehouseService.WarehouseJob;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbDriverTest {
  private static final Instant T0 = Instant.parse("2024-01-01T10:00:00.123456Z");

  @TempDir Path dir;

  private static ClickEvent click(String id, String page, String revenue) {
    return new ClickEvent(
        id, T0, page, "CH", revenue == null ? null : new BigDecimal(revenue), List.of("a", "b"));
  }

  @Test
  void aDatabaseFileKeepsTheRowsInTheDocumentedLayout() throws SQLException {
    Path file = dir.resolve("warehouse.db");
    try (DuckDbDriver duck = new DuckDbDriver(file)) {
      duck.warehouseTable(ClickEvent_.MODEL).write(List.of(click("c1", "home", "1.50")));
      assertEquals(1, Jobs.rows(duck, "SELECT * FROM clicks").size());
    }
    // DuckDB itself reads what the driver wrote.
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file);
        Statement s = c.createStatement()) {
      List<String> columns = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT column_name, data_type FROM"
                  + " information_schema.columns WHERE table_name = 'clicks' ORDER BY ordinal_position")) {
        while (rs.next()) {
          columns.add(rs.getString(1) + " " + rs.getString(2));
        }
      }
      assertEquals(
          List.of(
              "id VARCHAR",
              "time TIMESTAMP WITH TIME ZONE",
              "page VARCHAR",
              "country VARCHAR",
              "revenue DECIMAL(38,9)",
              "tags VARCHAR[]",
              "__key BLOB",
              "__timestamp TIMESTAMP WITH TIME ZONE"),
          columns);
      try (ResultSet rs =
          s.executeQuery(
              "SELECT id, revenue, tags::VARCHAR, __key,"
                  + " epoch_us(__timestamp), epoch_us(time) FROM clicks")) {
        assertTrue(rs.next());
        assertEquals("c1", rs.getString(1));
        assertEquals(new BigDecimal("1.500000000"), rs.getBigDecimal(2));
        assertEquals("[a, b]", rs.getString(3));
        assertArrayEquals(TupleKey.encode("c1"), rs.getBytes(4), "__key is the tuple-encoded key");
        assertEquals(1704103200123456L, rs.getLong(5), "__timestamp is the @Timestamp");
        assertEquals(1704103200123456L, rs.getLong(6));
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT count(*) FROM information_schema.schemata"
                  + " WHERE schema_name = 'osmos_results'")) {
        rs.next();
        assertEquals(0, rs.getInt(1), "query results are dropped when the driver closes");
      }
    }
    try (DuckDbDriver again = new DuckDbDriver(file)) {
      again
          .warehouseTable(ClickEvent_.MODEL)
          .write(List.of(click("c1", "home", "1.50"), click("c2", "cart", null)));
      assertEquals(
          List.of(Map.of("id", "c1"), Map.of("id", "c2")),
          Jobs.rows(again, "SELECT id FROM clicks ORDER BY id"),
          "the row of c1 is still one");
    }
  }

  @Test
  void urlsMakeDrivers() {
    for (String url : List.of("duckdb:memory", "duckdb::memory:")) {
      Driver d = Osmos.driverFromUrl(url);
      try {
        assertInstanceOf(DuckDbDriver.class, d, url);
        assertEquals("DuckDbDriver(memory)", d.toString());
      } finally {
        d.close();
      }
    }
    Path file = dir.resolve("from-url.db");
    Driver d = Osmos.driverFromUrl("duckdb:" + file);
    d.close();
    assertTrue(Files.exists(file), "duckdb:<path> opens (and creates) the file");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Osmos.driverFromUrl("duckdb://host/x.db"));
    assertTrue(e.getMessage().contains("duckdb:memory or duckdb:<file path>"), e.getMessage());
  }

  @Test
  void aDecimalThatWouldBeRoundedIsRefusedAndNothingIsWritten() {
    try (DuckDbDriver duck = new DuckDbDriver()) {
      var table = duck.warehouseTable(ClickEvent_.MODEL);
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  table.write(
                      List.of(click("ok", "home", "1.5"), click("bad", "home", "1.0000000001"))));
      assertEquals(
          "records[1].revenue: 1.0000000001 has more than 9 digits after the point; the"
              + " warehouse stores decimals as DECIMAL(38,9) and does not round",
          e.getMessage());
      IllegalArgumentException big =
          assertThrows(
              IllegalArgumentException.class,
              () -> table.write(List.of(click("big", "home", "1e29"))));
      assertTrue(
          big.getMessage().contains("more than 29 digits before the point"), big.getMessage());
      assertEquals(List.of(Map.of("n", 0L)), Jobs.rows(duck, "SELECT count(*) AS n FROM clicks"));
    }
  }

  @Test
  void aTableWithOtherColumnTypesIsReportedByColumn() throws SQLException {
    Path file = dir.resolve("other.db");
    sql(
        file,
        "CREATE TABLE clicks (id VARCHAR, page INTEGER, revenue DOUBLE, __key BLOB NOT NULL,"
            + " __timestamp TIMESTAMPTZ NOT NULL, PRIMARY KEY (__key, __timestamp))");
    try (DuckDbDriver duck = new DuckDbDriver(file)) {
      DriverException e =
          assertThrows(DriverException.class, () -> duck.warehouseTable(ClickEvent_.MODEL));
      assertTrue(
          e.getMessage()
              .contains(
                  "column \"page\" is INTEGER but ClickEvent needs VARCHAR;"
                      + " column \"revenue\" is DOUBLE but ClickEvent needs DECIMAL(38,9)"),
          e.getMessage());
    }
  }

  @Test
  void fieldsTheTableDoesNotHaveBecomeColumns() throws SQLException {
    Path file = dir.resolve("older.db");
    sql(
        file,
        "CREATE TABLE clicks (id VARCHAR, time TIMESTAMPTZ, __key BLOB NOT NULL,"
            + " __timestamp TIMESTAMPTZ NOT NULL, PRIMARY KEY (__key, __timestamp))",
        "INSERT INTO clicks VALUES ('old', TIMESTAMPTZ '2023-01-01 00:00:00+00', '\\x01'::BLOB,"
            + " TIMESTAMPTZ '2023-01-01 00:00:00+00')");
    try (DuckDbDriver duck = new DuckDbDriver(file)) {
      duck.warehouseTable(ClickEvent_.MODEL).write(List.of(click("new", "home", "2")));
      List<Map<String, Object>> rows =
          Jobs.rows(duck, "SELECT id, page, revenue FROM clicks ORDER BY id");
      assertEquals(2, rows.size());
      assertEquals("home", rows.get(0).get("page"));
      assertEquals(null, rows.get(1).get("page"), "the old row has no value in the new column");
    }
  }

  @Test
  void aTableWithoutTheInternalColumnsIsRefused() throws SQLException {
    Path file = dir.resolve("foreign.db");
    sql(file, "CREATE TABLE clicks (id VARCHAR)");
    try (DuckDbDriver duck = new DuckDbDriver(file)) {
      DriverException e =
          assertThrows(DriverException.class, () -> duck.warehouseTable(ClickEvent_.MODEL));
      assertTrue(e.getMessage().contains("is not an Osmos warehouse table"), e.getMessage());
    }
  }

  @Test
  void queriesCannotReadFiles() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.csv"), "a,b\n1,2\n");
    try (DuckDbDriver duck = new DuckDbDriver()) {
      String sql = "SELECT * FROM read_csv('" + secret + "')";
      WarehouseJob job = Jobs.await(duck, sql);
      assertNotNull(job.error());
      assertTrue(job.error().contains("disabled by configuration"), job.error());
      assertThrows(UnsupportedQueryException.class, () -> duck.analyze(sql));
    }
  }

  @Test
  void writesAndQueriesFromManyThreadsAtOnce() throws Exception {
    try (DuckDbDriver duck = new DuckDbDriver()) {
      var table = duck.warehouseTable(ClickEvent_.MODEL);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
          String worker = "w" + w;
          futures.add(
              pool.submit(
                  () -> {
                    for (int batch = 0; batch < 5; batch++) {
                      List<ClickEvent> rows = new ArrayList<>();
                      for (int i = 0; i < 5; i++) {
                        rows.add(click(worker + "-" + batch + "-" + i, worker, "1"));
                      }
                      table.write(rows);
                      List<Map<String, Object>> seen =
                          Jobs.rows(
                              duck,
                              "SELECT count(*) AS n FROM clicks WHERE page = '" + worker + "'");
                      assertEquals(
                          5L * (batch + 1), seen.get(0).get("n"), worker + " reads its writes");
                    }
                    return null;
                  }));
        }
        for (Future<?> f : futures) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals(List.of(Map.of("n", 100L)), Jobs.rows(duck, "SELECT count(*) AS n FROM clicks"));
    }
  }

  @Test
  void unknownJobsAndClosedDrivers() {
    DuckDbDriver duck = new DuckDbDriver();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> duck.poll("nope"));
    assertTrue(e.getMessage().startsWith("no job 'nope' in this DuckDB warehouse"), e.getMessage());
    duck.close();
    assertThrows(IllegalStateException.class, () -> duck.run("SELECT 1", 0));
    duck.close(); // twice is harmless
  }

  @Test
  void resultCursorsAndJobIdsAreSealedAndBoundToTheDriverNameAndTheModel() {
    try (DuckDbDriver duck = new DuckDbDriver();
        MemoryDriver memory = new MemoryDriver()) {
      Driver streams = Streams.of(memory, memory, duck);
      // Two names for the same driver in one registry (not closed: the drivers are).
      Osmos osmos =
          Osmos.builder()
              .driver("events", streams)
              .driver("mirror", streams)
              .cursorSecret("the secret of this test".getBytes(StandardCharsets.UTF_8))
              .build();
      ClickEventRepository clicks = new ClickEventRepository(osmos);
      clicks.write(List.of(click("c1", "home", "1")));
      String sql = "SELECT id FROM {table}";
      WarehouseJob job = Jobs.await(clicks.query(sql), clicks::poll, sql);
      byte[] cursor = job.cursors().get(0);
      assertEquals(List.of(Map.of("id", "c1")), clicks.readResults(cursor, 10).rows());

      // The driver's own cursor ("duckdb-result:1:<job id>:<row>") and job id are refused.
      WarehouseJob raw = Jobs.await(duck, "SELECT 'not yours' AS secret");
      assertThrows(
          InvalidCursorException.class, () -> clicks.readResults(raw.cursors().get(0), 10));
      assertThrows(InvalidCursorException.class, () -> clicks.poll(raw.id()));
      // So are this job's id and cursor through another driver name.
      ClickEventRepository mirror = new ClickEventRepository(osmos, "mirror");
      String id = job.id();
      assertThrows(InvalidCursorException.class, () -> mirror.readResults(cursor, 10));
      assertThrows(InvalidCursorException.class, () -> mirror.poll(id));
    }
  }

  private static void sql(Path file, String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file);
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }
}
