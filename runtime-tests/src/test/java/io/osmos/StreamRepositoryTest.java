package io.osmos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.codec.json.JsonFormat;
import io.osmos.exceptions.CapabilityException;
import io.osmos.exceptions.DriverNotFoundException;
import io.osmos.exceptions.InvalidCursorException;
import io.osmos.exceptions.LimitExceededException;
import io.osmos.exceptions.ValidationException;
import io.osmos.memory.MemoryDriver;
import io.osmos.memory.fixtures.Reading;
import io.osmos.memory.fixtures.ReadingRepository;
import io.osmos.memory.fixtures.Reading_;
import io.osmos.memory.fixtures.RenamedSchema;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.DeadLetterPolicy;
import io.osmos.spi.DriverLimits;
import io.osmos.spi.LookupService;
import io.osmos.spi.LookupTable;
import io.osmos.spi.Message;
import io.osmos.spi.MessageQueue;
import io.osmos.spi.ReceivedMessage;
import io.osmos.spi.Subscription;
import io.osmos.spi.TupleKey;
import io.osmos.spi.WarehouseService;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamRepositoryTest {
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.123456789Z");
  private static final long WAIT_SECONDS = 20;

  private MemoryDriver driver;
  private Osmos osmos;
  private ReadingRepository readings;

  @BeforeEach
  void setUp() {
    driver = new MemoryDriver(new DriverLimits(200, 150, 5, 150, 1000, 32));
    osmos =
        Osmos.builder().driver("events", driver).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    readings = new ReadingRepository(osmos);
  }

  @AfterEach
  void tearDown() {
    osmos.close();
  }

  private static <T> T next(BlockingQueue<T> q) throws InterruptedException {
    T v = q.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    if (v == null) {
      throw new AssertionError("nothing delivered within " + WAIT_SECONDS + " s");
    }
    return v;
  }

  // ---- publish and subscribe -----------------------------------------------------------------

  @Test
  void publishSendsJsonWithKeyAndTimestampAttributes() throws Exception {
    BlockingQueue<ReceivedMessage> raw = new LinkedBlockingQueue<>();
    try (Subscription s =
        driver.subscribe("readings", "probe", MessageQueue.Delivery.EPHEMERAL, raw::add)) {
      readings.publish(new Reading("s:1 ☃", null, "north", 1.5));
      ReceivedMessage m = next(raw);
      Reading r = JsonFormat.decode(Reading_.MODEL, m.data());
      assertEquals(new Reading("s:1 ☃", NOW, "north", 1.5), r);
      assertEquals(
          Base64.getUrlEncoder().withoutPadding().encodeToString(TupleKey.encode("s:1 ☃")),
          m.attributes().get("key"));
      assertEquals("1767323045123456", m.attributes().get("timestamp"));
    }
  }

  @Test
  void subscribersReceiveDecodedRecordsAtLeastOnce() throws Exception {
    BlockingQueue<Reading> got = new LinkedBlockingQueue<>();
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    try (Subscription s =
        readings.subscribe(
            "worker",
            MessageQueue.Delivery.AT_LEAST_ONCE,
            r -> {
              if (r.sensor().equals("flaky") && failures.isEmpty()) {
                failures.add(r.sensor());
                throw new IllegalStateException("first attempt fails");
              }
              got.add(r);
            })) {
      readings.publishAll(List.of(Reading.of("flaky", 1, "a", 1), Reading.of("fine", 2, "a", 2)));
      List<String> sensors = List.of(next(got).sensor(), next(got).sensor());
      assertTrue(sensors.containsAll(List.of("flaky", "fine")), sensors.toString());
    }
    assertEquals(List.of("flaky"), failures);
  }

  @Test
  void aMessageThatDoesNotDecodeGoesToTheDeadLetterAtOnceAndTheStreamGoesOn() throws Exception {
    BlockingQueue<Reading> got = new LinkedBlockingQueue<>();
    BlockingQueue<ReceivedMessage> dead = new LinkedBlockingQueue<>();
    byte[] garbage = "{\"sensor\": 7".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (Subscription s =
            readings.subscribe("worker", MessageQueue.Delivery.AT_LEAST_ONCE, got::add);
        Subscription d =
            driver.subscribe(
                "readings.dead-letter",
                "dead-letter",
                MessageQueue.Delivery.AT_LEAST_ONCE,
                dead::add)) {
      driver.publish("readings", List.of(new Message(garbage, Map.of("key", "a\nb"))));
      readings.publish(Reading.of("after", 1, "x", 1));
      assertEquals("after", next(got).sensor(), "the stream went on");
      ReceivedMessage m = next(dead);
      assertArrayEquals(garbage, m.data());
      assertEquals("a\nb", m.attributes().get("key"));
      assertEquals(
          "1",
          m.attributes().get("osmos-dead-letter-attempts"),
          "a message that cannot decode is not tried again");
      assertEquals("readings", m.attributes().get("osmos-dead-letter-topic"));
      assertEquals("worker", m.attributes().get("osmos-dead-letter-subscription"));
      String error = m.attributes().get("osmos-dead-letter-error");
      assertTrue(error.contains("is not a Reading"), error);
      assertTrue(error.contains("operation=subscribe"), error);
      assertTrue(error.contains("key=a\\u000ab") && !error.contains("\n"), error);
    }
  }

  @Test
  void anInvalidRecordInABatchPublishesNothing() throws Exception {
    BlockingQueue<Reading> got = new LinkedBlockingQueue<>();
    try (Subscription s = readings.subscribe("tail", MessageQueue.Delivery.EPHEMERAL, got::add)) {
      ValidationException e =
          assertThrows(
              ValidationException.class,
              () ->
                  readings.publishAll(
                      List.of(
                          Reading.of("a", 1, "x", 1),
                          Reading.of("b", 1, " ", 1),
                          new Reading(null, null, "x", 1))));
      assertEquals(List.of("[1].site", "[2]"), e.violations().stream().map(v -> v.path()).toList());
      assertEquals("publish", e.operation());
      readings.publish(Reading.of("after", 1, "x", 1));
      assertEquals("after", next(got).sensor());
    }
  }

  @Test
  void limitsAreCheckedBeforePublishing() {
    LimitExceededException size =
        assertThrows(
            LimitExceededException.class,
            () -> readings.publish(Reading.of("s", 1, "x".repeat(100), 1)));
    assertTrue(size.getMessage().contains("maxMessageBytes"), size.getMessage());
    assertEquals("readings", size.bucket());
    assertEquals("s", size.key());

    List<Reading> six = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      six.add(Reading.of("s" + i, 1, "x", i));
    }
    LimitExceededException batch =
        assertThrows(LimitExceededException.class, () -> readings.publishAll(six));
    assertTrue(batch.getMessage().contains("maxBatch"), batch.getMessage());

    LimitExceededException key =
        assertThrows(
            LimitExceededException.class,
            () -> readings.publish(Reading.of("k".repeat(201), 1, "x", 1)));
    assertTrue(key.getMessage().contains("maxKeyBytes"), key.getMessage());
    LimitExceededException entry =
        assertThrows(
            LimitExceededException.class,
            () -> readings.write(List.of(Reading.of("k".repeat(30), 1, "x".repeat(180), 1))));
    assertTrue(entry.getMessage().contains("index entry for field 'site'"), entry.getMessage());
  }

  // ---- lookup --------------------------------------------------------------------------------

  @Test
  void writeValidatesSetsTimestampsAndChecksTheRecordSize() {
    readings.write(List.of(new Reading("s1", null, "north", 1)));
    assertEquals(NOW, readings.get("s1").orElseThrow().at());

    assertThrows(
        ValidationException.class,
        () -> readings.write(List.of(Reading.of("s2", 1, "ok", 1), Reading.of("s3", 1, "", 1))));
    assertTrue(readings.get("s2").isEmpty());

    LimitExceededException e =
        assertThrows(
            LimitExceededException.class,
            () -> readings.write(List.of(Reading.of("s4", 1, "y".repeat(100), 1))));
    assertTrue(e.getMessage().contains("maxRecordBytes"), e.getMessage());
    assertTrue(readings.get("s4").isEmpty());
  }

  @Test
  void aLookupQueryCursorIsBoundToItsQuery() {
    readings.write(
        List.of(
            Reading.of("a", 1, "x", 1), Reading.of("b", 1, "x", 2), Reading.of("c", 1, "y", 3)));
    Page<Reading> p = readings.find(Reading_.site.eq("x"), PageRequest.first(1));
    assertThrows(
        InvalidCursorException.class,
        () -> readings.find(Reading_.site.eq("y"), PageRequest.after(p.nextCursor(), 1)));
    // nor can a find cursor be read as a stream cursor
    assertThrows(InvalidCursorException.class, () -> readings.read(p.nextCursor(), 1));
    assertEquals(
        "b",
        readings
            .find(Reading_.site.eq("x"), PageRequest.after(p.nextCursor(), 1))
            .items()
            .get(0)
            .sensor());
  }

  // ---- binding and capabilities --------------------------------------------------------------

  @Test
  void bindingNeedsAQueueAndALookupService() {
    MessageQueue queueOnly =
        new MessageQueue() {
          @Override
          public String kind() {
            return "queue-only";
          }

          @Override
          public void publish(String topic, List<Message> messages) {}

          @Override
          public Subscription subscribe(
              String t, String n, Delivery d, DeadLetterPolicy p, MessageHandler h) {
            return () -> {};
          }
        };
    try (Osmos o = Osmos.builder().driver("events", queueOnly).build()) {
      CapabilityException e =
          assertThrows(CapabilityException.class, () -> new ReadingRepository(o));
      assertTrue(
          e.getMessage().contains("needs a MessageQueue and a LookupService"), e.getMessage());
      assertTrue(e.getMessage().contains("offers [MessageQueue]"), e.getMessage());
      assertEquals("bind", e.operation());
    }
    DriverNotFoundException missing =
        assertThrows(DriverNotFoundException.class, () -> new ReadingRepository(osmos, "nope"));
    assertTrue(missing.getMessage().contains("[events]"), missing.getMessage());
  }

  @Test
  void warehouseOperationsNeedAWarehouse() {
    assertFalse(readings.hasWarehouse());
    CapabilityException e =
        assertThrows(
            CapabilityException.class, () -> readings.query("select count(*) from {table}"));
    assertTrue(e.getMessage().contains("needs a WarehouseService"), e.getMessage());
    assertTrue(
        e.getMessage().contains("[DocumentStore, MessageQueue, LookupService]"), e.getMessage());
    assertThrows(CapabilityException.class, () -> readings.analyze("select 1"));
    assertThrows(CapabilityException.class, () -> readings.poll("job"));
    assertThrows(CapabilityException.class, () -> readings.readResults(new byte[0], 10));
    assertThrows(CapabilityException.class, () -> readings.warehouseTableName());
  }

  @Test
  void aWarehouseIsWrittenAndQueriedWhenTheDriverHasOne() {
    FakeWarehouse warehouse = new FakeWarehouse();
    try (Osmos o =
        Osmos.builder()
            .driver("events", new WithWarehouse(new MemoryDriver(), warehouse))
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build()) {
      ReadingRepository repo = new ReadingRepository(o);
      assertTrue(repo.hasWarehouse());
      assertEquals("`lake`.`readings`", repo.warehouseTableName());

      repo.write(List.of(Reading.of("s1", 1, "x", 1), new Reading("s2", null, "y", 2)));
      assertEquals(
          List.of(Reading.of("s1", 1, "x", 1), new Reading("s2", NOW, "y", 2)), warehouse.rows);
      assertTrue(repo.get("s2").isPresent());

      WarehouseService.WarehouseJob job = repo.query("select site from {table} where value > 1");
      assertEquals("select site from `lake`.`readings` where value > 1", warehouse.lastSql);
      assertEquals(WarehouseService.Status.RUNNING, job.status());
      assertEquals(WarehouseService.Status.DONE, repo.poll(job.id()).status());
      WarehouseService.ResultRead rows = repo.readResults(repo.poll(job.id()).cursors().get(0), 10);
      assertEquals(List.of(Map.of("site", "y")), rows.rows());

      WarehouseService.WarehouseJob dry = repo.analyze("select * from {table}");
      assertEquals("analyze: select * from `lake`.`readings`", warehouse.lastSql);
      assertEquals(-1, dry.resultRows());

      InvalidCursorException failed =
          assertThrows(InvalidCursorException.class, () -> repo.poll("unknown"));
      assertEquals("poll", failed.operation());
    }
  }

  @Test
  void warehouseJobIdsAndResultCursorsAreSealedAndBound() {
    WithWarehouse driver = new WithWarehouse(new MemoryDriver(), new FakeWarehouse());
    Osmos o =
        Osmos.builder()
            .driver("events", driver)
            .driver("mirror", driver)
            .cursorSecret("a secret of this test".getBytes(StandardCharsets.UTF_8))
            .build();
    ReadingRepository repo = new ReadingRepository(o);
    WarehouseService.WarehouseJob job = repo.query("select site from {table}");
    assertFalse(job.id().contains("job-1"), "the driver's job id is sealed: " + job.id());
    WarehouseService.WarehouseJob done = repo.poll(job.id());
    assertEquals(job.id(), done.id(), "polling keeps the id");
    byte[] cursor = done.cursors().get(0);
    assertTrue(
        new String(cursor, StandardCharsets.US_ASCII).matches("[A-Za-z0-9_-]+"),
        "a cursor is URL-safe text");
    assertEquals(List.of(Map.of("site", "y")), repo.readResults(cursor, 10).rows());

    // The driver's own cursor and job id, as a caller could make them up, are refused.
    assertThrows(InvalidCursorException.class, () -> repo.readResults(new byte[] {7}, 10));
    assertThrows(InvalidCursorException.class, () -> repo.poll("job-1"));
    byte[] tampered = cursor.clone();
    tampered[tampered.length / 2] ^= 1;
    InvalidCursorException edited =
        assertThrows(InvalidCursorException.class, () -> repo.readResults(tampered, 10));
    assertEquals("readResults", edited.operation());
    // Another driver name, another model's table: the same job and cursor are refused.
    ReadingRepository mirror = new ReadingRepository(o, "mirror");
    StreamRepository<Reading, String> elsewhere =
        new StreamRepository<>(o, "events", RenamedSchema.inBucket(Reading_.MODEL, "elsewhere")) {};
    for (StreamRepository<Reading, String> foreign : List.of(mirror, elsewhere)) {
      assertThrows(InvalidCursorException.class, () -> foreign.readResults(cursor, 10));
      assertThrows(InvalidCursorException.class, () -> foreign.poll(job.id()));
    }
  }

  /** A driver made of a memory driver's queue and lookup and a warehouse. */
  private static final class WithWarehouse
      implements MessageQueue, LookupService, WarehouseService {
    private final MemoryDriver memory;
    private final FakeWarehouse warehouse;

    WithWarehouse(MemoryDriver memory, FakeWarehouse warehouse) {
      this.memory = memory;
      this.warehouse = warehouse;
    }

    @Override
    public String kind() {
      return "memory+fake-warehouse";
    }

    @Override
    public void publish(String topic, List<Message> messages) {
      memory.publish(topic, messages);
    }

    @Override
    public Subscription subscribe(
        String t, String n, Delivery d, DeadLetterPolicy p, MessageHandler h) {
      return memory.subscribe(t, n, d, p, h);
    }

    @Override
    public <T, K> LookupTable<T, K> lookupTable(ModelSchema<T, K> model) {
      return memory.lookupTable(model);
    }

    @Override
    public <T, K> WarehouseTable<T> warehouseTable(ModelSchema<T, K> model) {
      return warehouse.table(model);
    }

    @Override
    public WarehouseJob analyze(String sql) {
      return warehouse.analyze(sql);
    }

    @Override
    public WarehouseJob run(String sql, long maxBytesScanned) {
      return warehouse.run(sql, maxBytesScanned);
    }

    @Override
    public WarehouseJob poll(String jobId) {
      return warehouse.poll(jobId);
    }

    @Override
    public ResultRead read(byte[] cursor, int limit) {
      return warehouse.read(cursor, limit);
    }

    @Override
    public void close() {
      memory.close();
    }
  }

  /** Keeps rows in a list and answers every query with one row once it is polled. */
  private static final class FakeWarehouse {
    final List<Object> rows = new ArrayList<>();
    String lastSql;

    @SuppressWarnings("unchecked")
    <T, K> WarehouseService.WarehouseTable<T> table(ModelSchema<T, K> model) {
      return new WarehouseService.WarehouseTable<>() {
        @Override
        public String tableName() {
          return "`lake`.`" + model.bucket() + "`";
        }

        @Override
        public void write(List<T> list) {
          rows.addAll(list);
        }
      };
    }

    WarehouseService.WarehouseJob analyze(String sql) {
      lastSql = "analyze: " + sql;
      return new WarehouseService.WarehouseJob(
          "dry", WarehouseService.Status.DONE, null, List.of(), List.of(), 0, -1);
    }

    WarehouseService.WarehouseJob run(String sql, long maxBytesScanned) {
      lastSql = sql;
      return new WarehouseService.WarehouseJob(
          "job-1", WarehouseService.Status.RUNNING, null, List.of(), List.of(), -1, -1);
    }

    WarehouseService.WarehouseJob poll(String id) {
      if (!id.equals("job-1")) {
        throw new IllegalArgumentException("no job " + id);
      }
      return new WarehouseService.WarehouseJob(
          id, WarehouseService.Status.DONE, null, List.of(), List.of(new byte[] {7}), 10, 1);
    }

    WarehouseService.ResultRead read(byte[] cursor, int limit) {
      assertEquals(7, cursor[0]);
      return new WarehouseService.ResultRead(List.of(Map.of("site", "y")), null);
    }
  }
}
