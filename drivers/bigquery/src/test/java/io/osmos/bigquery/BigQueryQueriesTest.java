package io.osmos.bigquery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableId;
import io.osmos.Osmos;
import io.osmos.Streams;
import io.osmos.bigquery.model.Event;
import io.osmos.bigquery.model.EventRepository;
import io.osmos.bigquery.model.Event_;
import io.osmos.bigquery.model.Mood;
import io.osmos.bigquery.model.Place;
import io.osmos.codec.FieldType;
import io.osmos.exceptions.DriverException;
import io.osmos.exceptions.InvalidCursorException;
import io.osmos.exceptions.LimitExceededException;
import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.memory.MemoryDriver;
import io.osmos.spi.Driver;
import io.osmos.spi.WarehouseService;
import io.osmos.spi.WarehouseService.Column;
import io.osmos.spi.WarehouseService.ResultRead;
import io.osmos.spi.WarehouseService.Status;
import io.osmos.spi.WarehouseService.WarehouseJob;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Dry runs, query jobs, polling, the bytes cap, and reading results by cursor. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BigQueryQueriesTest {
  private static final Instant T0 = Instant.parse("2024-01-02T03:04:05.123456Z");

  private final FakeBigQueryServer server = FakeBigQueryServer.start();
  private final BigQuery client = server.options().getService();
  private final AtomicInteger datasets = new AtomicInteger();

  @AfterAll
  void stop() {
    server.close();
  }

  private record Fixture(BigQueryDriver driver, String dataset, String table) {}

  /** A driver on a dataset of its own, with {@code rows} events e0, e1, ... (count = index). */
  private Fixture fixture(int rows) {
    String ds = "queries_" + datasets.incrementAndGet();
    BigQueryDriver driver = new BigQueryDriver(server.options(), ds);
    WarehouseService.WarehouseTable<Event> events = driver.warehouseTable(Event_.MODEL);
    List<Event> list = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      Event e = Event.minimal("e" + i, T0.plusSeconds(i));
      list.add(
          new Event(
              e.id(),
              e.time(),
              i,
              e.small(),
              e.score(),
              e.ratio(),
              e.flag(),
              e.maybe(),
              e.amount(),
              e.big(),
              e.payload(),
              e.uuid(),
              e.day(),
              e.at(),
              e.took(),
              e.mood(),
              e.note(),
              e.place(),
              e.tags(),
              e.ids(),
              e.counters(),
              e.stops(),
              e.matrix()));
    }
    events.write(list);
    return new Fixture(driver, ds, events.tableName());
  }

  // ---- analyze ---------------------------------------------------------------------------------

  @Test
  void analyzeIsADryRunThatDescribesTheResult() {
    Fixture f = fixture(3);
    long jobsBefore = count("POST /bigquery/v2/projects/osmos-test/jobs");
    WarehouseJob job =
        f.driver()
            .analyze("SELECT id, count, time, place, tags, __timestamp" + " FROM " + f.table());
    assertNull(job.id(), "a dry run is no job");
    assertEquals(Status.DONE, job.status());
    assertNull(job.error());
    assertEquals(
        List.of(
            new Column("id", FieldType.STRING, true),
            new Column("count", FieldType.INT64, true),
            new Column("time", FieldType.INSTANT, true)),
        job.columns().subList(0, 3));
    assertEquals(
        List.of("id", "count", "time", "place", "tags"),
        job.columns().stream().map(Column::name).toList(),
        "__ columns are left out");
    assertEquals(FieldType.Kind.STRUCT, job.columns().get(3).type().kind());
    assertEquals(FieldType.list(FieldType.STRING), job.columns().get(4).type());
    assertTrue(job.bytesScanned() > 0, "the bytes the query would scan: " + job.bytesScanned());
    assertTrue(job.cursors().isEmpty());
    assertEquals(
        jobsBefore + 1,
        count("POST /bigquery/v2/projects/osmos-test/jobs"),
        "one dry-run request, and nothing else ran");
  }

  @Test
  void analyzeRefusesStatementsOtherThanOneSelect() {
    Fixture f = fixture(1);
    UnsupportedQueryException delete =
        assertThrows(
            UnsupportedQueryException.class,
            () -> f.driver().analyze("DELETE FROM " + f.table() + " WHERE true"));
    assertEquals(
        "the warehouse runs SELECT queries only; BigQuery sees a DELETE statement",
        delete.getMessage());
    UnsupportedQueryException script =
        assertThrows(
            UnsupportedQueryException.class,
            () -> f.driver().analyze("SELECT 1; DROP TABLE " + f.table()));
    assertTrue(script.getMessage().endsWith("sees a SCRIPT statement"), script.getMessage());
    assertEquals(1, server.storedRows(f.dataset(), "events").size(), "nothing ran");
  }

  @Test
  void analyzeReportsWhatBigQueryFindsWrong() {
    Fixture f = fixture(1);
    UnsupportedQueryException syntax =
        assertThrows(
            UnsupportedQueryException.class,
            () -> f.driver().analyze("SELEC id FROM " + f.table()));
    assertTrue(
        syntax.getMessage().startsWith("BigQuery rejected the query: HTTP 400" + " invalidQuery "),
        syntax.getMessage());
    UnsupportedQueryException missing =
        assertThrows(
            UnsupportedQueryException.class,
            () -> f.driver().analyze("SELECT * FROM `osmos-test." + f.dataset() + ".nope`"));
    assertTrue(
        missing
            .getMessage()
            .contains("HTTP 404 notFound Not found: Table osmos-test:" + f.dataset() + ".nope"),
        missing.getMessage());
  }

  // ---- jobs ------------------------------------------------------------------------------------

  @Test
  void aJobRunsUnderANewUuidWithTheBytesCap() {
    Fixture f = fixture(2);
    WarehouseJob defaultCap = f.driver().run("SELECT id FROM " + f.table(), 0);
    WarehouseJob ownCap = f.driver().run("SELECT id FROM " + f.table(), 50L << 20);

    UUID.fromString(defaultCap.id());
    assertEquals(1_000_000_000_000L, billingCap(defaultCap.id()), "1 TB unless told otherwise");
    assertEquals(50L << 20, billingCap(ownCap.id()));
    assertEquals(Status.DONE, defaultCap.status());
    assertEquals(2L, defaultCap.resultRows());
    assertEquals(List.of(new Column("id", FieldType.STRING, true)), defaultCap.columns());
  }

  private long billingCap(String jobId) {
    QueryJobConfiguration config = client.getJob(JobId.of(jobId)).getConfiguration();
    return config.getMaximumBytesBilled();
  }

  @Test
  void aJobOverItsBytesCapFailsInTheJob() {
    Fixture f = fixture(2);
    WarehouseJob job = f.driver().run("SELECT * FROM " + f.table(), 1000);
    assertEquals(Status.DONE, job.status());
    assertEquals(
        "bytesBilledLimitExceeded at query: Query exceeded limit for bytes billed: 1000."
            + " 10485760 or higher required.",
        job.error());
    assertTrue(job.cursors().isEmpty(), "no result");
  }

  @Test
  void bytesCapsAreChecked() {
    Fixture f = fixture(0);
    LimitExceededException over =
        assertThrows(
            LimitExceededException.class, () -> f.driver().run("SELECT 1", 1_000_000_000_001L));
    assertEquals(
        "maxBytesScanned 1000000000001 exceeds the BigQuery driver's cap of"
            + " 1000000000000 bytes (1 TB)",
        over.getMessage());
    assertThrows(IllegalArgumentException.class, () -> f.driver().run("SELECT 1", -1));
  }

  @Test
  void aJobIsPolledUntilDoneAndThenHasItsResult() {
    Fixture f = fixture(4);
    server.completeJobsAfterPolls(3);
    try {
      WarehouseJob job = f.driver().run("SELECT sum(count) AS total FROM " + f.table(), 0);
      List<Status> states = new ArrayList<>(List.of(job.status()));
      assertTrue(job.cursors().isEmpty(), "no cursor before the job is done");
      assertEquals(-1, job.resultRows());
      while (job.status() != Status.DONE) {
        job = f.driver().poll(job.id());
        states.add(job.status());
      }
      assertEquals(List.of(Status.RUNNING, Status.RUNNING, Status.RUNNING, Status.DONE), states);
      assertEquals(1L, job.resultRows());
      assertEquals(Status.DONE, f.driver().poll(job.id()).status(), "done stays done");
      ResultRead read = f.driver().read(job.cursors().get(0), 10);
      assertEquals(List.of(Map.of("total", 6L)), read.rows());
      assertNull(read.next());
    } finally {
      server.completeJobsAfterPolls(0);
    }
  }

  @Test
  void badSqlGivesAFinishedJobWithTheErrorThatPollsTheSame() {
    Fixture f = fixture(0);
    WarehouseJob job = f.driver().run("SELEC 1", 0);
    assertEquals(Status.DONE, job.status());
    assertTrue(
        job.error().startsWith("BigQuery rejected the query: HTTP 400 invalidQuery"), job.error());
    assertEquals(job, f.driver().poll(job.id()));
  }

  @Test
  void pollingAnUnknownJobSaysSo() {
    Fixture f = fixture(0);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> f.driver().poll("no-such-job"));
    assertEquals("BigQuery has no job 'no-such-job' in project osmos-test", e.getMessage());
  }

  // ---- results ---------------------------------------------------------------------------------

  @Test
  void cursorsReadOnePageEachWithOneRequest() {
    Fixture f = fixture(7);
    WarehouseJob job =
        TestQueries.done(
            f.driver(),
            f.driver().run("SELECT count FROM " + f.table() + " ORDER BY count DESC", 0));
    byte[] cursor = job.cursors().get(0);
    List<Object> counts = new ArrayList<>();
    List<Integer> pages = new ArrayList<>();
    while (cursor != null) {
      long before = server.requests().size();
      ResultRead read = f.driver().read(cursor, 3);
      assertEquals(
          1,
          server.requests().size() - before,
          "the cursor carries the schema: one tabledata.list request per page");
      assertEquals(read.rows(), f.driver().read(cursor, 3).rows(), "a cursor reads again");
      read.rows().forEach(r -> counts.add(r.get("count")));
      pages.add(read.rows().size());
      cursor = read.next();
    }
    assertEquals(List.of(6L, 5L, 4L, 3L, 2L, 1L, 0L), counts);
    assertEquals(List.of(3, 3, 1), pages);
  }

  @Test
  void resultValuesHaveTheTreeFormatsTypes() {
    Fixture f = fixture(0);
    Event e =
        new Event(
            "typed",
            T0,
            7,
            0,
            1.5,
            0,
            true,
            null,
            new BigDecimal("-0.5"),
            BigInteger.valueOf(12),
            new byte[] {1, 2},
            null,
            LocalDate.of(2024, 2, 29),
            LocalDateTime.of(2024, 2, 29, 12, 0),
            Duration.ofSeconds(90),
            Mood.CALM,
            Optional.empty(),
            new Place("Oslo", null, List.of("a")),
            List.of("x"),
            new LinkedHashSet<>(),
            Map.of(),
            List.of(),
            List.of());
    f.driver().warehouseTable(Event_.MODEL).write(List.of(e));
    WarehouseJob job =
        TestQueries.done(
            f.driver(),
            f.driver()
                .run(
                    "SELECT time, count, score,"
                        + " flag, amount, payload, day, `at`, took, place, tags FROM "
                        + f.table(),
                    0));
    assertNull(job.error());
    Map<String, Object> row = f.driver().read(job.cursors().get(0), 10).rows().get(0);
    assertEquals(T0, row.get("time"));
    assertEquals(7L, row.get("count"));
    assertEquals(1.5, row.get("score"));
    assertEquals(true, row.get("flag"));
    assertEquals(new BigDecimal("-0.5"), row.get("amount"));
    assertArrayEquals(new byte[] {1, 2}, (byte[]) row.get("payload"));
    assertEquals("2024-02-29", row.get("day"), "dates as ISO-8601 text");
    assertEquals("2024-02-29T12:00:00", row.get("at"));
    assertEquals("PT1M30S", row.get("took"));
    assertInstanceOf(Map.class, row.get("place"));
    assertEquals(List.of("x"), row.get("tags"));
    Map<String, FieldType.Kind> kinds = new LinkedHashMap<>();
    job.columns().forEach(c -> kinds.put(c.name(), c.type().kind()));
    assertEquals(FieldType.Kind.LOCAL_DATE, kinds.get("day"));
    assertEquals(FieldType.Kind.LOCAL_DATE_TIME, kinds.get("at"));
    assertEquals(FieldType.Kind.DECIMAL, kinds.get("amount"));
    assertEquals(FieldType.Kind.BYTES, kinds.get("payload"));
  }

  @Test
  void aDamagedCursorIsRefused() {
    Fixture f = fixture(2);
    WarehouseJob job =
        TestQueries.done(f.driver(), f.driver().run("SELECT id FROM " + f.table(), 0));
    byte[] cursor = job.cursors().get(0);
    InvalidCursorException e =
        assertThrows(
            InvalidCursorException.class,
            () -> f.driver().read(Arrays.copyOf(cursor, cursor.length - 3), 10));
    assertTrue(e.getMessage().startsWith("not a BigQuery result cursor"), e.getMessage());
    assertThrows(InvalidCursorException.class, () -> f.driver().read(new byte[] {9, 9}, 10));
  }

  @Test
  void aCursorWhoseResultIsGoneSaysSo() {
    Fixture f = fixture(2);
    WarehouseJob job =
        TestQueries.done(f.driver(), f.driver().run("SELECT id FROM " + f.table(), 0));
    TableId result =
        client
            .getJob(JobId.of(job.id()))
            .<QueryJobConfiguration>getConfiguration()
            .getDestinationTable();
    assertNotNull(result);
    client.delete(result);
    DriverException e =
        assertThrows(DriverException.class, () -> f.driver().read(job.cursors().get(0), 10));
    assertTrue(e.getMessage().startsWith("the result of this cursor is gone"), e.getMessage());
  }

  @Test
  void aRepositoryReadsOnlyCursorsItSealedForItsDriverNameAndModel() {
    Fixture f = fixture(2);
    // A table the repository's users must not read, in another dataset.
    Fixture secret = fixture(3);
    MemoryDriver memory = new MemoryDriver();
    Driver streams = Streams.of(memory, memory, f.driver());
    Osmos osmos =
        Osmos.builder()
            .driver("warehouse", streams)
            .driver("mirror", streams)
            .cursorSecret("the secret of this test".getBytes(StandardCharsets.UTF_8))
            .build();
    EventRepository events = new EventRepository(osmos);
    WarehouseJob job = events.query("SELECT id FROM {table} ORDER BY id");
    while (job.status() != Status.DONE) {
      job = events.poll(job.id());
    }
    byte[] cursor = job.cursors().get(0);
    assertEquals(
        List.of(Map.of("id", "e0"), Map.of("id", "e1")), events.readResults(cursor, 10).rows());

    // A driver cursor that a caller made up: it names the other dataset's table.
    TableId table = TableId.of(server.project(), secret.dataset(), "events");
    byte[] forged =
        new ResultCursor(table, null, client.getTable(table).getDefinition().getSchema()).encode();
    assertEquals(3, f.driver().read(forged, 10).rows().size(), "the driver reads what it names");
    assertThrows(InvalidCursorException.class, () -> events.readResults(forged, 10));
    // This job's cursor and id through another driver name.
    EventRepository mirror = new EventRepository(osmos, "mirror");
    String id = job.id();
    assertThrows(InvalidCursorException.class, () -> mirror.readResults(cursor, 10));
    assertThrows(InvalidCursorException.class, () -> mirror.poll(id));
    memory.close();
  }

  private long count(String request) {
    return server.requests().stream().filter(request::equals).count();
  }
}
