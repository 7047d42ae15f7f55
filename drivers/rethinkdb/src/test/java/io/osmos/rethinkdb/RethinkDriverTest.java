package io.osmos.rethinkdb;

import static com.rethinkdb.RethinkDB.r;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rethinkdb.net.Connection;
import io.osmos.Osmos;
import io.osmos.PageRequest;
import io.osmos.exceptions.ConcurrentUpdateException;
import io.osmos.exceptions.DriverException;
import io.osmos.rethinkdb.model.Badge;
import io.osmos.rethinkdb.model.BadgeRepository;
import io.osmos.rethinkdb.model.Reading;
import io.osmos.rethinkdb.model.ReadingRepository;
import io.osmos.rethinkdb.model.Reading_;
import io.osmos.rethinkdb.model.Tally;
import io.osmos.rethinkdb.model.TallyRepository;
import io.osmos.testkit.model.Address;
import io.osmos.testkit.model.Extremes;
import io.osmos.testkit.model.ExtremesRepository;
import io.osmos.testkit.model.Level;
import io.osmos.testkit.model.OrderLine;
import io.osmos.testkit.model.OrderLineRepository;
import io.osmos.testkit.model.Person;
import io.osmos.testkit.model.PersonRepository;
import io.osmos.testkit.model.TestModels;
import io.osmos.testkit.server.RethinkTestServer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The RethinkDB driver's own behaviour: what it stores (read back with the official client and
 * plain ReQL), its atomic writes, server-generated keys and how server errors reach the caller.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RethinkDriverTest {
  private static final String DB = "osmos_driver_test";

  private final String run = "t" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  private RethinkTestServer server;
  private RethinkDriver driver;
  private Osmos osmos;
  private PersonRepository people;
  private ExtremesRepository extremes;
  private OrderLineRepository lines;
  private ReadingRepository readings;
  private TallyRepository tallies;
  private BadgeRepository badges;
  private Connection raw;

  @BeforeAll
  void connect() {
    server = RethinkTestServer.get();
    driver = new RethinkDriver(server.url(DB));
    osmos = Osmos.builder().driver(TestModels.DRIVER, driver).driver("rdb", driver).build();
    people = new PersonRepository(osmos);
    extremes = new ExtremesRepository(osmos);
    lines = new OrderLineRepository(osmos);
    readings = new ReadingRepository(osmos);
    tallies = new TallyRepository(osmos);
    badges = new BadgeRepository(osmos);
    raw = r.connection().hostname(server.host()).port(server.port()).unwrapLists(true).connect();
  }

  @AfterAll
  void close() {
    if (raw != null) {
      raw.close(false);
    }
    if (driver != null) {
      driver.close();
    }
  }

  private Map<?, ?> rawDocument(String table, Object id) {
    return (Map<?, ?>) r.db(DB).table(table).get(id).run(raw).single();
  }

  private Person person(String id) {
    return new Person(
        id,
        run + "@example.org",
        run + "/ann",
        run,
        31,
        0,
        null,
        new Address("Oslo", "0150"),
        List.of("a", "b"),
        0);
  }

  // ---- layout ----------------------------------------------------------------------------------

  @Test
  void documentsHaveTheDocumentedLayout() {
    Person p = people.insert(person(run + "-layout").withName(run + "/layout"));
    Map<?, ?> doc = rawDocument("osmos_tk_people", p.id());
    assertEquals(
        Set.of(
            "id", "email", "name", "team", "age", "visits", "score", "address", "tags", "version"),
        doc.keySet(),
        "one field per model field, the key in id: " + doc);
    assertEquals(p.id(), doc.get("id"));
    assertEquals(31L, doc.get("age"));
    assertNull(doc.get("score"));
    assertEquals(Map.of("city", "Oslo", "postcode", "0150"), doc.get("address"));
    assertEquals(List.of("a", "b"), doc.get("tags"));
    assertEquals(1L, doc.get("version"));
    List<Object> indexes = r.db(DB).table("osmos_tk_people").indexList().run(raw).toList();
    assertEquals(
        Set.of("osmos_key", "osmos_idx_email", "osmos_idx_name", "osmos_idx_team"),
        Set.copyOf(indexes));
    // The index values are [[value], [key]]: a plain ReQL range read finds the document.
    List<Object> byName =
        r.db(DB)
            .table("osmos_tk_people")
            .between(r.array(r.array(p.name())), r.array(r.array(p.name()), r.maxval()))
            .optArg("index", "osmos_idx_name")
            .g("id")
            .run(raw)
            .toList();
    assertEquals(List.of(p.id()), byName);
  }

  @Test
  void valuesRethinkDbCannotHoldAreStoredExactlyAsText() {
    String id = run + "-extremes";
    byte[] bytes = {0, 1, 2, (byte) 0xff};
    Extremes x =
        new Extremes(
            id,
            Long.MAX_VALUE,
            42,
            Long.MIN_VALUE,
            7,
            (short) 1,
            (byte) 2,
            'c',
            -0.0,
            Double.NaN,
            Float.POSITIVE_INFINITY,
            true,
            new BigDecimal("0.1000000000000000000001"),
            BigInteger.TWO.pow(100),
            Instant.parse("2024-05-01T10:15:30.123456789Z"),
            LocalDate.of(2024, 5, 1),
            LocalDateTime.of(2024, 5, 1, 10, 15),
            Duration.ofHours(1),
            new UUID(1, 2),
            "text",
            bytes,
            Level.HIGH,
            List.of("x"),
            Set.of(9_007_199_254_740_993L),
            Map.of("k", 1L),
            Optional.of("o"),
            List.of());
    extremes.save(x);
    Map<?, ?> doc = rawDocument("osmos_tk_extremes", id);
    assertEquals("9223372036854775807", doc.get("indexedLong"), "beyond 2^53: decimal text");
    assertEquals(42L, doc.get("longValue"), "within 2^53: a number");
    assertEquals("-9223372036854775808", doc.get("boxedLong"));
    assertEquals("-0.0", doc.get("doubleValue"));
    assertEquals("NaN", doc.get("boxedDouble"));
    assertEquals("Infinity", doc.get("floatValue"));
    assertEquals("0.1000000000000000000001", doc.get("decimal"));
    assertEquals("1267650600228229401496703205376", doc.get("bigInteger"));
    assertEquals("2024-05-01T10:15:30.123456789Z", doc.get("instant"));
    assertEquals("2024-05-01", doc.get("date"));
    assertEquals("2024-05-01T10:15", doc.get("dateTime"));
    assertEquals("PT1H", doc.get("duration"));
    assertEquals("00000000-0000-0001-0000-000000000002", doc.get("uuid"));
    assertArrayEquals(bytes, (byte[]) doc.get("bytes"), "bytes are a RethinkDB binary value");
    assertEquals("HIGH", doc.get("level"));
    assertEquals(List.of("9007199254740993"), doc.get("set"));
    Extremes back = extremes.get(id).orElseThrow();
    assertEquals(Long.MAX_VALUE, back.indexedLong());
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(back.doubleValue()));
    assertTrue(back.boxedDouble().isNaN());
    assertEquals(x.instant(), back.instant());
    assertEquals(x.set(), back.set());
  }

  @Test
  void longKeysAreDigestedAndCompositeKeysAreJsonText() {
    String longKey = run + "-" + "k".repeat(300);
    Person p = people.save(person(longKey));
    assertEquals(longKey, p.id());
    List<Object> found =
        r.db(DB)
            .table("osmos_tk_people")
            .filter(d -> d.g("osmos_key").default_((Object) null).eq(longKey))
            .run(raw)
            .toList();
    assertEquals(1, found.size(), "the long key is kept in osmos_key");
    String id = (String) ((Map<?, ?>) found.get(0)).get("id");
    assertTrue(id.startsWith("osmos:sha256:") && id.length() == 13 + 64, "digested id: " + id);
    assertEquals(Optional.of(p), people.get(longKey));
    String lookalike = "osmos:sha256:" + id.substring(13);
    assertEquals(Optional.empty(), people.get(lookalike), "a key that looks like a digest");
    assertTrue(people.delete(longKey));

    OrderLine line = lines.insert(new OrderLine(run + "-o", 10, "sku", 1));
    Map<?, ?> doc = rawDocument("osmos_tk_lines", "[\"" + run + "-o\",10]");
    assertNotNull(doc, "a composite key's id is the JSON text of its components");
    assertEquals(run + "-o", doc.get("orderId"));
    assertEquals(10L, doc.get("lineNo"));
    assertTrue(lines.delete(new io.osmos.testkit.model.OrderLine_.Key(line.orderId(), 10)));
  }

  // ---- keys ------------------------------------------------------------------------------------

  @Test
  void theServerGeneratesStringKeys() {
    Person p = people.insert(person(null));
    assertNotNull(p.id());
    assertEquals(p.id(), UUID.fromString(p.id()).toString(), "RethinkDB generates UUIDs");
    assertEquals(p.id(), rawDocument("osmos_tk_people", p.id()).get("id"));

    Reading reading = readings.insert(new Reading(null, Instant.EPOCH, 1, 1, "n"));
    assertNotNull(reading.code());
    Map<?, ?> doc = rawDocument("rdb_readings", reading.code());
    assertEquals(reading.code(), doc.get("code"), "the key field holds the generated id too");
    assertEquals(Optional.of(reading), readings.get(reading.code()));
    readings.delete(reading.code());
  }

  @Test
  void uuidKeysAreGeneratedAndStoredAsText() {
    Badge b = badges.insert(new Badge(null, run));
    assertNotNull(b.id());
    assertEquals(run, rawDocument("rdb_badges", b.id().toString()).get("label"));
    assertEquals(Optional.of(b), badges.get(b.id()));
  }

  @Test
  void longKeysComeFromAPerBucketSequence() {
    Tally a = tallies.insert(new Tally(0, run, 0, 0, BigDecimal.ZERO, 0));
    Tally b = tallies.insert(new Tally(0, run, 0, 0, BigDecimal.ZERO, 0));
    assertEquals(a.id() + 1, b.id(), "consecutive sequence values");
    Map<?, ?> seq = rawDocument(Sequences.TABLE, "rdb_tallies");
    assertEquals(b.id(), ((Number) seq.get("value")).longValue());
  }

  // ---- atomic writes ---------------------------------------------------------------------------

  @Test
  void concurrentPatchesOfDifferentFieldsBothSurvive() throws Exception {
    // After the Node.js Osmos library's test: two writers patch different fields of one document
    // at the same time.
    Person p = people.insert(person(run + "-both"));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch start = new CountDownLatch(1);
    try {
      Future<?> names =
          pool.submit(
              () -> {
                start.await();
                for (int i = 1; i <= 100; i++) {
                  final int n = i;
                  people.update(p.id(), x -> x.name(run + "/name" + n));
                }
                return null;
              });
      Future<?> ages =
          pool.submit(
              () -> {
                start.await();
                for (int i = 1; i <= 100; i++) {
                  final int n = i;
                  people.update(p.id(), x -> x.age(n).incrementVisits(1));
                }
                return null;
              });
      start.countDown();
      names.get(60, TimeUnit.SECONDS);
      ages.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    Map<?, ?> doc = rawDocument("osmos_tk_people", p.id());
    assertEquals(run + "/name100", doc.get("name"));
    assertEquals(100L, doc.get("age"));
    assertEquals(100L, doc.get("visits"));
    assertEquals(201L, doc.get("version"));
  }

  @Test
  void versionIsComparedAndSetByTheServer() {
    Person v1 = people.insert(person(run + "-cas"));
    Person v2 = people.save(v1.withAge(40));
    ConcurrentUpdateException stale =
        assertThrows(ConcurrentUpdateException.class, () -> people.save(v1.withAge(50)));
    assertTrue(
        stale.getMessage().contains("expected at version 1 but the stored version is 2"),
        stale.getMessage());
    assertThrows(
        ConcurrentUpdateException.class,
        () -> people.update(v1.id(), x -> x.expectVersion(1).age(60)));
    Map<?, ?> doc = rawDocument("osmos_tk_people", v1.id());
    assertEquals(2L, doc.get("version"));
    assertEquals(40L, doc.get("age"), "a stale write changed the document");
    assertEquals(
        3, people.update(v1.id(), x -> x.expectVersion(2).age(61)).orElseThrow().version());
    // Another program changes the document behind the model's back: the next save notices.
    r.db(DB).table("osmos_tk_people").get(v1.id()).update(r.hashMap("version", 7)).run(raw);
    assertThrows(ConcurrentUpdateException.class, () -> people.save(v2.withVersion(3)));
  }

  @Test
  void aVersionedSaveOfADeletedModelIsStaleOnEveryPath() {
    // The replace function sees null for a missing document and refuses to write it.
    Person gone = people.insert(person(run + "-gone"));
    people.delete(gone.id());
    ConcurrentUpdateException save =
        assertThrows(ConcurrentUpdateException.class, () -> people.save(gone.withAge(50)));
    assertTrue(
        save.getMessage().contains("the stored version is 0 (not stored)"), save.getMessage());
    ConcurrentUpdateException batch =
        assertThrows(
            ConcurrentUpdateException.class, () -> people.saveAll(List.of(gone.withAge(51))));
    assertTrue(batch.getMessage().contains(gone.id()), batch.getMessage());
    assertFalse(people.get(gone.id()).isPresent());
  }

  @Test
  void saveAllWritesEachDocumentWithItsOwnVersionCheck() {
    Person a = people.insert(person(run + "-batch-a"));
    Person b = people.insert(person(run + "-batch-b"));
    Person fresh = person(run + "-batch-c");
    people.save(b.withAge(50)); // b is now at version 2: the batch's copy is stale
    ConcurrentUpdateException e =
        assertThrows(
            ConcurrentUpdateException.class,
            () -> people.saveAll(List.of(a.withAge(41), b.withAge(42), fresh)));
    assertTrue(
        e.getMessage().contains(b.id()) && !e.getMessage().contains(a.id() + " "),
        "names only the stale model: " + e.getMessage());
    assertEquals(
        41,
        people.get(a.id()).orElseThrow().age(),
        "RethinkDB has no transactions across documents: the others were written");
    assertEquals(50, people.get(b.id()).orElseThrow().age());
    assertEquals(1, people.get(fresh.id()).orElseThrow().version());
    List<Person> again = people.saveAll(List.of(people.get(b.id()).orElseThrow().withAge(43)));
    assertEquals(3, again.get(0).version());
  }

  @Test
  void incrementsTheServerCannotDoExactlyAreComputedWithCompareAndSet() throws Exception {
    Tally t =
        tallies.insert(new Tally(0, run, Long.MAX_VALUE - 10, 0.5f, new BigDecimal("0.1"), 0));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> work = new ArrayList<>();
    try {
      for (int w = 0; w < 4; w++) {
        work.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 2; i++) {
                    tallies.update(t.id(), x -> x.incrementHits(1).incrementRatio(0.25f));
                  }
                  return null;
                }));
      }
      for (Future<?> f : work) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    Tally after = tallies.get(t.id()).orElseThrow();
    assertEquals(Long.MAX_VALUE - 2, after.hits(), "exact beyond 2^53");
    assertEquals(2.5f, after.ratio());
    assertEquals(9, after.version());
  }

  // ---- errors ----------------------------------------------------------------------------------

  @Test
  void theServersFirstErrorReachesTheCallerWithBucketAndKey() {
    Person p = people.insert(person(run + "-broken"));
    // Another program stored a version RethinkDB cannot add 1 to.
    r.db(DB).table("osmos_tk_people").get(p.id()).update(r.hashMap("version", "seven")).run(raw);
    DriverException e =
        assertThrows(
            DriverException.class, () -> people.update(p.id(), x -> x.name(run + "/renamed")));
    assertEquals("osmos_tk_people", e.bucket());
    assertTrue(e.key().contains(p.id()), "names the key: " + e.getMessage());
    assertTrue(e.driver().contains("rethinkdb"), "names the driver: " + e.getMessage());
    assertTrue(
        e.getMessage()
            .contains("rethinkdb update on table " + DB + ".osmos_tk_people" + " failed: "),
        e.getMessage());
    assertTrue(
        e.getMessage().toLowerCase(Locale.ROOT).contains("string"),
        "carries RethinkDB's first_error: " + e.getMessage());
    assertEquals(
        run + "/ann",
        rawDocument("osmos_tk_people", p.id()).get("name"),
        "the failed update changed the document");
  }

  // ---- queries over values stored as text ------------------------------------------------------

  @Test
  void indexesOrderInstantsDoublesAndLongsLikeJava() {
    String tag = run + "-q";
    List<Reading> all =
        List.of(
            new Reading(
                tag + "-a",
                Instant.parse("2024-01-01T00:00:00Z"),
                Double.NEGATIVE_INFINITY,
                Long.MIN_VALUE,
                tag),
            new Reading(
                tag + "-b",
                Instant.parse("2024-01-01T00:00:00.000000001Z"),
                -0.0,
                -(1L << 60),
                tag),
            new Reading(tag + "-c", Instant.parse("2024-01-01T00:00:00.5Z"), 0.0, -5, tag),
            new Reading(tag + "-d", Instant.parse("2024-01-01T00:00:01Z"), 2.5, 1L << 53, tag),
            new Reading(
                tag + "-e",
                Instant.parse("2024-01-02T00:00:00Z"),
                Double.POSITIVE_INFINITY,
                999_999_999_999_999_999L,
                tag),
            new Reading(
                tag + "-f",
                Instant.parse("2024-01-03T00:00:00Z"),
                Double.NaN,
                1_000_000_000_000_000_000L,
                tag),
            new Reading(
                tag + "-g", Instant.parse("2024-01-04T00:00:00Z"), 1e300, Long.MAX_VALUE, tag));
    readings.saveAll(all);
    try {
      assertEquals(
          List.of("a", "b", "c", "d", "e", "f", "g"),
          codes(readings.findAll(Reading_.at.between(all.get(0).at(), all.get(6).at()))));
      assertEquals(
          List.of("b", "c"),
          codes(
              readings.findAll(
                  Reading_.at.gt(all.get(0).at()).and(Reading_.at.lt(all.get(3).at())))),
          "nanosecond order");
      assertEquals(
          List.of("a", "b", "c", "d", "g", "e", "f"),
          codes(readings.findAll(Reading_.level.gte(Double.NEGATIVE_INFINITY))),
          "-Inf < -0.0 < 0.0 < 2.5 < 1e300 <" + " Inf < NaN");
      assertEquals(List.of("b"), codes(readings.findAll(Reading_.level.eq(-0.0))));
      assertEquals(List.of("b", "c"), codes(readings.findAll(Reading_.level.between(-0.0, 0.0))));
      assertEquals(
          List.of("a", "b", "c", "d", "e", "f", "g"),
          codes(readings.findAll(Reading_.counter.gte(Long.MIN_VALUE))),
          "longs beyond 2^53 in numeric order");
      assertEquals(
          List.of("e", "f"),
          codes(
              readings.findAll(
                  Reading_.counter.between(999_999_999_999_999_998L, 1_000_000_000_000_000_000L))));
      assertEquals(List.of("g"), codes(readings.findAll(Reading_.counter.gt(Long.MAX_VALUE - 1))));
      assertEquals(List.of("a"), codes(readings.findAll(Reading_.counter.lt(-(1L << 60)))));
      assertEquals(
          4, readings.count(Reading_.counter.gte(1L << 53).and(Reading_.at.gte(all.get(0).at()))));
      assertEquals(
          List.of("a", "b"),
          codes(
              readings
                  .find(
                      Reading_.at
                          .between(all.get(0).at(), all.get(6).at())
                          .orderBy(Reading_.counter),
                      PageRequest.first(2))
                  .items()),
          "a filter on one index while ordering by another");
    } finally {
      readings.deleteAll(all.stream().map(Reading::code).toList());
    }
  }

  /** The last letters of the codes of this test's readings, in the order found. */
  private List<String> codes(List<Reading> found) {
    return found.stream()
        .filter(x -> x.code().startsWith(run + "-q-"))
        .map(x -> x.code().substring(x.code().length() - 1))
        .toList();
  }

  // ---- configuration ---------------------------------------------------------------------------

  @Test
  void urlsMakeDriversThroughTheServiceLoader() {
    try (var d =
        Osmos.driverFromUrl(
            "rethinkdb://" + server.host() + ":" + server.port() + "/osmos_url_test?pool=2")) {
      RethinkDriver rd = assertInstanceOf(RethinkDriver.class, d);
      assertEquals("osmos_url_test", rd.database());
    }
    assertEquals(
        RethinkDriver.DEFAULT_DATABASE, new RethinkDriver("rethinkdb://localhost").database());
    assertThrows(IllegalArgumentException.class, () -> new RethinkDriver("redis://localhost/x"));
    assertThrows(
        IllegalArgumentException.class, () -> new RethinkDriver("rethinkdb://localhost/bad-name"));
    assertFalse(new RethinkDriver("rethinkdb://localhost:1/x?timeout=5").toString().isEmpty());
  }
}
