package io.osmos.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.osmos.Osmos;
import io.osmos.RecordPage;
import io.osmos.spi.Driver;
import io.osmos.testkit.model.Person;
import io.osmos.testkit.model.PersonRepository;
import io.osmos.testkit.model.Reading;
import io.osmos.testkit.model.ReadingRepository;
import io.osmos.testkit.model.TestModels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Several drivers (processes, in effect) binding and writing at the same time. */
class PostgresConcurrencyTest {
  private final String run = "cc" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);

  @Test
  void concurrentBindersCreateTheSchemaAndTablesOnce() throws Exception {
    String schema = run + "_schema";
    List<PostgresDriver> drivers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      drivers.add(
          PostgresDriver.builder()
              .url(TestPostgres.server().url())
              .schema(schema)
              .connectionTimeout(Duration.ofSeconds(10))
              .build());
    }
    try {
      List<PersonRepository> repos =
          all(
              drivers.stream()
                  .<Callable<PersonRepository>>map(d -> () -> new PersonRepository(osmos(d)))
                  .toList());
      for (int i = 0; i < repos.size(); i++) {
        repos
            .get(i)
            .save(new Person(run + "-" + i, null, "n", run, 1, 0, null, null, List.of(), 0));
      }
      assertEquals(6, repos.get(0).count(io.osmos.testkit.model.Person_.team.eq(run)));
      assertEquals(
          "1",
          TestPostgres.server()
              .psql(
                  "SELECT count(*) FROM pg_tables WHERE"
                      + " schemaname = '"
                      + schema
                      + "' AND tablename = 'osmos_tk_people'"));
    } finally {
      drivers.forEach(Driver::close);
      TestPostgres.server().psql("DROP SCHEMA \"" + schema + "\" CASCADE");
    }
  }

  @Test
  void changeCursorSeesEveryRecordOfConcurrentWritersOnce() throws Exception {
    List<PostgresDriver> drivers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      drivers.add(TestPostgres.newDriver());
    }
    try {
      List<ReadingRepository> writers = new ArrayList<>();
      for (PostgresDriver d : drivers) {
        writers.add(new ReadingRepository(Osmos.builder().driver(TestModels.STREAMS, d).build()));
      }
      ReadingRepository reader = writers.get(0);
      String cursor = reader.changes();
      int perWriter = 60;
      List<Callable<Void>> work = new ArrayList<>();
      for (int w = 0; w < writers.size(); w++) {
        ReadingRepository repo = writers.get(w);
        String device = run + "-w" + w;
        work.add(
            () -> {
              for (int i = 0; i < perWriter; i++) {
                repo.write(List.of(new Reading(device, i, Instant.EPOCH.plusSeconds(i), "s", i)));
              }
              return null;
            });
      }
      ExecutorService pool = Executors.newFixedThreadPool(work.size());
      Map<String, Integer> seen = new HashMap<>();
      try {
        List<Future<Void>> futures = new ArrayList<>();
        for (Callable<Void> c : work) {
          futures.add(pool.submit(c));
        }
        // Read the change cursor while the writers commit, until every record has arrived.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (seen.size() < writers.size() * perWriter) {
          if (System.nanoTime() > deadline) {
            fail(
                "the change cursor delivered "
                    + seen.size()
                    + " of "
                    + writers.size() * perWriter
                    + " records");
          }
          RecordPage<Reading> page = reader.read(cursor, 50);
          for (Reading r : page.records()) {
            if (r.device().startsWith(run)) {
              seen.merge(r.device() + "/" + r.seq(), 1, Integer::sum);
            }
          }
          cursor = page.nextCursor();
        }
        for (Future<Void> f : futures) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      seen.forEach((k, n) -> assertEquals(1, n, k + " was read " + n + " times"));
      assertEquals(writers.size() * perWriter, seen.size());
    } finally {
      drivers.forEach(Driver::close);
    }
  }

  private static Osmos osmos(Driver d) {
    return Osmos.builder().driver(TestModels.DRIVER, d).build();
  }

  /** Runs the tasks at once (behind a latch) and returns their results in order. */
  private static <R> List<R> all(List<Callable<R>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<R>> futures = new ArrayList<>();
      for (Callable<R> t : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return t.call();
                }));
      }
      start.countDown();
      List<R> out = new ArrayList<>();
      for (Future<R> f : futures) {
        out.add(f.get(60, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
