package io.osmos.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.osmos.spi.DeadLetterPolicy;
import io.osmos.spi.Message;
import io.osmos.spi.MessageQueue.Delivery;
import io.osmos.spi.ReceivedMessage;
import io.osmos.spi.Subscription;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Queue behaviour beyond the conformance suite: the ack deadline, several processes, dead letters
 * as the tables show them.
 */
class PostgresMessageQueueTest {
  private final String run = "mq" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);

  @Test
  void aMessageWhoseConsumerHangsIsDeliveredAgainAfterTheAckDeadline() throws Exception {
    // Two drivers stand for two processes; the first one's handler never returns in time.
    try (PostgresDriver stuck =
            PostgresDriver.builder()
                .url(TestPostgres.server().url())
                .ackDeadline(Duration.ofMillis(500))
                .build();
        PostgresDriver healthy =
            PostgresDriver.builder()
                .url(TestPostgres.server().url())
                .ackDeadline(Duration.ofMillis(500))
                .build()) {
      String topic = run + "-deadline";
      CountDownLatch hung = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Subscription a =
          stuck.subscribe(
              topic,
              "workers",
              Delivery.AT_LEAST_ONCE,
              m -> {
                hung.countDown();
                release.await();
              });
      Queue<ReceivedMessage> got = new ConcurrentLinkedQueue<>();
      Subscription b;
      try {
        stuck.publish(
            topic, List.of(new Message("job".getBytes(StandardCharsets.UTF_8), Map.of())));
        assertTrue(hung.await(10, java.util.concurrent.TimeUnit.SECONDS), "not delivered");
        b = healthy.subscribe(topic, "workers", Delivery.AT_LEAST_ONCE, got::add);
        await("redelivery to the other consumer", () -> !got.isEmpty());
      } finally {
        release.countDown();
        a.close();
      }
      b.close();
      ReceivedMessage m = got.peek();
      assertEquals("job", new String(m.data(), StandardCharsets.UTF_8));
      assertEquals(2, m.deliveryAttempt(), "the second delivery of the message");
    }
  }

  @Test
  void aMessagePublishedByOneProcessReachesSubscribersOfAnother() throws Exception {
    try (PostgresDriver publisher = TestPostgres.newDriver();
        PostgresDriver subscriber = TestPostgres.newDriver()) {
      String topic = run + "-cross";
      Queue<String> durable = new ConcurrentLinkedQueue<>();
      Queue<String> live = new ConcurrentLinkedQueue<>();
      Subscription s1 =
          subscriber.subscribe(
              topic,
              "durable",
              Delivery.AT_LEAST_ONCE,
              m -> durable.add(new String(m.data(), StandardCharsets.UTF_8)));
      Subscription s2 =
          subscriber.subscribe(
              topic,
              "live",
              Delivery.EPHEMERAL,
              m -> live.add(new String(m.data(), StandardCharsets.UTF_8)));
      publisher.publish(
          topic, List.of(new Message("x".getBytes(StandardCharsets.UTF_8), Map.of())));
      await("both subscriptions", () -> durable.size() == 1 && live.size() == 1);
      s1.close();
      s2.close();
    }
  }

  @Test
  void aMessageItsConsumersKeptDyingOnIsDeadLetteredWithoutAnotherDelivery() throws Exception {
    try (PostgresDriver driver = TestPostgres.newDriver()) {
      String topic = run + "-crash";
      DeadLetterPolicy twice = DeadLetterPolicy.attempts(2);
      // Creates the durable subscription (and its dead letter's), then goes away.
      driver.subscribe(topic, "workers", Delivery.AT_LEAST_ONCE, twice, m -> {}).close();
      driver.publish(
          topic,
          List.of(new Message("crashes".getBytes(StandardCharsets.UTF_8), Map.of("key", "k"))));
      // Leased twice by consumers that died before acknowledging it.
      try (Connection c = TestPostgres.connect();
          PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE \"osmos\".\"mq_messages\" SET"
                      + " \"attempts\" = 2 WHERE \"topic\" = ?")) {
        ps.setString(1, topic);
        assertEquals(1, ps.executeUpdate());
      }
      Queue<ReceivedMessage> handled = new ConcurrentLinkedQueue<>();
      Subscription s =
          driver.subscribe(topic, "workers", Delivery.AT_LEAST_ONCE, twice, handled::add);
      try {
        await("the dead letter", () -> rows(topic + ".dead-letter") == 1);
        assertEquals(0, rows(topic), "acknowledged on its own subscription");
        try (Connection c = TestPostgres.connect();
            PreparedStatement ps =
                c.prepareStatement(
                    "SELECT \"subscription\", \"data\","
                        + " \"attributes\"->>'key', \"attributes\"->>'osmos-dead-letter-attempts',"
                        + " \"attributes\"->>'osmos-dead-letter-error', \"attempts\" FROM"
                        + " \"osmos\".\"mq_messages\" WHERE \"topic\" = ?")) {
          ps.setString(1, topic + ".dead-letter");
          try (ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            assertEquals("dead-letter", rs.getString(1));
            assertEquals("crashes", new String(rs.getBytes(2), StandardCharsets.UTF_8));
            assertEquals("k", rs.getString(3));
            assertEquals("3", rs.getString(4));
            assertEquals(
                "delivered 3 times without being acknowledged (its consumers stopped"
                    + " while handling it)",
                rs.getString(5));
            assertEquals(0, rs.getInt(6), "a fresh message on the dead-letter topic");
          }
        }
        assertEquals(List.of(), List.copyOf(handled), "the handler never saw it again");
      } finally {
        s.close();
      }
    }
  }

  @Test
  void anEphemeralSubscriptionDropsAMessageAfterItsAttempts() throws Exception {
    try (PostgresDriver driver = TestPostgres.newDriver()) {
      String topic = run + "-eph-drop";
      Queue<Integer> attempts = new ConcurrentLinkedQueue<>();
      Queue<String> handled = new ConcurrentLinkedQueue<>();
      Subscription s =
          driver.subscribe(
              topic,
              "live",
              Delivery.EPHEMERAL,
              DeadLetterPolicy.attempts(2),
              m -> {
                if (new String(m.data(), StandardCharsets.UTF_8).equals("poison")) {
                  attempts.add(m.deliveryAttempt());
                  throw new IllegalStateException("always");
                }
                handled.add(new String(m.data(), StandardCharsets.UTF_8));
              });
      try {
        driver.publish(
            topic,
            List.of(
                new Message("poison".getBytes(StandardCharsets.UTF_8), Map.of()),
                new Message("fine".getBytes(StandardCharsets.UTF_8), Map.of())));
        await("the message after it", () -> handled.contains("fine"));
        await("the poison given up", () -> rows(topic) == 0);
        assertEquals(List.of(1, 2), List.copyOf(attempts));
        assertEquals(0, rows(topic + ".dead-letter"), "an ephemeral subscription has none");
      } finally {
        s.close();
      }
    }
  }

  @Test
  void theUrlAndTheBuilderSetTheDeadLetterPolicy() {
    String url = TestPostgres.server().url();
    String withPolicy =
        url + (url.contains("?") ? "&" : "?") + "deadLetterAttempts=3&deadLetterTopic=failed";
    try (PostgresDriver d = PostgresDriver.builder().url(withPolicy).build()) {
      assertEquals(new DeadLetterPolicy(3, "failed"), d.deadLetterPolicy());
    }
    try (PostgresDriver d =
        PostgresDriver.builder().url(withPolicy).deadLetter(DeadLetterPolicy.attempts(9)).build()) {
      assertEquals(DeadLetterPolicy.attempts(9), d.deadLetterPolicy(), "the builder wins");
    }
    try (PostgresDriver d = TestPostgres.newDriver()) {
      assertEquals(DeadLetterPolicy.DEFAULT, d.deadLetterPolicy());
    }
    IllegalArgumentException bad =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () ->
                new PostgresDriver(url + (url.contains("?") ? "&" : "?") + "deadLetterAttempts=x"));
    assertTrue(
        bad.getMessage().startsWith("deadLetterAttempts must be a whole number"), bad.getMessage());
  }

  /** The rows of {@code topic} in the queue table, over every subscription. */
  private static int rows(String topic) {
    try (Connection c = TestPostgres.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM" + " \"osmos\".\"mq_messages\" WHERE \"topic\" = ?")) {
      ps.setString(1, topic);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("gave up after 15 s waiting for " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
