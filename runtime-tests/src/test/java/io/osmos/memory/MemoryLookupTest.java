package io.osmos.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.Osmos;
import io.osmos.Page;
import io.osmos.PageRequest;
import io.osmos.RecordPage;
import io.osmos.StreamCursors;
import io.osmos.exceptions.InvalidCursorException;
import io.osmos.exceptions.LimitExceededException;
import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.memory.fixtures.Reading;
import io.osmos.memory.fixtures.ReadingRepository;
import io.osmos.memory.fixtures.Reading_;
import io.osmos.memory.fixtures.RenamedSchema;
import io.osmos.memory.fixtures.Visit;
import io.osmos.memory.fixtures.Visit_;
import io.osmos.query.Query;
import io.osmos.spi.LogRecord;
import io.osmos.spi.LookupTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The memory driver's lookup service, through a stream repository and through the SPI. */
class MemoryLookupTest {
  private MemoryDriver driver;
  private Osmos osmos;
  private ReadingRepository readings;
  private LookupTable<Reading, String> table;

  @BeforeEach
  void setUp() {
    driver = new MemoryDriver();
    osmos = Osmos.builder().driver("events", driver).build();
    readings = new ReadingRepository(osmos);
    table = driver.lookupTable(Reading_.MODEL);
  }

  @AfterEach
  void tearDown() {
    osmos.close();
  }

  /** Every record a cursor yields, reading pages of {@code limit} until it is exhausted. */
  private List<Reading> drain(String cursor, int limit) {
    List<Reading> out = new ArrayList<>();
    while (cursor != null) {
      RecordPage<Reading> page = readings.read(cursor, limit);
      out.addAll(page.records());
      cursor = page.nextCursor();
    }
    return out;
  }

  private List<LogRecord<Reading>> drainRaw(byte[] cursor, int limit) {
    List<LogRecord<Reading>> out = new ArrayList<>();
    while (cursor != null) {
      LookupTable.CursorRead<Reading> r = table.read(cursor, limit);
      out.addAll(r.records());
      cursor = r.next();
    }
    return out;
  }

  private static List<String> sensors(List<Reading> list) {
    return list.stream().map(Reading::sensor).collect(Collectors.toList());
  }

  @Test
  void theIndexKeepsTheNewestRecordPerKeyAndTheLogKeepsEveryVersion() {
    readings.write(List.of(Reading.of("s1", 10, "north", 1)));
    readings.write(List.of(Reading.of("s1", 5, "south", 2))); // older: the log only
    assertEquals(1, readings.get("s1").orElseThrow().value());
    assertEquals(List.of(), readings.findBySite("south"));

    readings.write(List.of(Reading.of("s1", 10, "north", 3))); // tie: the later write wins
    assertEquals(3, readings.get("s1").orElseThrow().value());
    readings.write(List.of(Reading.of("s1", 11, "east", 4)));
    assertEquals(4, readings.get("s1").orElseThrow().value());
    assertTrue(readings.get("s2").isEmpty());

    List<Reading> log = drain(readings.replay(1).replay().get(0), 10);
    assertEquals(
        List.of(1.0, 2.0, 3.0, 4.0), log.stream().map(Reading::value).collect(Collectors.toList()));
  }

  @Test
  void aBatchIsOrderedWithinItselfToo() {
    readings.write(List.of(Reading.of("s1", 20, "north", 1), Reading.of("s1", 10, "north", 2)));
    assertEquals(1, readings.get("s1").orElseThrow().value());
  }

  @Test
  void offsetsAreMonotonicAndReplayPartitionsCoverTheLogExactlyOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int writer = w;
        writers.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 25; i++) {
                    readings.write(List.of(Reading.of("w" + writer + "-" + i, i, "site", i)));
                  }
                }));
      }
      for (Future<?> f : writers) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    readings.write(List.of(Reading.of("last", 0, "site", 0)));

    LookupTable.CursorSet set = table.query(Query.all(), false, 7);
    assertEquals(7, set.replay().size());
    List<Long> offsets = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (byte[] c : set.replay()) {
      long previous = -1;
      for (LogRecord<Reading> r : drainRaw(c, 10)) {
        assertTrue(r.offset() > previous, "offsets ascend within a segment");
        previous = r.offset();
        offsets.add(r.offset());
        keys.add(r.value().sensor());
      }
    }
    assertEquals(101, offsets.size());
    assertEquals(101, new HashSet<>(offsets).size());
    assertEquals(0L, offsets.stream().mapToLong(Long::longValue).min().orElseThrow());
    assertEquals(100L, offsets.stream().mapToLong(Long::longValue).max().orElseThrow());
    assertEquals(101, keys.size());

    // Through the repository: same coverage.
    StreamCursors cursors = readings.replay(5);
    assertEquals(5, cursors.replay().size());
    List<Reading> all = new ArrayList<>();
    for (String c : cursors.replay()) {
      all.addAll(drain(c, 7));
    }
    assertEquals(101, all.size());
    assertEquals(101, Set.copyOf(sensors(all)).size());
  }

  @Test
  void replayHasNoMorePartitionsThanRecords() {
    assertEquals(0, readings.replay(4).replay().size());
    readings.write(
        List.of(
            Reading.of("a", 1, "x", 1), Reading.of("b", 1, "x", 1), Reading.of("c", 1, "x", 1)));
    StreamCursors c = readings.replay(32);
    assertEquals(3, c.replay().size());
    for (String cursor : c.replay()) {
      assertEquals(1, drain(cursor, 1000).size());
    }
    assertThrows(LimitExceededException.class, () -> readings.replay(33));
    assertThrows(IllegalArgumentException.class, () -> readings.replay(0));
  }

  @Test
  void theChangeCursorPicksUpWritesFromWhereTheReplayEnded() {
    readings.write(List.of(Reading.of("old", 1, "x", 1)));
    StreamCursors cursors = readings.replay(2);
    readings.write(List.of(Reading.of("new1", 2, "x", 2), Reading.of("new2", 3, "x", 3)));

    assertEquals(List.of("old"), sensors(drain(cursors.replay().get(0), 10)));
    RecordPage<Reading> changes = readings.read(cursors.changes(), 10);
    assertEquals(List.of("new1", "new2"), sensors(changes.records()));
    assertNotNull(changes.nextCursor(), "a change cursor stays open");

    RecordPage<Reading> nothingYet = readings.read(changes.nextCursor(), 10);
    assertEquals(List.of(), nothingYet.records());
    readings.write(List.of(Reading.of("new3", 4, "x", 4)));
    assertEquals(List.of("new3"), sensors(readings.read(nothingYet.nextCursor(), 10).records()));

    String fromNow = readings.changes();
    readings.write(List.of(Reading.of("new4", 5, "x", 5)));
    assertEquals(List.of("new4"), sensors(readings.read(fromNow, 10).records()));
  }

  @Test
  void peekReadsNewestFirst() {
    for (int i = 1; i <= 5; i++) {
      readings.write(List.of(Reading.of("s" + i, i, "x", i)));
    }
    StreamCursors peek = readings.peek();
    RecordPage<Reading> p1 = readings.read(peek.replay().get(0), 2);
    assertEquals(List.of("s5", "s4"), sensors(p1.records()));
    RecordPage<Reading> p2 = readings.read(p1.nextCursor(), 2);
    assertEquals(List.of("s3", "s2"), sensors(p2.records()));
    RecordPage<Reading> p3 = readings.read(p2.nextCursor(), 2);
    assertEquals(List.of("s1"), sensors(p3.records()));
    assertNull(p3.nextCursor());

    readings.write(List.of(Reading.of("s6", 6, "x", 6)));
    assertEquals(List.of("s6"), sensors(readings.read(peek.changes(), 10).records()));
  }

  private void writeSites() {
    readings.write(
        List.of(
            Reading.of("s1", 1, "north-2", 1),
            Reading.of("s2", 1, "north-1", 2),
            Reading.of("s3", 1, "south-1", 3),
            Reading.of("s4", 1, "north-1", 4),
            Reading.of("s5", 1, "west", 5),
            Reading.of("s6", 1, "east", 6)));
  }

  @Test
  void indexRangesOnTheLeftmostField() {
    writeSites();
    assertEquals(List.of("s2", "s4"), sensors(readings.findBySite("north-1")));
    assertEquals(
        List.of("s2", "s4", "s1"), sensors(readings.findAll(Reading_.site.prefix("north"))));
    assertEquals(
        List.of("s6", "s2", "s4", "s1"), sensors(readings.findAll(Reading_.site.lte("north-2"))));
    assertEquals(List.of("s3", "s5"), sensors(readings.findAll(Reading_.site.gt("north-2"))));
    assertEquals(
        List.of("s2", "s4", "s1"),
        sensors(readings.findAll(Reading_.site.gte("north").and(Reading_.site.lt("o")))));
    // the key is the primary index
    assertEquals(List.of("s4", "s5", "s6"), sensors(readings.findAll(Reading_.sensor.gt("s3"))));
    assertEquals(List.of("s3"), sensors(readings.findAll(Reading_.sensor.eq("s3"))));
    assertEquals(
        List.of("s1", "s2", "s3", "s4", "s5", "s6"), sensors(readings.findAll(Query.all())));
    // eq on the index field, then a range on the key (the next field of the index)
    assertEquals(
        List.of("s4"),
        sensors(readings.findAll(Reading_.site.eq("north-1").and(Reading_.sensor.gt("s2")))));
    // one replay cursor over the same range
    StreamCursors c = readings.replay(Reading_.site.prefix("north"), 4);
    assertEquals(1, c.replay().size());
    assertEquals(List.of("s2", "s4", "s1"), sensors(drain(c.replay().get(0), 1)));
  }

  @Test
  void findPagesThroughAnIndexRange() {
    for (int i = 0; i < 55; i++) {
      readings.write(
          List.of(Reading.of(String.format("s%02d", i), 1, i % 2 == 0 ? "even" : "odd", i)));
    }
    List<String> seen = new ArrayList<>();
    PageRequest req = PageRequest.first(4);
    while (true) {
      Page<Reading> page = readings.find(Reading_.site.eq("even"), req);
      page.items().forEach(r -> seen.add(r.sensor()));
      if (!page.hasNext()) {
        break;
      }
      req = PageRequest.after(page.nextCursor(), 4);
    }
    assertEquals(28, seen.size());
    assertEquals(28, Set.copyOf(seen).size());
    assertEquals(seen.stream().sorted().collect(Collectors.toList()), seen);
    assertEquals(
        5, readings.find(Reading_.site.eq("odd").limit(5), PageRequest.first(100)).items().size());
  }

  @Test
  void secondaryIndexesHaveNoStaleEntries() {
    readings.write(List.of(Reading.of("s1", 10, "a", 1)));
    readings.write(List.of(Reading.of("s1", 20, "b", 2)));
    assertEquals(List.of(), readings.findBySite("a"));
    assertEquals(List.of("s1"), sensors(readings.findBySite("b")));
    readings.write(List.of(Reading.of("s1", 15, "c", 3))); // older: leaves the index alone
    assertEquals(List.of(), readings.findBySite("c"));
    assertEquals(
        List.of(2.0),
        readings.findBySite("b").stream().map(Reading::value).collect(Collectors.toList()));
    assertEquals(1, readings.findAll(Reading_.site.prefix("")).size());
  }

  @Test
  void conditionsPastTheLeftmostFieldsAreRejectedClearly() {
    writeSites();
    UnsupportedQueryException range =
        assertThrows(
            UnsupportedQueryException.class,
            () -> readings.findAll(Reading_.site.gt("a").and(Reading_.sensor.eq("s1"))));
    assertTrue(range.getMessage().contains("leftmost"), range.getMessage());
    assertTrue(range.getMessage().contains("(site, sensor)"), range.getMessage());
    assertEquals("readings", range.bucket());
    UnsupportedQueryException plain =
        assertThrows(
            UnsupportedQueryException.class, () -> readings.findAll(Reading_.value.gt(1.0)));
    assertTrue(plain.getMessage().contains("leftmost"), plain.getMessage());
    assertThrows(UnsupportedQueryException.class, () -> readings.replay(Reading_.value.gt(1.0), 1));
  }

  @Test
  void anIndexOnALaterKeyFieldIsReadInItsOwnFieldOrder() {
    // Index entries are (user, region, user, seq): the key field after region is user again.
    LookupTable<Visit, Visit_.Key> visits = driver.lookupTable(Visit_.MODEL);
    Visit a1 = Visit.of("r1", "u1", 1);
    Visit a2 = Visit.of("r1", "u1", 2);
    Visit a3 = Visit.of("r1", "u1", 3);
    visits.write(List.of(a1, a2, a3, Visit.of("r2", "u1", 1), Visit.of("r1", "u2", 1)));
    Query<Visit> userInRegion =
        Visit_.user.eq("u1").and(Visit_.region.eq("r1")).orderBy(Visit_.user);
    assertEquals(
        List.of(a1, a2, a3),
        values(visits, userInRegion),
        "eq on the index field, then on the key field after it");
    assertEquals(
        List.of(a2),
        values(visits, Visit_.region.eq("r1").and(Visit_.user.eq("u1")).and(Visit_.seq.eq(2L))),
        "the whole key, on the primary index");

    UnsupportedQueryException seqAfterRegion =
        assertThrows(
            UnsupportedQueryException.class,
            () -> values(visits, userInRegion.and(Visit_.seq.lt(2L))));
    assertTrue(
        seqAfterRegion.getMessage().contains("(user, region, user, seq)"),
        seqAfterRegion.getMessage());
    assertThrows(
        UnsupportedQueryException.class, () -> values(visits, userInRegion.and(Visit_.seq.eq(2L))));
  }

  /** The records a compacted query yields. */
  private static <T> List<T> values(LookupTable<T, ?> table, Query<T> where) {
    List<T> out = new ArrayList<>();
    byte[] c = table.query(where, true, 1).replay().get(0);
    while (c != null) {
      LookupTable.CursorRead<T> r = table.read(c, 100);
      r.records().forEach(l -> out.add(l.value()));
      c = r.next();
    }
    return out;
  }

  @Test
  void aLogReplayTakesNoConditions() {
    UnsupportedQueryException e =
        assertThrows(
            UnsupportedQueryException.class, () -> table.query(Reading_.site.eq("x"), false, 1));
    assertTrue(e.getMessage().contains("compacted"), e.getMessage());
  }

  @Test
  void corruptAndForeignCursorsAreRejected() {
    readings.write(List.of(Reading.of("s1", 1, "x", 1)));
    assertThrows(InvalidCursorException.class, () -> table.read(new byte[] {1, 2, 3}, 10));
    byte[] good = table.peek().replay().get(0);
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 1);
    assertThrows(InvalidCursorException.class, () -> table.read(truncated, 10));
    byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
    assertThrows(InvalidCursorException.class, () -> table.read(longer, 10));

    LookupTable<Reading, String> other =
        driver.lookupTable(RenamedSchema.inBucket(Reading_.MODEL, "other"));
    InvalidCursorException foreign =
        assertThrows(InvalidCursorException.class, () -> other.read(good, 10));
    assertTrue(foreign.getMessage().contains("another stream"), foreign.getMessage());

    String cursor = readings.changes();
    String tampered =
        cursor.substring(0, 5) + (cursor.charAt(5) == 'A' ? 'B' : 'A') + cursor.substring(6);
    assertThrows(InvalidCursorException.class, () -> readings.read(tampered, 10));
  }

  @Test
  void readLimitsAreChecked() {
    String c = readings.changes();
    assertThrows(IllegalArgumentException.class, () -> readings.read(c, 0));
    LimitExceededException e =
        assertThrows(LimitExceededException.class, () -> readings.read(c, 1001));
    assertTrue(e.getMessage().contains("maxReadLimit"), e.getMessage());
    assertThrows(
        LimitExceededException.class, () -> table.read(table.peek().changes().get(0), 1001));
  }
}
