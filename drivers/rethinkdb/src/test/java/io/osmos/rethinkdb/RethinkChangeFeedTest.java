package io.osmos.rethinkdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.osmos.Osmos;
import io.osmos.codec.json.JsonFormat;
import io.osmos.spi.DeadLetterPolicy;
import io.osmos.spi.MessageQueue.Delivery;
import io.osmos.spi.MessageQueue.MessageHandler;
import io.osmos.spi.ReceivedMessage;
import io.osmos.spi.Subscription;
import io.osmos.spi.TupleKey;
import io.osmos.spi.UnprocessableMessageException;
import io.osmos.testkit.model.Address;
import io.osmos.testkit.model.Person;
import io.osmos.testkit.model.PersonRepository;
import io.osmos.testkit.model.Person_;
import io.osmos.testkit.model.TestModels;
import io.osmos.testkit.server.RethinkTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The driver's message queue: ephemeral subscriptions to a bucket's change feed. The testkit's
 * MessageQueue suite is not run because it publishes messages and relies on at-least-once
 * subscriptions, which a change feed cannot offer; these tests check the ephemeral rules of that
 * suite (no backlog, every subscriber gets every message, redelivery when a handler throws, stop
 * on close, close waits for a running handler) on changes instead of published messages.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RethinkChangeFeedTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final String run = "f" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  private final List<Subscription> open = new ArrayList<>();
  private RethinkDriver driver;
  private PersonRepository people;
  private int serial;

  @BeforeAll
  void connect() {
    driver = new RethinkDriver(RethinkTestServer.get().url("osmos_feed_test"));
    people = new PersonRepository(Osmos.builder().driver(TestModels.DRIVER, driver).build());
  }

  @AfterEach
  void closeSubscriptions() {
    open.forEach(Subscription::close);
    open.clear();
  }

  @AfterAll
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  private Subscription subscribe(MessageHandler handler) {
    Subscription s = driver.subscribe("osmos_tk_people", "ignored", Delivery.EPHEMERAL, handler);
    open.add(s);
    return s;
  }

  private Person person() {
    serial++;
    return new Person(run + "-" + serial, run + serial + "@example.org", run + "/p" + serial, run,
        30, 0, null, new Address("Oslo", null), List.of(), 0);
  }

  /** The changes of this test class's documents (the bucket may hold others' too). */
  private static final class Inbox implements MessageHandler {
    final Queue<ReceivedMessage> got = new ConcurrentLinkedQueue<>();
    private final String prefix;

    Inbox(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public void handle(ReceivedMessage m) {
      if (person(m).id().startsWith(prefix)) {
        got.add(m);
      }
    }

    List<String> summary() {
      List<String> out = new ArrayList<>();
      for (ReceivedMessage m : got) {
        Person p = person(m);
        out.add(m.attributes().get("op") + " " + p.id() + " " + p.name());
      }
      return out;
    }
  }

  private static Person person(ReceivedMessage m) {
    return JsonFormat.decode(Person_.MODEL, m.data());
  }

  private static void await(String what, BooleanSupplier condition, Object seen) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("gave up after " + WAIT.toSeconds() + " s waiting for " + what + "; saw " + seen);
      }
      pause(10);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void insertsUpdatesAndDeletesArriveInOrderAsModelsWithOpAndKey() {
    Inbox inbox = new Inbox(run);
    subscribe(inbox);
    Person p = people.insert(person());
    people.update(p.id(), x -> x.name(run + "/renamed"));
    people.delete(p.id());
    await("3 changes", () -> inbox.got.size() >= 3, inbox.got);
    assertEquals(List.of("insert " + p.id() + " " + p.name(),
        "update " + p.id() + " " + run + "/renamed",
        "delete " + p.id() + " " + run + "/renamed"), inbox.summary());
    ReceivedMessage first = inbox.got.peek();
    assertEquals(p, person(first), "the data is the model as JSON");
    assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(TupleKey.encode(p.id())),
        first.attributes().get("key"));
    assertEquals(1, first.deliveryAttempt());
    assertEquals(3, inbox.got.stream().map(ReceivedMessage::id).distinct().count(),
        "distinct ids");
  }

  @Test
  void aSubscriptionGetsNoBacklog() {
    Person before = people.insert(person());
    Inbox inbox = new Inbox(run);
    subscribe(inbox);
    Person after = people.insert(person());
    await("the change after subscribing", () -> !inbox.got.isEmpty(), inbox.got);
    people.update(before.id(), x -> x.name(run + "/later"));
    await("2 changes", () -> inbox.got.size() >= 2, inbox.got);
    assertEquals(List.of("insert " + after.id() + " " + after.name(),
        "update " + before.id() + " " + run + "/later"), inbox.summary(),
        "only changes made after subscribing");
  }

  @Test
  void everySubscriberGetsEveryChange() {
    Inbox a = new Inbox(run);
    Inbox b = new Inbox(run);
    subscribe(a);
    subscribe(b);
    for (int i = 0; i < 10; i++) {
      people.insert(person());
    }
    await("10 changes each", () -> a.got.size() >= 10 && b.got.size() >= 10,
        a.got.size() + " and " + b.got.size());
    assertEquals(a.summary(), b.summary());
  }

  @Test
  void aHandlerThatThrowsGetsTheChangeAgain() {
    Map<String, Integer> attempts = new ConcurrentHashMap<>();
    Queue<Integer> reported = new ConcurrentLinkedQueue<>();
    subscribe(m -> {
      Person p = person(m);
      if (!p.id().startsWith(run)) {
        return;
      }
      if (attempts.merge(p.id(), 1, Integer::sum) == 1) {
        throw new IllegalStateException("failing the first delivery on purpose");
      }
      reported.add(m.deliveryAttempt());
    });
    people.insert(person());
    await("a redelivery", () -> !reported.isEmpty(), attempts);
    assertEquals(2, reported.peek(), "the redelivery counts its attempt");
  }

  @Test
  void aChangeWhoseHandlerKeepsFailingIsSkippedAfterItsAttemptsAndTheNextOneArrives() {
    Person stuck = person();
    Person unprocessable = person();
    Person next = person();
    Map<String, List<Integer>> attempts = new ConcurrentHashMap<>();
    Queue<String> handled = new ConcurrentLinkedQueue<>();
    Subscription s = driver.subscribe("osmos_tk_people", "ignored", Delivery.EPHEMERAL,
        DeadLetterPolicy.attempts(3), m -> {
          Person p = person(m);
          if (!p.id().startsWith(run)) {
            return;
          }
          attempts.computeIfAbsent(p.id(), k -> new CopyOnWriteArrayList<>())
              .add(m.deliveryAttempt());
          if (p.id().equals(stuck.id())) {
            throw new IllegalStateException("never handled");
          }
          if (p.id().equals(unprocessable.id())) {
            throw new UnprocessableMessageException("cannot be handled", null);
          }
          handled.add(p.id());
        });
    open.add(s);
    people.insert(stuck);
    people.insert(unprocessable);
    // The unprocessable change waits behind the stuck one until that one is given up.
    await("both changes given up", () -> attempts.containsKey(unprocessable.id()), attempts);
    people.insert(next);
    await("the change after them", () -> handled.contains(next.id()), attempts);
    assertEquals(List.of(1, 2, 3), attempts.get(stuck.id()), "three attempts, then skipped");
    assertEquals(List.of(1), attempts.get(unprocessable.id()), "skipped at once");
  }

  @Test
  void aBrokenFeedIsReopened() {
    Inbox inbox = new Inbox(run);
    ChangeFeed<?, ?> feed = (ChangeFeed<?, ?>) subscribe(inbox);
    Person before = people.insert(person());
    await("the first change", () -> !inbox.got.isEmpty(), inbox.got);
    feed.breakConnection();
    // Changes made while the feed is down are lost (ephemeral); keep writing until one arrives.
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (inbox.got.size() < 2 && System.nanoTime() < deadline) {
      people.update(before.id(), x -> x.incrementVisits(1));
      pause(50);
    }
    assertTrue(inbox.got.size() >= 2, "no change arrived after the connection broke");
  }

  @Test
  void aClosedSubscriptionStopsAndCloseWaitsForTheRunningHandler() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean finished = new AtomicBoolean();
    Queue<String> slowGot = new ConcurrentLinkedQueue<>();
    Subscription slow = driver.subscribe("osmos_tk_people", "x", Delivery.EPHEMERAL, m -> {
      if (!person(m).id().startsWith(run)) {
        return;
      }
      slowGot.add(person(m).id());
      started.countDown();
      pause(300);
      finished.set(true);
    });
    Inbox witness = new Inbox(run);
    subscribe(witness);
    Person first = people.insert(person());
    assertTrue(started.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "not delivered");
    slow.close();
    assertTrue(finished.get(), "close returned while the handler was still running");
    Person second = people.insert(person());
    await("the witness to see both", () -> witness.got.size() >= 2, witness.got);
    assertEquals(List.of(first.id()), List.copyOf(slowGot), "delivery went on after close");
    assertNotEquals(first.id(), second.id());
  }
}
