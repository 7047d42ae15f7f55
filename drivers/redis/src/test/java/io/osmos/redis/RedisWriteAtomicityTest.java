package io.osmos.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.Osmos;
import io.osmos.exceptions.ConcurrentUpdateException;
import io.osmos.exceptions.DuplicateKeyException;
import io.osmos.exceptions.OsmosException;
import io.osmos.testkit.server.RedisTestServer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Writes are atomic with their index upkeep: whatever the interleaving of concurrent saves,
 * patches, increments and deletes, the index sets, keys set and entries hashes say exactly what the
 * documents say; a patch that fails changes nothing.
 */
class RedisWriteAtomicityTest {
  private final String prefix =
      "t" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36) + ":";
  private RawRedis raw;
  private Osmos osmos;
  private GaugeRepository gauges;

  @BeforeEach
  void connect() {
    RedisTestServer redis = RedisTestServer.shared();
    raw = new RawRedis(redis.url(), prefix);
    osmos =
        Osmos.builder()
            .driver(
                "db",
                new RedisDriver(redis.url(), RedisDriver.Options.defaults().keyPrefix(prefix)))
            .build();
    gauges = new GaugeRepository(osmos);
  }

  @AfterEach
  void cleanUp() {
    try {
      for (String k : raw.client().keys(prefix + "*")) {
        raw.client().del(k);
      }
    } finally {
      osmos.close();
      raw.close();
    }
  }

  private static Gauge gauge(String id, String group, long rank) {
    return new Gauge(id, group, rank, 0.0, 0f, BigDecimal.ZERO, 0, 0, 0);
  }

  @Test
  void concurrentWritesLeaveNoStaleIndexEntry() throws Exception {
    List<String> ids = List.of("g-0", "g-1", "g-2", "g-3", "g-4");
    run(
        8,
        worker -> {
          ThreadLocalRandom r = ThreadLocalRandom.current();
          for (int i = 0; i < 150; i++) {
            String id = ids.get(r.nextInt(ids.size()));
            String group = "group-" + r.nextInt(3);
            try {
              switch (r.nextInt(6)) {
                case 0 -> gauges.insert(gauge(id, group, r.nextLong(-5, 5)));
                case 1 ->
                    gauges
                        .get(id)
                        .ifPresent(
                            g ->
                                gauges.save(
                                    new Gauge(
                                        id,
                                        group,
                                        r.nextLong(-5, 5),
                                        g.weight(),
                                        g.ratio(),
                                        g.total(),
                                        g.hits(),
                                        g.misses(),
                                        g.version())));
                case 2 -> gauges.update(id, p -> p.group(r.nextBoolean() ? group : null));
                case 3 ->
                    gauges.update(id, p -> p.incrementRank(r.nextInt(-2, 3)).incrementHits(1));
                case 4 -> gauges.delete(id);
                default -> gauges.deleteAll(List.of(id, ids.get(r.nextInt(ids.size()))));
              }
            } catch (DuplicateKeyException | ConcurrentUpdateException expected) {
              // the interleaving decided: someone else wrote first
            }
          }
        });
    assertEquals(List.of(), IndexAudit.problems(raw.client(), prefix, Gauge_.MODEL));
    for (Gauge g : gauges.getAll(ids).values()) {
      assertTrue(gauges.findByRank(g.rank()).contains(g), "found by its rank: " + g);
      if (g.group() != null) {
        assertTrue(gauges.findByGroup(g.group()).contains(g), "found by its group: " + g);
      }
    }
  }

  @Test
  void computedIncrementsAreAtomicAndMoveTheIndexEntry() throws Exception {
    gauges.insert(gauge("c", "counters", 0));
    run(
        8,
        worker -> {
          for (int i = 0; i < 50; i++) {
            gauges.update(
                "c",
                p ->
                    p.incrementRank(1).incrementWeight(0.5).incrementRatio(0.25f).incrementHits(2));
          }
        });
    Gauge after = gauges.get("c").orElseThrow();
    assertEquals(400, after.rank(), "8 threads x 50 increments of an indexed long");
    assertEquals(200.0, after.weight(), "of a double");
    assertEquals(100.0f, after.ratio(), "of a float");
    assertEquals(800, after.hits(), "of a long (HINCRBY)");
    assertEquals(401, after.version(), "each update increments the version once");
    assertEquals(List.of(after), gauges.findByRank(400L));
    assertEquals(List.of(), gauges.findByRank(399L), "the old index entry is gone");
    assertEquals(List.of(), IndexAudit.problems(raw.client(), prefix, Gauge_.MODEL));
  }

  @Test
  void aPatchWhoseIncrementOverflowsChangesNothing() {
    Gauge g =
        gauges.save(new Gauge("o", "before", 7, 1.5, 0.5f, BigDecimal.ONE, 1, Long.MAX_VALUE, 0));
    OsmosException e =
        assertThrows(
            OsmosException.class,
            () ->
                gauges.update(
                    "o",
                    p -> p.group("after").incrementRank(1).incrementHits(5).incrementMisses(1)));
    assertTrue(e.getMessage().contains("misses"), "names the field: " + e.getMessage());
    assertEquals(Optional.of(g), gauges.get("o"), "the earlier increment was undone");
    assertEquals(List.of(g), gauges.findByGroup("before"), "the index did not move");
    assertEquals(List.of(), IndexAudit.problems(raw.client(), prefix, Gauge_.MODEL));
  }

  @Test
  void aVersionCheckedPatchOfAStaleVersionChangesNothing() {
    Gauge g = gauges.insert(gauge("v", "g", 1));
    gauges.update("v", p -> p.incrementHits(1));
    assertThrows(
        ConcurrentUpdateException.class,
        () ->
            gauges.update("v", p -> p.expectVersion(g.version()).group("other").incrementRank(5)));
    Gauge now = gauges.get("v").orElseThrow();
    assertEquals("g", now.group());
    assertEquals(1, now.rank());
    assertEquals(List.of(), IndexAudit.problems(raw.client(), prefix, Gauge_.MODEL));
  }

  @Test
  void saveAllWritesNothingWhenOneVersionIsStale() {
    gauges.insert(gauge("a", "batch", 1));
    Gauge stale = gauge("b", "batch", 2); // version 0: not stored yet, so fine
    Gauge staleA = gauge("a", "batch", 3); // version 0, but stored at 1: stale
    assertThrows(ConcurrentUpdateException.class, () -> gauges.saveAll(List.of(stale, staleA)));
    assertEquals(Optional.empty(), gauges.get("b"), "part of a refused batch was written");
    assertEquals(1, gauges.get("a").orElseThrow().rank());
    assertEquals(List.of(), IndexAudit.problems(raw.client(), prefix, Gauge_.MODEL));
  }

  @FunctionalInterface
  interface Work {
    void run(int worker) throws Exception;
  }

  static void run(int threads, Work work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < threads; w++) {
        int worker = w;
        futures.add(
            pool.submit(
                () -> {
                  work.run(worker);
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
