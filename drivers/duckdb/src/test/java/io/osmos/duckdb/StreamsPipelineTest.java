package io.osmos.duckdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.osmos.Osmos;
import io.osmos.Pipeline;
import io.osmos.Streams;
import io.osmos.duckdb.model.ClickEvent;
import io.osmos.duckdb.model.ClickEventRepository;
import io.osmos.duckdb.model.ClickEvent_;
import io.osmos.exceptions.CapabilityException;
import io.osmos.exceptions.DecodeException;
import io.osmos.exceptions.DriverNotFoundException;
import io.osmos.memory.MemoryDriver;
import io.osmos.spi.Driver;
import io.osmos.spi.Message;
import io.osmos.spi.MessageQueue;
import io.osmos.spi.ReceivedMessage;
import io.osmos.spi.Subscription;
import io.osmos.spi.WarehouseService;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Streams.of and the pipeline on the embedded default: memory queue and lookup, DuckDB. */
class StreamsPipelineTest {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  private final MemoryDriver memory = new MemoryDriver();
  private final DuckDbDriver duck = new DuckDbDriver();

  @AfterEach
  void close() {
    memory.close();
    duck.close();
  }

  private Osmos registry() {
    return Osmos.builder().driver("events", Streams.of(memory, memory, duck)).build();
  }

  private static ClickEvent click(String id, int second, String page) {
    return new ClickEvent(
        id, T0.plusSeconds(second), page, "CH", new BigDecimal("0.25"), List.of());
  }

  @Test
  void aWorkerThatBuildsNoRepositoryProcessesTheModelsItAdds() {
    Osmos app = registry();
    Osmos worker = registry();
    try (Pipeline pipeline = worker.pipeline("events").add(ClickEvent_.MODEL).start()) {
      ClickEventRepository clicks = new ClickEventRepository(app);
      clicks.publishAll(List.of(click("c1", 1, "home"), click("c2", 2, "cart")));
      await("2 records", () -> pipeline.stats().records() == 2, pipeline);
      assertEquals(Optional.of(click("c1", 1, "home")), clicks.get("c1"));
      assertEquals(List.of(click("c2", 2, "cart")), clicks.findByPage("cart"));
      assertEquals(
          List.of(Map.of("n", 2L, "revenue", new BigDecimal("0.500000000"))),
          Jobs.rows(duck, "SELECT count(*) AS n, sum(revenue) AS revenue FROM clicks"));
    }
  }

  @Test
  void modelsBoundThroughTheDriverAreProcessedBeforeAndAfterStart() {
    Osmos osmos = registry();
    try (Pipeline pipeline = osmos.pipeline("events").start()) {
      assertEquals(List.of(), pipeline.buckets());
      ClickEventRepository clicks = new ClickEventRepository(osmos); // binds after start
      assertEquals(List.of("clicks"), pipeline.buckets());
      clicks.publish(click("c1", 1, "home"));
      await("the record", () -> clicks.get("c1").isPresent(), pipeline);
    }
  }

  @Test
  void messagesPublishedWhileNoPipelineRunsWaitForTheNextOne() {
    Osmos osmos = registry();
    ClickEventRepository clicks = new ClickEventRepository(osmos);
    Pipeline first = osmos.pipeline("events").start();
    clicks.publish(click("c1", 1, "home"));
    await("c1", () -> first.stats().records() == 1, first);
    first.close();

    clicks.publish(click("c2", 2, "home"));
    assertEquals(Optional.empty(), clicks.get("c2"), "nothing writes while no pipeline runs");
    try (Pipeline second = osmos.pipeline("events").start()) {
      await("c2", () -> second.stats().records() == 1, second);
      assertEquals(Optional.of(click("c2", 2, "home")), clicks.get("c2"));
    }
    // The second pipeline wrote c2, so the closed one did not: its subscription had stopped.
    assertEquals(1, first.stats().records(), "records of the closed pipeline: " + first.stats());
  }

  @Test
  void aMessageThatIsNotTheModelIsDeadLetteredAndReported() {
    Osmos osmos = registry();
    ClickEventRepository clicks = new ClickEventRepository(osmos);
    List<Throwable> deadLettered = new CopyOnWriteArrayList<>();
    List<ReceivedMessage> deadLetters = new CopyOnWriteArrayList<>();
    Pipeline.Listener listener =
        new Pipeline.Listener() {
          @Override
          public void deadLettered(
              String bucket, String messageId, String deadLetterTopic, Throwable error) {
            deadLettered.add(error);
          }
        };
    try (Pipeline pipeline = osmos.pipeline("events").listener(listener).start();
        Subscription dead =
            memory.subscribe(
                "clicks.dead-letter",
                "dead-letter",
                MessageQueue.Delivery.AT_LEAST_ONCE,
                deadLetters::add)) {
      memory.publish(
          "clicks", List.of(new Message("{\"id\": 7".getBytes(StandardCharsets.UTF_8), Map.of())));
      clicks.publish(click("c1", 1, "home"));
      await(
          "the dead letter and the record",
          () ->
              pipeline.stats().deadLettered() == 1
                  && pipeline.stats().records() == 1
                  && deadLetters.size() == 1,
          pipeline);
      assertEquals(1, deadLettered.size());
      assertInstanceOf(DecodeException.class, deadLettered.get(0));
      assertEquals("{\"id\": 7", new String(deadLetters.get(0).data(), StandardCharsets.UTF_8));
      Pipeline.Stats stats = pipeline.stats();
      assertTrue(stats.lastError().contains("operation=pipeline"), stats.lastError());
      assertTrue(stats.lastError().contains("bucket=clicks"), stats.lastError());
      assertTrue(clicks.get("c1").isPresent(), "the pipeline went on");
    }
  }

  @Test
  void writeStoresInLookupAndWarehouseDirectlyWithoutAPipeline() {
    ClickEventRepository clicks = new ClickEventRepository(registry());
    clicks.write(List.of(click("c1", 1, "home")));
    assertEquals(Optional.of(click("c1", 1, "home")), clicks.get("c1"));
    assertEquals(List.of(Map.of("id", "c1")), Jobs.rows(duck, "SELECT id FROM clicks"));
  }

  @Test
  void theComposedDriverHasTheSmallestLimitsAndNamesItsParts() {
    Driver streams = Streams.of(memory, memory, duck);
    assertEquals("streams(memory+memory+duckdb)", streams.kind());
    assertEquals(1024, streams.limits().maxKeyBytes(), "DuckDB's, smaller than memory's");
    assertEquals(1 << 20, streams.limits().maxRecordBytes());
    Driver withoutWarehouse = Streams.of(memory, memory);
    assertFalse(withoutWarehouse instanceof WarehouseService);
    ClickEventRepository clicks =
        new ClickEventRepository(Osmos.builder().driver("events", withoutWarehouse).build());
    assertFalse(clicks.hasWarehouse());
  }

  @Test
  void aPipelineNeedsAQueueAndALookupService() {
    Osmos osmos = Osmos.builder().driver("wh", duck).build();
    CapabilityException e = assertThrows(CapabilityException.class, () -> osmos.pipeline("wh"));
    assertEquals(
        "a pipeline needs a MessageQueue and a LookupService, but driver 'wh' (duckdb)"
            + " offers [WarehouseService]; compose services with Streams.of(queue, lookup,"
            + " warehouse)",
        e.detail());
    assertThrows(DriverNotFoundException.class, () -> osmos.pipeline("events"));
  }

  @Test
  void aStartedPipelineCannotBeReconfigured() {
    try (Pipeline pipeline = registry().pipeline("events").start()) {
      assertThrows(IllegalStateException.class, pipeline::start);
      assertThrows(
          IllegalStateException.class, () -> pipeline.listener(new Pipeline.Listener() {}));
    }
  }

  private static void await(String what, BooleanSupplier done, Pipeline pipeline) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("gave up waiting for " + what + "; " + pipeline.stats());
      }
      Jobs.pause(5);
    }
  }
}
