package io.osmos.rethinkdb;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.osmos.Osmos;
import io.osmos.codec.json.JsonFormat;
import io.osmos.exceptions.CapabilityException;
import io.osmos.spi.MessageQueue;
import io.osmos.spi.ReceivedMessage;
import io.osmos.spi.Subscription;
import io.osmos.testkit.model.Address;
import io.osmos.testkit.model.Person;
import io.osmos.testkit.model.PersonRepository;
import io.osmos.testkit.model.Person_;
import io.osmos.testkit.model.ReadingRepository;
import io.osmos.testkit.model.TestModels;
import io.osmos.testkit.server.RethinkTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The driver's change feeds beyond the conformance suite: a feed whose connection breaks is
 * reopened, and the driver is a change feed, not a message queue, which stream repositories need.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RethinkChangeFeedTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final String run = "f" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  private RethinkDriver driver;
  private PersonRepository people;

  @BeforeAll
  void connect() {
    driver = new RethinkDriver(RethinkTestServer.get().url("osmos_feed_test"));
    people = new PersonRepository(Osmos.builder().driver(TestModels.DRIVER, driver).build());
  }

  @AfterAll
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  private Person person(String suffix) {
    return new Person(
        run + "-" + suffix,
        run + suffix + "@example.org",
        run + "/" + suffix,
        run,
        30,
        0,
        null,
        new Address("Oslo", null),
        List.of(),
        0);
  }

  @Test
  void aBrokenFeedIsReopened() throws Exception {
    Queue<ReceivedMessage> got = new ConcurrentLinkedQueue<>();
    try (Subscription s =
        driver.subscribeChanges(
            "osmos_tk_people",
            m -> {
              if (JsonFormat.decode(Person_.MODEL, m.data()).id().startsWith(run)) {
                got.add(m);
              }
            })) {
      Person before = people.insert(person("broken"));
      awaitSize(got, 1);
      ((ChangeSubscription<?, ?>) s).breakConnection();
      // Changes made while the feed is down are lost (ephemeral); keep writing until one arrives.
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (got.size() < 2 && System.nanoTime() < deadline) {
        people.update(before.id(), x -> x.incrementVisits(1));
        Thread.sleep(50);
      }
      assertTrue(got.size() >= 2, "no change arrived after the connection broke");
    }
  }

  @Test
  void theDriverIsAChangeFeedAndNoMessageQueue() {
    assertFalse(
        MessageQueue.class.isAssignableFrom(RethinkDriver.class),
        "a change feed publishes nothing and keeps no position");
    try (Osmos osmos = Osmos.builder().driver(TestModels.STREAMS, driver).build()) {
      CapabilityException e =
          assertThrows(CapabilityException.class, () -> new ReadingRepository(osmos));
      assertTrue(e.getMessage().contains("needs a MessageQueue"), e.getMessage());
      assertTrue(e.getMessage().contains("offers [DocumentStore, ChangeFeed]"), e.getMessage());
    }
  }

  private static void awaitSize(Queue<?> q, int size) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (q.size() < size) {
      if (System.nanoTime() > deadline) {
        fail("gave up after " + WAIT.toSeconds() + " s waiting for " + size + "; saw " + q);
      }
      Thread.sleep(10);
    }
  }
}
