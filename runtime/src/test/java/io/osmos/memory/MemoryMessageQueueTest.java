package io.osmos.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.exceptions.LimitExceededException;
import io.osmos.spi.DeadLetterPolicy;
import io.osmos.spi.DriverLimits;
import io.osmos.spi.Message;
import io.osmos.spi.MessageQueue.Delivery;
import io.osmos.spi.MessageQueue.MessageHandler;
import io.osmos.spi.ReceivedMessage;
import io.osmos.spi.Subscription;
import io.osmos.spi.UnprocessableMessageException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The memory driver's message queue. Waits are bounded only to fail rather than hang. */
class MemoryMessageQueueTest {
  private static final long WAIT_SECONDS = 20;

  private MemoryDriver driver;

  @BeforeEach
  void setUp() {
    driver = new MemoryDriver(new DriverLimits(2048, 1 << 20, 100, 1024, 1000, 32));
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  private static Message msg(String text) {
    return new Message(text.getBytes(StandardCharsets.UTF_8), Map.of("k", text));
  }

  private static String text(ReceivedMessage m) {
    return new String(m.data(), StandardCharsets.UTF_8);
  }

  private static <T> T next(BlockingQueue<T> q) throws InterruptedException {
    T v = q.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    if (v == null) {
      throw new AssertionError("nothing delivered within " + WAIT_SECONDS + " s");
    }
    return v;
  }

  @Test
  void aMessageWhoseHandlerThrowsIsDeliveredAgainWithItsAttemptCounted() throws Exception {
    BlockingQueue<String> handled = new LinkedBlockingQueue<>();
    List<Integer> attempts = Collections.synchronizedList(new ArrayList<>());
    try (Subscription s =
        driver.subscribe(
            "t",
            "worker",
            Delivery.AT_LEAST_ONCE,
            m -> {
              attempts.add(m.deliveryAttempt());
              if (m.deliveryAttempt() < 3) {
                throw new IllegalStateException("not yet");
              }
              handled.add(text(m) + "/" + m.attributes().get("k"));
            })) {
      driver.publish("t", List.of(msg("a")));
      assertEquals("a/a", next(handled));
    }
    assertEquals(List.of(1, 2, 3), attempts);
  }

  @Test
  void aMessageWhoseHandlerAlwaysFailsIsDeliveredFiveTimesThenDeadLettered() throws Exception {
    List<Integer> attempts = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch sixth = new CountDownLatch(1);
    BlockingQueue<String> handled = new LinkedBlockingQueue<>();
    BlockingQueue<ReceivedMessage> dead = new LinkedBlockingQueue<>();
    try (Subscription s =
            driver.subscribe(
                "t",
                "worker",
                Delivery.AT_LEAST_ONCE,
                m -> {
                  if (text(m).equals("poison")) {
                    attempts.add(m.deliveryAttempt());
                    if (m.deliveryAttempt() > 5) {
                      sixth.countDown();
                    }
                    throw new IllegalStateException("cannot handle\nforged: line");
                  }
                  handled.add(text(m));
                });
        Subscription d =
            driver.subscribe("t.dead-letter", "dead-letter", Delivery.AT_LEAST_ONCE, dead::add)) {
      driver.publish("t", List.of(msg("poison"), msg("fine")));
      assertEquals("fine", next(handled), "the message after it was not held up");
      ReceivedMessage m = next(dead);
      assertEquals("poison", text(m));
      assertEquals(List.of(1, 2, 3, 4, 5), attempts);
      assertEquals("poison", m.attributes().get("k"), "its own attributes travel along");
      assertEquals(
          "java.lang.IllegalStateException: cannot handle\\u000aforged: line",
          m.attributes().get("osmos-dead-letter-error"));
      assertEquals("5", m.attributes().get("osmos-dead-letter-attempts"));
      assertEquals("t", m.attributes().get("osmos-dead-letter-topic"));
      assertEquals("worker", m.attributes().get("osmos-dead-letter-subscription"));
      assertTrue(
          m.attributes().get("osmos-dead-letter-message-id").startsWith("t-"),
          m.attributes().toString());
      driver.publish("t", List.of(msg("marker")));
      assertEquals("marker", next(handled));
      // Acknowledged: a sixth delivery would come within the back-off (160 ms).
      assertTrue(!sixth.await(500, TimeUnit.MILLISECONDS), "delivered again: " + attempts);
    }
    assertEquals(5, attempts.size());
    assertTrue(dead.isEmpty(), "dead-lettered twice: " + dead);
  }

  @Test
  void anUnprocessableMessageIsDeadLetteredAtOnceAndTheHandlerIsTold() throws Exception {
    List<Integer> attempts = Collections.synchronizedList(new ArrayList<>());
    BlockingQueue<String> told = new LinkedBlockingQueue<>();
    BlockingQueue<ReceivedMessage> dead = new LinkedBlockingQueue<>();
    MessageHandler handler =
        new MessageHandler() {
          @Override
          public void handle(ReceivedMessage m) {
            attempts.add(m.deliveryAttempt());
            throw new UnprocessableMessageException("never", null);
          }

          @Override
          public void deadLettered(ReceivedMessage m, String topic, Throwable error) {
            told.add(text(m) + " -> " + topic + ": " + error.getMessage());
          }
        };
    try (Subscription s =
            driver.subscribe(
                "t",
                "worker",
                Delivery.AT_LEAST_ONCE,
                DeadLetterPolicy.attempts(4).withTopic("graveyard"),
                handler);
        Subscription d =
            driver.subscribe(
                "graveyard", DeadLetterPolicy.SUBSCRIPTION, Delivery.AT_LEAST_ONCE, dead::add)) {
      driver.publish("t", List.of(msg("bad")));
      assertEquals("bad -> graveyard: never", next(told));
      ReceivedMessage m = next(dead);
      assertEquals("1", m.attributes().get(DeadLetterPolicy.ATTEMPTS));
      assertEquals(
          "io.osmos.spi.UnprocessableMessageException: never",
          m.attributes().get(DeadLetterPolicy.ERROR));
    }
    assertEquals(List.of(1), attempts);
  }

  @Test
  void deadLettersWaitForTheirFirstReaderAndTheDriverSetsTheDefaultPolicy() throws Exception {
    try (MemoryDriver twice =
        new MemoryDriver(DriverLimits.DEFAULT, DeadLetterPolicy.attempts(2))) {
      assertEquals(DeadLetterPolicy.attempts(2), twice.deadLetterPolicy());
      List<Integer> attempts = Collections.synchronizedList(new ArrayList<>());
      CountDownLatch given = new CountDownLatch(1);
      try (Subscription s =
          twice.subscribe(
              "t",
              "worker",
              Delivery.AT_LEAST_ONCE,
              new MessageHandler() {
                @Override
                public void handle(ReceivedMessage m) {
                  attempts.add(m.deliveryAttempt());
                  throw new IllegalStateException("no");
                }

                @Override
                public void deadLettered(ReceivedMessage m, String topic, Throwable error) {
                  given.countDown();
                }
              })) {
        twice.publish("t", List.of(msg("x")));
        assertTrue(given.await(WAIT_SECONDS, TimeUnit.SECONDS));
      }
      // Nobody read the dead letter while it was written: its durable subscription kept it.
      BlockingQueue<ReceivedMessage> dead = new LinkedBlockingQueue<>();
      try (Subscription d =
          twice.subscribe("t.dead-letter", "dead-letter", Delivery.AT_LEAST_ONCE, dead::add)) {
        assertEquals("x", text(next(dead)));
      }
      assertEquals(List.of(1, 2), attempts);
    }
  }

  @Test
  void anEphemeralSubscriptionDropsAMessageItGivesUp() throws Exception {
    List<Integer> attempts = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch third = new CountDownLatch(1);
    CountDownLatch fourth = new CountDownLatch(1);
    BlockingQueue<String> handled = new LinkedBlockingQueue<>();
    BlockingQueue<ReceivedMessage> dead = new LinkedBlockingQueue<>();
    try (Subscription d =
            driver.subscribe("t.dead-letter", "dead-letter", Delivery.AT_LEAST_ONCE, dead::add);
        Subscription s =
            driver.subscribe(
                "t",
                "tail",
                Delivery.EPHEMERAL,
                DeadLetterPolicy.attempts(3),
                m -> {
                  if (text(m).equals("poison")) {
                    attempts.add(m.deliveryAttempt());
                    (m.deliveryAttempt() == 3
                            ? third
                            : m.deliveryAttempt() > 3 ? fourth : new CountDownLatch(1))
                        .countDown();
                    throw new IllegalStateException("no");
                  }
                  handled.add(text(m));
                })) {
      driver.publish("t", List.of(msg("poison"), msg("fine")));
      assertEquals("fine", next(handled), "the message after it was not held up");
      assertTrue(third.await(WAIT_SECONDS, TimeUnit.SECONDS), attempts.toString());
      // A fourth delivery would follow the third within its back-off (40 ms).
      assertTrue(!fourth.await(500, TimeUnit.MILLISECONDS), attempts.toString());
    }
    assertEquals(List.of(1, 2, 3), attempts);
    assertTrue(dead.isEmpty(), "an ephemeral subscription has no dead letter: " + dead);
  }

  @Test
  void consumersOfOneDurableSubscriptionCompete() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    BlockingQueue<String> all = new LinkedBlockingQueue<>();
    BlockingQueue<String> bySecond = new LinkedBlockingQueue<>();
    // The first consumer takes m0 and stays busy with it until released.
    Subscription first =
        driver.subscribe(
            "t",
            "workers",
            Delivery.AT_LEAST_ONCE,
            m -> {
              all.add(text(m));
              release.await(WAIT_SECONDS, TimeUnit.SECONDS);
            });
    driver.publish("t", List.of(msg("m0")));
    assertEquals("m0", next(all));
    // A second consumer of the same subscription gets the next message while the first is busy.
    Subscription second =
        driver.subscribe(
            "t",
            "workers",
            Delivery.AT_LEAST_ONCE,
            m -> {
              bySecond.add(text(m));
              all.add(text(m));
            });
    driver.publish("t", List.of(msg("m1")));
    assertEquals("m1", next(bySecond));
    assertEquals("m1", next(all));
    release.countDown();

    List<Message> batch = new ArrayList<>();
    for (int i = 2; i < 50; i++) {
      batch.add(msg("m" + i));
    }
    driver.publish("t", batch);
    Set<String> delivered = new HashSet<>(List.of("m0", "m1"));
    for (int i = 2; i < 50; i++) {
      delivered.add(next(all));
    }
    first.close();
    second.close();
    assertEquals(50, delivered.size());
    assertTrue(all.isEmpty(), "no message was delivered twice: " + all);
  }

  @Test
  void everySubscriptionGetsEveryMessage() throws Exception {
    BlockingQueue<String> a = new LinkedBlockingQueue<>();
    BlockingQueue<String> b = new LinkedBlockingQueue<>();
    BlockingQueue<String> c = new LinkedBlockingQueue<>();
    try (Subscription sa = driver.subscribe("t", "a", Delivery.AT_LEAST_ONCE, m -> a.add(text(m)));
        Subscription sb = driver.subscribe("t", "b", Delivery.AT_LEAST_ONCE, m -> b.add(text(m)));
        Subscription sc = driver.subscribe("t", "c", Delivery.EPHEMERAL, m -> c.add(text(m)))) {
      driver.publish("t", List.of(msg("x"), msg("y")));
      driver.publish("other-topic", List.of(msg("not for t")));
      for (BlockingQueue<String> q : List.of(a, b, c)) {
        assertEquals("x", next(q));
        assertEquals("y", next(q));
      }
      driver.publish("t", List.of(msg("z")));
      for (BlockingQueue<String> q : List.of(a, b, c)) {
        assertEquals("z", next(q)); // nothing from the other topic came in between
      }
    }
  }

  @Test
  void anEphemeralSubscriptionHasNoBacklog() throws Exception {
    driver.publish("t", List.of(msg("before")));
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    try (Subscription s =
        driver.subscribe("t", "tail", Delivery.EPHEMERAL, m -> got.add(text(m)))) {
      driver.publish("t", List.of(msg("after")));
      assertEquals("after", next(got));
    }
    // Closed: it no longer receives, and a new ephemeral subscription does not see old messages.
    driver.publish("t", List.of(msg("while closed")));
    try (Subscription s =
        driver.subscribe("t", "tail", Delivery.EPHEMERAL, m -> got.add(text(m)))) {
      driver.publish("t", List.of(msg("again")));
      assertEquals("again", next(got));
    }
  }

  @Test
  void aDurableSubscriptionKeepsMessagesFromItsCreationOn() throws Exception {
    driver.publish("t", List.of(msg("before the subscription existed")));
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    Subscription s =
        driver.subscribe("t", "durable", Delivery.AT_LEAST_ONCE, m -> got.add(text(m)));
    driver.publish("t", List.of(msg("one")));
    assertEquals("one", next(got));
    s.close();

    driver.publish("t", List.of(msg("two"), msg("three"))); // no consumer attached
    try (Subscription again =
        driver.subscribe("t", "durable", Delivery.AT_LEAST_ONCE, m -> got.add(text(m)))) {
      assertEquals("two", next(got));
      assertEquals("three", next(got));
    }
    assertTrue(got.isEmpty());
  }

  @Test
  void messagesOverTheSizeLimitAreRejected() {
    LimitExceededException e =
        assertThrows(
            LimitExceededException.class,
            () -> driver.publish("t", List.of(msg("ok"), new Message(new byte[1025], Map.of()))));
    assertTrue(e.getMessage().contains("maxMessageBytes"), e.getMessage());
    assertTrue(e.getMessage().contains("1024"), e.getMessage());
    driver.publish("t", List.of(new Message(new byte[1024], Map.of())));
  }

  @Test
  void closeWaitsForARunningHandler() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean finished = new AtomicBoolean();
    Subscription s =
        driver.subscribe(
            "t",
            "slow",
            Delivery.AT_LEAST_ONCE,
            m -> {
              started.countDown();
              release.await(WAIT_SECONDS, TimeUnit.SECONDS);
              finished.set(true);
            });
    driver.publish("t", List.of(msg("m")));
    assertTrue(started.await(WAIT_SECONDS, TimeUnit.SECONDS));
    AtomicBoolean finishedWhenCloseReturned = new AtomicBoolean();
    Thread closer =
        new Thread(
            () -> {
              s.close();
              finishedWhenCloseReturned.set(finished.get());
            },
            "closer");
    closer.start();
    // Released only once close() waits (or has returned, which fails below): else close() could
    // start after the handler finished, and the test would show nothing.
    awaitWaitingOrEnded(closer);
    release.countDown();
    closer.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    assertTrue(finishedWhenCloseReturned.get());
  }

  /** Waits until {@code t} waits (on a latch, lock or join) or has ended. */
  private static void awaitWaitingOrEnded(Thread t) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (true) {
      switch (t.getState()) {
        case BLOCKED, WAITING, TIMED_WAITING, TERMINATED -> {
          return;
        }
        default -> {
          if (System.nanoTime() > deadline) {
            throw new AssertionError(
                t.getName()
                    + " neither waits nor ended within "
                    + WAIT_SECONDS
                    + " s: "
                    + t.getState());
          }
          Thread.yield();
        }
      }
    }
  }

  @Test
  void aClosedSubscriptionReceivesNothingMore() throws Exception {
    AtomicInteger count = new AtomicInteger();
    BlockingQueue<String> other = new LinkedBlockingQueue<>();
    Subscription s =
        driver.subscribe("t", "tail", Delivery.EPHEMERAL, m -> count.incrementAndGet());
    s.close();
    try (Subscription probe =
        driver.subscribe("t", "probe", Delivery.EPHEMERAL, m -> other.add(text(m)))) {
      driver.publish("t", List.of(msg("m")));
      assertEquals("m", next(other));
    }
    assertEquals(0, count.get());
  }

  @Test
  void closingTheDriverStopsItsThreads() throws Exception {
    java.util.Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
    MemoryDriver d = new MemoryDriver();
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    d.subscribe("t", "a", Delivery.AT_LEAST_ONCE, m -> got.add(text(m)));
    d.subscribe(
        "t",
        "b",
        Delivery.EPHEMERAL,
        m -> {
          got.add(text(m));
          throw new IllegalStateException("keeps the redelivery timer busy");
        });
    d.publish("t", List.of(msg("m")));
    next(got);
    next(got);
    d.close();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (!before.contains(t) && t.getName().startsWith("osmos-memory-")) {
        t.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS)); // a pool thread may be just exiting
        assertTrue(!t.isAlive(), t.getName() + " still runs after close");
      }
    }
    assertThrows(IllegalStateException.class, () -> d.publish("t", List.of(msg("late"))));
  }
}
