package io.osmos.benchmarks.google;

import io.osmos.Osmos;
import io.osmos.PageRequest;
import io.osmos.Streams;
import io.osmos.benchmarks.model.Click;
import io.osmos.benchmarks.model.ClickRepository;
import io.osmos.benchmarks.model.Click_;
import io.osmos.benchmarks.model.Clicks;
import io.osmos.bigtable.BigtableDriver;
import io.osmos.memory.MemoryDriver;
import io.osmos.testkit.server.BigtableEmulator;
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
 * A generated {@code ClickRepository} on {@code Streams.of(MemoryDriver, BigtableDriver)} against
 * the {@code BigtableDataClient} doing the same mutations and reads ({@link RawBigtableClicks}),
 * each in tables of its own prefix on one Bigtable emulator started by the benchmark: {@code write}
 * of 1000 ~1 KB clicks of 100 users per operation (the same records every time, so the index is
 * overwritten in place and the log grows), and {@code find} of one user's 10 clicks (a primary
 * index range read).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BigtableBenchmark {
  static final String PROJECT = "osmos-bench";
  static final String INSTANCE = "bench";
  static final int RECORDS = 1000;

  /** The page size of a find; a user has 10 clicks. */
  static final int PAGE = 100;

  private final List<Click> clicks = Clicks.clicks(RECORDS);
  private Osmos osmos;
  private ClickRepository repository;
  private RawBigtableClicks raw;
  private int nextUser;

  @Setup
  public void setUp() throws IOException {
    BigtableEmulator emulator = BigtableEmulator.get();
    BigtableDriver lookup =
        BigtableDriver.builder(PROJECT, INSTANCE)
            .emulatorHost(emulator.hostPort())
            .tablePrefix("osmos")
            .build();
    osmos = Osmos.builder().driver("clicks", Streams.of(new MemoryDriver(), lookup)).build();
    repository = new ClickRepository(osmos);
    raw = new RawBigtableClicks(emulator.host(), emulator.port(), PROJECT, INSTANCE, "raw");
    repository.write(clicks);
    raw.write(clicks);
  }

  @TearDown
  public void tearDown() {
    osmos.close();
    raw.close();
  }

  private String nextUser() {
    String u = Clicks.user(nextUser);
    nextUser = (nextUser + 1) % Clicks.USERS;
    return u;
  }

  @Benchmark
  public void write1000Osmos() {
    repository.write(clicks);
  }

  @Benchmark
  public void write1000Raw() {
    raw.write(clicks);
  }

  @Benchmark
  public List<Click> findByUserOsmos() {
    return repository.find(Click_.user.eq(nextUser()), PageRequest.first(PAGE)).items();
  }

  @Benchmark
  public List<Click> findByUserRaw() {
    return raw.findByUser(nextUser(), PAGE);
  }
}
