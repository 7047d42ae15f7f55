package io.osmos.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.Osmos;
import io.osmos.spi.Message;
import io.osmos.spi.MessageQueue.Delivery;
import io.osmos.spi.Subscription;
import io.osmos.spi.TupleKey;
import io.osmos.testkit.model.Address;
import io.osmos.testkit.model.OrderLine;
import io.osmos.testkit.model.OrderLineRepository;
import io.osmos.testkit.model.Person;
import io.osmos.testkit.model.PersonRepository;
import io.osmos.testkit.model.Reading;
import io.osmos.testkit.model.ReadingRepository;
import io.osmos.testkit.model.TestModels;
import io.osmos.testkit.model.Ticket;
import io.osmos.testkit.model.TicketRepository;
import io.osmos.testkit.server.PostgresTestServer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Reads what the driver wrote with psql, in the layout the README documents. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresLayoutTest {
  private final String run = "ly" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  private PostgresTestServer server;
  private PostgresDriver driver;
  private Osmos osmos;

  @BeforeAll
  void connect() {
    server = TestPostgres.server();
    driver = TestPostgres.newDriver();
    osmos =
        Osmos.builder()
            .driver(TestModels.DRIVER, driver)
            .driver(TestModels.STREAMS, driver)
            .build();
  }

  @AfterAll
  void close() {
    if (osmos != null) {
      osmos.close();
    }
  }

  @Test
  void documentTableHoldsKeyJsonAndVersion() {
    PersonRepository people = new PersonRepository(osmos);
    Person p =
        people.insert(
            new Person(
                run + "-ann",
                "ann@example.org",
                "Ann O'Neil",
                run,
                31,
                0,
                null,
                new Address("Oslo", "0150"),
                List.of("a"),
                0));
    people.update(p.id(), x -> x.incrementVisits(2));
    assertEquals("key text, doc json, version bigint", columns("osmos_tk_people"));
    assertEquals(
        p.id() + "|Ann O'Neil|2|Oslo|2",
        server.psql(
            "SELECT key, doc->>'name',"
                + " doc->>'visits', doc->'address'->>'city', version FROM osmos.osmos_tk_people"
                + " WHERE key = '"
                + p.id()
                + "'"));
    assertEquals(
        "C",
        server.psql(
            "SELECT collation_name FROM information_schema.columns"
                + " WHERE table_schema = 'osmos' AND table_name = 'osmos_tk_people'"
                + " AND column_name = 'key'"),
        "keys are ordered by code point");
    String index =
        server.psql(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = 'osmos'"
                + " AND indexname = 'osmos_tk_people__email'");
    assertTrue(
        index.contains("((doc ->> 'email'::text)) COLLATE \"C\"")
            && index.contains("NULLS FIRST, key"),
        index);
    // The index serves the SQL a finder runs: an equality on the expression, then key order.
    String plan =
        server.psql(
            "SET enable_seqscan = off; EXPLAIN SELECT key FROM"
                + " osmos.osmos_tk_people WHERE ((doc->>'team') COLLATE \"C\") = '"
                + run
                + "'"
                + " ORDER BY ((doc->>'team') COLLATE \"C\") NULLS FIRST, key LIMIT 10");
    assertTrue(plan.contains("osmos_tk_people__team"), plan);
  }

  @Test
  void compositeAndLongKeysAreStoredAsDocumented() {
    OrderLineRepository lines = new OrderLineRepository(osmos);
    lines.save(new OrderLine(run + "-o", 7, "sku", 1));
    assertEquals("key bytea, doc json, version bigint", columns("osmos_tk_lines"));
    String hex = HexFormat.of().formatHex(TupleKey.encode(run + "-o", 7L));
    assertEquals(
        run + "-o|7",
        server.psql(
            "SELECT doc->>'orderId', doc->>'lineNo' FROM"
                + " osmos.osmos_tk_lines WHERE key = '\\x"
                + hex
                + "'::bytea"),
        "the key column is the TupleKey encoding of (orderId, lineNo)");

    TicketRepository tickets = new TicketRepository(osmos);
    Ticket t = tickets.insert(new Ticket(0, run));
    assertEquals("key bigint, doc json, version bigint", columns("osmos_tk_tickets"));
    assertEquals(
        run, server.psql("SELECT doc->>'title' FROM osmos.osmos_tk_tickets WHERE key = " + t.id()));
    assertTrue(
        Long.parseLong(server.psql("SELECT last_value FROM" + " osmos.osmos_tk_tickets__key"))
            >= t.id(),
        "generated from the bucket's sequence");
  }

  @Test
  void lookupLogAndIndexTables() {
    ReadingRepository readings = new ReadingRepository(osmos);
    Instant t = Instant.parse("2024-05-01T10:00:00.123456789Z");
    Reading r = new Reading(run + "-dev", 1, t, run + "-site", 2.5);
    readings.write(List.of(r, r));
    assertEquals(
        "offset bigint, key bytea, ts timestamp with time zone, ts_nanos integer,"
            + " record json, written_at timestamp with time zone",
        columns("osmos_tk_readings__log"));
    String key = HexFormat.of().formatHex(TupleKey.encode(r.device(), 1L));
    assertEquals(
        "2",
        server.psql(
            "SELECT count(*) FROM osmos.osmos_tk_readings__log" + " WHERE key = '\\x" + key + "'"),
        "the log keeps both writes");
    assertEquals(
        "2024-05-01 10:00:00.123456+00|123456789|" + run + "-site",
        server.psql(
            "SELECT ts, ts_nanos, record->>'site' FROM osmos.osmos_tk_readings__index WHERE key = '\\x"
                + key
                + "'"),
        "the index keeps the newest record per key");
    String entry = HexFormat.of().formatHex(TupleKey.encode(r.site(), r.device(), 1L));
    assertEquals(
        "1",
        server.psql(
            "SELECT count(*) FROM osmos.osmos_tk_readings__index"
                + " WHERE ix__site = '\\x"
                + entry
                + "'"),
        "the @Index entry is TupleKey(site, key...)");
    String offsets =
        server.psql(
            "SELECT min(\"offset\") = 0 AND max(\"offset\") + 1 = count(*)"
                + " FROM osmos.osmos_tk_readings__log");
    assertEquals("t", offsets, "offsets are 0, 1, 2, ... without gaps");
  }

  @Test
  void queueRowsArePerSubscriptionAndGoneWhenAcknowledged() throws Exception {
    String topic = run + "-topic";
    List<String> got = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Subscription s =
        driver.subscribe(
            topic,
            "holder",
            Delivery.AT_LEAST_ONCE,
            m -> {
              got.add(new String(m.data(), StandardCharsets.UTF_8));
              release.await();
            });
    try {
      driver.publish(
          topic, List.of(new Message("hello".getBytes(StandardCharsets.UTF_8), Map.of("k", "v"))));
      awaitTrue(() -> got.size() == 1);
      assertEquals(
          "holder|hello|{\"k\": \"v\"}|1",
          server.psql(
              "SELECT subscription,"
                  + " convert_from(data, 'UTF8'), attributes, attempts FROM osmos.mq_messages"
                  + " WHERE topic = '"
                  + topic
                  + "'"),
          "leased, not yet acknowledged");
      assertEquals(
          "f",
          server.psql(
              "SELECT ephemeral FROM osmos.mq_subscriptions WHERE topic = '" + topic + "'"));
    } finally {
      release.countDown();
      s.close();
    }
    assertEquals(
        "0",
        server.psql("SELECT count(*) FROM osmos.mq_messages WHERE topic = '" + topic + "'"),
        "acknowledged messages are deleted");
    Subscription eph = driver.subscribe(topic, "live", Delivery.EPHEMERAL, m -> {});
    assertEquals(
        "1",
        server.psql(
            "SELECT count(*) FROM osmos.mq_subscriptions WHERE topic = '"
                + topic
                + "' AND ephemeral AND name LIKE 'live#%'"));
    eph.close();
    assertEquals(
        "0",
        server.psql(
            "SELECT count(*) FROM osmos.mq_subscriptions WHERE topic = '"
                + topic
                + "' AND ephemeral"),
        "a closed ephemeral subscription is removed");
  }

  private String columns(String table) {
    return server
        .psql(
            "SELECT string_agg(column_name || ' ' || udt_name, ', '"
                + " ORDER BY ordinal_position) FROM information_schema.columns"
                + " WHERE table_schema = 'osmos' AND table_name = '"
                + table
                + "'")
        .replace("int8", "bigint")
        .replace("int4", "integer")
        .replace("timestamptz", "timestamp with time zone");
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up after 10 s");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
