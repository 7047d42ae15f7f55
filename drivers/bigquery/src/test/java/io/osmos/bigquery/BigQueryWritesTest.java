package io.osmos.bigquery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.bigquery.model.Event;
import io.osmos.bigquery.model.Event_;
import io.osmos.bigquery.model.Mood;
import io.osmos.bigquery.model.Place;
import io.osmos.codec.json.JsonFormat;
import io.osmos.codec.tree.TreeFormat;
import io.osmos.exceptions.DriverException;
import io.osmos.spi.TupleKey;
import io.osmos.spi.WarehouseService;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
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

/** Streaming inserts: insert ids, value fix-ups, nested values, and the errors of a write. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BigQueryWritesTest {
  private static final Instant T0 = Instant.parse("2024-01-02T03:04:05.123456Z");

  private final FakeBigQueryServer server = FakeBigQueryServer.start();
  private final AtomicInteger datasets = new AtomicInteger();

  @AfterAll
  void stop() {
    server.close();
  }

  /** A driver on a dataset of its own, and the dataset's name. */
  private record Fixture(
      BigQueryDriver driver, String dataset, WarehouseService.WarehouseTable<Event> events) {}

  private Fixture fixture() {
    String ds = "writes_" + datasets.incrementAndGet();
    BigQueryDriver driver = new BigQueryDriver(server.options(), ds);
    return new Fixture(driver, ds, driver.warehouseTable(Event_.MODEL));
  }

  private static Event withCount(Event e, long count) {
    return new Event(
        e.id(),
        e.time(),
        count,
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
        e.matrix());
  }

  private static Event full(String id) {
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("clicks", 3L);
    counters.put("views", -9_007_199_254_740_993L);
    return new Event(
        id,
        T0,
        Long.MIN_VALUE,
        Integer.MAX_VALUE,
        -0.5,
        0.25f,
        true,
        42L,
        new BigDecimal("-1234567890.123456789012345678901234567"),
        new BigInteger("-123456789012345678901234567890123456"),
        new byte[] {0, -1, 127, -128, 10},
        UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
        LocalDate.of(1, 1, 1),
        LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000),
        Duration.ofHours(25).plusMillis(5),
        Mood.STORMY,
        Optional.of("it's \"quoted\"\n"),
        new Place("Zürich", 47.37, List.of("lake", "")),
        List.of("b", "a", "b"),
        new LinkedHashSet<>(List.of(3L, -1L)),
        counters,
        List.of(new Place("Oslo", null, List.of()), new Place(null, 0.0, List.of("x"))),
        List.of(List.of("r0c0", "r0c1"), List.of(), List.of("r2c0")));
  }

  // ---- insert ids ------------------------------------------------------------------------------

  @Test
  void aRetriedWriteOfTheSameKeyAndTimestampIsStoredOnce() {
    Fixture f = fixture();
    Event a = Event.minimal("a", T0);
    f.events().write(List.of(a));
    f.events().write(List.of(a));
    // A retry may carry other values (a re-processed message): the first write wins.
    f.events().write(List.of(withCount(a, 99), Event.minimal("b", T0)));

    List<Map<String, Object>> rows = server.storedRows(f.dataset(), "events");
    assertEquals(2, rows.size(), "a once and b once: " + rows);
    assertEquals("a", rows.get(0).get("id"));
    assertEquals(0L, rows.get(0).get("count"), "the first write of (a, T0) stays");
  }

  @Test
  void laterVersionsOfAKeyAreRowsOfTheirOwn() {
    Fixture f = fixture();
    f.events()
        .write(
            List.of(
                Event.minimal("a", T0),
                Event.minimal("a", T0.plusNanos(1000)),
                Event.minimal("a", T0.plusSeconds(86_400))));
    assertEquals(3, server.storedRows(f.dataset(), "events").size());
  }

  @Test
  void theInsertIdIsTheKeyAndTheTimestampInMicroseconds() {
    byte[] key = TupleKey.encode("a");
    String id = RowEncoder.insertId(key, T0);
    byte[] expected =
        ByteBuffer.allocate(key.length + 8)
            .put(key)
            .putLong(T0.getEpochSecond() * 1_000_000 + T0.getNano() / 1000)
            .array();
    assertArrayEquals(expected, Base64.getUrlDecoder().decode(id));
    assertEquals(
        id,
        RowEncoder.insertId(key, T0.plusNanos(999)),
        "BigQuery keeps microseconds: nanoseconds below do not make another row");
    assertNotEquals(id, RowEncoder.insertId(key, T0.plusNanos(1000)));
    assertNotEquals(id, RowEncoder.insertId(TupleKey.encode("b"), T0));
  }

  @Test
  void longKeysGiveHashedInsertIdsWithinBigQuerysLimit() {
    byte[] key = TupleKey.encode("k".repeat(1000));
    byte[] other = TupleKey.encode("k".repeat(999) + "l");
    String id = RowEncoder.insertId(key, T0);
    assertTrue(id.length() <= 128, "BigQuery keeps 128 characters: " + id.length());
    assertEquals(id, RowEncoder.insertId(key, T0), "stable");
    assertNotEquals(id, RowEncoder.insertId(other, T0));
    assertNotEquals(id, RowEncoder.insertId(key, T0.plusSeconds(1)));
  }

  // ---- values ----------------------------------------------------------------------------------

  @Test
  void valuesAreStoredExactlyWithBigQuerysFixUps() {
    Fixture f = fixture();
    Event e =
        new Event(
            "fix",
            Instant.parse("2024-01-02T03:04:05.123456789Z"),
            Long.MAX_VALUE,
            0,
            Double.NaN,
            Float.NEGATIVE_INFINITY,
            false,
            Long.MIN_VALUE,
            new BigDecimal("12345678901234567890.12345678901234567890123456789012345678"),
            BigInteger.TEN.pow(37),
            new byte[] {0, 1, -1},
            null,
            null,
            null,
            null,
            null,
            Optional.empty(),
            null,
            List.of(),
            new LinkedHashSet<>(),
            Map.of(),
            List.of(),
            List.of());
    f.events().write(List.of(e));

    Map<String, Object> row = server.storedRows(f.dataset(), "events").get(0);
    assertEquals(Long.MAX_VALUE, row.get("count"), "64-bit integers travel as strings");
    assertEquals(Long.MIN_VALUE, row.get("maybe"));
    assertTrue(Double.isNaN((Double) row.get("score")), "NaN travels as \"NaN\"");
    assertEquals(Double.NEGATIVE_INFINITY, row.get("ratio"), "-Infinity as \"-Infinity\"");
    assertEquals(
        "12345678901234567890.12345678901234567890123456789012345678",
        row.get("amount").toString(),
        "38 decimal places: BIGNUMERIC, as a string");
    assertEquals("1" + "0".repeat(37), row.get("big").toString());
    assertArrayEquals(new byte[] {0, 1, -1}, (byte[]) row.get("payload"), "bytes as base64");
    Instant micros = Instant.parse("2024-01-02T03:04:05.123456Z");
    assertEquals(
        micros,
        ((OffsetDateTime) row.get("time")).toInstant(),
        "instants are cut to BigQuery's microseconds");
    assertEquals(
        micros,
        ((OffsetDateTime) row.get("__timestamp")).toInstant(),
        "__timestamp is the @Timestamp");
    assertArrayEquals(
        TupleKey.encode("fix"), (byte[]) row.get("__key"), "__key is the tuple-encoded key");
    assertEquals("{}", row.get("counters").toString(), "a map is a JSON object");
  }

  @Test
  void nestedAndRepeatedValuesRoundTripThroughSql() {
    Fixture f = fixture();
    Event full = full("full");
    Event minimal = Event.minimal("minimal", T0);
    f.events().write(List.of(full, minimal));

    List<Map<String, Object>> rows =
        TestQueries.rows(f.driver(), "SELECT * FROM " + f.events().tableName() + " ORDER BY id");
    assertEquals(2, rows.size());
    Map<String, Object> row = rows.get(0);
    assertEquals(
        Map.of("city", "Zürich", "lat", 47.37, "tags", List.of("lake", "")),
        row.get("place"),
        "a RECORD is a map");
    assertEquals(List.of("b", "a", "b"), row.get("tags"), "REPEATED keeps order and repeats");
    assertEquals(
        List.of(List.of("r0c0", "r0c1"), List.of(), List.of("r2c0")),
        row.get("matrix"),
        "an array of arrays comes back from its JSON column");
    assertEquals(
        Map.of("clicks", 3L, "views", -9_007_199_254_740_993L),
        row.get("counters"),
        "a map comes back from its JSON column");
    // What goes in comes out: the rows decode into the models that were written.
    assertEquals(
        JsonFormat.encodeToString(Event_.MODEL, full),
        JsonFormat.encodeToString(Event_.MODEL, TreeFormat.decode(Event_.MODEL, row)));
    assertEquals(
        JsonFormat.encodeToString(Event_.MODEL, minimal),
        JsonFormat.encodeToString(Event_.MODEL, TreeFormat.decode(Event_.MODEL, rows.get(1))));
  }

  @Test
  void nestedFieldsAndArraysCanBeQueried() {
    Fixture f = fixture();
    f.events().write(List.of(full("full"), Event.minimal("minimal", T0)));
    List<Map<String, Object>> rows =
        TestQueries.rows(
            f.driver(),
            "SELECT id, place.city AS city,"
                + " ARRAY_LENGTH(tags) AS tags FROM "
                + f.events().tableName()
                + " ORDER BY id");
    assertEquals(
        List.of(
            Map.of("id", "full", "city", "Zürich", "tags", 3L),
            mapOf("id", "minimal", "city", null, "tags", 0L)),
        rows);
  }

  // ---- errors ----------------------------------------------------------------------------------

  @Test
  void aNullInsideAListIsRefusedBeforeAnythingIsSent() {
    Fixture f = fixture();
    Event bad =
        new Event(
            "bad",
            T0,
            0,
            0,
            0,
            0,
            false,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            Optional.empty(),
            null,
            Arrays.asList("x", null),
            new LinkedHashSet<>(),
            Map.of(),
            List.of(),
            List.of());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> f.events().write(List.of(Event.minimal("good", T0), bad)));
    assertEquals(
        "Event row 1 (key=[bad]) cannot be written to BigQuery table `osmos-test."
            + f.dataset()
            + ".events`: tags[1] is null, but BigQuery arrays cannot hold NULL",
        e.getMessage());
    assertEquals(List.of(), server.storedRows(f.dataset(), "events"), "not even row 0");
  }

  @Test
  void anInstantOutsideBigQuerysRangeIsRefused() {
    Fixture f = fixture();
    Event late = Event.minimal("late", Instant.parse("+10000-01-01T00:00:00Z"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> f.events().write(List.of(late)));
    assertTrue(
        e.getMessage()
            .endsWith(
                "time is +10000-01-01T00:00:00Z, outside BigQuery's"
                    + " TIMESTAMP range (years 0001 to 9999)"),
        e.getMessage());
  }

  @Test
  void rowsBigQueryRejectsAreNamedAndNothingOfTheRequestIsStored() {
    Fixture f = fixture();
    Event tooBig =
        new Event(
            "too-big",
            T0,
            0,
            0,
            0,
            0,
            false,
            null,
            new BigDecimal("1e40"),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            Optional.empty(),
            null,
            List.of(),
            new LinkedHashSet<>(),
            Map.of(),
            List.of(),
            List.of());
    DriverException e =
        assertThrows(
            DriverException.class,
            () -> f.events().write(List.of(Event.minimal("ok", T0), tooBig)));
    assertTrue(
        e.getMessage()
            .startsWith(
                "BigQuery rejected 1 row written to `osmos-test."
                    + f.dataset()
                    + ".events`, so rows 0..1 were not stored: row 1 (key=[too-big]): invalid"
                    + " at amount: Invalid BIGNUMERIC value: 1"
                    + "0".repeat(40)),
        e.getMessage());
    assertEquals("[too-big]", e.key(), "the one failing row's key");
    assertEquals(
        List.of(),
        server.storedRows(f.dataset(), "events"),
        "BigQuery stores no row of a request with an invalid row");
  }

  @Test
  void largeWritesAreSentInRequestsOf500Rows() {
    Fixture f = fixture();
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      events.add(Event.minimal("e" + i, T0));
    }
    long before = inserts(f);
    f.events().write(events);
    assertEquals(3, inserts(f) - before, "500 + 500 + 1");
    assertEquals(1001, server.storedRows(f.dataset(), "events").size());
  }

  private long inserts(Fixture f) {
    String path =
        "POST /bigquery/v2/projects/osmos-test/datasets/"
            + f.dataset()
            + "/tables/events/insertAll";
    return server.requests().stream().filter(path::equals).count();
  }

  private static Map<String, Object> mapOf(Object... namesAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      m.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return m;
  }
}
