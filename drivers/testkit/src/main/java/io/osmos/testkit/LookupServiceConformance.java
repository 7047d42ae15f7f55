package io.osmos.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.osmos.Osmos;
import io.osmos.Page;
import io.osmos.PageRequest;
import io.osmos.RecordPage;
import io.osmos.StreamCursors;
import io.osmos.exceptions.InvalidCursorException;
import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.exceptions.ValidationException;
import io.osmos.exceptions.Violation;
import io.osmos.memory.MemoryDriver;
import io.osmos.query.Query;
import io.osmos.query.StringProperty;
import io.osmos.spi.Driver;
import io.osmos.spi.LogRecord;
import io.osmos.spi.LookupService;
import io.osmos.spi.LookupTable;
import io.osmos.spi.MessageQueue;
import io.osmos.testkit.model.Reading;
import io.osmos.testkit.model.ReadingRepository;
import io.osmos.testkit.model.Reading_;
import io.osmos.testkit.model.TestModels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The conformance suite of the {@link LookupService} capability (Beneath's lookup service): an
 * append-only log with monotonic offsets, a primary and secondary indexes that keep the newest
 * record per key by {@code @Timestamp}, index range reads on a leftmost prefix, replay cursors over
 * log partitions, change cursors, peek, and cursor tamper checks. It works through the generated
 * stream repository of {@link Reading} and, for offsets, through the driver's {@link LookupTable}
 * directly.
 *
 * <p><b>Lifecycle.</b> {@link #newDriver()} is called once per test class (the suite runs with
 * {@link TestInstance.Lifecycle#PER_CLASS}) and closed after the last test. A driver that is not
 * also a {@link MessageQueue} is paired with the in-memory queue so the repository can bind; the
 * queue is never exercised here.
 *
 * <p><b>Isolation.</b> A lookup service has no delete, so data accumulates in the stream {@code
 * osmos_tk_readings}. Every test writes devices and sites that start with a scope unique to the
 * test and asserts on those only; log reads skip other records. Reads of change cursors poll for at
 * most 10 s and never assert on timing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class LookupServiceConformance {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  private final String run = "tk" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  private final AtomicInteger tests = new AtomicInteger();

  private Driver driver;
  private Osmos osmos;
  private String scope;

  /** The repository of the test stream, bound to the driver under test. */
  protected ReadingRepository readings;

  /** The driver's table of the test stream, for what the repository does not show (offsets). */
  protected LookupTable<Reading, Reading_.Key> table;

  /** The driver under test, connected to the test server. Called once per test class. */
  protected abstract Driver newDriver();

  @BeforeAll
  final void bind() {
    driver = newDriver();
    assertTrue(
        driver instanceof LookupService,
        "the driver under test (" + driver.kind() + ") must implement LookupService");
    LookupService lookup = (LookupService) driver;
    Driver streams =
        driver instanceof MessageQueue
            ? driver
            : new PairedStreams(new MemoryDriver(), lookup, driver);
    osmos = Osmos.builder().driver(TestModels.STREAMS, streams).build();
    readings = new ReadingRepository(osmos);
    table = lookup.lookupTable(Reading_.MODEL);
  }

  @AfterAll
  final void close() {
    if (osmos != null) {
      osmos.close();
    }
  }

  @BeforeEach
  final void newScope() {
    scope = run + "-" + tests.incrementAndGet();
  }

  // ---- write and get ---------------------------------------------------------------------------

  @Test
  void writeThenGet() {
    Reading a = reading("a", 1, 10, "s", 1.5);
    Reading b = reading("b", 1, 10, "s", -2.5);
    Reading a2 = reading("a", 2, 10, "s", 3.5);
    readings.write(List.of(a, b, a2));
    assertEquals(Optional.of(a), readings.get(key(a)));
    assertEquals(Optional.of(b), readings.get(key(b)));
    assertEquals(Optional.of(a2), readings.get(key(a2)));
    assertEquals(Optional.empty(), readings.get(new Reading_.Key(dev("a"), 3)));
    assertEquals(Optional.empty(), readings.get(new Reading_.Key(dev("none"), 1)));
    assertEquals(Optional.of(a), table.get(key(a)), "the driver's own get");
  }

  @Test
  void missingTimestampIsSetOnWrite() {
    Reading r = new Reading(dev("now"), 1, null, site("s"), 1);
    readings.write(List.of(r));
    Reading stored = readings.get(key(r)).orElseThrow();
    assertNotNull(stored.time(), "a null @Timestamp is set to the time of the write");
  }

  @Test
  void lastWriterWinsByTimestamp() {
    Reading newer = reading("lww", 1, 100, "new", 1);
    Reading older = reading("lww", 1, 50, "old", 2);
    readings.write(List.of(newer));
    readings.write(List.of(older));
    assertEquals(
        Optional.of(newer),
        readings.get(key(newer)),
        "an older record written later replaced the newer one");
    assertEquals(
        List.of(),
        readings.findAll(Reading_.site.eq(site("old"))),
        "the secondary index took the older record");
    assertEquals(List.of(newer), readings.findAll(Reading_.site.eq(site("new"))));

    Reading newest = reading("lww", 1, 200, "newest", 3);
    readings.write(List.of(newest));
    assertEquals(Optional.of(newest), readings.get(key(newer)));
    assertEquals(
        List.of(),
        readings.findAll(Reading_.site.eq(site("new"))),
        "a stale secondary index entry");
    assertEquals(List.of(newest), readings.findAll(Reading_.site.eq(site("newest"))));

    Reading inBatchNew = reading("lww", 1, 400, "batch-new", 4);
    Reading inBatchOld = reading("lww", 1, 300, "batch-old", 5);
    readings.write(List.of(inBatchNew, inBatchOld));
    assertEquals(Optional.of(inBatchNew), readings.get(key(newer)), "within one batch");

    Reading tieFirst = reading("lww", 1, 500, "tie-1", 6);
    Reading tieSecond = reading("lww", 1, 500, "tie-2", 7);
    readings.write(List.of(tieFirst));
    readings.write(List.of(tieSecond));
    assertEquals(
        Optional.of(tieSecond), readings.get(key(newer)), "equal timestamps: the later write wins");
    assertEquals(List.of(tieSecond), readings.findAll(Reading_.device.eq(dev("lww"))));
  }

  @Test
  void duplicatesAreHarmless() {
    Reading r = reading("dup", 1, 10, "dup", 1);
    readings.write(List.of(r));
    List<Reading> before = readings.findAll(Reading_.site.eq(site("dup")));
    readings.write(List.of(r));
    readings.write(List.of(r, r));
    assertEquals(Optional.of(r), readings.get(key(r)));
    assertEquals(
        before,
        readings.findAll(Reading_.site.eq(site("dup"))),
        "writing the same record again changed the secondary index");
    assertEquals(
        List.of(r),
        readings.findAll(Reading_.device.eq(dev("dup"))),
        "writing the same record again changed the primary index");
    long inLog = ours(replayAll(readings.replay(1))).stream().filter(r::equals).count();
    assertEquals(4, inLog, "the log keeps every write, duplicates included");
  }

  @Test
  void invalidRecordInBatchWritesNothing() {
    List<Reading> batch = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      batch.add(i == 3 ? new Reading(dev("v" + i), 1, T0, " ", 1) : reading("v" + i, 1, 1, "v", 1));
    }
    ValidationException e = assertThrows(ValidationException.class, () -> readings.write(batch));
    assertEquals(
        Set.of("[3].site"),
        e.violations().stream().map(Violation::path).collect(Collectors.toSet()));
    for (Reading r : batch) {
      assertEquals(Optional.empty(), readings.get(key(r)), "part of an invalid batch was written");
    }
  }

  // ---- log -------------------------------------------------------------------------------------

  @Test
  void logOffsetsAreMonotonic() {
    List<Reading> written = new ArrayList<>();
    for (int batch = 0; batch < 3; batch++) {
      List<Reading> b = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        b.add(reading("off" + batch, i, 10 + batch, "off", i));
      }
      readings.write(b);
      written.addAll(b);
    }
    List<LogRecord<Reading>> log = new ArrayList<>();
    for (byte[] c : table.query(Query.all(), false, 1).replay()) {
      log.addAll(readLog(c));
    }
    Set<Long> offsets = new HashSet<>();
    for (LogRecord<Reading> r : log) {
      assertTrue(offsets.add(r.offset()), "offset " + r.offset() + " appears twice in the log");
    }
    List<LogRecord<Reading>> mine = log.stream().filter(r -> isOurs(r.value())).toList();
    assertEquals(written, mine.stream().map(LogRecord::value).toList(), "log order = write order");
    for (int i = 1; i < mine.size(); i++) {
      assertTrue(
          mine.get(i).offset() > mine.get(i - 1).offset(),
          "offsets not increasing: " + mine.get(i - 1).offset() + " then " + mine.get(i).offset());
    }
    for (LogRecord<Reading> r : mine) {
      assertEquals(r.value().time(), r.timestamp(), "the log record carries the @Timestamp");
    }
  }

  @Test
  void replayCursorsWithPartitionsCoverEveryRecordOnce() {
    List<Reading> written = new ArrayList<>();
    for (int batch = 0; batch < 5; batch++) {
      List<Reading> b = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        b.add(reading(String.format("r%03d", batch * 100 + i), 1, 5, "replay", i));
      }
      readings.write(b);
      written.addAll(b);
    }
    StreamCursors cursors = readings.replay(7);
    assertTrue(
        !cursors.replay().isEmpty() && cursors.replay().size() <= 7,
        "replay(7) gave " + cursors.replay().size() + " cursors");
    Map<Reading, Integer> times = new HashMap<>();
    for (String c : cursors.replay()) {
      for (Reading r : ours(readAll(c))) {
        times.merge(r, 1, Integer::sum);
      }
    }
    assertEquals(Set.copyOf(written), times.keySet(), "records missing from the replay");
    times.forEach((r, n) -> assertEquals(1, n, r + " was replayed " + n + " times"));

    Set<Long> offsets = new HashSet<>();
    List<byte[]> raw = table.query(Query.all(), false, 7).replay();
    for (byte[] c : raw) {
      long last = Long.MIN_VALUE;
      for (LogRecord<Reading> r : readLog(c)) {
        assertTrue(offsets.add(r.offset()), "offset " + r.offset() + " in two partitions");
        assertTrue(r.offset() > last, "offsets within a partition must increase");
        last = r.offset();
      }
    }
  }

  @Test
  void changeCursorReturnsRecordsWrittenAfterItWasTaken() {
    Reading r0 = reading("chg", 0, 1, "chg", 0);
    readings.write(List.of(r0));
    String changes = readings.changes();
    Reading r1 = reading("chg", 1, 2, "chg", 1);
    Reading r2 = reading("chg", 2, 3, "chg", 2);
    readings.write(List.of(r1));
    readings.write(List.of(r2));
    assertEquals(
        List.of(r1, r2),
        awaitChanges(changes, 2),
        "the change cursor returns what was written after it was taken, in order");
  }

  @Test
  void replayAndChangeCursorsMissNothingAndRepeatNothing() {
    Reading r0 = reading("split", 0, 1, "split", 0);
    readings.write(List.of(r0));
    StreamCursors cursors = readings.replay(3);
    Reading r1 = reading("split", 1, 2, "split", 1);
    readings.write(List.of(r1));
    assertEquals(List.of(r0), ours(replayAll(cursors)), "the replay ends where it was taken");
    assertEquals(
        List.of(r1),
        awaitChanges(cursors.changes(), 1),
        "the change cursor starts where the replay ends");
  }

  @Test
  void peekReadsNewestFirst() {
    List<Reading> written = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Reading r = reading("peek", i, 10 + i, "peek", i);
      readings.write(List.of(r));
      written.add(r);
    }
    StreamCursors peek = readings.peek();
    assertEquals(1, peek.replay().size(), "peek gives one rewind cursor");
    List<Reading> seen = new ArrayList<>();
    String c = peek.replay().get(0);
    CursorWalk walk = new CursorWalk("reading a peek cursor");
    while (c != null && seen.size() < 5) {
      RecordPage<Reading> p = readings.read(c, 2);
      assertTrue(p.records().size() <= 2, "read returned more than the limit");
      seen.addAll(ours(p.records()));
      c = walk.page(p.records().size(), p.hasNext()) ? p.nextCursor() : null;
    }
    assertEquals(
        List.of(written.get(4), written.get(3), written.get(2), written.get(1), written.get(0)),
        seen,
        "peek reads the log newest first");
    Reading later = reading("peek", 9, 99, "peek", 9);
    readings.write(List.of(later));
    assertEquals(List.of(later), awaitChanges(peek.changes(), 1), "peek's change cursor");
  }

  // ---- index reads -----------------------------------------------------------------------------

  @Test
  void indexRangeReadsOnTheLeftmostField() {
    List<Reading> all = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      all.add(reading(String.format("d%02d", i), 1, 10, i % 2 == 0 ? "east" : "west", i));
    }
    Reading d05s2 = reading("d05", 2, 10, "north", 52);
    Reading d05s3 = reading("d05", 3, 10, "north", 53);
    all.add(d05s2);
    all.add(d05s3);
    readings.write(all);
    Reading d05 = all.get(5);

    assertEquals(
        List.of(d05, d05s2, d05s3),
        readings.findAll(Reading_.device.eq(dev("d05"))),
        "eq on the leftmost key field, in key order");
    assertEquals(
        all.subList(10, 20), readings.findAll(Reading_.device.prefix(dev("d1"))), "prefix");
    assertEquals(
        all.subList(6, 9),
        readings.findAll(Reading_.device.gt(dev("d05")).and(Reading_.device.lt(dev("d09")))),
        "gt and lt");
    assertEquals(
        List.of(d05, d05s2, d05s3, all.get(6), all.get(7), all.get(8), all.get(9)),
        readings.findAll(Reading_.device.gte(dev("d05")).and(Reading_.device.lte(dev("d09")))),
        "gte and lte");
    assertEquals(
        List.of(d05s2, d05s3),
        readings.findAll(Reading_.device.eq(dev("d05")).and(Reading_.seq.gte(2L))),
        "eq on the first key field, then a range on the second");
    List<Reading> east = IntStream.range(0, 10).mapToObj(i -> all.get(2 * i)).toList();
    assertEquals(
        east,
        readings.findAll(Reading_.site.eq(site("east"))),
        "eq on a secondary index, then key order");
    List<Reading> bySite = new ArrayList<>(east);
    bySite.addAll(List.of(d05s2, d05s3));
    bySite.addAll(IntStream.range(0, 10).mapToObj(i -> all.get(2 * i + 1)).toList());
    assertEquals(
        bySite,
        readings.findAll(Reading_.site.prefix(site(""))),
        "prefix on a secondary index: index order, then key order");
  }

  /**
   * Index reads next to what the key encoding treats specially: U+0000 (escaped, so the encoding of
   * "a" is a byte prefix of that of "a\0b"), U+0001, the empty string, the highest char of the BMP
   * and a surrogate pair. On the primary index (device) and a secondary one (site), every eq, gt,
   * gte, lt, lte and prefix on every value returns exactly the records it selects by code point, in
   * index order; so does eq on a device followed by a range on seq.
   */
  @Test
  void indexReadsAreExactAroundSpecialCharacters() {
    List<String> suffixes =
        List.of(
            "",
            "\0",
            "\0\0",
            "\0a",
            "\u0001",
            "a",
            "a\0",
            "a\0\0",
            "a\0a",
            "a\u0001",
            "a\u0001\0",
            "ab",
            "\uE000",
            "\uFFFF",
            "\uFFFF\0",
            "\uFFFF\uFFFF",
            "\uD83D\uDE00",
            "\uD83D\uDE00\0",
            "\uD83D\uDE00a");
    List<Reading> all = new ArrayList<>();
    for (int i = 0; i < suffixes.size(); i++) {
      String s = suffixes.get(i);
      // Sites in the reverse order of devices, so the two indexes order records differently.
      String site = site(suffixes.get(suffixes.size() - 1 - i));
      all.add(new Reading(dev(s), 1, T0.plusSeconds(i), site, i));
      all.add(new Reading(dev(s), 2, T0.plusSeconds(i), site, i));
    }
    // Through the lookup table itself: what is checked is its index, not what a warehouse the
    // driver may also offer keeps of U+0000.
    table.write(all);
    // Every value of this test is in [scope + "-", scope + "."): '.' follows '-'.
    String low = scope + "-";
    String high = scope + ".";
    assertExactReads(all, Reading_.device, Reading::device, low, high);
    assertExactReads(all, Reading_.site, Reading::site, low, high);
    for (String s : suffixes) {
      List<Reading> want =
          all.stream().filter(r -> r.device().equals(dev(s)) && r.seq() >= 2).toList();
      assertEquals(
          want,
          readings.findAll(Reading_.device.eq(dev(s)).and(Reading_.seq.gte(2L))),
          "eq on device " + shown(dev(s)) + " then seq >= 2");
      assertEquals(
          want,
          readings.findAll(Reading_.device.eq(dev(s)).and(Reading_.seq.gt(1L))),
          "eq on device " + shown(dev(s)) + " then seq > 1");
    }
  }

  private void assertExactReads(
      List<Reading> all,
      StringProperty<Reading> p,
      Function<Reading, String> get,
      String low,
      String high) {
    // Index order: the value by code point, then the key (device by code point, then seq).
    Comparator<Reading> order =
        Comparator.comparing(get, LookupServiceConformance::compareCodePoints)
            .thenComparing(Reading::device, LookupServiceConformance::compareCodePoints)
            .thenComparingLong(Reading::seq);
    List<Reading> sorted = all.stream().sorted(order).toList();
    assertReads(
        p.name() + ": every record of the test in index order",
        get,
        sorted,
        readings.findAll(p.gte(low).and(p.lt(high))));
    for (String v : all.stream().map(get).distinct().toList()) {
      Map<String, Query<Reading>> queries = new LinkedHashMap<>();
      queries.put("eq", p.eq(v));
      queries.put("gt", p.gt(v).and(p.lt(high)));
      queries.put("gte", p.gte(v).and(p.lt(high)));
      queries.put("lt", p.lt(v).and(p.gte(low)));
      queries.put("lte", p.lte(v).and(p.gte(low)));
      queries.put("prefix", p.prefix(v));
      for (Map.Entry<String, Query<Reading>> q : queries.entrySet()) {
        List<Reading> want =
            sorted.stream()
                .filter(
                    r -> {
                      String s = get.apply(r);
                      int c = compareCodePoints(s, v);
                      return switch (q.getKey()) {
                        case "eq" -> c == 0;
                        case "gt" -> c > 0;
                        case "gte" -> c >= 0;
                        case "lt" -> c < 0;
                        case "lte" -> c <= 0;
                        default -> s.startsWith(v);
                      };
                    })
                .toList();
        assertReads(
            p.name() + " " + q.getKey() + " " + shown(v),
            get,
            want,
            readings.findAll(q.getValue()));
      }
    }
  }

  /**
   * A lone surrogate is not valid Unicode, and UTF-8 encoders write '?' for it: a lookup service
   * that keeps it must keep it as itself, in keys, index entries and records, and one that cannot
   * must refuse the write. Either way the records of "...?" stay theirs.
   */
  @Test
  void aLoneSurrogateIsNeverAnotherString() {
    Reading question = reading("?", 1, 10, "?", 1);
    table.write(List.of(question));
    for (String lone : List.of("\uD800", "\uDFFF", "\uD83D")) {
      Reading r = reading(lone, 1, 10, lone, 2);
      boolean stored;
      try {
        table.write(List.of(r));
        stored = true;
      } catch (RuntimeException e) {
        stored = false;
      }
      assertEquals(Optional.of(question), readings.get(key(question)), "after " + shown(lone));
      assertEquals(
          List.of(question),
          readings.findAll(Reading_.site.eq(site("?"))),
          "the site " + shown(site("?")) + " after " + shown(lone));
      if (stored) {
        assertEquals(Optional.of(r), readings.get(key(r)), shown(r.device()));
        assertEquals(List.of(r), readings.findAll(Reading_.site.eq(r.site())), shown(r.site()));
        assertEquals(
            List.of(r), readings.findAll(Reading_.device.eq(r.device())), shown(r.device()));
      } else {
        assertEquals(Optional.empty(), readings.get(key(r)), "refused, yet stored");
        assertEquals(
            List.of(),
            readings.findAll(Reading_.site.eq(r.site())),
            "refused, yet found: " + shown(r.site()));
      }
    }
  }

  /** Fails unless {@code got} is {@code want}, showing each record as its value and seq. */
  private static void assertReads(
      String what, Function<Reading, String> get, List<Reading> want, List<Reading> got) {
    if (!want.equals(got)) {
      fail(
          what
              + ": expected "
              + want.stream().map(r -> shown(get.apply(r)) + "/" + r.seq()).toList()
              + " but got "
              + got.stream().map(r -> shown(get.apply(r)) + "/" + r.seq()).toList());
    }
  }

  private static int compareCodePoints(String a, String b) {
    return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
  }

  /** A string with its control chars, surrogates and U+FFFF escaped, for messages. */
  private static String shown(String s) {
    StringBuilder b = new StringBuilder("\"");
    s.chars()
        .forEach(
            c ->
                b.append(
                    c < 0x20 || (c >= 0xD800 && c < 0xE000) || c == 0xFFFF
                        ? String.format("\\u%04X", c)
                        : String.valueOf((char) c)));
    return b.append('"').toString();
  }

  @Test
  void findPagesByCursor() {
    List<Reading> all = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      all.add(reading(String.format("p%03d", i), 1, 10, "page", i));
    }
    readings.write(all);
    List<Reading> seen = new ArrayList<>();
    PageRequest req = PageRequest.first(25);
    CursorWalk walk = new CursorWalk("paging an index query");
    while (true) {
      Page<Reading> p = readings.find(Reading_.device.prefix(dev("p")), req);
      assertTrue(p.items().size() <= 25, "page larger than asked");
      seen.addAll(p.items());
      assertTrue(seen.size() <= all.size(), "more records than written: " + seen.size());
      if (!walk.page(p.items().size(), p.hasNext())) {
        break;
      }
      req = PageRequest.after(p.nextCursor(), 25);
    }
    assertEquals(all, seen, "paging by cursor returns each record once, in index order");
    List<Reading> limited = readings.findAll(Reading_.site.eq(site("page")).limit(30));
    assertEquals(all.subList(0, 30), limited, "a query limit spans pages");
  }

  @Test
  void conditionNotOnALeftmostPrefixIsRejected() {
    readings.write(List.of(reading("lm", 1, 10, "lm", 1)));
    UnsupportedQueryException notLeftmost =
        assertThrows(
            UnsupportedQueryException.class,
            () -> readings.find(Reading_.seq.gt(0L), PageRequest.first(10)));
    assertTrue(
        notLeftmost.getMessage().contains("seq"),
        "the message names the field: " + notLeftmost.getMessage());
    assertThrows(
        UnsupportedQueryException.class,
        () -> readings.find(Reading_.value.gt(0.0), PageRequest.first(10)),
        "a field without an index");
    assertThrows(
        UnsupportedQueryException.class,
        () -> readings.replay(Reading_.seq.eq(1L), 1),
        "replay of a non-leftmost condition");
    assertThrows(
        UnsupportedQueryException.class,
        () -> table.query(Reading_.site.eq(site("lm")), false, 1),
        "a log replay (not compacted) takes no conditions");
  }

  @Test
  void tamperedCursorIsRejected() {
    List<Reading> all = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      all.add(reading(String.format("t%02d", i), 1, 10, "tamper", i));
    }
    readings.write(all);
    Query<Reading> q = Reading_.device.prefix(dev("t"));
    Page<Reading> first = readings.find(q, PageRequest.first(10));
    assertNotNull(first.nextCursor());
    assertThrows(
        InvalidCursorException.class,
        () -> readings.find(q, PageRequest.after(tamper(first.nextCursor()), 10)),
        "find");
    assertThrows(
        InvalidCursorException.class,
        () ->
            readings.find(
                Reading_.device.prefix(dev("x")), PageRequest.after(first.nextCursor(), 10)),
        "a cursor of another query");
    String replay = readings.replay(1).replay().get(0);
    assertThrows(InvalidCursorException.class, () -> readings.read(tamper(replay), 10), "read");
    assertThrows(
        InvalidCursorException.class,
        () -> readings.read(first.nextCursor(), 10),
        "a find cursor is no read cursor");
    assertThrows(InvalidCursorException.class, () -> readings.read("garbage!", 10));
    assertThrows(
        InvalidCursorException.class,
        () -> table.read(new byte[] {1, 2, 3}, 10),
        "the driver rejects bytes that are not its cursor");
    assertEquals(
        all.subList(10, 20),
        readings.find(q, PageRequest.after(first.nextCursor(), 10)).items(),
        "the untouched cursor still works");
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** A device name unique to this test. */
  protected final String dev(String name) {
    return scope + "-" + name;
  }

  /** A site name unique to this test. */
  protected final String site(String name) {
    return scope + "-" + name;
  }

  private Reading reading(String device, long seq, long second, String site, double value) {
    return new Reading(dev(device), seq, T0.plusSeconds(second), site(site), value);
  }

  private static Reading_.Key key(Reading r) {
    return new Reading_.Key(r.device(), r.seq());
  }

  private boolean isOurs(Reading r) {
    return r.device().startsWith(scope + "-");
  }

  private List<Reading> ours(List<Reading> records) {
    return records.stream().filter(this::isOurs).toList();
  }

  private List<Reading> readAll(String cursor) {
    List<Reading> out = new ArrayList<>();
    String c = cursor;
    CursorWalk walk = new CursorWalk("reading a replay cursor");
    while (c != null) {
      RecordPage<Reading> p = readings.read(c, 1000);
      out.addAll(p.records());
      c = walk.page(p.records().size(), p.hasNext()) ? p.nextCursor() : null;
    }
    return out;
  }

  private List<Reading> replayAll(StreamCursors cursors) {
    List<Reading> out = new ArrayList<>();
    for (String c : cursors.replay()) {
      out.addAll(readAll(c));
    }
    return out;
  }

  private List<LogRecord<Reading>> readLog(byte[] cursor) {
    List<LogRecord<Reading>> out = new ArrayList<>();
    byte[] c = cursor;
    CursorWalk walk = new CursorWalk("reading a log cursor");
    while (c != null) {
      LookupTable.CursorRead<Reading> r = table.read(c, 1000);
      out.addAll(r.records());
      c = walk.page(r.records().size(), r.next() != null) ? r.next() : null;
    }
    return out;
  }

  /** Reads a change cursor until {@code expected} of this test's records arrived (bounded). */
  private List<Reading> awaitChanges(String cursor, int expected) {
    List<Reading> seen = new ArrayList<>();
    String c = cursor;
    long deadline = System.nanoTime() + Eventually.TIMEOUT.toNanos();
    while (seen.size() < expected) {
      if (System.nanoTime() > deadline) {
        fail(
            "gave up after "
                + Eventually.TIMEOUT.toSeconds()
                + " s waiting for "
                + expected
                + " records on the change cursor; saw "
                + seen);
      }
      RecordPage<Reading> p = readings.read(c, 1000);
      seen.addAll(ours(p.records()));
      if (p.nextCursor() == null) {
        fail("the change cursor ended; it must stay open at the tip");
      }
      c = p.nextCursor();
      if (p.records().isEmpty()) {
        Eventually.pause(20);
      }
    }
    return seen;
  }

  private static String tamper(String cursor) {
    char[] chars = cursor.toCharArray();
    int at = chars.length / 2;
    chars[at] = chars[at] == 'A' ? 'B' : 'A';
    return new String(chars);
  }
}
