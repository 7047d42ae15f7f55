package io.osmos.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.Osmos;
import io.osmos.Pipeline;
import io.osmos.exceptions.LimitExceededException;
import io.osmos.exceptions.ValidationException;
import io.osmos.memory.MemoryDriver;
import io.osmos.spi.DeadLetterPolicy;
import io.osmos.spi.Driver;
import io.osmos.spi.LookupService;
import io.osmos.spi.Message;
import io.osmos.spi.MessageQueue;
import io.osmos.spi.MessageQueue.Delivery;
import io.osmos.spi.ReceivedMessage;
import io.osmos.spi.Subscription;
import io.osmos.spi.UnprocessableMessageException;
import io.osmos.testkit.model.Reading;
import io.osmos.testkit.model.ReadingRepository;
import io.osmos.testkit.model.Reading_;
import io.osmos.testkit.model.TestModels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The conformance suite of the {@link MessageQueue} capability (Beneath's message queue): delivery
 * of bytes and attributes, at-least-once redelivery, dead letters ({@link DeadLetterPolicy}),
 * competing consumers on a durable subscription, ephemeral subscriptions without backlog, the size
 * limit, and stopping on close. It talks to the driver's SPI directly, so every test can use topics
 * and subscriptions of its own; two tests go through a stream repository and a pipeline.
 *
 * <p><b>Lifecycle.</b> {@link #newDriver()} is called once per test class (the suite runs with
 * {@link TestInstance.Lifecycle#PER_CLASS}) and the driver is closed after the last test.
 * Subscriptions a test opens are closed after it.
 *
 * <p><b>Isolation.</b> Topic and subscription names start with a random run id and the test's
 * number ({@code tk3f9a-12-orders}): letters, digits and dashes only, starting with a letter, which
 * every queue accepts. Tests wait for deliveries with bounded polls (10 s) and never assert on
 * timing. To show that a dead-lettered message is not delivered again, a test waits {@link
 * #quietPeriod()} for a delivery that must not come; a driver whose redelivery back-off is longer
 * (its test configuration should keep back-offs short) overrides it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class MessageQueueConformance {
  private final String run = "tk" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  private final AtomicInteger tests = new AtomicInteger();
  private final List<Subscription> open = new ArrayList<>();

  private Driver driver;
  private MessageQueue queue;
  private String scope;

  /** The driver under test, connected to the test server. Called once per test class. */
  protected abstract Driver newDriver();

  /**
   * How long a test waits for a redelivery that must not happen (after a message was moved to the
   * dead letter): longer than the driver's back-off before a fourth delivery. One second.
   */
  protected Duration quietPeriod() {
    return Duration.ofSeconds(1);
  }

  /** The driver under test. */
  protected final MessageQueue queue() {
    return queue;
  }

  @BeforeAll
  final void connect() {
    driver = newDriver();
    assertTrue(
        driver instanceof MessageQueue,
        "the driver under test (" + driver.kind() + ") must implement MessageQueue");
    queue = (MessageQueue) driver;
  }

  @AfterAll
  final void disconnect() throws Exception {
    if (driver != null) {
      driver.close();
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
  void deliversDataAndAttributes() {
    String topic = name("basic");
    Inbox inbox = new Inbox();
    subscribe(topic, name("basic-sub"), Delivery.AT_LEAST_ONCE, inbox::take);
    Map<String, String> attrs =
        Map.of("key", "k-1", "timestamp", "2024-01-01T00:00:00Z", "unicode", "ключ 🔑");
    byte[] binary = new byte[256];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) i;
    }
    queue.publish(
        topic,
        List.of(new Message(binary, attrs), message("second"), new Message(new byte[0], Map.of())));
    inbox.awaitPayloads(3);
    ReceivedMessage first = inbox.withPayload(binary);
    assertEquals(attrs, first.attributes(), "attributes arrive as published");
    assertNotNull(first.id(), "a delivered message has an id");
    assertTrue(first.deliveryAttempt() >= 0, "delivery attempt: " + first.deliveryAttempt());
    assertNotNull(inbox.withPayload(new byte[0]), "an empty message");
    Set<String> ids = inbox.all().stream().map(ReceivedMessage::id).collect(Collectors.toSet());
    assertEquals(3, ids.size(), "messages have distinct ids: " + ids);
  }

  @Test
  void publishesManyMessagesInOneCall() {
    String topic = name("many");
    Inbox inbox = new Inbox();
    subscribe(topic, name("many-sub"), Delivery.AT_LEAST_ONCE, inbox::take);
    List<Message> batch = IntStream.range(0, 1000).mapToObj(i -> message("m" + i)).toList();
    queue.publish(topic, batch);
    inbox.awaitPayloads(1000);
    assertEquals(payloads(0, 1000, "m"), inbox.payloads());
  }

  @Test
  void publishedBytesAreCopied() {
    String topic = name("copy");
    Inbox inbox = new Inbox();
    subscribe(topic, name("copy-sub"), Delivery.AT_LEAST_ONCE, inbox::take);
    byte[] data = "original".getBytes(UTF_8);
    queue.publish(topic, List.of(new Message(data, Map.of())));
    data[0] = 'X';
    inbox.awaitPayloads(1);
    assertEquals(Set.of("original"), inbox.payloads(), "the caller may reuse its array");
  }

  @Test
  void messageOfTheMaximumSizeIsDeliveredIntact() {
    String topic = name("big");
    Inbox inbox = new Inbox();
    subscribe(topic, name("big-sub"), Delivery.AT_LEAST_ONCE, inbox::take);
    byte[] big = new byte[driver.limits().maxMessageBytes()];
    ThreadLocalRandom.current().nextBytes(big);
    queue.publish(topic, List.of(new Message(big, Map.of("key", "big"))));
    Eventually.await(
        "the message of " + big.length + " bytes",
        () -> inbox.count() >= 1,
        () -> inbox.count() + " messages");
    assertArrayEquals(big, inbox.all().get(0).data(), "a message at the declared limit");
  }

  @Test
  void topicsAreSeparate() {
    Inbox a = new Inbox();
    Inbox b = new Inbox();
    subscribe(name("topic-a"), name("sub-a"), Delivery.AT_LEAST_ONCE, a::take);
    subscribe(name("topic-b"), name("sub-b"), Delivery.AT_LEAST_ONCE, b::take);
    queue.publish(name("topic-a"), List.of(message("for-a")));
    queue.publish(name("topic-b"), List.of(message("for-b")));
    a.awaitPayloads(1);
    b.awaitPayloads(1);
    assertEquals(Set.of("for-a"), a.payloads());
    assertEquals(Set.of("for-b"), b.payloads());
  }

  @Test
  void messageOverTheLimitIsRefusedAndNothingOfTheBatchIsDelivered() {
    String topic = name("limit");
    Inbox inbox = new Inbox();
    subscribe(topic, name("limit-sub"), Delivery.AT_LEAST_ONCE, inbox::take);
    int max = driver.limits().maxMessageBytes();
    List<Message> batch = List.of(message("small"), new Message(new byte[max + 1], Map.of()));
    LimitExceededException e =
        assertThrows(LimitExceededException.class, () -> queue.publish(topic, batch));
    assertTrue(e.getMessage().contains(String.valueOf(max)), "names the limit: " + e);
    queue.publish(topic, List.of(message("marker")));
    inbox.awaitPayloads(1);
    assertEquals(Set.of("marker"), inbox.payloads(), "part of a refused batch was delivered");
  }

  @Test
  void recordsTravelThroughTheStreamRepository() {
    // A stream repository needs a lookup service too; borrow the in-memory one if need be.
    MemoryDriver borrowed = driver instanceof LookupService ? null : new MemoryDriver();
    Driver streams = borrowed == null ? driver : new PairedStreams(queue, borrowed, driver);
    try {
      ReadingRepository readings =
          new ReadingRepository(Osmos.builder().driver(TestModels.STREAMS, streams).build());
      Queue<Reading> got = new ConcurrentLinkedQueue<>();
      open.add(
          readings.subscribe(
              name("repo"),
              Delivery.AT_LEAST_ONCE,
              r -> {
                if (r.device().startsWith(scope)) {
                  got.add(r);
                }
              }));
      Reading withTime =
          new Reading(
              scope + "-a", 1, Instant.parse("2024-05-01T10:15:30.123456789Z"), "site", 2.5);
      Reading withoutTime = new Reading(scope + "-b", 2, null, "site", -1);
      readings.publishAll(List.of(withTime, withoutTime));
      Eventually.await("2 records", () -> got.size() >= 2, got::toString);
      Map<String, Reading> byDevice =
          got.stream().collect(Collectors.toMap(Reading::device, r -> r, (a, b) -> a));
      assertEquals(withTime, byDevice.get(withTime.device()), "a record arrives as published");
      assertNotNull(
          byDevice.get(withoutTime.device()).time(),
          "a null @Timestamp is set when the record is published");
      ValidationException invalid =
          assertThrows(
              ValidationException.class,
              () -> readings.publish(new Reading(scope + "-c", 3, null, " ", 0)));
      assertEquals("site", invalid.violations().get(0).path());
    } finally {
      if (borrowed != null) {
        borrowed.close();
      }
    }
  }

  // ---- at least once ---------------------------------------------------------------------------

  @Test
  void handlerThatThrowsGetsTheMessageAgain() {
    String topic = name("retry");
    Map<String, Integer> attempts = new ConcurrentHashMap<>();
    Map<String, Integer> reportedAttempt = new ConcurrentHashMap<>();
    Set<String> done = ConcurrentHashMap.newKeySet();
    subscribe(
        topic,
        name("retry-sub"),
        Delivery.AT_LEAST_ONCE,
        m -> {
          String p = text(m);
          int n = attempts.merge(p, 1, Integer::sum);
          if (n == 1) {
            throw new IllegalStateException("failing the first delivery of " + p + " on purpose");
          }
          reportedAttempt.putIfAbsent(p, m.deliveryAttempt());
          done.add(p);
        });
    queue.publish(topic, List.of(message("r1"), message("r2"), message("r3")));
    Eventually.await(
        "redelivery of messages whose handler threw",
        () -> done.size() == 3,
        () -> "handled " + done + ", attempts " + attempts);
    assertEquals(Set.of("r1", "r2", "r3"), done);
    reportedAttempt.forEach(
        (p, n) ->
            assertTrue(
                n == 0 || n >= 2,
                "a redelivery of " + p + " reports delivery attempt " + n + " (0 = not counted)"));
  }

  @Test
  void durableSubscriptionKeepsMessagesWhileNoConsumerIsAttached() {
    String topic = name("keep");
    String sub = name("keep-sub");
    Inbox first = new Inbox();
    Subscription s = subscribe(topic, sub, Delivery.AT_LEAST_ONCE, first::take);
    queue.publish(topic, List.of(message("before")));
    first.awaitPayloads(1);
    s.close();
    queue.publish(topic, List.of(message("while-away-1"), message("while-away-2")));
    Inbox second = new Inbox();
    subscribe(topic, sub, Delivery.AT_LEAST_ONCE, second::take);
    second.awaitPayloads(2);
    assertEquals(
        Set.of("while-away-1", "while-away-2"),
        second.payloads(),
        "the durable subscription kept what was published while no consumer was attached");
    assertEquals(Set.of("before"), first.payloads(), "a closed subscription received messages");
  }

  @Test
  void competingConsumersGetDistinctMessagesAndTogetherAll() {
    String topic = name("compete");
    String sub = name("compete-sub");
    Inbox a = new Inbox();
    Inbox b = new Inbox();
    CountDownLatch aStarted = new CountDownLatch(1);
    CountDownLatch bStarted = new CountDownLatch(1);
    // Each consumer holds its first message until the other one has one: a queue that gives all
    // work to one consumer while it is busy fails here instead of passing by luck.
    subscribe(
        topic,
        sub,
        Delivery.AT_LEAST_ONCE,
        m -> {
          a.take(m);
          aStarted.countDown();
          bStarted.await(Eventually.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        });
    subscribe(
        topic,
        sub,
        Delivery.AT_LEAST_ONCE,
        m -> {
          b.take(m);
          bStarted.countDown();
          aStarted.await(Eventually.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        });
    queue.publish(topic, IntStream.range(0, 200).mapToObj(i -> message("c" + i)).toList());
    Eventually.await(
        "200 messages over two consumers",
        () -> union(a, b).size() == 200,
        () -> a.count() + " + " + b.count() + " deliveries");
    assertTrue(
        a.count() > 0 && b.count() > 0,
        "both consumers got work: " + a.count() + " and " + b.count());
    Set<String> both = new TreeSet<>(a.payloads());
    both.retainAll(b.payloads());
    assertEquals(Set.of(), both, "messages delivered to both competing consumers");
    assertEquals(payloads(0, 200, "c"), union(a, b));
  }

  @Test
  void everyDurableSubscriptionGetsEveryMessage() {
    String topic = name("fanout");
    Inbox a = new Inbox();
    Inbox b = new Inbox();
    subscribe(topic, name("fanout-a"), Delivery.AT_LEAST_ONCE, a::take);
    subscribe(topic, name("fanout-b"), Delivery.AT_LEAST_ONCE, b::take);
    queue.publish(topic, IntStream.range(0, 20).mapToObj(i -> message("f" + i)).toList());
    a.awaitPayloads(20);
    b.awaitPayloads(20);
    assertEquals(payloads(0, 20, "f"), a.payloads());
    assertEquals(payloads(0, 20, "f"), b.payloads());
  }

  // ---- dead letters ----------------------------------------------------------------------------

  @Test
  void aMessageWhoseHandlerAlwaysFailsIsDeliveredMaxAttemptsTimesThenDeadLettered()
      throws Exception {
    String topic = name("dlq");
    String sub = name("dlq-sub");
    DeadLetterPolicy policy = DeadLetterPolicy.attempts(3);
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    CountDownLatch fourth = new CountDownLatch(1);
    Queue<String> told = new ConcurrentLinkedQueue<>();
    Inbox handled = new Inbox();
    String error = "poison\nforged: line \u202e" + "x".repeat(3000);
    subscribe(
        topic,
        sub,
        Delivery.AT_LEAST_ONCE,
        policy,
        new MessageQueue.MessageHandler() {
          @Override
          public void handle(ReceivedMessage m) {
            if (!text(m).equals("poison")) {
              handled.take(m);
              return;
            }
            attempts.add(m.deliveryAttempt());
            if (attempts.size() > 3) {
              fourth.countDown();
            }
            throw new IllegalStateException(error);
          }

          @Override
          public void deadLettered(ReceivedMessage m, String deadLetterTopic, Throwable e) {
            told.add(text(m) + " -> " + deadLetterTopic);
          }
        });
    Inbox dead = new Inbox();
    subscribe(
        topic + DeadLetterPolicy.TOPIC_SUFFIX,
        DeadLetterPolicy.SUBSCRIPTION,
        Delivery.AT_LEAST_ONCE,
        dead::take);
    Map<String, String> attrs = Map.of("key", "k-1", "note", "ключ 🔑");
    queue.publish(
        topic,
        List.of(new Message("poison".getBytes(UTF_8), attrs), message("ok-1"), message("ok-2")));
    dead.awaitPayloads(1);
    handled.awaitPayloads(2);
    assertEquals(Set.of("ok-1", "ok-2"), handled.payloads(), "the other messages kept flowing");

    ReceivedMessage d = dead.withPayload("poison".getBytes(UTF_8));
    Map<String, String> a = d.attributes();
    assertEquals("k-1", a.get("key"), "the original attributes travel along: " + a);
    assertEquals("ключ 🔑", a.get("note"));
    String reason = a.get(DeadLetterPolicy.ERROR);
    assertTrue(
        reason.startsWith(
            "java.lang.IllegalStateException: poison\\u000aforged: line" + " \\u202ex"),
        "the last error, escaped: " + reason.substring(0, 80));
    assertTrue(reason.getBytes(UTF_8).length <= 1003, "shortened: " + reason.length());
    assertEquals("3", a.get(DeadLetterPolicy.ATTEMPTS));
    assertEquals(topic, a.get(DeadLetterPolicy.SOURCE_TOPIC));
    assertEquals(sub, a.get(DeadLetterPolicy.SOURCE_SUBSCRIPTION));
    assertNotNull(a.get(DeadLetterPolicy.SOURCE_MESSAGE_ID));
    assertEquals(3, attempts.size(), "delivered exactly maxDeliveryAttempts times: " + attempts);
    assertEquals(List.of(1, 2, 3), attempts, "a queue that dead-letters counts its deliveries");
    Eventually.await("the handler told", () -> !told.isEmpty(), told::toString);
    assertEquals(List.of("poison -> " + topic + ".dead-letter"), List.copyOf(told));

    queue.publish(topic, List.of(message("marker")));
    handled.awaitPayloads(3);
    assertFalse(
        fourth.await(quietPeriod().toMillis(), TimeUnit.MILLISECONDS),
        "delivered again after it was dead-lettered: attempts " + attempts);
    assertEquals(1, dead.count(), "dead-lettered once: " + dead.payloads());
  }

  @Test
  void anUnprocessableMessageGoesToANamedDeadLetterAtItsFirstDelivery() throws Exception {
    String topic = name("unprocessable");
    String graveyard = name("graveyard");
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    Inbox handled = new Inbox();
    subscribe(
        topic,
        name("unprocessable-sub"),
        Delivery.AT_LEAST_ONCE,
        DeadLetterPolicy.attempts(5).withTopic(graveyard),
        m -> {
          if (text(m).equals("garbage")) {
            attempts.add(m.deliveryAttempt());
            throw new UnprocessableMessageException(
                "cannot decode it", new IllegalArgumentException("no"));
          }
          handled.take(m);
        });
    Inbox dead = new Inbox();
    subscribe(graveyard, DeadLetterPolicy.SUBSCRIPTION, Delivery.AT_LEAST_ONCE, dead::take);
    queue.publish(topic, List.of(message("garbage"), message("fine")));
    dead.awaitPayloads(1);
    handled.awaitPayloads(1);
    Map<String, String> a = dead.withPayload("garbage".getBytes(UTF_8)).attributes();
    assertEquals("1", a.get(DeadLetterPolicy.ATTEMPTS), "not tried again: " + a);
    assertEquals(
        "io.osmos.spi.UnprocessableMessageException: cannot decode it",
        a.get(DeadLetterPolicy.ERROR));
    assertEquals(topic, a.get(DeadLetterPolicy.SOURCE_TOPIC));
    queue.publish(topic, List.of(message("marker")));
    handled.awaitPayloads(2);
    assertEquals(1, attempts.size(), "delivered once: " + attempts);
  }

  @Test
  void aRecordThatDoesNotDecodeIsDeadLetteredAndTheRepositoryStreamGoesOn() throws Exception {
    withStreams(
        osmos -> {
          ReadingRepository readings = new ReadingRepository(osmos);
          String graveyard = name("repo-dead");
          Queue<Reading> got = new ConcurrentLinkedQueue<>();
          open.add(
              readings.subscribe(
                  name("repo-dlq"),
                  Delivery.AT_LEAST_ONCE,
                  DeadLetterPolicy.DEFAULT.withTopic(graveyard),
                  r -> {
                    if (r.device().startsWith(scope)) {
                      got.add(r);
                    }
                  }));
          Inbox dead = new Inbox();
          subscribe(graveyard, DeadLetterPolicy.SUBSCRIPTION, Delivery.AT_LEAST_ONCE, dead::take);
          byte[] garbage = ("{\"device\": \"" + scope + "\", \"seq\": \"x\"").getBytes(UTF_8);
          queue.publish(readings.schema().bucket(), List.of(new Message(garbage, Map.of())));
          Reading after =
              new Reading(scope + "-after", 1, Instant.parse("2024-05-01T00:00:00Z"), "site", 1);
          readings.publish(after);
          Eventually.await(
              "the record after the garbage", () -> got.contains(after), got::toString);
          dead.awaitPayloads(1);
          ReceivedMessage d = dead.withPayload(garbage);
          assertEquals("1", d.attributes().get(DeadLetterPolicy.ATTEMPTS));
          String reason = d.attributes().get(DeadLetterPolicy.ERROR);
          assertTrue(
              reason.contains("is not a Reading") && reason.contains("operation=subscribe"),
              reason);
        });
  }

  @Test
  void thePipelineDeadLettersWhatDoesNotDecodeAndGoesOn() throws Exception {
    withStreams(
        osmos -> {
          ReadingRepository readings = new ReadingRepository(osmos);
          String graveyard = name("pipeline-dead");
          Queue<String> reported = new ConcurrentLinkedQueue<>();
          Pipeline.Listener listener =
              new Pipeline.Listener() {
                @Override
                public void deadLettered(
                    String bucket, String messageId, String deadLetterTopic, Throwable error) {
                  reported.add(deadLetterTopic + ": " + error.getClass().getSimpleName());
                }
              };
          try (Pipeline pipeline =
              osmos
                  .pipeline(TestModels.STREAMS)
                  .add(Reading_.MODEL)
                  .deadLetter(DeadLetterPolicy.attempts(3).withTopic(graveyard))
                  .listener(listener)
                  .start()) {
            Inbox dead = new Inbox();
            subscribe(graveyard, DeadLetterPolicy.SUBSCRIPTION, Delivery.AT_LEAST_ONCE, dead::take);
            byte[] garbage = ("not json " + scope).getBytes(UTF_8);
            queue.publish(readings.schema().bucket(), List.of(new Message(garbage, Map.of())));
            Reading after =
                new Reading(scope + "-after", 1, Instant.parse("2024-05-01T00:00:00Z"), "site", 1);
            readings.publish(after);
            Eventually.await(
                "the record after the garbage written",
                () -> readings.get(new Reading_.Key(after.device(), 1)).isPresent(),
                pipeline::stats);
            dead.awaitPayloads(1);
            assertEquals(
                "1", dead.withPayload(garbage).attributes().get(DeadLetterPolicy.ATTEMPTS));
            Eventually.await("the listener told", () -> !reported.isEmpty(), reported::toString);
            assertTrue(reported.contains(graveyard + ": DecodeException"), reported.toString());
            assertTrue(pipeline.stats().deadLettered() >= 1, pipeline.stats().toString());
          }
        });
  }

  // ---- ephemeral -------------------------------------------------------------------------------

  @Test
  void ephemeralSubscriptionGetsNoBacklog() {
    String topic = name("ephemeral");
    Inbox keeper = new Inbox();
    subscribe(topic, name("keeper"), Delivery.AT_LEAST_ONCE, keeper::take);
    queue.publish(topic, List.of(message("old-1"), message("old-2"), message("old-3")));
    keeper.awaitPayloads(3);
    Inbox live = new Inbox();
    subscribe(topic, name("live"), Delivery.EPHEMERAL, live::take);
    queue.publish(topic, List.of(message("new-1")));
    live.awaitPayloads(1);
    keeper.awaitPayloads(4);
    assertEquals(Set.of("new-1"), live.payloads(), "an ephemeral subscription got the backlog");
  }

  @Test
  void everyEphemeralSubscriberGetsEveryMessage() {
    String topic = name("broadcast");
    Inbox a = new Inbox();
    Inbox b = new Inbox();
    subscribe(topic, name("eph"), Delivery.EPHEMERAL, a::take);
    subscribe(topic, name("eph"), Delivery.EPHEMERAL, b::take);
    queue.publish(topic, IntStream.range(0, 10).mapToObj(i -> message("e" + i)).toList());
    a.awaitPayloads(10);
    b.awaitPayloads(10);
    assertEquals(payloads(0, 10, "e"), a.payloads());
    assertEquals(payloads(0, 10, "e"), b.payloads());
  }

  // ---- close -----------------------------------------------------------------------------------

  @Test
  void closedSubscriptionStopsDelivery() {
    String topic = name("close");
    String sub = name("close-sub");
    Inbox closed = new Inbox();
    Subscription s = subscribe(topic, sub, Delivery.AT_LEAST_ONCE, closed::take);
    queue.publish(topic, List.of(message("before-close")));
    closed.awaitPayloads(1);
    s.close();
    queue.publish(topic, List.of(message("after-close-1"), message("after-close-2")));
    // A second consumer of the same subscription is the witness: once it has both messages, the
    // closed one has had every chance to receive them too.
    Inbox witness = new Inbox();
    subscribe(topic, sub, Delivery.AT_LEAST_ONCE, witness::take);
    witness.awaitPayloads(2);
    assertEquals(Set.of("before-close"), closed.payloads(), "delivery went on after close");

    Inbox eph = new Inbox();
    Subscription e = subscribe(topic, name("close-eph"), Delivery.EPHEMERAL, eph::take);
    queue.publish(topic, List.of(message("eph-1")));
    eph.awaitPayloads(1);
    e.close();
    queue.publish(topic, List.of(message("eph-2")));
    witness.awaitPayloads(4);
    assertEquals(Set.of("eph-1"), eph.payloads(), "ephemeral delivery went on after close");
  }

  @Test
  void closeWaitsForRunningHandlers() throws Exception {
    String topic = name("drain");
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean finished = new AtomicBoolean();
    Subscription s =
        subscribe(
            topic,
            name("drain-sub"),
            Delivery.AT_LEAST_ONCE,
            m -> {
              started.countDown();
              release.await(Eventually.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
              finished.set(true);
            });
    queue.publish(topic, List.of(message("slow")));
    assertTrue(
        started.await(Eventually.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
        "the message was not delivered");
    AtomicBoolean finishedWhenCloseReturned = new AtomicBoolean();
    Thread closer =
        new Thread(
            () -> {
              s.close();
              finishedWhenCloseReturned.set(finished.get());
            },
            name("closer"));
    closer.start();
    // The handler runs until released, once close() waits (or has returned, which fails below).
    Eventually.awaitWaitingOrEnded(closer);
    release.countDown();
    closer.join(Eventually.TIMEOUT.toMillis());
    assertTrue(!closer.isAlive(), "close did not return after the handler finished");
    assertTrue(finishedWhenCloseReturned.get(), "close returned while a handler was still running");
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** A name unique to this test: {@code <run>-<test>-<suffix>}. */
  protected final String name(String suffix) {
    return scope + "-" + suffix;
  }

  private Subscription subscribe(
      String topic, String name, Delivery delivery, MessageQueue.MessageHandler handler) {
    Subscription s = queue.subscribe(topic, name, delivery, handler);
    open.add(s);
    return s;
  }

  private Subscription subscribe(
      String topic,
      String name,
      Delivery delivery,
      DeadLetterPolicy policy,
      MessageQueue.MessageHandler handler) {
    Subscription s = queue.subscribe(topic, name, delivery, policy, handler);
    open.add(s);
    return s;
  }

  /** A registry with the queue under test and an in-memory lookup service, for repositories. */
  private void withStreams(ThrowingConsumer<Osmos> test) throws Exception {
    // The lookup is always borrowed, so records of these tests stay out of the driver's own.
    MemoryDriver borrowed = new MemoryDriver();
    try {
      test.accept(
          Osmos.builder()
              .driver(TestModels.STREAMS, new PairedStreams(queue, borrowed, driver))
              .build());
    } finally {
      borrowed.close();
    }
  }

  @FunctionalInterface
  private interface ThrowingConsumer<T> {
    void accept(T value) throws Exception;
  }

  private static Message message(String text) {
    return new Message(text.getBytes(UTF_8), Map.of());
  }

  private static String text(ReceivedMessage m) {
    return new String(m.data(), UTF_8);
  }

  private static Set<String> payloads(int from, int to, String prefix) {
    return IntStream.range(from, to)
        .mapToObj(i -> prefix + i)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> union(Inbox a, Inbox b) {
    Set<String> all = new TreeSet<>(a.payloads());
    all.addAll(b.payloads());
    return all;
  }

  /** Collects delivered messages from the driver's threads. */
  private static final class Inbox {
    private final Queue<ReceivedMessage> received = new ConcurrentLinkedQueue<>();

    void take(ReceivedMessage m) {
      received.add(m);
    }

    int count() {
      return received.size();
    }

    List<ReceivedMessage> all() {
      return List.copyOf(received);
    }

    /** The distinct payloads as text. */
    Set<String> payloads() {
      return received.stream()
          .map(MessageQueueConformance::text)
          .collect(Collectors.toCollection(TreeSet::new));
    }

    ReceivedMessage withPayload(byte[] data) {
      for (ReceivedMessage m : received) {
        if (Arrays.equals(m.data(), data)) {
          return m;
        }
      }
      throw new AssertionError(
          "no message with payload of " + data.length + " bytes among " + payloads());
    }

    void awaitPayloads(int distinct) {
      Eventually.await(
          distinct + " distinct messages", () -> distinctCount() >= distinct, this::payloads);
    }

    private int distinctCount() {
      Set<String> s = new HashSet<>();
      for (ReceivedMessage m : received) {
        s.add(text(m));
      }
      return s.size();
    }
  }
}
