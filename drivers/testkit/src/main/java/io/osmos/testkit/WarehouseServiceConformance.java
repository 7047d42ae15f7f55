package io.osmos.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.osmos.Osmos;
import io.osmos.Streams;
import io.osmos.codec.FieldDescriptor;
import io.osmos.codec.FieldType;
import io.osmos.codec.tree.TreeFormat;
import io.osmos.exceptions.InvalidCursorException;
import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.memory.MemoryDriver;
import io.osmos.spi.Driver;
import io.osmos.spi.WarehouseService;
import io.osmos.spi.WarehouseService.Column;
import io.osmos.spi.WarehouseService.ResultRead;
import io.osmos.spi.WarehouseService.Status;
import io.osmos.spi.WarehouseService.WarehouseJob;
import io.osmos.testkit.model.TestModels;
import io.osmos.testkit.model.WhAddress;
import io.osmos.testkit.model.WhSale;
import io.osmos.testkit.model.WhSaleRepository;
import io.osmos.testkit.model.WhSale_;
import io.osmos.testkit.model.WhTier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The conformance suite of the {@link WarehouseService} capability (Beneath's warehouse): a table
 * per stream model generated from its schema, rows idempotent per (key, timestamp), SQL checked
 * without running ({@code analyze}), run as jobs that are polled until done, and results read by
 * cursor. It works through the generated stream repository of {@link WhSale} (its {@code {table}}
 * expansion) and through the driver's {@link WarehouseService} directly.
 *
 * <p>What every warehouse must do, beyond the SPI's javadoc:
 *
 * <ul>
 *   <li>A result row maps column names to values in the tree format's types ({@code String}, {@code
 *       Long} for every integer, {@code Double}, {@code Boolean}, {@code BigDecimal}, {@code
 *       byte[]}, {@code Instant}, {@code List}, {@code Map}; UUIDs, dates, date-times and durations
 *       as ISO-8601 text), so {@code TreeFormat.decode} turns a {@code SELECT *} row back into the
 *       model. Instants keep at least microseconds; decimals keep their value (not necessarily
 *       their scale).
 *   <li>The internal columns ({@code __key}, {@code __timestamp}, any name starting with {@code
 *       __}) are not in results; selected under another name ({@code __timestamp AS ts}) they are.
 *   <li>{@code analyze} throws {@link UnsupportedQueryException} for anything but one {@code
 *       SELECT}, and for SQL that does not compile; {@code run} never throws for bad SQL: the job
 *       finishes with an error. Neither changes any data.
 *   <li>Cursors can be read again (a failed page fetch can be retried); a cursor that is not the
 *       driver's is an {@link InvalidCursorException}.
 * </ul>
 *
 * <p><b>Lifecycle.</b> {@link #newDriver()} is called once per test class and closed after the last
 * test. The repository needs a message queue and a lookup service too: the warehouse is composed
 * with the in-memory driver's by {@link Streams#of}; they are not what the suite tests.
 *
 * <p><b>Isolation.</b> A warehouse has no delete, so rows accumulate in {@code osmos_tk_wh_sales}.
 * Every test writes rows whose {@code shop} (and key) start with a scope unique to the test and
 * filters its SQL by it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class WarehouseServiceConformance {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(60);

  private final String run = "tk" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  private final AtomicInteger tests = new AtomicInteger();

  private Driver driver;
  private MemoryDriver memory;
  private String scope;

  /** The driver under test, as a warehouse. */
  protected WarehouseService warehouse;

  /** The repository of the test stream: the warehouse, with in-memory queue and lookup. */
  protected WhSaleRepository sales;

  /** The driver under test, connected to the test server. Called once per test class. */
  protected abstract Driver newDriver();

  @BeforeAll
  final void bind() {
    driver = newDriver();
    assertInstanceOf(
        WarehouseService.class,
        driver,
        "the driver under test (" + driver.kind() + ") must implement WarehouseService");
    warehouse = (WarehouseService) driver;
    memory = new MemoryDriver();
    Osmos osmos =
        Osmos.builder().driver(TestModels.STREAMS, Streams.of(memory, memory, warehouse)).build();
    sales = new WhSaleRepository(osmos);
  }

  @AfterAll
  final void close() {
    try {
      if (driver != null) {
        driver.close();
      }
    } finally {
      if (memory != null) {
        memory.close();
      }
    }
  }

  @BeforeEach
  final void newScope() {
    scope = run + "_" + tests.incrementAndGet();
  }

  // ---- tables ----------------------------------------------------------------------------------

  @Test
  void bindingATableIsIdempotentAndKeepsRows() {
    sales.write(List.of(WhSale.of(id("a"), T0, scope, 1)));
    String first = warehouse.warehouseTable(WhSale_.MODEL).tableName();
    String again = warehouse.warehouseTable(WhSale_.MODEL).tableName();
    assertFalse(first.isBlank(), "a table name to use in SQL");
    assertEquals(first, again, "binding the same model twice names the same table");
    assertEquals(first, sales.warehouseTableName(), "the repository's {table}");
    assertEquals(
        1L,
        whole(
            single(query("SELECT count(*) AS n FROM {table} WHERE shop = '" + scope + "'"))
                .get("n")),
        "binding again keeps the rows");
  }

  // ---- writes ----------------------------------------------------------------------------------

  @Test
  void writtenRowsAreQueriedThroughTheTablePlaceholder() {
    sales.write(
        List.of(
            WhSale.of(id("b"), T0, scope, 2),
            WhSale.of(id("a"), T0, scope, 1),
            WhSale.of(id("c"), T0.plusSeconds(1), scope, 3)));
    List<Map<String, Object>> rows =
        query("SELECT id, quantity FROM {table} WHERE shop = '" + scope + "' ORDER BY id");
    assertEquals(
        List.of(
            row("id", id("a"), "quantity", 1L),
            row("id", id("b"), "quantity", 2L),
            row("id", id("c"), "quantity", 3L)),
        rows);
  }

  @Test
  void rowsAreIdempotentByKeyAndTimestamp() {
    WhSale a = WhSale.of(id("a"), T0, scope, 1);
    sales.write(List.of(a));
    sales.write(List.of(a));
    // The same key and timestamp with other values is the same row too: a retry of one write.
    sales.write(List.of(a, WhSale.of(id("a"), T0, scope, 99)));
    // A later version of the key is a row of its own; a batch may repeat it.
    WhSale a2 = WhSale.of(id("a"), T0.plusSeconds(1), scope, 2);
    sales.write(List.of(a2, a2));
    List<Map<String, Object>> rows =
        query("SELECT id, quantity, time FROM {table} WHERE shop = '" + scope + "' ORDER BY time");
    assertEquals(2, rows.size(), "one row per (key, timestamp): " + rows);
    assertEquals(1L, rows.get(0).get("quantity"), "the first write of a (key, timestamp) stays");
    assertEquals(T0, rows.get(0).get("time"));
    assertEquals(2L, rows.get(1).get("quantity"));
    assertEquals(T0.plusSeconds(1), rows.get(1).get("time"));
  }

  @Test
  void concurrentWritersOfTheSameRowsLeaveOneRowEach() {
    List<WhSale> rows =
        IntStream.range(0, 20)
            .mapToObj(i -> WhSale.of(id("k" + (i % 10)), T0.plusSeconds(i / 10), scope, i))
            .toList();
    Workers.run(
        4,
        w -> {
          for (int round = 0; round < 3; round++) {
            List<WhSale> mine = new ArrayList<>(rows);
            java.util.Collections.rotate(mine, w * 5 + round);
            for (int i = 0; i < mine.size(); i += 4) {
              sales.write(mine.subList(i, Math.min(mine.size(), i + 4)));
            }
          }
        });
    Map<String, Object> counts =
        single(
            query(
                "SELECT count(*) AS n,"
                    + " count(DISTINCT id) AS ids FROM {table} WHERE shop = '"
                    + scope
                    + "'"));
    assertEquals(
        20L, whole(counts.get("n")), "20 distinct (key, timestamp) pairs written 12 times each");
    assertEquals(10L, whole(counts.get("ids")));
  }

  // ---- types -----------------------------------------------------------------------------------

  @Test
  void everyFieldTypeRoundTripsIntoTypedResultRows() {
    WhSale full =
        new WhSale(
            id("full"),
            Instant.parse("2024-03-04T05:06:07.123456Z"),
            scope,
            -7,
            9_007_199_254_740_993L,
            2.5e-3,
            0.1f,
            true,
            new BigDecimal("-12345678.000000001"),
            new BigInteger("123456789012345678901234567890"),
            Instant.parse("1969-12-31T23:59:59.999999Z"),
            LocalDate.of(2024, 2, 29),
            LocalDateTime.of(2024, 2, 29, 23, 59, 58, 654_321_000),
            Duration.ofMinutes(90).plusSeconds(5),
            UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
            new byte[] {0, 1, -1, 127},
            WhTier.PREMIUM,
            new WhAddress("Zürich \"8000\"", null),
            List.of("x", "", "ü"),
            List.of(new WhAddress("Oslo", "0150"), new WhAddress("Bergen", null)),
            Map.of("a", 1L, "b", -2L));
    WhSale empty = WhSale.of(id("empty"), T0, scope, 0);
    sales.write(List.of(full, empty));

    List<Map<String, Object>> rows =
        query("SELECT * FROM {table} WHERE shop = '" + scope + "' ORDER BY id DESC");
    assertEquals(2, rows.size(), "rows: " + rows);
    Map<String, Object> row = rows.get(0);
    assertEquals(full.id(), row.get("id"));
    List<String> stored = WhSale_.MODEL.fields().stream().map(FieldDescriptor::storedName).toList();
    assertEquals(
        Set.copyOf(stored),
        row.keySet(),
        "SELECT * gives the model's columns and no internal (__) ones");

    assertInstanceOf(String.class, row.get("id"));
    assertInstanceOf(Instant.class, row.get("time"), "instants are Instants");
    assertInstanceOf(Long.class, row.get("quantity"), "integers are Longs");
    assertInstanceOf(Long.class, row.get("cents"));
    assertInstanceOf(Double.class, row.get("weight"), "floating point numbers are Doubles");
    assertInstanceOf(Boolean.class, row.get("paid"));
    assertInstanceOf(BigDecimal.class, row.get("amount"), "decimals are BigDecimals");
    assertInstanceOf(byte[].class, row.get("receipt"), "bytes are byte[]");
    assertInstanceOf(Map.class, row.get("address"), "a nested type is a map");
    assertInstanceOf(List.class, row.get("tags"), "a list is a list");
    assertInstanceOf(Map.class, ((List<?>) row.get("stops")).get(0), "a list of structs");
    assertInstanceOf(Map.class, row.get("counters"), "a map is a map");
    assertEquals(9_007_199_254_740_993L, row.get("cents"), "a long beyond 2^53 is exact");
    assertEquals(
        0,
        new BigDecimal("-12345678.000000001").compareTo((BigDecimal) row.get("amount")),
        "the decimal's value: " + row.get("amount"));

    assertSameSale(full, TreeFormat.decode(WhSale_.MODEL, row));
    assertSameSale(empty, TreeFormat.decode(WhSale_.MODEL, rows.get(1)));
  }

  @Test
  void internalColumnsAreHiddenUnlessRenamed() {
    Instant t = Instant.parse("2024-05-06T07:08:09.000123Z");
    sales.write(List.of(WhSale.of(id("a"), t, scope, 1)));
    Map<String, Object> row =
        single(
            query(
                "SELECT __timestamp AS ts, id, __key FROM {table}"
                    + " WHERE shop = '"
                    + scope
                    + "'"));
    assertEquals(Set.of("ts", "id"), row.keySet(), "__key is dropped, __timestamp renamed is not");
    assertEquals(t, row.get("ts"), "__timestamp is the record's @Timestamp");
  }

  // ---- analyze ---------------------------------------------------------------------------------

  @Test
  void analyzeDescribesTheResultWithoutRunningIt() {
    WarehouseJob job =
        sales.analyze(
            "SELECT id, quantity, amount, time, address, tags,"
                + " count(*) OVER () AS total FROM {table} WHERE shop = '"
                + scope
                + "'");
    assertNull(job.error(), "a valid query: " + job.error());
    List<String> names = job.columns().stream().map(Column::name).toList();
    assertEquals(List.of("id", "quantity", "amount", "time", "address", "tags", "total"), names);
    Map<String, FieldType.Kind> kinds =
        job.columns().stream().collect(Collectors.toMap(Column::name, c -> c.type().kind()));
    assertEquals(FieldType.Kind.STRING, kinds.get("id"));
    assertTrue(
        Set.of(FieldType.Kind.INT32, FieldType.Kind.INT64).contains(kinds.get("quantity")),
        "an integer column: " + kinds.get("quantity"));
    assertEquals(FieldType.Kind.DECIMAL, kinds.get("amount"));
    assertEquals(FieldType.Kind.INSTANT, kinds.get("time"));
    assertEquals(FieldType.Kind.STRUCT, kinds.get("address"));
    FieldType.Struct address = (FieldType.Struct) job.columns().get(4).type();
    assertEquals(
        List.of("city", "postcode"),
        address.fields().stream().map(FieldDescriptor::storedName).toList());
    assertEquals(FieldType.Kind.LIST, kinds.get("tags"));
    assertTrue(job.cursors().isEmpty(), "a dry run has no result to read");
  }

  @Test
  void analyzeOfSelectStarListsTheModelColumns() {
    WarehouseJob job = sales.analyze("SELECT * FROM {table}");
    assertEquals(
        WhSale_.MODEL.fields().stream().map(FieldDescriptor::storedName).toList(),
        job.columns().stream().map(Column::name).toList(),
        "in field order, no __ columns");
  }

  @Test
  void analyzeRejectsWhatIsNotOneSelectAndChangesNothing() {
    sales.write(List.of(WhSale.of(id("a"), T0, scope, 1)));
    for (String sql :
        List.of(
            "DELETE FROM {table}",
            "DROP TABLE {table}",
            "INSERT INTO {table} (id) VALUES ('x')",
            "SELECT 1; DROP TABLE {table}",
            "DELETE FROM {table}; SELECT 1")) {
      UnsupportedQueryException e =
          assertThrows(UnsupportedQueryException.class, () -> sales.analyze(sql), sql);
      assertTrue(
          e.getMessage().contains("SELECT"),
          "the message says what is accepted: " + e.getMessage());
    }
    assertThrows(
        UnsupportedQueryException.class,
        () -> sales.analyze("SELEC id FROM {table}"),
        "a syntax error");
    assertThrows(
        UnsupportedQueryException.class,
        () -> sales.analyze("SELECT no_such_column FROM {table}"),
        "an unknown column");
    assertEquals(
        1L,
        whole(
            single(query("SELECT count(*) AS n FROM {table} WHERE shop = '" + scope + "'"))
                .get("n")),
        "the table and its rows are still there");
  }

  // ---- jobs ------------------------------------------------------------------------------------

  @Test
  void jobsArePolledUntilDone() {
    sales.write(List.of(WhSale.of(id("a"), T0, scope, 5), WhSale.of(id("b"), T0, scope, 7)));
    WarehouseJob started =
        sales.query(
            "SELECT sum(quantity) AS total, count(*) AS n FROM {table}"
                + " WHERE shop = '"
                + scope
                + "'");
    assertNotNull(started.id(), "a job id to poll");
    List<Status> seen = new ArrayList<>();
    seen.add(started.status());
    WarehouseJob job = started;
    long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
    while (job.status() != Status.DONE) {
      if (System.nanoTime() > deadline) {
        fail("job " + started.id() + " not done after " + JOB_TIMEOUT + "; states " + seen);
      }
      Eventually.pause(5);
      job = sales.poll(started.id());
      assertEquals(started.id(), job.id(), "polling keeps the id");
      seen.add(job.status());
    }
    for (int i = 1; i < seen.size(); i++) {
      assertTrue(
          seen.get(i).compareTo(seen.get(i - 1)) >= 0,
          "states only move forward (PENDING, RUNNING, DONE): " + seen);
    }
    assertNull(job.error(), "the job succeeded: " + job.error());
    assertEquals(1, job.cursors().size(), "one cursor over the result");
    assertEquals(1L, job.resultRows());
    WarehouseJob again = sales.poll(job.id());
    assertEquals(Status.DONE, again.status(), "a done job stays done");
    assertEquals(job.resultRows(), again.resultRows());
    Map<String, Object> result = single(readAll(job, 10));
    // Engines type aggregates differently (BIGINT, HUGEINT, NUMERIC): compare values.
    assertEquals(12L, whole(result.get("total")), "sum: " + result);
    assertEquals(2L, whole(result.get("n")), "count: " + result);
  }

  @Test
  void resultsAreReadPageByPageExactlyOnce() {
    List<WhSale> rows =
        IntStream.range(0, 25)
            .mapToObj(i -> WhSale.of(id(String.format("%02d", i)), T0, scope, i))
            .toList();
    sales.write(rows);
    WarehouseJob job =
        awaitDone(
            sales.query(
                "SELECT id, quantity FROM {table} WHERE shop = '"
                    + scope
                    + "' ORDER BY quantity DESC"));
    assertEquals(25L, job.resultRows());

    byte[] cursor = job.cursors().get(0);
    ResultRead first = sales.readResults(cursor, 7);
    assertEquals(
        first.rows(),
        sales.readResults(cursor, 7).rows(),
        "reading a cursor again gives the same page");
    List<Integer> pageSizes = new ArrayList<>();
    List<Object> quantities = new ArrayList<>();
    CursorWalk walk = new CursorWalk("result of " + job.id());
    ResultRead page = first;
    while (true) {
      pageSizes.add(page.rows().size());
      page.rows().forEach(r -> quantities.add(r.get("quantity")));
      if (!walk.page(page.rows().size(), page.next() != null)) {
        break;
      }
      page = sales.readResults(page.next(), 7);
    }
    assertEquals(
        IntStream.range(0, 25).mapToObj(i -> (Object) (long) (24 - i)).toList(),
        quantities,
        "every row once, in the query's order");
    assertTrue(pageSizes.stream().allMatch(n -> n <= 7), "no page over the limit: " + pageSizes);
    assertEquals(25, pageSizes.stream().mapToInt(Integer::intValue).sum());
  }

  @Test
  void anEmptyResultHasACursorThatReadsNothing() {
    WarehouseJob job =
        awaitDone(sales.query("SELECT id FROM {table} WHERE shop = '" + scope + "'"));
    assertNull(job.error());
    assertEquals(0L, job.resultRows());
    assertEquals(List.of(), readAll(job, 10));
  }

  @Test
  void badSqlFinishesTheJobWithAnError() {
    for (String sql :
        List.of(
            "SELEC id FROM {table}",
            "SELECT no_such_column FROM {table}",
            "SELECT * FROM osmos_tk_no_such_table",
            "DELETE FROM {table}",
            "SELECT 1; DROP TABLE {table}")) {
      WarehouseJob job = awaitDone(sales.query(sql));
      assertNotNull(job.error(), "an error for " + sql);
      assertFalse(job.error().isBlank(), sql);
      assertTrue(job.cursors().isEmpty(), "no result to read for " + sql);
    }
    sales.write(List.of(WhSale.of(id("a"), T0, scope, 1)));
    assertEquals(
        1L,
        whole(
            single(query("SELECT count(*) AS n FROM {table} WHERE shop = '" + scope + "'"))
                .get("n")),
        "the table survived");
  }

  @Test
  void aForeignCursorIsRejected() {
    assertThrows(
        InvalidCursorException.class,
        () -> warehouse.read("not a cursor".getBytes(java.nio.charset.StandardCharsets.UTF_8), 10));
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private String id(String suffix) {
    return scope + "-" + suffix;
  }

  /** Runs {@code sql} through the repository ({@code {table}} expanded) and reads every row. */
  protected final List<Map<String, Object>> query(String sql) {
    WarehouseJob job = awaitDone(sales.query(sql));
    if (job.error() != null) {
      fail("query failed: " + job.error() + "\n" + sql);
    }
    return readAll(job, 100);
  }

  private WarehouseJob awaitDone(WarehouseJob job) {
    long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
    while (job.status() != Status.DONE) {
      if (System.nanoTime() > deadline) {
        fail("job " + job.id() + " is still " + job.status() + " after " + JOB_TIMEOUT);
      }
      Eventually.pause(5);
      job = sales.poll(job.id());
    }
    return job;
  }

  private List<Map<String, Object>> readAll(WarehouseJob job, int pageSize) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (byte[] c : job.cursors()) {
      CursorWalk walk = new CursorWalk("result of job " + job.id());
      byte[] cursor = c;
      while (cursor != null) {
        ResultRead read = sales.readResults(cursor, pageSize);
        rows.addAll(read.rows());
        cursor = walk.page(read.rows().size(), read.next() != null) ? read.next() : null;
      }
    }
    return rows;
  }

  /**
   * An integral result value as a long: a {@code Long}, or the {@code BigDecimal} an engine gives
   * for a wide integer type (a sum).
   */
  protected static long whole(Object value) {
    if (value instanceof Long l) {
      return l;
    }
    if (value instanceof BigDecimal d) {
      return d.longValueExact();
    }
    throw new AssertionError(
        "not an integral result value: "
            + value
            + (value == null ? "" : " (" + value.getClass().getName() + ")"));
  }

  private static Map<String, Object> single(List<Map<String, Object>> rows) {
    assertEquals(1, rows.size(), "one row expected: " + rows);
    return rows.get(0);
  }

  private static Map<String, Object> row(Object... namesAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      m.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return m;
  }

  /** Field by field: records compare arrays by identity and decimals by scale. */
  private static void assertSameSale(WhSale expected, WhSale actual) {
    assertEquals(expected.id(), actual.id());
    assertEquals(expected.time(), actual.time());
    assertEquals(expected.shop(), actual.shop());
    assertEquals(expected.quantity(), actual.quantity());
    assertEquals(expected.cents(), actual.cents());
    assertEquals(expected.weight(), actual.weight());
    assertEquals(expected.ratio(), actual.ratio());
    assertEquals(expected.paid(), actual.paid());
    if (expected.amount() == null) {
      assertNull(actual.amount());
    } else {
      assertEquals(
          0,
          expected.amount().compareTo(actual.amount()),
          expected.amount() + " vs " + actual.amount());
    }
    assertEquals(expected.serial(), actual.serial());
    assertEquals(expected.shippedAt(), actual.shippedAt());
    assertEquals(expected.day(), actual.day());
    assertEquals(expected.localTime(), actual.localTime());
    assertEquals(expected.took(), actual.took());
    assertEquals(expected.ref(), actual.ref());
    assertArrayEquals(expected.receipt(), actual.receipt());
    assertEquals(expected.tier(), actual.tier());
    assertEquals(expected.address(), actual.address());
    assertEquals(expected.tags(), actual.tags());
    assertEquals(expected.stops(), actual.stops());
    assertEquals(expected.counters(), actual.counters());
    Set<String> checked =
        new HashSet<>(
            List.of(
                "id",
                "time",
                "shop",
                "quantity",
                "cents",
                "weight",
                "ratio",
                "paid",
                "amount",
                "serial",
                "shippedAt",
                "day",
                "localTime",
                "took",
                "ref",
                "receipt",
                "tier",
                "address",
                "tags",
                "stops",
                "counters"));
    assertEquals(
        checked,
        WhSale_.MODEL.fields().stream().map(FieldDescriptor::javaName).collect(Collectors.toSet()),
        "every field of WhSale is compared");
  }
}
