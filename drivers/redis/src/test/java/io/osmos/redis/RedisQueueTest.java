package io.osmos.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.osmos.spi.DeadLetterPolicy;
import io.osmos.spi.Message;
import io.osmos.spi.MessageQueue.Delivery;
import io.osmos.spi.ReceivedMessage;
import io.osmos.spi.Subscription;
import io.osmos.testkit.server.RedisTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XClaimParams;
import redis.clients.jedis.params.XReadGroupParams;

/** What the conformance suite cannot see: claims from dead consumers, trimming, recovery, close. */
class RedisQueueTest {
  private final String run = "q" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  private RedisTestServer redis;
  private RawRedis raw;
  private RedisDriver driver;

  @BeforeEach
  void connect() {
    redis = RedisTestServer.shared();
    raw = new RawRedis(redis.url(), "osmos:");
    driver =
        new RedisDriver(
            redis.url(),
            RedisDriver.Options.defaults()
                .redeliveryTimeout(Duration.ofMillis(300))
                .streamMaxLength(100));
  }

  @AfterEach
  void cleanUp() {
    try {
      driver.close();
      for (String k : raw.client().keys("osmos:topic:" + run + "*")) {
        raw.client().del(k);
      }
    } finally {
      raw.close();
    }
  }

  private static Message message(String text) {
    return new Message(text.getBytes(UTF_8), Map.of());
  }

  @Test
  void messagesADeadConsumerHeldAreClaimedAfterTheRedeliveryTimeout() {
    String topic = run + "-claim";
    String stream = "osmos:topic:" + topic;
    String group = "workers";
    raw.client().xgroupCreate(stream, group, StreamEntryID.XGROUP_LAST_ENTRY, true);
    driver.publish(topic, List.of(message("held")));
    // A consumer that reads the message and dies before acknowledging it.
    raw.client()
        .xreadGroup(
            group,
            "dead",
            XReadGroupParams.xReadGroupParams().count(10),
            Map.of(stream, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
    Queue<ReceivedMessage> got = new ConcurrentLinkedQueue<>();
    Subscription s = driver.subscribe(topic, group, Delivery.AT_LEAST_ONCE, got::add);
    try {
      await("the held message", () -> !got.isEmpty());
      ReceivedMessage m = got.peek();
      assertEquals("held", new String(m.data(), UTF_8));
      assertEquals(2, m.deliveryAttempt(), "the second delivery of the message");
      await("the acknowledgement", () -> raw.client().xpending(stream, group).getTotal() == 0);
    } finally {
      s.close();
    }
  }

  @Test
  void aMessageItsConsumersKeptDyingOnIsDeadLetteredWithoutAnotherDelivery() {
    String topic = run + "-crash";
    String stream = "osmos:topic:" + topic;
    String group = "workers";
    raw.client().xgroupCreate(stream, group, StreamEntryID.XGROUP_LAST_ENTRY, true);
    driver.publish(topic, List.of(new Message("crashes".getBytes(UTF_8), Map.of("key", "k"))));
    // Read by a consumer that dies, then claimed twice by others that die too: 3 deliveries.
    List<StreamEntryID> ids =
        raw
            .client()
            .xreadGroup(
                group,
                "dead-1",
                XReadGroupParams.xReadGroupParams().count(10),
                Map.of(stream, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY))
            .get(0)
            .getValue()
            .stream()
            .map(e -> e.getID())
            .toList();
    for (String dead : List.of("dead-2", "dead-3")) {
      raw.client()
          .xclaim(
              stream,
              group,
              dead,
              0,
              XClaimParams.xClaimParams(),
              ids.toArray(StreamEntryID[]::new));
    }
    Queue<ReceivedMessage> handled = new ConcurrentLinkedQueue<>();
    Subscription s =
        driver.subscribe(
            topic, group, Delivery.AT_LEAST_ONCE, DeadLetterPolicy.attempts(3), handled::add);
    try {
      String deadStream = stream + ".dead-letter";
      await("the dead letter", () -> raw.client().xlen(deadStream) == 1);
      Map<String, String> fields = raw.client().xrange(deadStream, "-", "+").get(0).getFields();
      assertEquals("crashes", fields.get("data"));
      assertEquals("k", fields.get("attr:key"));
      assertEquals("4", fields.get("attr:osmos-dead-letter-attempts"));
      assertEquals(
          "delivered 4 times without being acknowledged (its consumers stopped while"
              + " handling it)",
          fields.get("attr:osmos-dead-letter-error"));
      assertEquals(topic, fields.get("attr:osmos-dead-letter-topic"));
      assertEquals(group, fields.get("attr:osmos-dead-letter-subscription"));
      assertEquals(ids.get(0).toString(), fields.get("attr:osmos-dead-letter-message-id"));
      await("the acknowledgement", () -> raw.client().xpending(stream, group).getTotal() == 0);
      assertEquals(List.of(), List.copyOf(handled), "the handler never saw it again");
      assertEquals(
          List.of(DeadLetterPolicy.SUBSCRIPTION),
          raw.client().xinfoGroups(deadStream).stream().map(g -> g.getName()).toList(),
          "its readers' consumer group");
    } finally {
      s.close();
    }
  }

  @Test
  void anEphemeralSubscriptionDropsAMessageAfterItsAttempts() throws Exception {
    String topic = run + "-eph-drop";
    Queue<Integer> attempts = new ConcurrentLinkedQueue<>();
    CountDownLatch second = new CountDownLatch(1);
    CountDownLatch third = new CountDownLatch(1);
    Queue<String> handled = new ConcurrentLinkedQueue<>();
    Subscription s =
        driver.subscribe(
            topic,
            "live",
            Delivery.EPHEMERAL,
            DeadLetterPolicy.attempts(2),
            m -> {
              if (new String(m.data(), UTF_8).equals("poison")) {
                attempts.add(m.deliveryAttempt());
                (m.deliveryAttempt() == 2
                        ? second
                        : m.deliveryAttempt() > 2 ? third : new CountDownLatch(1))
                    .countDown();
                throw new IllegalStateException("always");
              }
              handled.add(new String(m.data(), UTF_8));
            });
    try {
      driver.publish(topic, List.of(message("poison"), message("fine")));
      await("the message after it", () -> handled.contains("fine"));
      assertTrue(second.await(10, TimeUnit.SECONDS), "attempts " + attempts);
      // A third delivery would follow the second after its back-off (100 ms).
      assertTrue(!third.await(1, TimeUnit.SECONDS), "attempts " + attempts);
      assertEquals(List.of(1, 2), List.copyOf(attempts));
      assertEquals(
          0,
          raw.client().exists("osmos:topic:" + topic + ".dead-letter") ? 1 : 0,
          "an ephemeral subscription has no dead letter");
    } finally {
      s.close();
    }
  }

  @Test
  void aHandlerFailureOnAnEphemeralSubscriptionIsRetriedWithItsAttemptCounted() {
    String topic = run + "-eph";
    AtomicInteger calls = new AtomicInteger();
    Queue<Integer> attempts = new ConcurrentLinkedQueue<>();
    Subscription s =
        driver.subscribe(
            topic,
            "live",
            Delivery.EPHEMERAL,
            m -> {
              attempts.add(m.deliveryAttempt());
              if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("failing the first delivery on purpose");
              }
            });
    try {
      driver.publish(topic, List.of(message("once")));
      await("the retry", () -> attempts.size() >= 2);
      assertEquals(List.of(1, 2), List.copyOf(attempts));
    } finally {
      s.close();
    }
  }

  @Test
  void streamsAreTrimmedToAboutTheConfiguredLength() {
    String topic = run + "-trim";
    for (int i = 0; i < 10; i++) {
      driver.publish(topic, IntStream.range(0, 100).mapToObj(n -> message("m" + n)).toList());
    }
    long length = raw.client().xlen("osmos:topic:" + topic);
    assertTrue(length >= 100 && length < 1000, "MAXLEN ~ 100 kept " + length + " of 1000");
  }

  @Test
  void aGroupThatVanishesIsCreatedAgainWithoutLosingLaterMessages() {
    String topic = run + "-gone";
    String stream = "osmos:topic:" + topic;
    Queue<String> got = new ConcurrentLinkedQueue<>();
    Subscription s =
        driver.subscribe(
            topic, "keeper", Delivery.AT_LEAST_ONCE, m -> got.add(new String(m.data(), UTF_8)));
    try {
      driver.publish(topic, List.of(message("before")));
      await("the first message", () -> got.contains("before"));
      raw.client().xgroupDestroy(stream, "keeper");
      driver.publish(topic, List.of(message("after")));
      await("a message published after the group vanished", () -> got.contains("after"));
    } finally {
      s.close();
    }
  }

  @Test
  void consumersThatHoldNothingAreForgotten() {
    String topic = run + "-consumers";
    String stream = "osmos:topic:" + topic;
    raw.client().xgroupCreate(stream, "g", StreamEntryID.XGROUP_LAST_ENTRY, true);
    raw.client().xgroupCreateConsumer(stream, "g", "ghost-of-an-earlier-process");
    // Forgotten once idle for longer than the redelivery timeout (300 ms), by the server's clock.
    await(
        "the ghost idle for longer than the redelivery timeout",
        () ->
            raw.client().xinfoConsumers2(stream, "g").stream()
                .anyMatch(
                    c -> c.getName().equals("ghost-of-an-earlier-process") && c.getIdle() > 300));
    Subscription s = driver.subscribe(topic, "g", Delivery.AT_LEAST_ONCE, m -> {});
    List<String> names =
        raw.client().xinfoConsumers2(stream, "g").stream().map(c -> c.getName()).toList();
    assertTrue(!names.contains("ghost-of-an-earlier-process"), "consumers: " + names);
    s.close();
    assertEquals(
        List.of(),
        raw.client().xinfoConsumers2(stream, "g"),
        "a closed subscription that holds nothing leaves no consumer behind");
  }

  @Test
  void closeStopsEverySubscriptionThread() {
    String topic = run + "-close";
    driver.subscribe(topic, "a", Delivery.AT_LEAST_ONCE, m -> {});
    driver.subscribe(topic, "b", Delivery.AT_LEAST_ONCE, m -> {});
    driver.subscribe(topic, null, Delivery.EPHEMERAL, m -> {});
    assertEquals(3, threads(topic), "one thread per subscription");
    driver.close();
    assertEquals(0, threads(topic), "threads left after close");
  }

  private static long threads(String topic) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("osmos-redis-" + topic + "/"))
        .count();
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("gave up after 10 s waiting for " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }
}
