package io.osmos.benchmarks.google;

import io.osmos.Osmos;
import io.osmos.Streams;
import io.osmos.benchmarks.model.Click;
import io.osmos.benchmarks.model.ClickRepository;
import io.osmos.benchmarks.model.Clicks;
import io.osmos.memory.MemoryDriver;
import io.osmos.pubsub.PubSubDriver;
import io.osmos.testkit.server.PubSubEmulator;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Publishing 1000 ~1 KB clicks per operation: a generated {@code ClickRepository}'s {@code
 * publishAll} on {@code Streams.of(PubSubDriver, MemoryDriver)} against Google's {@code Publisher}
 * with the same batching publishing the same bytes and attributes ({@link RawPubSubClicks}), each
 * to its own topic on one Pub/Sub emulator started by the benchmark.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PubSubBenchmark {
  static final String PROJECT = "osmos-bench";
  static final int RECORDS = 1000;

  private final List<Click> clicks = Clicks.clicks(RECORDS);
  private Osmos osmos;
  private ClickRepository repository;
  private RawPubSubClicks raw;

  @Setup
  public void setUp() throws IOException {
    PubSubEmulator emulator = PubSubEmulator.get();
    PubSubDriver queue =
        PubSubDriver.builder(PROJECT)
            .emulatorHost(emulator.hostPort())
            .topicPrefix("osmos")
            .build();
    osmos = Osmos.builder().driver("clicks", Streams.of(queue, new MemoryDriver())).build();
    repository = new ClickRepository(osmos);
    raw = new RawPubSubClicks(emulator.hostPort(), PROJECT, "raw-bench_clicks");
    // creates the topic and the publisher outside the measurement
    repository.publishAll(clicks);
    raw.publishAll(clicks);
  }

  @TearDown
  public void tearDown() throws InterruptedException {
    osmos.close();
    raw.close();
  }

  @Benchmark
  public void publishAll1000Osmos() {
    repository.publishAll(clicks);
  }

  @Benchmark
  public void publishAll1000Raw() {
    raw.publishAll(clicks);
  }
}
