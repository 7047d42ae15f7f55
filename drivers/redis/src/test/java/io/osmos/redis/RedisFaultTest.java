package io.osmos.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.Osmos;
import io.osmos.exceptions.DriverException;
import io.osmos.testkit.server.RedisTestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A server that dies in the middle of a run: operations fail with {@link DriverException}s that
 * name the driver and the operation, no document is left half-written (each write is one script,
 * and the append-only file keeps a script's effects whole or not at all), and once the server is
 * back on its port the same driver instance works again, loading its scripts anew.
 */
class RedisFaultTest {
  @Test
  void aCrashMidRunLeavesNothingHalfWrittenAndTheSameDriverRecovers() throws Exception {
    RedisTestServer server =
        RedisTestServer.dedicated("fault", "--appendonly", "yes", "--appendfsync", "always");
    Osmos osmos = Osmos.builder().driver("db", new RedisDriver(server.url())).build();
    try {
      JobRepository jobs = new JobRepository(osmos);
      List<Long> ids = new CopyOnWriteArrayList<>();
      for (int i = 0; i < 20; i++) {
        ids.add(jobs.insert(new Job(0, "new", i, "seed")).id());
      }

      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger done = new AtomicInteger();
      Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        Thread t = new Thread(() -> write(jobs, ids, stop, done, unexpected), "writer-" + w);
        t.start();
        writers.add(t);
      }
      RedisQueueTest.await("writes before the crash", () -> done.get() >= 300);
      server.kill();

      DriverException get = assertThrows(DriverException.class, () -> jobs.get(ids.get(0)));
      assertEquals("get", get.operation());
      assertTrue(get.driver().contains("redis"), "names the driver: " + get.getMessage());
      assertInstanceOf(JedisException.class, get.getCause(), "keeps the client's exception");
      DriverException save =
          assertThrows(
              DriverException.class, () -> jobs.save(new Job(ids.get(0), "lost", 0, null)));
      assertEquals("save", save.operation());
      assertTrue(save.getMessage().contains("EVALSHA"), save.getMessage());

      stop.set(true);
      for (Thread t : writers) {
        t.join(30_000);
      }
      assertEquals(List.of(), List.copyOf(unexpected), "failures other than DriverException");

      server.restart();
      try (RawRedis raw = new RawRedis(server.url(), "osmos:")) {
        assertEquals(
            List.of(),
            IndexAudit.problems(raw.client(), "osmos:", Job_.MODEL),
            "what the server kept after the crash");
        assertEquals(
            List.of(false),
            raw.client().scriptExists(List.of(RedisScript.SAVE.sha)),
            "a restarted server knows no scripts");

        Job after = jobs.insert(new Job(0, "after", 1, "restart"));
        assertEquals(Optional.of(after), jobs.get(after.id()));
        assertEquals(List.of(after), jobs.findByState("after"));
        assertEquals(
            List.of(true),
            raw.client().scriptExists(List.of(RedisScript.SAVE.sha)),
            "the driver loaded its script on NOSCRIPT");
        assertEquals(List.of(), IndexAudit.problems(raw.client(), "osmos:", Job_.MODEL));
      }
    } finally {
      osmos.close();
      server.stop();
    }
  }

  /** Random writes until stopped; only DriverExceptions (the server is gone) are expected. */
  private static void write(
      JobRepository jobs,
      List<Long> ids,
      AtomicBoolean stop,
      AtomicInteger done,
      Queue<Throwable> unexpected) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    while (!stop.get()) {
      long id = ids.get(r.nextInt(ids.size()));
      String state = List.of("new", "running", "done").get(r.nextInt(3));
      try {
        switch (r.nextInt(5)) {
          case 0 -> jobs.save(new Job(id, state, r.nextLong(100), "saved"));
          case 1 -> jobs.update(id, p -> p.state(state).incrementPriority(1).note("patched"));
          case 2 -> jobs.delete(id);
          case 3 -> ids.add(jobs.insert(new Job(0, state, r.nextLong(100), "inserted")).id());
          default ->
              jobs.saveAll(
                  List.of(
                      new Job(id, state, 1, "batch"),
                      new Job(ids.get(r.nextInt(ids.size())) + 1_000_000, state, 2, "batch")));
        }
        done.incrementAndGet();
      } catch (DriverException e) {
        try {
          Thread.sleep(5);
        } catch (InterruptedException ie) {
          return;
        }
      } catch (Throwable t) {
        unexpected.add(t);
        return;
      }
    }
  }
}
