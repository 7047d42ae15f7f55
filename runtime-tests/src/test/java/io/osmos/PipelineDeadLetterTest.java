package io.osmos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.memory.MemoryDriver;
import io.osmos.memory.fixtures.Reading;
import io.osmos.memory.fixtures.ReadingRepository;
import io.osmos.memory.fixtures.Reading_;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.DeadLetterPolicy;
import io.osmos.spi.Message;
import io.osmos.spi.MessageQueue.Delivery;
import io.osmos.spi.ReceivedMessage;
import io.osmos.spi.Subscription;
import io.osmos.spi.WarehouseService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pipeline hands what it cannot write to the queue's dead letter, and goes on. */
class PipelineDeadLetterTest {
  private static final long WAIT_SECONDS = 20;

  private MemoryDriver memory;
  private Osmos osmos;
  private ReadingRepository readings;
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private final Pipeline.Listener listener =
      new Pipeline.Listener() {
        @Override
        public void written(String bucket, Object key, java.time.Instant timestamp) {
          events.add("written " + key);
        }

        @Override
        public void deadLettered(
            String bucket, String messageId, String deadLetterTopic, Throwable error) {
          events.add(
              "dead "
                  + bucket
                  + " -> "
                  + deadLetterTopic
                  + ": "
                  + error.getClass().getSimpleName());
        }
      };

  @BeforeEach
  void setUp() {
    memory = new MemoryDriver();
    osmos =
        Osmos.builder()
            .driver("events", Streams.of(memory, memory, new RefusingWarehouse()))
            .build();
    readings = new ReadingRepository(osmos);
  }

  @AfterEach
  void tearDown() {
    osmos.close();
  }

  private static <T> T next(BlockingQueue<T> q) throws InterruptedException {
    T v = q.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    if (v == null) {
      throw new AssertionError("nothing within " + WAIT_SECONDS + " s");
    }
    return v;
  }

  @Test
  void aMessageThatIsNotTheModelGoesToTheDeadLetterAndThePipelineGoesOn() throws Exception {
    BlockingQueue<ReceivedMessage> dead = new LinkedBlockingQueue<>();
    byte[] garbage = "{\"sensor\": [".getBytes(StandardCharsets.UTF_8);
    try (Pipeline pipeline = osmos.pipeline("events").listener(listener).start();
        Subscription d =
            memory.subscribe(
                "readings.dead-letter", "dead-letter", Delivery.AT_LEAST_ONCE, dead::add)) {
      memory.publish("readings", List.of(new Message(garbage, Map.of("key", "raw"))));
      readings.publish(Reading.of("fine", 1, "north", 1));
      ReceivedMessage m = next(dead);
      assertArrayEquals(garbage, m.data());
      assertEquals(
          "osmos-pipeline-readings", m.attributes().get(DeadLetterPolicy.SOURCE_SUBSCRIPTION));
      assertEquals("1", m.attributes().get(DeadLetterPolicy.ATTEMPTS));
      assertTrue(
          m.attributes().get(DeadLetterPolicy.ERROR).contains("is not a Reading"),
          m.attributes().toString());
      List<String> seen = List.of(next(events), next(events));
      assertTrue(
          seen.contains("dead readings -> readings.dead-letter: DecodeException"), seen.toString());
      assertTrue(seen.contains("written fine"), seen.toString());
      assertEquals(1, pipeline.stats().deadLettered());
      assertTrue(
          pipeline.stats().lastError().contains("operation=pipeline"),
          pipeline.stats().lastError());
    }
    assertTrue(readings.get("fine").isPresent(), "the pipeline went on");
  }

  @Test
  void aRecordThatCannotBeWrittenIsDeadLetteredAfterItsDeliveries() throws Exception {
    BlockingQueue<ReceivedMessage> dead = new LinkedBlockingQueue<>();
    try (Pipeline pipeline =
            osmos
                .pipeline("events")
                .listener(listener)
                .retries(2, Duration.ofMillis(1), Duration.ofMillis(1))
                .deadLetter(DeadLetterPolicy.attempts(3).withTopic("readings-failed"))
                .start();
        Subscription d =
            memory.subscribe("readings-failed", "dead-letter", Delivery.AT_LEAST_ONCE, dead::add)) {
      readings.publish(Reading.of("doomed", 1, "north", 1));
      readings.publish(Reading.of("fine", 2, "north", 2));
      ReceivedMessage m = next(dead);
      assertEquals(
          Reading.of("doomed", 1, "north", 1),
          io.osmos.codec.json.JsonFormat.decode(Reading_.MODEL, m.data()));
      assertEquals("3", m.attributes().get(DeadLetterPolicy.ATTEMPTS));
      assertTrue(
          m.attributes().get(DeadLetterPolicy.ERROR).contains("warehouse refuses doomed"),
          m.attributes().toString());
      List<String> seen = List.of(next(events), next(events));
      assertTrue(
          seen.contains("dead readings -> readings-failed: DriverException"), seen.toString());
      Pipeline.Stats stats = pipeline.stats();
      assertEquals(1, stats.deadLettered());
      assertEquals(6, stats.failures(), "three deliveries of two write attempts each");
    }
  }

  /** A warehouse whose tables refuse a record of the sensor {@code doomed}. */
  private static final class RefusingWarehouse implements WarehouseService {
    @Override
    public String kind() {
      return "refusing";
    }

    @Override
    public <T, K> WarehouseTable<T> warehouseTable(ModelSchema<T, K> model) {
      return new WarehouseTable<>() {
        @Override
        public String tableName() {
          return model.bucket();
        }

        @Override
        public void write(List<T> rows) {
          for (T r : rows) {
            if (r instanceof Reading reading && reading.sensor().equals("doomed")) {
              throw new IllegalStateException("the warehouse refuses doomed");
            }
          }
        }
      };
    }

    @Override
    public WarehouseJob analyze(String sql) {
      throw new UnsupportedOperationException("not needed here");
    }

    @Override
    public WarehouseJob run(String sql, long maxBytesScanned) {
      throw new UnsupportedOperationException("not needed here");
    }

    @Override
    public WarehouseJob poll(String jobId) {
      throw new UnsupportedOperationException("not needed here");
    }

    @Override
    public ResultRead read(byte[] cursor, int limit) {
      throw new UnsupportedOperationException("not needed here");
    }
  }
}
