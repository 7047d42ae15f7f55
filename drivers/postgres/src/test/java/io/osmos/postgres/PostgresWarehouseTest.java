package io.osmos.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.osmos.Osmos;
import io.osmos.codec.FieldType;
import io.osmos.exceptions.InvalidCursorException;
import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.postgres.model.Measurement;
import io.osmos.postgres.model.MeasurementRepository;
import io.osmos.postgres.model.Measurement_;
import io.osmos.spi.WarehouseService.Column;
import io.osmos.spi.WarehouseService.ResultRead;
import io.osmos.spi.WarehouseService.Status;
import io.osmos.spi.WarehouseService.WarehouseJob;
import io.osmos.testkit.model.Address;
import io.osmos.testkit.model.Level;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The warehouse: the typed table, idempotent rows, dry runs, jobs and cursor reads. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresWarehouseTest {
  private static final Instant T0 = Instant.parse("2024-03-01T12:00:00.123456789Z");

  private final String run = "wh" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  private PostgresDriver driver;
  private Osmos osmos;
  private MeasurementRepository measurements;

  @BeforeAll
  void bind() {
    driver = TestPostgres.newDriver();
    osmos = Osmos.builder().driver("pg", driver).build();
    measurements = new MeasurementRepository(osmos);
  }

  @AfterAll
  void close() {
    if (osmos != null) {
      osmos.close();
    }
  }

  @Test
  void tableHasAColumnPerFieldWithItsType() {
    String table = measurements.warehouseTableName();
    assertEquals("\"osmos\".\"pg_measurements__warehouse\"", table);
    String columns =
        TestPostgres.server()
            .psql(
                "SELECT string_agg(column_name || ' '"
                    + " || data_type || ' ' || is_nullable, ', ' ORDER BY ordinal_position)"
                    + " FROM information_schema.columns WHERE table_schema = 'osmos'"
                    + " AND table_name = 'pg_measurements__warehouse'");
    assertEquals(
        "__key bytea NO, __timestamp timestamp with time zone NO, __nanos integer NO,"
            + " sensor text YES, at timestamp with time zone YES, site text YES, count integer NO,"
            + " total bigint NO, ratio double precision NO, fraction real NO, amount numeric YES,"
            + " ok boolean NO, blob bytea YES, ref uuid YES, day date YES,"
            + " local timestamp without time zone YES, took interval YES, level text YES,"
            + " tags jsonb YES, counts jsonb YES, address jsonb YES",
        columns);
  }

  @Test
  void rowsAreIdempotentByKeyAndTimestamp() {
    Measurement a = measurement("idem-a", T0, 1);
    Measurement b = measurement("idem-b", T0, 2);
    Measurement a2 = measurement("idem-a", T0.plusNanos(1), 3);
    measurements.write(List.of(a, b));
    measurements.write(List.of(a, b, a2));
    measurements.write(List.of(a2));
    List<Map<String, Object>> rows =
        results(
            measurements.query(
                "SELECT sensor, count FROM"
                    + " {table} WHERE sensor LIKE '"
                    + run
                    + "-idem-%' ORDER BY sensor, count"));
    assertEquals(
        List.of(
            row("sensor", run + "-idem-a", "count", 1L),
            row("sensor", run + "-idem-a", "count", 3L),
            row("sensor", run + "-idem-b", "count", 2L)),
        rows,
        "one row per (key, timestamp), to the nanosecond");
  }

  @Test
  void jobResultsAreReadByCursorWithTypedValues() {
    List<Measurement> all = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      all.add(measurement(String.format("typed-%02d", i), T0.plusSeconds(i), i));
    }
    measurements.write(all);
    WarehouseJob job =
        measurements.query(
            "SELECT sensor, at, count, total, ratio, fraction,"
                + " amount, ok, blob, ref, day, local, took, level, tags, address FROM {table}"
                + " WHERE sensor LIKE '"
                + run
                + "-typed-%' ORDER BY sensor");
    assertNotNull(job.id());
    WarehouseJob done = awaitDone(measurements, job);
    assertNull(done.error(), "the job failed: " + done.error());
    assertEquals(7, done.resultRows());
    assertEquals(1, done.cursors().size(), "one cursor over the result");
    assertEquals(
        List.of(
            "sensor",
            "at",
            "count",
            "total",
            "ratio",
            "fraction",
            "amount",
            "ok",
            "blob",
            "ref",
            "day",
            "local",
            "took",
            "level",
            "tags",
            "address"),
        done.columns().stream().map(Column::name).toList());
    Map<String, FieldType> fieldTypes = new LinkedHashMap<>();
    Measurement_.MODEL.fields().forEach(f -> fieldTypes.put(f.storedName(), f.type()));
    for (Column c : done.columns()) {
      assertEquals(
          fieldTypes.get(c.name()),
          c.type(),
          "a column of the model's table has its field's type: " + c.name());
    }
    WarehouseJob computed =
        awaitDone(
            driver.run("SELECT count(*) AS n, '{}'::jsonb AS j," + " 1.5::real AS r", 0).id());
    assertEquals(
        List.of(FieldType.INT64, PostgresWarehouse.JSON, FieldType.FLOAT32),
        computed.columns().stream().map(Column::type).toList(),
        "computed columns are typed by their PostgreSQL type");

    List<Map<String, Object>> rows = new ArrayList<>();
    byte[] cursor = done.cursors().get(0);
    int pages = 0;
    while (cursor != null) {
      ResultRead page = measurements.readResults(cursor, 3);
      assertTrue(page.rows().size() <= 3, "a page larger than the limit");
      rows.addAll(page.rows());
      cursor = page.next();
      pages++;
    }
    assertEquals(3, pages, "7 rows in pages of 3");
    assertEquals(7, rows.size());
    Map<String, Object> first = rows.get(0);
    Measurement m = all.get(0);
    assertEquals(m.sensor(), first.get("sensor"));
    assertEquals(
        Instant.parse("2024-03-01T12:00:00.123457Z"),
        first.get("at"),
        "timestamptz keeps microseconds (rounded)");
    assertEquals(0L, first.get("count"));
    assertEquals(Long.MAX_VALUE, first.get("total"));
    assertEquals(0.25, first.get("ratio"));
    assertEquals(0.5, first.get("fraction"));
    assertEquals(
        0,
        new BigDecimal("12345678901234567890.000000001")
            .compareTo((BigDecimal) first.get("amount")));
    assertEquals(true, first.get("ok"));
    assertArrayEquals(new byte[] {0, 1, -1}, (byte[]) first.get("blob"));
    assertEquals(m.ref().toString(), first.get("ref"));
    assertEquals("2024-02-29", first.get("day"));
    assertEquals("2024-02-29T23:59:59.999999", first.get("local"));
    assertEquals("PT1H30M", first.get("took"));
    assertEquals("HIGH", first.get("level"));
    assertEquals(List.of("a", "b"), first.get("tags"), "json values are trees");
    Map<String, Object> address = new LinkedHashMap<>();
    address.put("city", "Oslo");
    address.put("postcode", null);
    assertEquals(address, first.get("address"));
    for (int i = 0; i < 7; i++) {
      assertEquals(all.get(i).sensor(), rows.get(i).get("sensor"), "result order at " + i);
    }
  }

  @Test
  void analyzeDescribesTheResultWithoutRunningIt() {
    measurements.write(List.of(measurement("an", T0, 1)));
    WarehouseJob dry =
        measurements.analyze(
            "SELECT site, count(*) AS n, sum(total) AS s" + " FROM {table} GROUP BY site;");
    assertEquals(Status.DONE, dry.status());
    assertNull(dry.error());
    assertEquals(
        List.of(
            new Column("site", FieldType.STRING, true),
            new Column("n", FieldType.INT64, true),
            new Column("s", FieldType.DECIMAL, true)),
        dry.columns());
    assertEquals(List.of(), dry.cursors(), "a dry run has no result");
    assertTrue(dry.bytesScanned() >= 0, "an estimate of the bytes scanned: " + dry.bytesScanned());
  }

  @Test
  void onlyASingleSelectIsAccepted() {
    String table = measurements.warehouseTableName();
    for (String sql :
        List.of(
            "DELETE FROM " + table,
            "DROP TABLE " + table,
            "INSERT INTO " + table + " SELECT * FROM " + table,
            "SELECT 1; DROP TABLE " + table,
            "SELECT 1) AS q; DROP TABLE " + table + "; SELECT * FROM (SELECT 1",
            "WITH gone AS (DELETE FROM " + table + " RETURNING *) SELECT * FROM gone",
            "SELECT * INTO osmos.stolen FROM " + table,
            "",
            "SELECT 'unterminated")) {
      UnsupportedQueryException e =
          assertThrows(
              UnsupportedQueryException.class,
              () -> driver.analyze(sql),
              "analyze accepted: " + sql);
      assertTrue(e.getMessage().contains("SELECT"), e.getMessage());
      WarehouseJob job = awaitDone(driver.run(sql, 0).id());
      assertNotNull(job.error(), "run ends the job with an error: " + sql);
      assertEquals(List.of(), job.cursors());
    }
    assertEquals(
        "1",
        TestPostgres.server()
            .psql(
                "SELECT count(*) FROM pg_tables WHERE"
                    + " schemaname = 'osmos' AND tablename = 'pg_measurements__warehouse'"),
        "the table survived");
    WarehouseJob ok = driver.analyze("SELECT ';' AS \"a;b\", $x$ ; ) $x$ AS d -- ;\n;  ");
    assertEquals(
        List.of("a;b", "d"),
        ok.columns().stream().map(Column::name).toList(),
        "semicolons and parentheses inside literals, identifiers and comments are no end");
  }

  @Test
  void queriesRunReadOnly() {
    TestPostgres.server().psql("CREATE SEQUENCE IF NOT EXISTS osmos.pg_warehouse_test_seq");
    WarehouseJob job = driver.run("SELECT nextval('osmos.pg_warehouse_test_seq')", 0);
    WarehouseJob done = awaitDone(job.id());
    assertNotNull(done.error(), "a query that writes (nextval) must fail");
    assertTrue(done.error().contains("read-only"), done.error());
    assertEquals(List.of(), done.cursors());
  }

  @Test
  void aFailingQueryEndsTheJobWithItsError() {
    WarehouseJob done =
        awaitDone(
            driver
                .run(
                    "SELECT 1 / (count(*) - count(*)) FROM " + measurements.warehouseTableName(), 0)
                .id());
    assertEquals(Status.DONE, done.status());
    assertTrue(String.valueOf(done.error()).contains("division by zero"), done.error());
    assertEquals(List.of(), done.cursors(), "a failed job has no result");
  }

  @Test
  void maxBytesScannedIsCheckedBeforeRunning() {
    List<Measurement> many = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      many.add(measurement("cap-" + i, T0, i));
    }
    measurements.write(many);
    TestPostgres.server().psql("ANALYZE osmos.pg_measurements__warehouse");
    WarehouseJob job = measurements.query("SELECT * FROM {table}", 1);
    assertEquals(Status.DONE, job.status());
    assertTrue(String.valueOf(job.error()).contains("maxBytesScanned"), job.error());
    assertTrue(job.bytesScanned() > 1, "the estimate: " + job.bytesScanned());
    assertThrows(IllegalArgumentException.class, () -> driver.run("SELECT 1", -1));
  }

  @Test
  void unknownJobsAndBadCursorsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> driver.poll(UUID.randomUUID().toString()));
    assertThrows(IllegalArgumentException.class, () -> driver.poll("not-a-uuid"));
    assertThrows(InvalidCursorException.class, () -> driver.read(new byte[] {1, 2}, 10));
    WarehouseJob done = awaitDone(driver.run("SELECT 1 AS one", 0).id());
    assertEquals(List.of(Map.of("one", 1L)), driver.read(done.cursors().get(0), 10).rows());
    InvalidCursorException unknown =
        assertThrows(
            InvalidCursorException.class, () -> measurements.poll(UUID.randomUUID().toString()));
    assertEquals("poll", unknown.operation(), "the repository names the operation");
  }

  @Test
  void resultCursorsAndJobIdsAreSealedAndBoundToTheDriverNameAndTheModel() {
    measurements.write(List.of(measurement("sealed", T0, 1)));
    String sql = "SELECT sensor FROM {table} WHERE sensor = '" + run + "-sealed'";
    // Two names for the same driver in one registry, with one cursor secret.
    Osmos both =
        Osmos.builder()
            .driver("pg", driver)
            .driver("pg-replica", driver)
            .cursorSecret("the secret of this test".getBytes(StandardCharsets.UTF_8))
            .build();
    MeasurementRepository primary = new MeasurementRepository(both);
    WarehouseJob job = awaitDone(primary, primary.query(sql));
    byte[] cursor = job.cursors().get(0);
    assertEquals(
        List.of(Map.of("sensor", run + "-sealed")), primary.readResults(cursor, 10).rows());

    // The driver's own job id and cursor (a job UUID and a row number, easy to make up) are
    // refused by the repository.
    WarehouseJob raw = awaitDone(driver.run("SELECT 'not yours' AS secret", 0).id());
    assertThrows(InvalidCursorException.class, () -> primary.readResults(raw.cursors().get(0), 10));
    assertThrows(InvalidCursorException.class, () -> primary.poll(raw.id()));
    // So are this job's id and cursor through another driver name, or another registry.
    MeasurementRepository replica = new MeasurementRepository(both, "pg-replica");
    for (MeasurementRepository other : List.of(replica, measurements)) {
      assertThrows(InvalidCursorException.class, () -> other.readResults(cursor, 10));
      assertThrows(InvalidCursorException.class, () -> other.poll(job.id()));
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static WarehouseJob awaitDone(MeasurementRepository repo, WarehouseJob job) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (job.status() != Status.DONE) {
      if (System.nanoTime() > deadline) {
        fail("job not done after 30 s: " + job);
      }
      job = repo.poll(job.id());
    }
    assertNull(job.error(), "the job failed: " + job.error());
    return job;
  }

  private Measurement measurement(String sensor, Instant at, int count) {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("x", 1L);
    return new Measurement(
        run + "-" + sensor,
        at,
        "site-" + run,
        count,
        Long.MAX_VALUE,
        0.25,
        0.5f,
        new BigDecimal("12345678901234567890.000000001"),
        true,
        new byte[] {0, 1, -1},
        UUID.nameUUIDFromBytes(sensor.getBytes(StandardCharsets.UTF_8)),
        LocalDate.of(2024, 2, 29),
        LocalDateTime.of(2024, 2, 29, 23, 59, 59, 999_999_000),
        Duration.ofMinutes(90),
        Level.HIGH,
        List.of("a", "b"),
        counts,
        new Address("Oslo", null));
  }

  private WarehouseJob awaitDone(String id) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      WarehouseJob job = driver.poll(id);
      if (job.status() == Status.DONE) {
        return job;
      }
      if (System.nanoTime() > deadline) {
        fail("job " + id + " not done after 30 s: " + job);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private List<Map<String, Object>> results(WarehouseJob job) {
    WarehouseJob done = awaitDone(measurements, job);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (byte[] c : done.cursors()) {
      byte[] cursor = c;
      while (cursor != null) {
        ResultRead r = measurements.readResults(cursor, 1000);
        rows.addAll(r.rows());
        cursor = r.next();
      }
    }
    return rows;
  }

  private static Map<String, Object> row(Object... pairs) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], pairs[i + 1]);
    }
    return m;
  }
}
