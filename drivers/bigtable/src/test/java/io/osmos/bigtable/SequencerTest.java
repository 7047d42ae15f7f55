package io.osmos.bigtable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.BigtableDataSettings;
import io.osmos.exceptions.DriverException;
import io.osmos.testkit.server.BigtableEmulator;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The sequencer, after Beneath's sequencer tests: batches of offsets, a stable tip that waits for
 * uncommitted batches (also when they commit out of order), commits refused after the timeout, dead
 * batches skipped once the timeout has passed, and compaction of commits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SequencerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private BigtableDataClient data;
  private BigtableDriver driver;
  private String table;

  @BeforeAll
  void connect() throws IOException {
    BigtableEmulator emulator = BigtableEmulator.get();
    data =
        BigtableDataClient.create(
            BigtableDataSettings.newBuilderForEmulator(emulator.host(), emulator.port())
                .setProjectId("osmos-test")
                .setInstanceId("sequencer")
                .build());
    String prefix = "s" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    driver =
        BigtableDriver.builder("osmos-test", "sequencer")
            .emulatorHost(emulator.hostPort())
            .tablePrefix(prefix)
            .build();
    driver.lookupTable(Event_.MODEL); // creates the tables
    table = prefix + "_sequencer";
  }

  @AfterAll
  void disconnect() {
    if (driver != null) {
      driver.close();
      data.close();
    }
  }

  private Sequencer sequencer() {
    return new Sequencer(data, table, streamId(), TIMEOUT, Duration.ZERO, Clock.systemUTC());
  }

  private static byte[] streamId() {
    return Layout.streamId("seq-" + ThreadLocalRandom.current().nextLong());
  }

  /** The system clock, moved forward by the test. */
  private static final class AdvancingClock extends Clock {
    private volatile Duration ahead = Duration.ZERO;

    void advance(Duration by) {
      ahead = ahead.plus(by);
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(ahead);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void firstBatchBecomesStableWhenCommitted() {
    Sequencer s = sequencer();
    assertEquals(new Sequencer.State(0, 0, 0, 0), s.state(), "a new stream");
    Sequencer.Batch b = s.begin(50);
    assertEquals(0, b.start());
    assertEquals(50, b.end());
    assertEquals(50, s.state().next());
    assertEquals(0, s.state().nextStable(), "not stable before the commit");
    s.commit(b);
    assertEquals(50, s.state().nextStable());
    Sequencer.Batch second = s.begin(1);
    assertEquals(50, second.start(), "batches are consecutive");
  }

  @Test
  void outOfOrderCommitsKeepTheTipAtTheFirstUncommittedBatch() {
    Sequencer s = sequencer();
    Sequencer.Batch b1 = s.begin(5);
    Sequencer.Batch b2 = s.begin(10);
    Sequencer.Batch b3 = s.begin(15);
    s.commit(b1);
    s.commit(b3);
    assertEquals(5, s.state().nextStable(), "batch 2 is still open");
    s.commit(b2);
    assertEquals(30, s.state().nextStable());
  }

  @Test
  void lateCommitIsRefusedAndTheDeadBatchIsSkipped() {
    byte[] stream = streamId();
    AdvancingClock clock = new AdvancingClock();
    Sequencer s = new Sequencer(data, table, stream, TIMEOUT, Duration.ZERO, clock);
    // A writer of the same stream whose commit comes after its timeout: a timeout of 1 ns has
    // passed by the time begin's round trip returns.
    Sequencer late = new Sequencer(data, table, stream, Duration.ofNanos(1), Duration.ZERO, clock);
    Sequencer.Batch dead = late.begin(10);
    DriverException e = assertThrows(DriverException.class, () -> late.commit(dead));
    assertTrue(e.getMessage().contains("sequencer timeout"), e.getMessage());
    Sequencer.Batch next = s.begin(20);
    s.commit(next);
    assertEquals(
        0,
        s.state().nextStable(),
        "the dead batch began less than the timeout before"
            + " the next one committed, so it might still commit");
    // Readers pass the dead batch once the next one began longer than the timeout ago.
    clock.advance(TIMEOUT.plusSeconds(1));
    assertEquals(30, s.state().nextStable());
  }

  @Test
  void uncommittedTailIsSkippedAfterTheTimeout() {
    Sequencer s = sequencer();
    s.commit(s.begin(3));
    s.begin(4); // never committed
    assertEquals(3, s.state().nextStable());
    await(() -> s.state().nextStable() == 7, s);
  }

  @Test
  void compactionFoldsCommitsIntoTheStoredTip() {
    Sequencer s = sequencer();
    for (int i = 0; i < 2 * Sequencer.COMPACT_EVERY + 1; i++) {
      s.commit(s.begin(2));
    }
    Sequencer.State state = s.state();
    assertEquals(2L * (2 * Sequencer.COMPACT_EVERY + 1), state.next());
    assertEquals(state.next(), state.nextStable());
    assertEquals(2L * 2 * Sequencer.COMPACT_EVERY, state.stored(), "compacted at batch 200");
    assertEquals(1, state.pendingCommits(), "commits folded by compaction are removed");
  }

  @Test
  void compactionSkipsDeadBatchesAndNeverGoesBack() {
    Sequencer s = sequencer();
    s.begin(5); // dies
    Sequencer.Batch b = s.begin(5);
    s.commit(b);
    s.compact();
    assertEquals(0, s.state().stored(), "nothing is stable while the first batch may commit");
    await(() -> s.state().nextStable() == 10, s);
    s.compact();
    assertEquals(new Sequencer.State(10, 10, 10, 0), s.state());
    s.compact();
    assertEquals(10, s.state().stored(), "a second compaction changes nothing");
  }

  @Test
  void concurrentWritersGetDisjointRangesAndTheTipCoversAll() throws Exception {
    Sequencer s = sequencer();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Sequencer.Batch>>> futures = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        futures.add(
            pool.submit(
                () -> {
                  List<Sequencer.Batch> mine = new ArrayList<>();
                  for (int i = 0; i < 25; i++) {
                    Sequencer.Batch b = s.begin(1 + i % 7);
                    if (i % 10 != 9) {
                      s.commit(b); // every tenth writer "crashes"
                    }
                    mine.add(b);
                  }
                  return mine;
                }));
      }
      List<Sequencer.Batch> all = new ArrayList<>();
      for (Future<List<Sequencer.Batch>> f : futures) {
        all.addAll(f.get());
      }
      all.sort((a, b) -> Long.compare(a.start(), b.start()));
      long expected = 0;
      for (Sequencer.Batch b : all) {
        assertEquals(expected, b.start(), "ranges are disjoint and leave no hole");
        expected = b.end();
      }
      long total = expected;
      await(() -> s.state().nextStable() == total, s);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void await(BooleanSupplier condition, Sequencer s) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("gave up waiting; the sequencer is at " + s.state());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
