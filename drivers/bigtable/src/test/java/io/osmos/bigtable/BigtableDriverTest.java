package io.osmos.bigtable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.BigtableDataSettings;
import com.google.cloud.bigtable.data.v2.models.Filters;
import com.google.cloud.bigtable.data.v2.models.Query;
import com.google.cloud.bigtable.data.v2.models.Row;
import com.google.cloud.bigtable.data.v2.models.RowMutation;
import com.google.cloud.bigtable.data.v2.models.TableId;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.osmos.Osmos;
import io.osmos.RecordPage;
import io.osmos.StreamCursors;
import io.osmos.Streams;
import io.osmos.codec.json.JsonFormat;
import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.memory.MemoryDriver;
import io.osmos.spi.Driver;
import io.osmos.spi.LogRecord;
import io.osmos.spi.LookupTable;
import io.osmos.spi.TupleKey;
import io.osmos.testkit.server.BigtableEmulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Beneath's wish-list for its Bigtable driver (compacted, non-compacted, filtered and secondary
 * index reads; no secondary garbage from sequential writes; garbage cleaned on read; log cursors
 * over missing segments), plus last-writer-wins at full precision, retention, URLs and the
 * documented layout read back with {@code cbt}. Each test has tables of its own (a random table
 * prefix) on the emulator; a short sequencer timeout lets tests see uncommitted offsets die.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BigtableDriverTest {
  private static final String PROJECT = "osmos-test";
  private static final String INSTANCE = "driver";
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final Duration WAIT = Duration.ofSeconds(20);

  private BigtableEmulator emulator;
  private BigtableDataClient raw;
  private String prefix;
  private BigtableDriver driver;
  private Osmos osmos;
  private EventRepository events;
  private BigtableLookupTable<Event, Event_.Key> table;

  @BeforeAll
  void connect() throws IOException {
    emulator = BigtableEmulator.get();
    raw =
        BigtableDataClient.create(
            BigtableDataSettings.newBuilderForEmulator(emulator.host(), emulator.port())
                .setProjectId(PROJECT)
                .setInstanceId(INSTANCE)
                .build());
  }

  @AfterAll
  void disconnect() {
    if (raw != null) {
      raw.close();
    }
  }

  @BeforeEach
  void bind() {
    prefix = "t" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    driver =
        BigtableDriver.builder(PROJECT, INSTANCE)
            .emulatorHost(emulator.hostPort())
            .tablePrefix(prefix)
            .sequencerTimeout(TIMEOUT)
            .maxClockDrift(Duration.ZERO)
            .build();
    osmos = Osmos.builder().driver("events", Streams.of(new MemoryDriver(), driver)).build();
    events = new EventRepository(osmos);
    table = (BigtableLookupTable<Event, Event_.Key>) driver.lookupTable(Event_.MODEL);
  }

  @AfterEach
  void close() {
    osmos.close();
  }

  // ---- index reads -----------------------------------------------------------------------------

  @Test
  void compactedReadsReturnTheNewestRecordPerKeyInKeyOrder() {
    List<Event> first = new ArrayList<>();
    for (int u = 0; u < 10; u++) {
      for (int s = 1; s <= 3; s++) {
        first.add(event("u" + u, s, 10, "k" + (u % 3), u, "v1"));
      }
    }
    events.write(first);
    // Newer versions of u2's records, and an older one of u3/1 that must not win.
    List<Event> newer =
        List.of(
            event("u2", 1, 20, "k9", 90, "v2"),
            event("u2", 3, 20, "k9", 91, "v2"),
            event("u3", 1, 5, "k9", 92, "stale"));
    events.write(newer);

    assertEquals(
        List.of(newer.get(0), first.get(7), newer.get(1)),
        events.findAll(Event_.user.eq("u2")),
        "eq on the first key field, newest versions");
    assertEquals(
        first.get(9),
        events.get(new Event_.Key("u3", 1)).orElseThrow(),
        "an older record does not replace a newer one");
    assertEquals(30, events.findAll(Event_.user.prefix("u")).size());
    assertEquals(
        List.of(first.get(13), first.get(14)),
        events.findAll(Event_.user.eq("u4").and(Event_.seq.gt(1L))),
        "eq then gt on the key");

    StreamCursors replay = events.replay(Event_.user.gte("u5"), 4);
    assertEquals(1, replay.replay().size(), "an index range is one replay cursor");
    List<Event> read = readAll(replay.replay().get(0), 4);
    assertEquals(first.subList(15, 30), read, "a compacted replay reads the index range");
  }

  @Test
  void nonCompactedReadsReturnEveryVersionFromTheLog() {
    List<Event> written = new ArrayList<>();
    for (int batch = 0; batch < 4; batch++) {
      List<Event> b = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        // The same 25 keys in every batch: the log keeps all 100 versions.
        b.add(event("n" + i, 1, 10 + batch, "n", batch, "b" + batch));
      }
      events.write(b);
      written.addAll(b);
    }
    StreamCursors cursors = events.replay(3);
    assertEquals(3, cursors.replay().size());
    List<Event> all = new ArrayList<>();
    for (String c : cursors.replay()) {
      all.addAll(readAll(c, 7));
    }
    assertEquals(written, all, "every version, in log order across the partitions");

    Set<Long> offsets = new HashSet<>();
    for (byte[] c : table.query(io.osmos.query.Query.all(), false, 3).replay()) {
      for (LogRecord<Event> r : readLog(c)) {
        assertTrue(offsets.add(r.offset()), "offset " + r.offset() + " read twice");
      }
    }
    assertEquals(offsets(0, 100), offsets, "partitions cover [0, 100) once");
  }

  @Test
  void filteredReadsUseSecondaryIndexesInIndexThenKeyOrder() {
    List<Event> all = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      all.add(event("f" + (i % 4), i, 10, i % 2 == 0 ? "even" : "odd", i, "p"));
    }
    events.write(all);
    Comparator<Event> byKey = Comparator.comparing(Event::user).thenComparingLong(Event::seq);
    List<Event> even = all.stream().filter(e -> e.kind().equals("even")).sorted(byKey).toList();
    assertEquals(even, events.findAll(Event_.kind.eq("even")), "eq on a secondary index");
    assertEquals(all.subList(8, 12), events.findAll(Event_.level.gt(7)), "gt on a number index");
    assertEquals(all.subList(2, 5), events.findAll(Event_.level.between(2, 4)), "gte and lte");
    assertEquals(all.subList(0, 3), events.findAll(Event_.level.lt(3)), "lt");
    List<Event> byKind = new ArrayList<>(even);
    byKind.addAll(all.stream().filter(e -> e.kind().equals("odd")).sorted(byKey).toList());
    assertEquals(byKind, events.findAll(Event_.kind.prefix("")), "prefix, in index order");
    assertEquals(
        even.stream().filter(e -> e.user().equals("f2")).toList(),
        events.findAll(Event_.kind.eq("even").and(Event_.user.eq("f2"))),
        "eq on the index field, then on the first key field");

    UnsupportedQueryException e =
        assertThrows(
            UnsupportedQueryException.class,
            () -> events.findAll(Event_.kind.eq("even").and(Event_.level.eq(2))));
    assertTrue(
        e.getMessage().contains("(kind, user, seq)") && e.getMessage().contains("leftmost"),
        e.getMessage());
    assertThrows(
        UnsupportedQueryException.class,
        () -> events.findAll(Event_.payload.eq("p")),
        "a field without an index");
  }

  @Test
  void secondaryIndexesFollowTheNewestRecord() {
    Event v1 = event("s", 1, 10, "draft", 1, "a");
    Event v2 = event("s", 1, 20, "published", 2, "b");
    Event old = event("s", 1, 15, "withdrawn", 3, "c");
    events.write(List.of(v1));
    events.write(List.of(v2));
    events.write(List.of(old));
    assertEquals(List.of(), events.findAll(Event_.kind.eq("draft")));
    assertEquals(
        List.of(),
        events.findAll(Event_.kind.eq("withdrawn")),
        "an older record written later entered the index");
    assertEquals(List.of(v2), events.findAll(Event_.kind.eq("published")));
    assertEquals(List.of(v2), events.findAll(Event_.level.gte(0)));
  }

  @Test
  void lastWriterWinsAtFullPrecisionWithinOneMillisecond() {
    Instant t = T0.plusSeconds(30);
    Event later = new Event("p", 1, t.plusNanos(900_000), "later", 1, "x");
    Event earlier = new Event("p", 1, t.plusNanos(100_000), "earlier", 2, "y");
    events.write(List.of(later));
    events.write(List.of(earlier));
    assertEquals(
        later,
        events.get(new Event_.Key("p", 1)).orElseThrow(),
        "two records in one millisecond (one cell timestamp): the later timestamp still wins");
    assertEquals(List.of(later), events.findAll(Event_.kind.prefix("")));
  }

  @Test
  void sequentialWritesLeaveNoSecondaryIndexGarbage() {
    Event last = null;
    for (int i = 0; i < 30; i++) {
      // Increasing times with every third write older than the one before it.
      long second = i % 3 == 2 ? 100 + i - 5 : 100 + i;
      Event e = event("g", 7, second, "kind-" + (i % 4), i % 5, "w" + i);
      events.write(List.of(e));
      if (last == null || !e.at().isBefore(last.at())) {
        last = e;
      }
    }
    assertEquals(last, events.get(new Event_.Key("g", 7)).orElseThrow());
    for (int index = 0; index < 2; index++) {
      List<ByteString> rows =
          rawRows(
              driver.tableNames().get(1),
              Layout.indexHash("bt_events", index == 0 ? "kind" : "level"));
      assertEquals(
          List.of(table.secondaryRow(index, last)),
          rows,
          "index " + index + " holds exactly the entry of the newest record");
    }
  }

  @Test
  void staleSecondaryEntriesAreSkippedAndDeletedOnRead() {
    Event real = event("r", 1, 50, "real", 1, "x");
    Event other = event("r", 2, 50, "real", 2, "y");
    events.write(List.of(real, other));
    String indexes = driver.tableNames().get(1);
    byte[] kindHash = Layout.indexHash("bt_events", "kind");
    // Left by a concurrent writer: an entry older than the record it names...
    ByteString stale = Layout.concat(kindHash, TupleKey.encode("ghost", "r", 1L));
    plantEntry(indexes, stale, T0.plusSeconds(40));
    // ...an entry whose record does not exist...
    ByteString orphan = Layout.concat(kindHash, TupleKey.encode("ghost", "nobody", 1L));
    plantEntry(indexes, orphan, T0.plusSeconds(40));
    // ...and one newer than its record: a write still on its way, skipped but kept.
    ByteString inFlight = Layout.concat(kindHash, TupleKey.encode("ghost", "r", 2L));
    plantEntry(indexes, inFlight, T0.plusSeconds(60));

    assertEquals(List.of(), events.findAll(Event_.kind.eq("ghost")), "stale entries returned");
    List<ByteString> left =
        rawRows(indexes, kindHash).stream()
            .filter(k -> k.toStringUtf8().contains("ghost"))
            .toList();
    assertEquals(List.of(inFlight), left, "the stale entries were not deleted");
    assertEquals(List.of(real, other), events.findAll(Event_.kind.eq("real")));
  }

  @Test
  void concurrentWritersConvergeOnTheNewestRecordPerKey() throws Exception {
    // Two drivers are two processes writing versions of the same keys at the same time.
    try (BigtableDriver other =
            BigtableDriver.builder(PROJECT, INSTANCE)
                .emulatorHost(emulator.hostPort())
                .tablePrefix(prefix)
                .build();
        Osmos o = Osmos.builder().driver("events", Streams.of(new MemoryDriver(), other)).build()) {
      EventRepository second = new EventRepository(o);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (EventRepository repo : List.of(events, second)) {
          boolean odd = repo == second;
          done.add(
              pool.submit(
                  () -> {
                    for (int v = 0; v < 20; v++) {
                      int version = 2 * v + (odd ? 1 : 0);
                      List<Event> batch = new ArrayList<>();
                      for (int k = 0; k < 5; k++) {
                        batch.add(event("cw" + k, 1, version, "v" + version, version, "x"));
                      }
                      repo.write(batch);
                    }
                    return null;
                  }));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
    }
    for (int k = 0; k < 5; k++) {
      Event newest = event("cw" + k, 1, 39, "v39", 39, "x");
      assertEquals(newest, events.get(new Event_.Key("cw" + k, 1)).orElseThrow());
    }
    List<Event> byKind = events.findAll(Event_.kind.prefix("v"));
    assertEquals(5, byKind.size(), "one entry per key survives verification: " + byKind);
    assertTrue(byKind.stream().allMatch(e -> e.level() == 39), byKind.toString());
    assertEquals(byKind, events.findAll(Event_.level.gte(0)));
  }

  // ---- log cursors -----------------------------------------------------------------------------

  @Test
  void replayPartitionWithMissingSegmentEndsAndTheNextIsRead() {
    List<Event> written =
        IntStream.range(0, 10).mapToObj(i -> event("m" + i, 1, 10, "m", i, "x")).toList();
    events.write(written);
    // Offsets 0..4 expire (or were never written): the first partition finds nothing.
    for (long o = 0; o < 5; o++) {
      raw.mutateRow(
          RowMutation.create(
                  TableId.of(driver.tableNames().get(0)), Layout.logKey(table.streamId(), o))
              .deleteRow());
    }
    List<byte[]> partitions = table.query(io.osmos.query.Query.all(), false, 2).replay();
    assertEquals(2, partitions.size());
    LookupTable.CursorRead<Event> first = table.read(partitions.get(0), 100);
    assertEquals(List.of(), first.records(), "a partition of missing offsets");
    assertNull(first.next(), "offsets missing below the stable tip are not waited for");
    assertEquals(written.subList(5, 10), values(readLog(partitions.get(1))));
  }

  @Test
  void changeCursorStaysOpenWithAndWithoutData() {
    byte[] changes = table.peek().changes().get(0);
    LookupTable.CursorRead<Event> empty = table.read(changes, 10);
    assertEquals(List.of(), empty.records());
    assertNotNull(empty.next(), "an open cursor without data stays open");
    Event e = event("o", 1, 10, "o", 1, "x");
    events.write(List.of(e));
    LookupTable.CursorRead<Event> one = table.read(empty.next(), 10);
    assertEquals(List.of(e), values(one.records()));
    assertNotNull(one.next(), "an open cursor with data stays open");
    LookupTable.CursorRead<Event> again = table.read(one.next(), 10);
    assertEquals(List.of(), again.records(), "nothing is read twice");
    assertNotNull(again.next());
  }

  @Test
  void uncommittedSegmentIsReadPartlyThenDroppedOnceDead() {
    byte[] changes = table.peek().changes().get(0);
    // A writer takes offsets [0, 5), writes two log rows and dies without committing.
    Sequencer.Batch crashed = table.sequencer().begin(5);
    List<Event> partial = List.of(event("c", 0, 10, "c", 0, "x"), event("c", 1, 10, "c", 1, "x"));
    for (int i = 0; i < partial.size(); i++) {
      plantLog(crashed.start() + i, partial.get(i));
    }
    List<Event> after = List.of(event("c", 5, 10, "c", 5, "x"), event("c", 6, 10, "c", 6, "x"));
    events.write(after);
    assertEquals(
        crashed.start(),
        table.sequencer().state().nextStable(),
        "the stable tip waits for the uncommitted batch");
    assertEquals(0, events.replay(1).replay().size(), "nothing is stable yet");

    LookupTable.CursorRead<Event> r = table.read(changes, 100);
    List<Event> expected = new ArrayList<>(partial);
    expected.addAll(after);
    assertEquals(expected, values(r.records()), "what exists is read, past the missing part");
    assertEquals(
        List.of(
            new Cursor.Segment(crashed.start() + 2, crashed.end()),
            new Cursor.Segment(crashed.end() + 2, -1)),
        segments(r.next()),
        "the missing offsets are kept to come back to");

    // Once the batch is dead the stable tip passes it and the cursor drops the segment.
    await(
        "the stable tip to pass the dead batch",
        () -> table.sequencer().state().nextStable() == crashed.end() + 2,
        () -> table.sequencer().state());
    LookupTable.CursorRead<Event> later = table.read(r.next(), 100);
    assertEquals(List.of(), values(later.records()));
    assertEquals(
        List.of(new Cursor.Segment(crashed.end() + 2, -1)),
        segments(later.next()),
        "the dead segment is dropped");
    assertEquals(
        4,
        readAll(events.replay(2).replay(), 10).size(),
        "the replay reads what the dead batch left, and what followed");
  }

  @Test
  void twoMissingSegmentsAreReadWhenTheyArrive() {
    byte[] changes = table.peek().changes().get(0);
    Sequencer.Batch a = table.sequencer().begin(2);
    Sequencer.Batch b = table.sequencer().begin(3);
    List<Event> c = List.of(event("t", 9, 10, "t", 9, "c"));
    events.write(c);
    LookupTable.CursorRead<Event> first = table.read(changes, 100);
    assertEquals(c, values(first.records()), "the committed batch after two pending ones");
    assertEquals(
        List.of(new Cursor.Segment(a.start(), b.end()), new Cursor.Segment(b.end() + 1, -1)),
        segments(first.next()),
        "both pending batches kept, as one range");

    List<Event> aRecords = List.of(event("t", 0, 10, "t", 0, "a"), event("t", 1, 10, "t", 1, "a"));
    List<Event> bRecords =
        List.of(
            event("t", 2, 10, "t", 2, "b"),
            event("t", 3, 10, "t", 3, "b"),
            event("t", 4, 10, "t", 4, "b"));
    for (int i = 0; i < aRecords.size(); i++) {
      plantLog(a.start() + i, aRecords.get(i));
    }
    for (int i = 0; i < bRecords.size(); i++) {
      plantLog(b.start() + i, bRecords.get(i));
    }
    table.sequencer().commit(b);
    table.sequencer().commit(a);
    assertEquals(b.end() + 1, table.sequencer().state().nextStable(), "all committed");

    LookupTable.CursorRead<Event> second = table.read(first.next(), 100);
    List<Event> both = new ArrayList<>(aRecords);
    both.addAll(bRecords);
    assertEquals(both, values(second.records()), "the segments are read once present");
    assertEquals(List.of(new Cursor.Segment(b.end() + 1, -1)), segments(second.next()));
  }

  @Test
  void peekReadsTheStableLogNewestFirst() {
    List<Event> written =
        IntStream.range(0, 7).mapToObj(i -> event("k", i, 10 + i, "k", i, "x")).toList();
    for (Event e : written) {
      events.write(List.of(e));
    }
    StreamCursors peek = events.peek();
    List<Event> seen = new ArrayList<>();
    String c = peek.replay().get(0);
    while (c != null) {
      RecordPage<Event> p = events.read(c, 3);
      seen.addAll(p.records());
      c = p.nextCursor();
    }
    List<Event> newestFirst = new ArrayList<>(written);
    java.util.Collections.reverse(newestFirst);
    assertEquals(newestFirst, seen);
  }

  // ---- retention, layout, URLs -----------------------------------------------------------------

  @Test
  void retentionHidesRecordsOlderThanItAtOnce() {
    Instant now = Instant.now();
    try (BigtableDriver kept =
            BigtableDriver.builder(PROJECT, INSTANCE)
                .emulatorHost(emulator.hostPort())
                .tablePrefix(prefix + "r")
                .retention(Duration.ofHours(1))
                .build();
        Osmos o = Osmos.builder().driver("events", Streams.of(new MemoryDriver(), kept)).build()) {
      EventRepository repo = new EventRepository(o);
      Event old = new Event("old", 1, now.minus(Duration.ofHours(2)), "r", 1, "x");
      Event fresh = new Event("fresh", 1, now.minusSeconds(5), "r", 2, "y");
      repo.write(List.of(old, fresh));
      assertEquals(Optional.empty(), repo.get(new Event_.Key("old", 1)));
      assertEquals(List.of(fresh), repo.findAll(Event_.kind.eq("r")));
      assertEquals(List.of(fresh), readAll(repo.replay(1).replay(), 10, repo));
    }
  }

  @Test
  void cbtReadsTheDocumentedLayout() {
    Event ann = new Event("ann", 1, Instant.parse("2024-01-01T00:00:01.500Z"), "click", 3, "x");
    Event bob = new Event("bob", 2, Instant.parse("2024-01-01T00:00:02Z"), "view", 1, null);
    events.write(List.of(ann, bob));
    String log = prefix + "_log";
    String indexes = prefix + "_indexes";
    String sequencer = prefix + "_sequencer";
    assertEquals(List.of(indexes, log, sequencer), driver.tableNames().stream().sorted().toList());
    String tables = emulator.cbt(PROJECT, INSTANCE, "ls");
    for (String t : driver.tableNames()) {
      assertTrue(tables.lines().anyMatch(t::equals), "cbt ls lists " + t + ":\n" + tables);
    }

    // The log: stream id in hex, then the offset; the record as JSON at its own time.
    String streamId = "34fb61f45cde9e67"; // sha256("osmos/stream/bt_events"), first 8 bytes
    assertEquals(streamId, new String(Layout.streamId("bt_events"), StandardCharsets.UTF_8));
    List<CbtRow> logRows = CbtRow.parse(emulator.cbt(PROJECT, INSTANCE, "read", log));
    assertEquals(
        List.of(streamId + "\0\0\0\0\0\0\0\0", streamId + "\0\0\0\0\0\0\0\1"),
        logRows.stream().map(CbtRow::key).toList());
    assertEquals(
        List.of(
            new CbtCell(
                "f:r", "2024/01/01-00:00:01.500000", JsonFormat.encodeToString(Event_.MODEL, ann))),
        logRows.get(0).cells());
    assertEquals(
        "{\"user\":\"bob\",\"seq\":2,\"at\":\"2024-01-01T00:00:02Z\",\"kind\":\"view\","
            + "\"level\":1,\"payload\":null}",
        logRows.get(1).cells().get(0).value());

    // The indexes: primary rows (record and offset), secondary rows (offset only).
    String primary = new String(Layout.indexHash("bt_events", ""), StandardCharsets.UTF_8);
    String kind = new String(Layout.indexHash("bt_events", "kind"), StandardCharsets.UTF_8);
    String level = new String(Layout.indexHash("bt_events", "level"), StandardCharsets.UTF_8);
    List<CbtRow> indexRows =
        CbtRow.parse(emulator.cbt(PROJECT, INSTANCE, "read", indexes, "prefix=" + primary));
    assertEquals(
        List.of(primary + "\2ann\0\u0015\1", primary + "\2bob\0\u0015\2"),
        indexRows.stream().map(CbtRow::key).toList(),
        "TupleKey(user, seq) after the hash");
    assertEquals(
        List.of(
            new CbtCell(
                "f:o",
                "2024/01/01-00:00:01.500000",
                "\\x00\\x00\\x00\\x00" + "\\x00\\x00\\x00\\x00"),
            new CbtCell(
                "f:r", "2024/01/01-00:00:01.500000", JsonFormat.encodeToString(Event_.MODEL, ann))),
        indexRows.get(0).cells());
    List<CbtRow> kindRows =
        CbtRow.parse(emulator.cbt(PROJECT, INSTANCE, "read", indexes, "prefix=" + kind));
    assertEquals(
        List.of(kind + "\2click\0\2ann\0\u0015\1", kind + "\2view\0\2bob\0\u0015\2"),
        kindRows.stream().map(CbtRow::key).toList(),
        "TupleKey(kind, user, seq)");
    assertEquals(
        List.of(
            new CbtCell(
                "f:o", "2024/01/01-00:00:02.000000", "\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x01")),
        kindRows.get(1).cells());
    List<CbtRow> levelRows =
        CbtRow.parse(emulator.cbt(PROJECT, INSTANCE, "read", indexes, "prefix=" + level));
    assertEquals(
        List.of(level + "\u0015\1\2bob\0\u0015\2", level + "\u0015\3\2ann\0\u0015\1"),
        levelRows.stream().map(CbtRow::key).toList(),
        "TupleKey(level, user, seq)");

    // The sequencer: two offsets handed out in one batch, committed.
    List<CbtRow> seq = CbtRow.parse(emulator.cbt(PROJECT, INSTANCE, "read", sequencer));
    assertEquals(List.of(streamId), seq.stream().map(CbtRow::key).toList());
    List<String> columns = seq.get(0).cells().stream().map(CbtCell::column).toList();
    assertEquals(List.of("c:" + "\0".repeat(15) + "\2", "n:c", "n:n"), columns);
    assertEquals("\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02", seq.get(0).cells().get(2).value());
  }

  @Test
  void driverFromUrl() {
    try (Driver d = Osmos.driverFromUrl(emulator.url(PROJECT, INSTANCE) + "&tablePrefix=url")) {
      BigtableDriver b = assertInstanceOf(BigtableDriver.class, d);
      assertEquals(List.of("url_log", "url_indexes", "url_sequencer"), b.tableNames());
    }
    IllegalArgumentException noInstance =
        assertThrows(
            IllegalArgumentException.class,
            () -> Osmos.driverFromUrl("bigtable://p?emulator=127.0.0.1:1"));
    assertTrue(
        noInstance.getMessage().contains("bigtable://<project>/<instance>"),
        noInstance.getMessage());
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> Osmos.driverFromUrl("bigtable://p/i?tablePrefx=x"));
    assertTrue(unknown.getMessage().contains("tablePrefx"), unknown.getMessage());
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static Event event(
      String user, long seq, long second, String kind, int level, String payload) {
    return new Event(user, seq, T0.plusSeconds(second), kind, level, payload);
  }

  private List<Event> readAll(String cursor, int pageSize) {
    return readAll(List.of(cursor), pageSize, events);
  }

  private List<Event> readAll(List<String> cursors, int pageSize) {
    return readAll(cursors, pageSize, events);
  }

  private static List<Event> readAll(List<String> cursors, int pageSize, EventRepository repo) {
    List<Event> out = new ArrayList<>();
    for (String cursor : cursors) {
      String c = cursor;
      int pages = 0;
      while (c != null) {
        RecordPage<Event> p = repo.read(c, pageSize);
        out.addAll(p.records());
        c = p.nextCursor();
        if (++pages > 10_000) {
          fail("a cursor that never ends");
        }
      }
    }
    return out;
  }

  private List<LogRecord<Event>> readLog(byte[] cursor) {
    List<LogRecord<Event>> out = new ArrayList<>();
    byte[] c = cursor;
    while (c != null) {
      LookupTable.CursorRead<Event> r = table.read(c, 1000);
      out.addAll(r.records());
      c = r.next();
    }
    return out;
  }

  private static List<Event> values(List<LogRecord<Event>> records) {
    return records.stream().map(LogRecord::value).toList();
  }

  private List<Cursor.Segment> segments(byte[] cursor) {
    Cursor c = Cursor.decode(cursor, table.streamId(), 2);
    return assertInstanceOf(Cursor.Log.class, c).segments();
  }

  private static Set<Long> offsets(long from, long to) {
    return java.util.stream.LongStream.range(from, to).boxed().collect(Collectors.toSet());
  }

  /** Writes a log row as a writer would, without committing anything. */
  private void plantLog(long offset, Event e) {
    raw.mutateRow(
        RowMutation.create(
                TableId.of(driver.tableNames().get(0)), Layout.logKey(table.streamId(), offset))
            .setCell(
                Layout.FAMILY,
                Layout.RECORD,
                Layout.cellMicros(e.at()),
                UnsafeByteOperations.unsafeWrap(JsonFormat.encode(Event_.MODEL, e))));
  }

  private void plantEntry(String indexes, ByteString row, Instant at) {
    raw.mutateRow(
        RowMutation.create(TableId.of(indexes), row)
            .setCell(Layout.FAMILY, Layout.OFFSET, Layout.cellMicros(at), Layout.int64(0)));
  }

  /** The keys of the rows under {@code prefix} that have cells. */
  private List<ByteString> rawRows(String tableName, byte[] prefix) {
    List<ByteString> keys = new ArrayList<>();
    for (Row r :
        raw.readRows(
            Query.create(TableId.of(tableName))
                .prefix(ByteString.copyFrom(prefix))
                .filter(Filters.FILTERS.limit().cellsPerColumn(1)))) {
      keys.add(r.getKey());
    }
    return keys;
  }

  private static void await(String what, BooleanSupplier condition, Supplier<?> seen) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail(
            "gave up after " + WAIT.toSeconds() + " s waiting for " + what + "; saw " + seen.get());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** One cell as {@code cbt read} prints it: column, timestamp, and the value between quotes. */
  record CbtCell(String column, String time, String value) {}

  /** One row as {@code cbt read} prints it. */
  record CbtRow(String key, List<CbtCell> cells) {
    static List<CbtRow> parse(String output) {
      List<CbtRow> rows = new ArrayList<>();
      String[] blocks = output.split("-{40}\n", -1);
      for (int b = 1; b < blocks.length; b++) {
        List<String> lines = blocks[b].lines().filter(l -> !l.isEmpty()).toList();
        List<CbtCell> cells = new ArrayList<>();
        for (int i = 1; i + 1 < lines.size(); i += 2) {
          // Spaces only: keys and qualifiers may hold control bytes, which trim() would drop.
          String head = spaces(lines.get(i));
          int at = head.lastIndexOf(" @ ");
          cells.add(
              new CbtCell(
                  spaces(head.substring(0, at)),
                  spaces(head.substring(at + 3)),
                  unquote(spaces(lines.get(i + 1)))));
        }
        rows.add(new CbtRow(lines.get(0), cells));
      }
      return rows;
    }

    private static String spaces(String s) {
      return s.replaceAll("^ +| +$", "");
    }

    /** Go's %q: the text between the quotes, with \" and \\ resolved, other escapes kept. */
    private static String unquote(String quoted) {
      String s = quoted.substring(1, quoted.length() - 1);
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == '"')) {
          b.append('"');
          i++;
        } else {
          b.append(c);
        }
      }
      return b.toString();
    }
  }
}
