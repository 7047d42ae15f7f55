package io.osmos.pubsub;

import io.osmos.spi.Message;
import io.osmos.spi.MessageQueue.Delivery;
import io.osmos.spi.Subscription;
import io.osmos.testkit.server.PubSubEmulator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScratchTest {
  @Test
  void scratch() throws Exception {
    try (PubSubDriver d = PubSubDriver.builder("scratch").emulatorHost(PubSubEmulator.get().hostPort()).build()) {
      java.util.concurrent.CountDownLatch l = new java.util.concurrent.CountDownLatch(1);
      Subscription s = d.subscribe("t1", "s1", Delivery.AT_LEAST_ONCE, m -> l.countDown());
      d.publish("t1", List.of(new Message("a".getBytes(StandardCharsets.UTF_8), Map.of())));
      l.await();
      s.close();
      long t0 = System.currentTimeMillis();
      System.err.println("DBG closed; publishing");
      d.publish("t1", List.of(new Message("b".getBytes(StandardCharsets.UTF_8), Map.of())));
      Subscription w = d.subscribe("t1", "s1", Delivery.AT_LEAST_ONCE, m -> System.err.println("DBG witness got " + new String(m.data()) + " " + m.id() + " after " + (System.currentTimeMillis() - t0)));
      Thread.sleep(5000);
      System.err.println("DBG publishing c");
      d.publish("t1", List.of(new Message("c".getBytes(StandardCharsets.UTF_8), Map.of())));
      Thread.sleep(30000);
      w.close();
    }
  }
}
