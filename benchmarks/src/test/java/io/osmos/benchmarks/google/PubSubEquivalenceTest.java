package io.osmos.benchmarks.google;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.Osmos;
import io.osmos.Streams;
import io.osmos.benchmarks.model.Click;
import io.osmos.benchmarks.model.ClickRepository;
import io.osmos.benchmarks.model.Click_;
import io.osmos.benchmarks.model.Clicks;
import io.osmos.codec.json.JsonFormat;
import io.osmos.memory.MemoryDriver;
import io.osmos.pubsub.PubSubDriver;
import io.osmos.spi.DeadLetterPolicy;
import io.osmos.spi.Message;
import io.osmos.spi.MessageQueue;
import io.osmos.spi.ReceivedMessage;
import io.osmos.spi.Subscription;
import io.osmos.testkit.server.PubSubEmulator;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Both sides of {@link PubSubBenchmark} publish the same bytes and attributes. */
class PubSubEquivalenceTest {
  private final List<Click> clicks = Clicks.clicks(50);

  @Test
  void theBaselineCodecWritesOsmosJson() {
    for (Click c : clicks) {
      byte[] osmos = JsonFormat.encode(Click_.MODEL, c);
      assertArrayEquals(
          osmos, RawClickCodec.encode(c), () -> new String(osmos, StandardCharsets.UTF_8));
      assertEquals(c, RawClickCodec.decode(new ByteArrayInputStream(osmos)));
    }
    int size = JsonFormat.encode(Click_.MODEL, clicks.get(0)).length;
    assertTrue(size > 900 && size < 1200, "a click is ~1 KB of JSON, was " + size);
  }

  @Test
  void theBaselinePublishesWhatTheRepositoryHandsToTheQueue() {
    List<Message> published = new ArrayList<>();
    MessageQueue recording =
        new MessageQueue() {
          @Override
          public String kind() {
            return "recording";
          }

          @Override
          public void publish(String topic, List<Message> messages) {
            published.addAll(messages);
          }

          @Override
          public Subscription subscribe(
              String topic,
              String name,
              Delivery delivery,
              DeadLetterPolicy deadLetter,
              MessageHandler handler) {
            throw new UnsupportedOperationException();
          }
        };
    Osmos osmos =
        Osmos.builder().driver("clicks", Streams.of(recording, new MemoryDriver())).build();
    new ClickRepository(osmos).publishAll(clicks);
    var raw = RawPubSubClicks.messages(clicks);
    assertEquals(clicks.size(), published.size());
    for (int i = 0; i < clicks.size(); i++) {
      assertArrayEquals(published.get(i).data(), raw.get(i).getData().toByteArray());
      assertEquals(published.get(i).attributes(), raw.get(i).getAttributesMap());
    }
  }

  @Test
  void bothSidesPutTheSameMessagesOnTheEmulator() throws Exception {
    PubSubEmulator emulator = PubSubEmulator.get();
    PubSubDriver osmosQueue =
        PubSubDriver.builder(PubSubBenchmark.PROJECT)
            .emulatorHost(emulator.hostPort())
            .topicPrefix("eqosmos")
            .build();
    // a driver with the raw topic's prefix, only to read what the baseline published
    PubSubDriver rawReader =
        PubSubDriver.builder(PubSubBenchmark.PROJECT)
            .emulatorHost(emulator.hostPort())
            .topicPrefix("eqraw")
            .build();
    Osmos osmos =
        Osmos.builder().driver("clicks", Streams.of(osmosQueue, new MemoryDriver())).build();
    try (RawPubSubClicks raw =
        new RawPubSubClicks(
            emulator.hostPort(), PubSubBenchmark.PROJECT, rawReader.topicId("bench_clicks"))) {
      Map<String, String> fromOsmos = new TreeMap<>();
      Map<String, String> fromRaw = new TreeMap<>();
      CountDownLatch received = new CountDownLatch(2 * clicks.size());
      try (Subscription a =
              osmosQueue.subscribe(
                  "bench_clicks",
                  "eq",
                  MessageQueue.Delivery.AT_LEAST_ONCE,
                  m -> record(fromOsmos, m, received));
          Subscription b =
              rawReader.subscribe(
                  "bench_clicks",
                  "eq",
                  MessageQueue.Delivery.AT_LEAST_ONCE,
                  m -> record(fromRaw, m, received))) {
        new ClickRepository(osmos).publishAll(clicks);
        raw.publishAll(clicks);
        assertTrue(received.await(60, TimeUnit.SECONDS), "both sides' messages arrive");
      }
      assertEquals(clicks.size(), fromOsmos.size());
      assertEquals(fromOsmos, fromRaw);
    } finally {
      osmos.close();
      rawReader.close();
    }
  }

  private static void record(Map<String, String> into, ReceivedMessage m, CountDownLatch latch) {
    synchronized (into) {
      if (into.put(new TreeMap<>(m.attributes()).toString(), HexFormat.of().formatHex(m.data()))
          == null) {
        latch.countDown();
      }
    }
  }
}
