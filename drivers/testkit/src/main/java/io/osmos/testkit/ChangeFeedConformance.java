package io.osmos.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.Osmos;
import io.osmos.codec.json.JsonFormat;
import io.osmos.spi.ChangeFeed;
import io.osmos.spi.ChangeFeed.ChangeHandler;
import io.osmos.spi.DocumentStore;
import io.osmos.spi.Driver;
import io.osmos.spi.ReceivedMessage;
import io.osmos.spi.Subscription;
import io.osmos.spi.TupleKey;
import io.osmos.spi.UnprocessableMessageException;
import io.osmos.testkit.model.Address;
import io.osmos.testkit.model.Person;
import io.osmos.testkit.model.PersonRepository;
import io.osmos.testkit.model.Person_;
import io.osmos.testkit.model.TestModels;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The conformance suite of the {@link ChangeFeed} capability: the inserts, updates and deletes a
 * repository writes arrive in order as models with their operation and key, without backlog, at
 * every subscriber; a handler that throws gets the change again up to its attempts, then the change
 * is skipped and the next one arrives; closing a subscription stops it and waits for its running
 * handler. The driver must be a {@link DocumentStore} too: the changes are written through a {@link
 * PersonRepository}.
 *
 * <p><b>Lifecycle.</b> {@link #newDriver()} is called once per test class and the driver is closed
 * after the last test; subscriptions a test opens are closed after it.
 *
 * <p><b>Isolation.</b> The bucket is fixed ({@code osmos_tk_people}), so every test writes keys
 * that start with a scope of its own and its handlers ignore the changes of other keys. Tests wait
 * for deliveries with bounded polls (10 s) and never assert on timing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ChangeFeedConformance {
  private static final String BUCKET = "osmos_tk_people";

  private final String run = "cf" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  private final AtomicInteger tests = new AtomicInteger();
  private final AtomicInteger serial = new AtomicInteger();
  private final List<Subscription> open = new ArrayList<>();

  private Driver driver;
  private ChangeFeed feed;
  private Osmos osmos;
  private PersonRepository people;
  private String scope;

  /**
   * The driver under test, connected to the test server: a {@link ChangeFeed} and a {@link
   * DocumentStore}. Called once per test class; the suite closes it.
   */
  protected abstract Driver newDriver();

  /** The driver under test. */
  protected final ChangeFeed feed() {
    return feed;
  }

  @BeforeAll
  final void connect() {
    driver = newDriver();
    assertTrue(
        driver instanceof ChangeFeed && driver instanceof DocumentStore,
        "the driver under test ("
            + driver.kind()
            + ") must implement ChangeFeed and"
            + " DocumentStore");
    feed = (ChangeFeed) driver;
    osmos = Osmos.builder().driver(TestModels.DRIVER, driver).build();
    people = new PersonRepository(osmos);
  }

  @AfterAll
  final void disconnect() {
    if (osmos != null) {
      osmos.close();
    }
  }

  @BeforeEach
  final void newScope() {
    scope = run + "-" + tests.incrementAndGet();
  }

  @AfterEach
  final void closeSubscriptions() {
    try {
      for (Subscription s : open) {
        s.close();
      }
    } finally {
      open.clear();
    }
  }

  // ---- delivery --------------------------------------------------------------------------------

  @Test
  void insertsUpdatesAndDeletesArriveInOrderAsModelsWithOpAndKey() {
    Inbox inbox = subscribe();
    Person p = people.insert(person());
    people.update(p.id(), x -> x.name(scope + "/renamed"));
    people.delete(p.id());
    inbox.await(3);
    assertEquals(
        List.of(
            "insert " + p.id() + " " + p.name(),
            "update " + p.id() + " " + scope + "/renamed",
            "delete " + p.id() + " " + scope + "/renamed"),
        inbox.summary());
    ReceivedMessage first = inbox.all().get(0);
    assertEquals(p, person(first), "the data is the model as JSON");
    assertEquals(
        Base64.getUrlEncoder().withoutPadding().encodeToString(TupleKey.encode(p.id())),
        first.attributes().get(ChangeFeed.KEY));
    assertEquals(1, first.deliveryAttempt());
    assertEquals(
        3, inbox.all().stream().map(ReceivedMessage::id).distinct().count(), "distinct ids");
  }

  @Test
  void aSubscriptionGetsNoBacklog() {
    Person before = people.insert(person());
    Inbox inbox = subscribe();
    Person after = people.insert(person());
    inbox.await(1);
    people.update(before.id(), x -> x.name(scope + "/later"));
    inbox.await(2);
    assertEquals(
        List.of(
            "insert " + after.id() + " " + after.name(),
            "update " + before.id() + " " + scope + "/later"),
        inbox.summary(),
        "only changes made after subscribing");
  }

  @Test
  void everySubscriberGetsEveryChange() {
    Inbox a = subscribe();
    Inbox b = subscribe();
    for (int i = 0; i < 10; i++) {
      people.insert(person());
    }
    a.await(10);
    b.await(10);
    assertEquals(a.summary(), b.summary());
  }

  // ---- redelivery ------------------------------------------------------------------------------

  @Test
  void aHandlerThatThrowsGetsTheChangeAgain() {
    Map<String, Integer> attempts = new ConcurrentHashMap<>();
    Queue<Integer> reported = new ConcurrentLinkedQueue<>();
    subscribe(
        ChangeFeed.DEFAULT_MAX_DELIVERY_ATTEMPTS,
        m -> {
          Person p = person(m);
          if (!mine(p)) {
            return;
          }
          if (attempts.merge(p.id(), 1, Integer::sum) == 1) {
            throw new IllegalStateException("failing the first delivery on purpose");
          }
          reported.add(m.deliveryAttempt());
        });
    people.insert(person());
    Eventually.await("a redelivery", () -> !reported.isEmpty(), () -> attempts);
    assertEquals(2, reported.peek(), "the redelivery counts its attempt");
  }

  @Test
  void aChangeWhoseHandlerKeepsFailingIsSkippedAfterItsAttemptsAndTheNextOneArrives() {
    Person stuck = person();
    Person unprocessable = person();
    Person next = person();
    Map<String, List<Integer>> attempts = new ConcurrentHashMap<>();
    Queue<String> handled = new ConcurrentLinkedQueue<>();
    subscribe(
        3,
        m -> {
          Person p = person(m);
          if (!mine(p)) {
            return;
          }
          attempts
              .computeIfAbsent(p.id(), k -> new CopyOnWriteArrayList<>())
              .add(m.deliveryAttempt());
          if (p.id().equals(stuck.id())) {
            throw new IllegalStateException("never handled");
          }
          if (p.id().equals(unprocessable.id())) {
            throw new UnprocessableMessageException("cannot be handled", null);
          }
          handled.add(p.id());
        });
    people.insert(stuck);
    people.insert(unprocessable);
    // The unprocessable change waits behind the stuck one until that one is given up.
    Eventually.await(
        "both changes given up", () -> attempts.containsKey(unprocessable.id()), () -> attempts);
    people.insert(next);
    Eventually.await("the change after them", () -> handled.contains(next.id()), () -> attempts);
    assertEquals(List.of(1, 2, 3), attempts.get(stuck.id()), "three attempts, then skipped");
    assertEquals(List.of(1), attempts.get(unprocessable.id()), "skipped at once");
  }

  @Test
  void aSubscriptionNeedsAtLeastOneDeliveryAttemptAndABoundBucket() {
    assertThrows(IllegalArgumentException.class, () -> feed.subscribeChanges(BUCKET, 0, m -> {}));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> feed.subscribeChanges("osmos_tk_unbound", m -> {}));
    assertTrue(e.getMessage().contains("osmos_tk_unbound"), e.getMessage());
  }

  // ---- close -----------------------------------------------------------------------------------

  @Test
  void aClosedSubscriptionStopsAndCloseWaitsForTheRunningHandler() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean finished = new AtomicBoolean();
    Queue<String> slowGot = new ConcurrentLinkedQueue<>();
    Subscription slow =
        subscribe(
            ChangeFeed.DEFAULT_MAX_DELIVERY_ATTEMPTS,
            m -> {
              if (!mine(person(m))) {
                return;
              }
              slowGot.add(person(m).id());
              started.countDown();
              release.await(Eventually.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
              finished.set(true);
            });
    Inbox witness = subscribe();
    Person first = people.insert(person());
    assertTrue(
        started.await(Eventually.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
        "the change was not delivered");
    AtomicBoolean finishedWhenCloseReturned = new AtomicBoolean();
    Thread closer =
        new Thread(
            () -> {
              slow.close();
              finishedWhenCloseReturned.set(finished.get());
            },
            scope + "-closer");
    closer.start();
    // The handler runs until released, once close() waits (or has returned, which fails below).
    Eventually.awaitWaitingOrEnded(closer);
    release.countDown();
    closer.join(Eventually.TIMEOUT.toMillis());
    assertTrue(!closer.isAlive(), "close did not return after the handler finished");
    assertTrue(
        finishedWhenCloseReturned.get(), "close returned while the handler was still running");
    Person second = people.insert(person());
    // The witness subscribed before both changes: once it has the second, the closed
    // subscription has had every chance to receive it too.
    witness.await(2);
    assertEquals(List.of(first.id()), List.copyOf(slowGot), "delivery went on after close");
    assertEquals(
        List.of(
            "insert " + first.id() + " " + first.name(),
            "insert " + second.id() + " " + second.name()),
        witness.summary());
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private Person person() {
    int n = serial.incrementAndGet();
    return new Person(
        scope + "/" + n,
        "p" + n + "." + scope + "@example.org",
        scope + "/p" + n,
        scope,
        30,
        0,
        null,
        new Address("Oslo", null),
        List.of(),
        0);
  }

  private boolean mine(Person p) {
    return p.id().startsWith(scope + "/");
  }

  private static Person person(ReceivedMessage m) {
    return JsonFormat.decode(Person_.MODEL, m.data());
  }

  private Inbox subscribe() {
    Inbox inbox = new Inbox();
    subscribe(ChangeFeed.DEFAULT_MAX_DELIVERY_ATTEMPTS, inbox);
    return inbox;
  }

  private Subscription subscribe(int maxDeliveryAttempts, ChangeHandler handler) {
    Subscription s = feed.subscribeChanges(BUCKET, maxDeliveryAttempts, handler);
    open.add(s);
    return s;
  }

  /** Collects the changes of this test's documents from the driver's threads. */
  private final class Inbox implements ChangeHandler {
    private final Queue<ReceivedMessage> got = new ConcurrentLinkedQueue<>();

    @Override
    public void handle(ReceivedMessage m) {
      if (mine(person(m))) {
        got.add(m);
      }
    }

    List<ReceivedMessage> all() {
      return List.copyOf(got);
    }

    void await(int count) {
      Eventually.await(count + " changes", () -> got.size() >= count, this::summary);
    }

    /** Each change as {@code <op> <key> <name>}. */
    List<String> summary() {
      List<String> out = new ArrayList<>();
      for (ReceivedMessage m : got) {
        Person p = person(m);
        out.add(m.attributes().get(ChangeFeed.OP) + " " + p.id() + " " + p.name());
      }
      return out;
    }
  }
}
