package io.osmos.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.osmos.Osmos;
import io.osmos.exceptions.DriverException;
import io.osmos.exceptions.OsmosException;
import io.osmos.spi.Message;
import io.osmos.spi.MessageQueue.Delivery;
import io.osmos.spi.Subscription;
import io.osmos.testkit.model.Address;
import io.osmos.testkit.model.Person;
import io.osmos.testkit.model.PersonRepository;
import io.osmos.testkit.model.TestModels;
import io.osmos.testkit.server.PostgresTestServer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The server stops (as in a crash) while the driver works: operations fail with errors naming
 * driver and operation, a transaction cut short leaves nothing behind, and after a restart on the
 * same port the same driver instance works again.
 */
class PostgresFaultTest {
  private final String run = "ft" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);

  @Test
  void aCrashLeavesNothingHalfWrittenAndTheDriverRecovers() throws Exception {
    PostgresTestServer server = TestPostgres.server();
    Assumptions.assumeTrue(
        server.managed(),
        "needs a server this JVM started ("
            + PostgresTestServer.OVERRIDE
            + " names one it cannot stop)");
    // A short connection timeout: while the server is down, every call waits that long.
    try (PostgresDriver driver =
            PostgresDriver.builder()
                .url(server.url())
                .connectionTimeout(Duration.ofSeconds(1))
                .build();
        Osmos osmos = Osmos.builder().driver(TestModels.DRIVER, driver).build()) {
      PersonRepository people = new PersonRepository(osmos);
      String blocker = run + "-m0500";
      people.save(person(blocker, 0));
      Set<String> received = ConcurrentHashMap.newKeySet();
      String topic = run + "-topic";
      Subscription sub =
          driver.subscribe(
              topic,
              "survivor",
              Delivery.AT_LEAST_ONCE,
              m -> received.add(new String(m.data(), StandardCharsets.UTF_8)));
      List<Person> all = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        all.add(person(String.format("%s-m%04d", run, i), i == 500 ? 1 : 0));
      }
      CompletableFuture<List<Person>> batch;
      Connection holder = TestPostgres.connect();
      try {
        // A transaction of 1000 upserts that is stopped half-way: another connection holds the
        // row in the middle, so the first 500 rows are written (not committed) when it blocks.
        holder.setAutoCommit(false);
        try (PreparedStatement ps =
            holder.prepareStatement(
                "SELECT 1 FROM osmos.osmos_tk_people WHERE key = ? FOR UPDATE")) {
          ps.setString(1, blocker);
          ps.executeQuery().close();
        }
        // Its own thread, not the common pool: on a small machine that pool has one thread,
        // which another test class may still occupy.
        AtomicReference<String> waits = new AtomicReference<>("");
        batch = new CompletableFuture<>();
        CompletableFuture<List<Person>> result = batch;
        Thread writer =
            new Thread(
                () -> {
                  try {
                    result.complete(people.saveAll(all));
                  } catch (Throwable t) {
                    result.completeExceptionally(t);
                  }
                },
                "fault-test-saveAll");
        writer.setDaemon(true);
        writer.start();
        await(
            "the batch to wait for the row lock",
            () -> {
              if (result.isDone()) {
                throw new AssertionError(
                    "the batch ended before it reached the locked row: " + result);
              }
              if (blockedOnLock(holder)) {
                return true;
              }
              waits.set(
                  activity(holder)
                      + "\nwriter at "
                      + Arrays.toString(writer.getStackTrace()).replace(", ", "\n  "));
              return false;
            },
            waits::get);
        server.stopImmediately();
        closeQuietly(holder);

        OsmosException get = assertThrows(OsmosException.class, () -> people.get(blocker));
        assertInstanceOf(DriverException.class, get, "a lost server is a DriverException");
        assertEquals("get", get.operation(), "names the operation: " + get);
        assertTrue(get.driver().contains("postgres"), "names the driver: " + get);
        assertNotNull(get.getCause(), "keeps the client's exception");
        DriverException publish =
            assertThrows(
                DriverException.class,
                () -> driver.publish(topic, List.of(new Message(new byte[] {1}, Map.of()))));
        assertTrue(publish.getMessage().contains("publish"), publish.getMessage());
      } finally {
        server.start();
      }

      // The pool reconnects in the background (with a back-off after failed attempts): wait until
      // a call gets a connection again, then everything must be as expected.
      await(
          "the driver to reach the restarted server",
          () -> {
            try {
              people.get(blocker);
              return true;
            } catch (DriverException e) {
              return false;
            }
          });
      Throwable failure =
          assertThrows(Exception.class, () -> batch.get(60, TimeUnit.SECONDS)).getCause();
      assertInstanceOf(DriverException.class, failure, "the cut-off saveAll: " + failure);
      assertEquals("saveAll", ((DriverException) failure).operation());
      // Nothing of the batch was committed: the rows before the blocker are gone too.
      assertEquals(
          1,
          people.count(io.osmos.testkit.model.Person_.team.eq(run + "-batch")),
          "part of a transaction survived the crash (only the row saved before may be there)");
      assertEquals(1, people.get(blocker).orElseThrow().version(), "the blocked row changed");

      // The same driver instance works again: the pool replaces its dead connections.
      Person after = people.insert(person(run + "-after", 0));
      assertEquals(after, people.get(after.id()).orElseThrow());
      driver.publish(
          topic, List.of(new Message("after".getBytes(StandardCharsets.UTF_8), Map.of())));
      await("the subscription to resume after the restart", () -> received.contains("after"));
      sub.close();
    }
  }

  private Person person(String id, long version) {
    return new Person(
        id, null, id, run + "-batch", 30, 0, null, new Address("Oslo", null), List.of(), version);
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // The server is gone; nothing to release.
    }
  }

  /** Whether another backend waits for a lock the holder connection has. */
  private static boolean blockedOnLock(Connection holder) {
    // The holder is inside a transaction, where pg_stat_activity is a snapshot taken on its first
    // read: clear it, or a wait that began after that read is never seen.
    try (PreparedStatement clear = holder.prepareStatement("SELECT pg_stat_clear_snapshot()")) {
      clear.executeQuery().close();
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
    try (PreparedStatement ps =
            holder.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity"
                    + " WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1) > 0;
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  /** The other backends and what they wait for, for failure messages. */
  private static String activity(Connection holder) {
    StringBuilder b = new StringBuilder();
    try (PreparedStatement ps =
            holder.prepareStatement(
                "SELECT pid, state, wait_event_type,"
                    + " wait_event, left(query, 120) FROM pg_stat_activity WHERE pid <> pg_backend_pid()");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        b.append("\n  ")
            .append(rs.getLong(1))
            .append(' ')
            .append(rs.getString(2))
            .append(' ')
            .append(rs.getString(3))
            .append('/')
            .append(rs.getString(4))
            .append(": ")
            .append(rs.getString(5));
      }
    } catch (SQLException e) {
      b.append(e);
    }
    return b.toString();
  }

  private static void await(String what, BooleanSupplier condition) {
    await(what, condition, () -> "");
  }

  private static void await(String what, BooleanSupplier condition, Supplier<String> state) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("gave up after 30 s waiting for " + what + state.get());
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
