package io.osmos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.exceptions.OsmosException;
import io.osmos.memory.MemoryDriver;
import io.osmos.memory.fixtures.Reading;
import io.osmos.memory.fixtures.ReadingRepository;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.DeadLetterPolicy;
import io.osmos.spi.WarehouseService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Pipeline#awaitIdle}: returns once what was published has been written or dead-lettered,
 * and says what is pending when it is not.
 */
class PipelineAwaitIdleTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  private final CountDownLatch release = new CountDownLatch(1);
  private final GatedWarehouse warehouse = new GatedWarehouse(release);
  private Osmos osmos;

  @AfterEach
  void tearDown() {
    release.countDown();
    if (osmos != null) {
      osmos.close();
    }
  }

  private ReadingRepository readings(WarehouseService warehouse) {
    MemoryDriver memory = new MemoryDriver();
    osmos =
        Osmos.builder()
            .driver(
                "events",
                warehouse == null
                    ? Streams.of(memory, memory)
                    : Streams.of(memory, memory, warehouse))
            .build();
    return new ReadingRepository(osmos);
  }

  @Test
  void returnsOnceEveryPublishedRecordIsWritten() {
    ReadingRepository readings = readings(null);
    try (Pipeline pipeline = osmos.pipeline("events").start()) {
      List<Reading> batch = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        batch.add(Reading.of("s" + i, i, "north", i));
      }
      readings.publishAll(batch);
      readings.publish(Reading.of("last", 1000, "south", 1));
      pipeline.awaitIdle(LONG);
      for (Reading r : batch) {
        assertEquals(r, readings.get(r.sensor()).orElseThrow());
      }
      assertEquals("south", readings.get("last").orElseThrow().site());
      assertEquals(201, pipeline.stats().records());
    }
  }

  @Test
  void aTimeoutSaysHowManyMessagesOfWhichBucketArePending() {
    ReadingRepository readings = readings(warehouse.gate("held"));
    try (Pipeline pipeline = osmos.pipeline("events").start()) {
      readings.publish(Reading.of("held", 1, "north", 1));
      OsmosException e =
          assertThrows(OsmosException.class, () -> pipeline.awaitIdle(Duration.ofMillis(50)));
      assertTrue(
          e.getMessage()
              .startsWith(
                  "the pipeline did not handle what was published within"
                      + " PT0.05S: 1 message still pending (readings: 1); Stats["),
          e.getMessage());
      assertEquals("events (streams(memory+memory+gated))", e.driver());
      assertEquals("awaitIdle", e.operation());

      release.countDown();
      pipeline.awaitIdle(LONG);
      assertTrue(readings.get("held").isPresent());
    }
  }

  @Test
  void doesNotWaitForRecordsPublishedAfterTheCall() throws Exception {
    ReadingRepository readings = readings(warehouse.gate("later"));
    try (Pipeline pipeline = osmos.pipeline("events").start()) {
      readings.publish(Reading.of("first", 1, "north", 1));
      pipeline.awaitIdle(LONG);
      readings.publish(Reading.of("later", 2, "north", 1));
      // "later" is held by the warehouse until released: what came before it is handled.
      assertThrows(OsmosException.class, () -> pipeline.awaitIdle(Duration.ZERO));
      release.countDown();
      pipeline.awaitIdle(LONG);
      assertTrue(readings.get("later").isPresent());
    }
  }

  @Test
  void aDeadLetteredMessageCountsAsHandled() {
    ReadingRepository readings = readings(warehouse.refuse("doomed"));
    try (Pipeline pipeline =
        osmos
            .pipeline("events")
            .retries(1, Duration.ZERO, Duration.ZERO)
            .deadLetter(new DeadLetterPolicy(1, "readings.dead-letter"))
            .start()) {
      readings.publish(Reading.of("doomed", 1, "north", 1));
      readings.publish(Reading.of("fine", 2, "north", 1));
      pipeline.awaitIdle(LONG);
      assertEquals(1, pipeline.stats().deadLettered());
      assertTrue(readings.get("fine").isPresent());
    }
  }

  @Test
  void aPipelineThatDoesNotRunCannotBecomeIdle() {
    readings(null);
    Pipeline pipeline = osmos.pipeline("events");
    IllegalStateException notStarted =
        assertThrows(IllegalStateException.class, () -> pipeline.awaitIdle(LONG));
    assertEquals(
        "the pipeline of 'events' is not started: nothing would handle what is pending",
        notStarted.getMessage());
    pipeline.start().close();
    IllegalStateException closed =
        assertThrows(IllegalStateException.class, () -> pipeline.awaitIdle(LONG));
    assertEquals(
        "the pipeline of 'events' is closed: nothing would handle what is pending",
        closed.getMessage());
  }

  @Test
  void closingThePipelineEndsAWait() throws Exception {
    ReadingRepository readings = readings(warehouse.gate("held"));
    Pipeline pipeline = osmos.pipeline("events").start();
    readings.publish(Reading.of("held", 1, "north", 1));
    CountDownLatch waiting = new CountDownLatch(1);
    List<Throwable> outcome = new ArrayList<>();
    Thread waiter =
        new Thread(
            () -> {
              waiting.countDown();
              try {
                pipeline.awaitIdle(LONG);
              } catch (RuntimeException e) {
                synchronized (outcome) {
                  outcome.add(e);
                }
              }
            });
    waiter.start();
    assertTrue(waiting.await(30, TimeUnit.SECONDS));
    // close() waits for the held write; release it from another thread once close has begun.
    Thread releaser = new Thread(release::countDown);
    releaser.start();
    pipeline.close();
    waiter.join(TimeUnit.SECONDS.toMillis(30));
    releaser.join(TimeUnit.SECONDS.toMillis(30));
    synchronized (outcome) {
      // Either the held record was written before the close (the wait succeeded) or the close
      // ended the wait: never a wait to the full timeout.
      assertTrue(
          outcome.isEmpty() || outcome.get(0) instanceof IllegalStateException, outcome::toString);
    }
  }

  @Test
  void aPublishThatFailedIsNotWaitedFor() {
    MemoryDriver memory = new MemoryDriver();
    FailingQueue queue = new FailingQueue(memory);
    osmos = Osmos.builder().driver("events", Streams.of(queue, memory)).build();
    ReadingRepository readings = new ReadingRepository(osmos);
    try (Pipeline pipeline = osmos.pipeline("events").start()) {
      queue.failNext = true;
      assertThrows(OsmosException.class, () -> readings.publish(Reading.of("lost", 1, "n", 1)));
      readings.publish(Reading.of("kept", 2, "n", 1));
      pipeline.awaitIdle(LONG);
      assertTrue(readings.get("kept").isPresent());
      assertTrue(readings.get("lost").isEmpty());
    }
  }

  /** A queue whose next publish fails, delegating everything else. */
  private static final class FailingQueue implements io.osmos.spi.MessageQueue {
    private final MemoryDriver memory;
    volatile boolean failNext;

    FailingQueue(MemoryDriver memory) {
      this.memory = memory;
    }

    @Override
    public String kind() {
      return "failing";
    }

    @Override
    public void publish(String topic, List<io.osmos.spi.Message> messages) {
      if (failNext) {
        failNext = false;
        throw new IllegalStateException("the queue is down");
      }
      memory.publish(topic, messages);
    }

    @Override
    public io.osmos.spi.Subscription subscribe(
        String topic,
        String name,
        Delivery delivery,
        DeadLetterPolicy deadLetter,
        MessageHandler handler) {
      return memory.subscribe(topic, name, delivery, deadLetter, handler);
    }
  }

  /** A warehouse whose writes of one sensor wait for a latch, or are refused. */
  private static final class GatedWarehouse implements WarehouseService {
    private final CountDownLatch release;
    private volatile String gated;
    private volatile String refused;

    GatedWarehouse(CountDownLatch release) {
      this.release = release;
    }

    GatedWarehouse gate(String sensor) {
      gated = sensor;
      return this;
    }

    GatedWarehouse refuse(String sensor) {
      refused = sensor;
      return this;
    }

    @Override
    public String kind() {
      return "gated";
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
            String sensor = ((Reading) r).sensor();
            if (sensor.equals(refused)) {
              throw new IllegalStateException("the warehouse refuses " + sensor);
            }
            if (sensor.equals(gated)) {
              try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                  throw new IllegalStateException("never released");
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
              }
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
