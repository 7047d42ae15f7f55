package io.osmos.rethinkdb;

import static com.rethinkdb.RethinkDB.r;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.Osmos;
import io.osmos.codec.json.JsonFormat;
import io.osmos.exceptions.LimitExceededException;
import io.osmos.rethinkdb.model.Memo;
import io.osmos.rethinkdb.model.MemoRepository;
import io.osmos.rethinkdb.model.Memo_;
import io.osmos.rethinkdb.model.Tally;
import io.osmos.rethinkdb.model.TallyRepository;
import io.osmos.spi.DriverLimits;
import io.osmos.spi.Subscription;
import io.osmos.testkit.server.RethinkTestServer;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * How big and how deep documents may be: the deepest model every format accepts is stored and read
 * back on every read path, change feeds included (documents travel as JSON text, so neither the
 * Java driver's depth limits nor its recursion apply), and a patch whose values each fit the record
 * limit but whose document does not is refused by the server before it writes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RethinkDocumentSizeTest {
  private static final String DB = "osmos_size_test";
  private static final int MAX_RECORD_BYTES = 1024;

  private final String run = "z" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  private RethinkDriver driver;
  private RethinkDriver small;
  private MemoRepository memos;
  private MemoRepository smallMemos;
  private TallyRepository smallTallies;

  @BeforeAll
  void connect() {
    RethinkTestServer server = RethinkTestServer.get();
    driver = new RethinkDriver(server.url(DB));
    memos = new MemoRepository(Osmos.builder().driver("rdb", driver).build());
    DriverLimits limits = new DriverLimits(2048, MAX_RECORD_BYTES, 10_000, 9_999_360, 1000, 32);
    small =
        new RethinkDriver(
            r.connection().hostname(server.host()).port(server.port()), DB, 2, limits);
    Osmos osmos = Osmos.builder().driver("rdb", small).build();
    smallMemos = new MemoRepository(osmos);
    smallTallies = new TallyRepository(osmos);
  }

  @AfterAll
  void close() {
    for (RethinkDriver d : new RethinkDriver[] {driver, small}) {
      if (d != null) {
        d.close();
      }
    }
  }

  /** Maps nested {@code levels} deep, with {@code leaf} in the deepest. */
  private static Object nested(int levels, Object leaf) {
    Object v = Map.of("leaf", leaf);
    for (int i = 1; i < levels; i++) {
      v = Map.of("v", v);
    }
    return v;
  }

  @Test
  void theDeepestModelReadsBackOnEveryReadPath() {
    // The memo's object and 999 maps: 1000 levels, every format's limit; the decimal's tag is one
    // more object in the stored document.
    Map<String, Object> extra = Map.of("deep", nested(999, new BigDecimal("1.50")));
    Queue<Memo> changed = new ConcurrentLinkedQueue<>();
    Memo m;
    try (Subscription feed =
        driver.subscribeChanges(
            "rdb_memos", c -> changed.add(JsonFormat.decode(Memo_.MODEL, c.data())))) {
      m = memos.save(new Memo(run + "-deep", "t", extra));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (changed.stream().noneMatch(x -> x.code().equals(m.code()))) {
        assertTrue(System.nanoTime() < deadline, "no change within 10 s");
        Thread.onSpinWait();
      }
    }
    assertEquals(
        List.of(m),
        changed.stream().filter(x -> x.code().equals(m.code())).toList(),
        "change feed");
    assertEquals(m, memos.get(m.code()).orElseThrow(), "get");
    assertEquals(m, memos.getAll(List.of(m.code())).get(m.code()), "getAll");
    assertEquals(List.of(m), memos.findAll(Memo_.code.eq(m.code())), "find");
    try (Stream<Memo> all = memos.scan()) {
      assertEquals(List.of(m), all.filter(x -> x.code().equals(m.code())).toList(), "scan");
    }
    Memo patched = memos.update(m.code(), p -> p.text("patched")).orElseThrow();
    assertEquals(new Memo(m.code(), "patched", extra), patched, "update");
  }

  @Test
  void aPatchWhoseDocumentWouldExceedTheRecordLimitIsRefusedAndNothingChanges() {
    Memo m = smallMemos.save(new Memo(run + "-grow", "t", Map.of("a", "x".repeat(600))));
    LimitExceededException e =
        assertThrows(
            LimitExceededException.class,
            () -> smallMemos.update(m.code(), p -> p.text("y".repeat(600))));
    assertTrue(e.getMessage().contains("maxRecordBytes"), e.getMessage());
    assertEquals(m, smallMemos.get(m.code()).orElseThrow());
    assertEquals("small", smallMemos.update(m.code(), p -> p.text("small")).orElseThrow().text());
  }

  @Test
  void aPatchComputedHereIsHeldToTheRecordLimitToo() {
    // A float increment is computed by the driver and written with a compare-and-set.
    Tally t = smallTallies.insert(new Tally(0, run, 0, 0.5f, BigDecimal.ONE, 0));
    LimitExceededException e =
        assertThrows(
            LimitExceededException.class,
            () -> smallTallies.update(t.id(), p -> p.name("n".repeat(1000)).incrementRatio(0.25f)));
    assertTrue(e.getMessage().contains("maxRecordBytes"), e.getMessage());
    assertEquals(t, smallTallies.get(t.id()).orElseThrow());
    assertFalse(smallTallies.update(t.id(), p -> p.incrementRatio(0.25f)).isEmpty());
  }
}
