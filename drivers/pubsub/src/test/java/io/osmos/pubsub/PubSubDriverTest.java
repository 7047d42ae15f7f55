package io.osmos.pubsub;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.osmos.Osmos;
import io.osmos.exceptions.LimitExceededException;
import io.osmos.spi.DeadLetterPolicy;
import io.osmos.spi.Driver;
import io.osmos.spi.Message;
import io.osmos.spi.MessageQueue.Delivery;
import io.osmos.spi.ReceivedMessage;
import io.osmos.spi.Subscription;
import io.osmos.testkit.server.PubSubEmulator;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the Pub/Sub driver promises beyond the conformance suite, checked on the emulator with
 * Google's own admin client where the layout matters: redelivery until a handler succeeds,
 * competing consumers in two drivers (two processes), ephemeral subscriptions that skip the backlog
 * and disappear on close, limits checked before anything reaches Pub/Sub, URLs, and a close that
 * leaves no thread behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PubSubDriverTest {
  private static final String PROJECT = "osmos-driver-test";
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final String run = "t" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  private PubSubEmulator emulator;
  private ManagedChannel adminChannel;
  private TopicAdminClient topics;
  private SubscriptionAdminClient subscriptions;

  @BeforeAll
  void connect() throws IOException {
    emulator = PubSubEmulator.get();
    adminChannel = ManagedChannelBuilder.forTarget(emulator.hostPort()).usePlaintext().build();
    FixedTransportChannelProvider channel =
        FixedTransportChannelProvider.create(GrpcTransportChannel.create(adminChannel));
    topics =
        TopicAdminClient.create(
            TopicAdminSettings.newBuilder()
                .setTransportChannelProvider(channel)
                .setCredentialsProvider(NoCredentialsProvider.create())
                .build());
    subscriptions =
        SubscriptionAdminClient.create(
            SubscriptionAdminSettings.newBuilder()
                .setTransportChannelProvider(channel)
                .setCredentialsProvider(NoCredentialsProvider.create())
                .build());
  }

  @AfterAll
  void disconnect() throws InterruptedException {
    if (topics != null) {
      topics.close();
      subscriptions.close();
    }
    if (adminChannel != null) {
      adminChannel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  private PubSubDriver driver() {
    return PubSubDriver.builder(PROJECT).emulatorHost(emulator.hostPort()).build();
  }

  private PubSubDriver quickRetryDriver() {
    return PubSubDriver.builder(PROJECT)
        .emulatorHost(emulator.hostPort())
        .retryBackoff(Duration.ZERO, Duration.ofSeconds(1))
        .build();
  }

  private String name(String suffix) {
    return run + "-" + suffix;
  }

  // ---- at least once ---------------------------------------------------------------------------

  @Test
  void failedMessageIsDeliveredAgainUntilAHandlerSucceedsAndThenNotAgain() {
    String topic = name("redeliver");
    Map<String, Integer> attempts = new ConcurrentHashMap<>();
    Set<String> done = ConcurrentHashMap.newKeySet();
    try (PubSubDriver d = driver()) {
      Subscription s =
          d.subscribe(
              topic,
              "work",
              Delivery.AT_LEAST_ONCE,
              m -> {
                String p = text(m);
                if (attempts.merge(p, 1, Integer::sum) <= 2) {
                  throw new IllegalStateException(
                      "failing delivery " + attempts.get(p) + " of " + p);
                }
                done.add(p);
              });
      d.publish(topic, messages("a", "b"));
      await(
          "both messages handled after two failures each",
          () -> done.size() == 2,
          attempts::toString);
      assertEquals(Map.of("a", 3, "b", 3), attempts, "each failed twice, then succeeded");
      s.close();

      // Acknowledged after the handler succeeded: a new consumer of the subscription gets only
      // what was published since.
      Queue<String> later = new ConcurrentLinkedQueue<>();
      d.subscribe(topic, "work", Delivery.AT_LEAST_ONCE, m -> later.add(text(m)));
      d.publish(topic, messages("marker"));
      await("the marker", () -> later.contains("marker"), later::toString);
      assertEquals(List.of("marker"), List.copyOf(later), "an acknowledged message came back");
    }
  }

  @Test
  void messageNackedByOneConsumerGoesToAnother() {
    String topic = name("handover");
    Queue<String> failedOn = new ConcurrentLinkedQueue<>();
    Queue<String> handled = new ConcurrentLinkedQueue<>();
    // A short retry back-off: with the default (1 s doubling), a message the failing consumer
    // happens to get five times running waits over 30 s before the working one can have it.
    // Pub/Sub's most delivery attempts, so that no message reaches the dead letter first.
    DeadLetterPolicy patient = DeadLetterPolicy.attempts(100);
    try (PubSubDriver failing = quickRetryDriver();
        PubSubDriver working = quickRetryDriver()) {
      failing.subscribe(
          topic,
          "shared",
          Delivery.AT_LEAST_ONCE,
          patient,
          m -> {
            failedOn.add(text(m));
            throw new IllegalStateException("this consumer always fails");
          });
      working.subscribe(
          topic, "shared", Delivery.AT_LEAST_ONCE, patient, m -> handled.add(text(m)));
      List<String> sent = IntStream.range(0, 20).mapToObj(i -> "h" + i).toList();
      failing.publish(topic, messages(sent.toArray(String[]::new)));
      await(
          "20 messages handled by the working consumer",
          () -> new HashSet<>(handled).size() == 20,
          handled::toString);
      assertEquals(new TreeSet<>(sent), new TreeSet<>(handled));
    }
  }

  @Test
  void competingConsumersInTwoProcessesShareTheWork() {
    String topic = name("compete");
    Queue<String> a = new ConcurrentLinkedQueue<>();
    Queue<String> b = new ConcurrentLinkedQueue<>();
    // Each consumer holds every message it gets until the other has one too, so neither can do
    // all the work before the other asks, however fast the handlers and however late one starts.
    CountDownLatch aHasOne = new CountDownLatch(1);
    CountDownLatch bHasOne = new CountDownLatch(1);
    try (PubSubDriver one = driver();
        PubSubDriver two = driver()) {
      one.subscribe(
          topic,
          "workers",
          Delivery.AT_LEAST_ONCE,
          m -> {
            a.add(text(m));
            aHasOne.countDown();
            bHasOne.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
          });
      two.subscribe(
          topic,
          "workers",
          Delivery.AT_LEAST_ONCE,
          m -> {
            b.add(text(m));
            bHasOne.countDown();
            aHasOne.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
          });
      List<String> sent = IntStream.range(0, 300).mapToObj(i -> "w" + i).toList();
      one.publish(topic, messages(sent.toArray(String[]::new)));
      await("300 messages", () -> union(a, b).size() == 300, () -> a.size() + " + " + b.size());
      assertTrue(!a.isEmpty() && !b.isEmpty(), "both got work: " + a.size() + ", " + b.size());
      assertEquals(new TreeSet<>(sent), union(a, b));
    }
  }

  // ---- ephemeral -------------------------------------------------------------------------------

  @Test
  void ephemeralSubscriptionSkipsTheBacklogAndIsDeletedOnClose() {
    String topic = name("eph");
    try (PubSubDriver d = driver()) {
      Queue<String> durable = new ConcurrentLinkedQueue<>();
      d.subscribe(topic, "keeper", Delivery.AT_LEAST_ONCE, m -> durable.add(text(m)));
      d.publish(topic, messages("old-1", "old-2"));
      await("the backlog", () -> durable.size() >= 2, durable::toString);

      Set<String> before = subscriptionsOf(d.topicId(topic));
      Queue<String> live = new ConcurrentLinkedQueue<>();
      Subscription eph = d.subscribe(topic, "live", Delivery.EPHEMERAL, m -> live.add(text(m)));
      Set<String> created = new TreeSet<>(subscriptionsOf(d.topicId(topic)));
      created.removeAll(before);
      assertEquals(1, created.size(), "one new Pub/Sub subscription: " + created);
      String id = created.iterator().next();
      assertTrue(
          ProjectSubscriptionName.parse(id)
              .getSubscription()
              .startsWith("osmos-" + topic + ".live."),
          "ephemeral subscription " + id);
      com.google.pubsub.v1.Subscription sub = subscriptions.getSubscription(id);
      assertEquals(
          Duration.ofDays(1).toSeconds(),
          sub.getExpirationPolicy().getTtl().getSeconds(),
          "an ephemeral subscription expires a day after its process is gone");

      d.publish(topic, messages("new-1"));
      await("the new message", () -> live.contains("new-1"), live::toString);
      await("the keeper's copy", () -> durable.contains("new-1"), durable::toString);
      assertEquals(List.of("new-1"), List.copyOf(live), "the ephemeral subscription got old ones");

      eph.close();
      assertThrows(
          NotFoundException.class,
          () -> subscriptions.getSubscription(id),
          "the ephemeral subscription outlived its close");
      com.google.pubsub.v1.Subscription keeper =
          subscriptions.getSubscription(
              SubscriptionName.of(PROJECT, d.subscriptionId(topic, "keeper")));
      assertTrue(
          keeper.hasExpirationPolicy() && !keeper.getExpirationPolicy().hasTtl(),
          "a durable subscription never expires: " + keeper.getExpirationPolicy());
    }
  }

  // ---- dead letters ----------------------------------------------------------------------------

  @Test
  void durableSubscriptionsCarryPubSubsDeadLetterPolicyAndTheDeadLetterHasItsSubscription() {
    String topic = name("dlq-layout");
    try (PubSubDriver d = driver()) {
      // A subscription an earlier version created without a dead-letter policy gets one.
      topics.createTopic(TopicName.of(PROJECT, d.topicId(topic)));
      subscriptions.createSubscription(
          com.google.pubsub.v1.Subscription.newBuilder()
              .setName(ProjectSubscriptionName.format(PROJECT, d.subscriptionId(topic, "old")))
              .setTopic(TopicName.format(PROJECT, d.topicId(topic)))
              .build());
      d.subscribe(topic, "old", Delivery.AT_LEAST_ONCE, DeadLetterPolicy.attempts(3), m -> {});
      d.subscribe(
          topic,
          "new",
          Delivery.AT_LEAST_ONCE,
          DeadLetterPolicy.attempts(8).withTopic(name("failed")),
          m -> {});
      com.google.pubsub.v1.DeadLetterPolicy old =
          subscriptions
              .getSubscription(SubscriptionName.of(PROJECT, d.subscriptionId(topic, "old")))
              .getDeadLetterPolicy();
      assertEquals(
          TopicName.format(PROJECT, "osmos-" + topic + ".dead-letter"), old.getDeadLetterTopic());
      assertEquals(5, old.getMaxDeliveryAttempts(), "3 attempts, raised to Pub/Sub's minimum");
      com.google.pubsub.v1.DeadLetterPolicy named =
          subscriptions
              .getSubscription(SubscriptionName.of(PROJECT, d.subscriptionId(topic, "new")))
              .getDeadLetterPolicy();
      assertEquals(
          TopicName.format(PROJECT, "osmos-" + name("failed")), named.getDeadLetterTopic());
      assertEquals(8, named.getMaxDeliveryAttempts());
      // The readers' subscriptions of both dead-letter topics.
      assertEquals(
          TopicName.format(PROJECT, "osmos-" + topic + ".dead-letter"),
          subscriptions
              .getSubscription(
                  SubscriptionName.of(PROJECT, "osmos-" + topic + ".dead-letter.dead-letter"))
              .getTopic());
      assertEquals(
          TopicName.format(PROJECT, "osmos-" + name("failed")),
          subscriptions
              .getSubscription(
                  SubscriptionName.of(PROJECT, "osmos-" + name("failed") + ".dead-letter"))
              .getTopic());
      IllegalArgumentException tooMany =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  d.subscribe(
                      topic, "x", Delivery.AT_LEAST_ONCE, DeadLetterPolicy.attempts(101), m -> {}));
      assertTrue(tooMany.getMessage().contains("at most 100"), tooMany.getMessage());
    }
  }

  @Test
  void aMessageNackedTooOftenElsewhereIsDeadLetteredWithoutAnotherDelivery() {
    String topic = name("dlq-crash");
    try (PubSubDriver d = driver()) {
      DeadLetterPolicy twice = DeadLetterPolicy.attempts(2);
      // Creates the subscription (with Pub/Sub's dead-letter policy, so Pub/Sub counts).
      d.subscribe(topic, "work", Delivery.AT_LEAST_ONCE, twice, m -> {}).close();
      Queue<ReceivedMessage> dead = new ConcurrentLinkedQueue<>();
      d.subscribe(
          topic + ".dead-letter", DeadLetterPolicy.SUBSCRIPTION, Delivery.AT_LEAST_ONCE, dead::add);
      d.publish(topic, List.of(new Message("crashes".getBytes(UTF_8), Map.of("key", "k"))));
      // Pulled twice and never acknowledged: consumers that died while handling it.
      nackTimes(d.subscriptionId(topic, "work"), 2);
      Queue<ReceivedMessage> handled = new ConcurrentLinkedQueue<>();
      d.subscribe(topic, "work", Delivery.AT_LEAST_ONCE, twice, handled::add);
      await("the dead letter", () -> !dead.isEmpty(), dead::toString);
      Map<String, String> a = dead.peek().attributes();
      assertEquals("3", a.get(DeadLetterPolicy.ATTEMPTS), a.toString());
      assertEquals(
          "delivered 3 times without being acknowledged (its consumers stopped while"
              + " handling it)",
          a.get(DeadLetterPolicy.ERROR));
      assertEquals("k", a.get("key"));
      assertEquals("work", a.get(DeadLetterPolicy.SOURCE_SUBSCRIPTION));
      assertEquals(List.of(), List.copyOf(handled), "the handler never saw it");
    }
  }

  @Test
  void anEphemeralSubscriptionCountsItsOwnAttemptsAndDropsAMessageItGivesUp() throws Exception {
    String topic = name("eph-drop");
    try (PubSubDriver d = driver()) {
      Queue<Integer> attempts = new ConcurrentLinkedQueue<>();
      java.util.concurrent.CountDownLatch third = new java.util.concurrent.CountDownLatch(1);
      Queue<String> handled = new ConcurrentLinkedQueue<>();
      d.subscribe(
          topic,
          "live",
          Delivery.EPHEMERAL,
          DeadLetterPolicy.attempts(2),
          m -> {
            if (text(m).equals("poison")) {
              attempts.add(m.deliveryAttempt());
              if (m.deliveryAttempt() > 2) {
                third.countDown();
              }
              throw new IllegalStateException("always");
            }
            handled.add(text(m));
          });
      d.publish(topic, messages("poison", "fine"));
      await(
          "two attempts",
          () -> attempts.size() >= 2 && handled.contains("fine"),
          attempts::toString);
      // The emulator delivers a nacked message again after about 2 s.
      assertTrue(!third.await(4, TimeUnit.SECONDS), "delivered again: " + attempts);
      assertEquals(List.of(1, 2), List.copyOf(attempts));
    }
  }

  @Test
  void closingTheDriverDeletesItsEphemeralSubscriptions() {
    String topic = name("eph-close");
    PubSubDriver d = driver();
    d.subscribe(topic, "a", Delivery.EPHEMERAL, m -> {});
    d.subscribe(topic, "b", Delivery.EPHEMERAL, m -> {});
    d.subscribe(topic, "durable", Delivery.AT_LEAST_ONCE, m -> {});
    assertEquals(3, subscriptionsOf(d.topicId(topic)).size());
    d.close();
    assertEquals(
        Set.of(ProjectSubscriptionName.format(PROJECT, d.subscriptionId(topic, "durable"))),
        subscriptionsOf(d.topicId(topic)),
        "what is left after close");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> d.publish(topic, messages("late")));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  // ---- publish ---------------------------------------------------------------------------------

  @Test
  void oversizeMessageIsRejectedBeforeAnythingIsPublished() {
    String topic = name("oversize");
    try (PubSubDriver d = driver()) {
      int max = d.limits().maxMessageBytes();
      assertEquals(9_999_360, max, "Beneath's limit");
      List<Message> batch =
          List.of(
              new Message("fine".getBytes(UTF_8), Map.of()),
              new Message(new byte[max + 1], Map.of()));
      LimitExceededException e =
          assertThrows(LimitExceededException.class, () -> d.publish(topic, batch));
      assertEquals(
          "message 1 is 9999361 bytes; the queue's limit (maxMessageBytes) is 9999360",
          e.getMessage());
      // Nothing reached Pub/Sub: not even the topic was created.
      assertThrows(
          NotFoundException.class, () -> topics.getTopic(TopicName.of(PROJECT, d.topicId(topic))));

      assertThrows(
          LimitExceededException.class,
          () -> d.publish(topic, List.of(new Message(new byte[1], Map.of("k", "v".repeat(1025))))),
          "attribute value");
      IllegalArgumentException reserved =
          assertThrows(
              IllegalArgumentException.class,
              () -> d.publish(topic, List.of(new Message(new byte[1], Map.of("googx", "v")))));
      assertTrue(reserved.getMessage().contains("goog"), reserved.getMessage());
    }
  }

  @Test
  void topicsAndSubscriptionsFollowTheDocumentedNames() {
    String topic = name("names");
    try (PubSubDriver d =
        PubSubDriver.builder(PROJECT)
            .emulatorHost(emulator.hostPort())
            .topicPrefix("app")
            .subscriptionPrefix("worker")
            .build()) {
      Queue<String> got = new ConcurrentLinkedQueue<>();
      d.subscribe(topic, "index", Delivery.AT_LEAST_ONCE, m -> got.add(text(m)));
      d.publish(topic, messages("x"));
      await("the message", () -> got.contains("x"), got::toString);
      assertEquals(
          "projects/" + PROJECT + "/topics/app-" + topic,
          topics.getTopic(TopicName.of(PROJECT, "app-" + topic)).getName());
      com.google.pubsub.v1.Subscription s =
          subscriptions.getSubscription(SubscriptionName.of(PROJECT, "worker-" + topic + ".index"));
      assertEquals("projects/" + PROJECT + "/topics/app-" + topic, s.getTopic());
      assertEquals(20, s.getAckDeadlineSeconds());
    }
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> driver().topicId("no.dots"));
    assertTrue(bad.getMessage().contains("no.dots"), bad.getMessage());
  }

  // ---- URLs and shutdown -----------------------------------------------------------------------

  @Test
  void driverFromUrl() {
    try (Driver d = Osmos.driverFromUrl(emulator.url(PROJECT) + "&topicPrefix=url")) {
      PubSubDriver p = assertInstanceOf(PubSubDriver.class, d);
      assertEquals(PROJECT, p.project());
      assertEquals("url-orders", p.topicId("orders"));
      assertEquals(DeadLetterPolicy.DEFAULT, p.deadLetterPolicy());
    }
    try (Driver d =
        Osmos.driverFromUrl(
            emulator.url(PROJECT) + "&deadLetterAttempts=7&deadLetterTopic=failed")) {
      assertEquals(
          new DeadLetterPolicy(7, "failed"),
          assertInstanceOf(PubSubDriver.class, d).deadLetterPolicy());
    }
    IllegalArgumentException attempts =
        assertThrows(
            IllegalArgumentException.class,
            () -> Osmos.driverFromUrl(emulator.url(PROJECT) + "&deadLetterAttempts=101"));
    assertTrue(attempts.getMessage().contains("at most 100"), attempts.getMessage());
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> Osmos.driverFromUrl("pubsub://p?emulatr=127.0.0.1:1"));
    assertTrue(unknown.getMessage().contains("emulatr"), unknown.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> Osmos.driverFromUrl("pubsub://p?emulator=nohost"));
  }

  @Test
  void closeLeavesNoThreadsBehind() throws Exception {
    // gRPC's shared resources (event loops, executors) outlive their last user by about a
    // second; a driver created and closed first lets this test start from a settled JVM.
    driver().close();
    awaitThreads(Set.copyOf(liveThreads()));
    Set<Thread> before = Set.copyOf(liveThreads());

    String topic = name("threads");
    PubSubDriver d = driver();
    Queue<String> got = new ConcurrentLinkedQueue<>();
    d.subscribe(topic, "durable", Delivery.AT_LEAST_ONCE, m -> got.add(text(m)));
    d.subscribe(topic, "eph", Delivery.EPHEMERAL, m -> got.add(text(m)));
    d.publish(topic, messages("one"));
    await("both copies", () -> got.size() >= 2, got::toString);
    assertTrue(
        liveThreads().stream().anyMatch(t -> t.getName().startsWith("osmos-pubsub-")),
        "the driver runs threads of its own while open");
    d.close();
    awaitThreads(before);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private Set<String> subscriptionsOf(String topicId) {
    return StreamSupport.stream(
            topics
                .listTopicSubscriptions(TopicName.of(PROJECT, topicId))
                .iterateAll()
                .spliterator(),
            false)
        .collect(Collectors.toSet());
  }

  private static List<Thread> liveThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        // The JVM's and the test harness's own.
        .filter(t -> !t.getName().startsWith("ForkJoinPool.commonPool"))
        .filter(t -> !t.getName().equals("process reaper"))
        .toList();
  }

  /** Waits until no thread beyond {@code before} is alive. */
  private static void awaitThreads(Set<Thread> before) {
    await(
        "the driver's threads to end",
        () -> extra(before).isEmpty(),
        () -> extra(before).stream().map(Thread::getName).toList());
  }

  private static List<Thread> extra(Set<Thread> before) {
    List<Thread> extra = new ArrayList<>(liveThreads());
    extra.removeAll(before);
    return extra;
  }

  /** Pulls the next message of a subscription {@code times} times, nacking it each time. */
  private void nackTimes(String subscriptionId, int times) {
    String sub = ProjectSubscriptionName.format(PROJECT, subscriptionId);
    for (int i = 0; i < times; i++) {
      List<com.google.pubsub.v1.ReceivedMessage> got = List.of();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (got.isEmpty() && System.nanoTime() < deadline) {
        got = subscriptions.pull(sub, 1).getReceivedMessagesList();
      }
      assertEquals(1, got.size(), "pull " + (i + 1) + " of " + subscriptionId);
      subscriptions.modifyAckDeadline(sub, List.of(got.get(0).getAckId()), 0);
    }
  }

  private static List<Message> messages(String... texts) {
    List<Message> out = new ArrayList<>();
    for (String t : texts) {
      out.add(new Message(t.getBytes(UTF_8), Map.of()));
    }
    return out;
  }

  private static String text(ReceivedMessage m) {
    return new String(m.data(), UTF_8);
  }

  private static Set<String> union(Queue<String> a, Queue<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }

  private static void await(String what, BooleanSupplier condition, Supplier<?> seen) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail(
            "gave up after " + WAIT.toSeconds() + " s waiting for " + what + "; saw " + seen.get());
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
