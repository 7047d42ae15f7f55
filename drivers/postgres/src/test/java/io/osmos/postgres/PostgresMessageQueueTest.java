package io.osmos.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.osmos.spi.Message;
import io.osmos.spi.MessageQueue.Delivery;
import io.osmos.spi.ReceivedMessage;
import io.osmos.spi.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Queue behaviour beyond the conformance suite: the ack deadline, several processes. */
class PostgresMessageQueueTest {
  private final String run = "mq" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);

  @Test
  void aMessageWhoseConsumerHangsIsDeliveredAgainAfterTheAckDeadline() throws Exception {
    // Two drivers stand for two processes; the first one's handler never returns in time.
    try (PostgresDriver stuck = PostgresDriver.builder().url(TestPostgres.server().url())
            .ackDeadline(Duration.ofMillis(500)).build();
        PostgresDriver healthy = PostgresDriver.builder().url(TestPostgres.server().url())
            .ackDeadline(Duration.ofMillis(500)).build()) {
      String topic = run + "-deadline";
      CountDownLatch hung = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Subscription a = stuck.subscribe(topic, "workers", Delivery.AT_LEAST_ONCE, m -> {
        hung.countDown();
        release.await();
      });
      Queue<ReceivedMessage> got = new ConcurrentLinkedQueue<>();
      Subscription b;
      try {
        stuck.publish(topic, List.of(new Message("job".getBytes(StandardCharsets.UTF_8),
            Map.of())));
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
      Subscription s1 = subscriber.subscribe(topic, "durable", Delivery.AT_LEAST_ONCE,
          m -> durable.add(new String(m.data(), StandardCharsets.UTF_8)));
      Subscription s2 = subscriber.subscribe(topic, "live", Delivery.EPHEMERAL,
          m -> live.add(new String(m.data(), StandardCharsets.UTF_8)));
      publisher.publish(topic, List.of(new Message("x".getBytes(StandardCharsets.UTF_8),
          Map.of())));
      await("both subscriptions", () -> durable.size() == 1 && live.size() == 1);
      s1.close();
      s2.close();
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
