package io.osmos.benchmarks.store;

import io.osmos.Osmos;
import io.osmos.benchmarks.model.Order;
import io.osmos.benchmarks.model.OrderRepository;
import io.osmos.redis.RedisDriver;
import io.osmos.testkit.server.RedisTestServer;
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
import redis.clients.jedis.RedisClient;

/**
 * A generated repository on Osmos's Redis driver against Jedis doing the same commands ({@link
 * RawRedisOrders}), on one throwaway {@code redis-server} holding 1000 ~1 KB orders of 100
 * customers (10 each). Each side has its own {@link RedisClient} with default settings.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RedisBenchmark {
  private final StoreFixture data = new StoreFixture();
  private RedisClient osmosClient;
  private RedisClient rawClient;
  private Osmos osmos;
  private OrderRepository repository;
  private RawRedisOrders raw;

  @Setup
  public void setUp() {
    RedisTestServer server = RedisTestServer.shared();
    osmosClient = RedisClient.create(server.host(), server.port());
    rawClient = RedisClient.create(server.host(), server.port());
    osmos = Osmos.builder().driver("bench", new RedisDriver(osmosClient)).build();
    repository = new OrderRepository(osmos);
    raw = new RawRedisOrders(rawClient);
    repository.saveAll(data.orders());
  }

  @TearDown
  public void tearDown() {
    osmos.close(); // closes the driver and its client
    rawClient.close();
  }

  @Benchmark
  public Order getOsmos() {
    return repository.get(data.nextId()).orElseThrow();
  }

  @Benchmark
  public Order getRaw() {
    return raw.get(data.nextId());
  }

  @Benchmark
  public Order saveOsmos() {
    return repository.save(data.nextOrder());
  }

  @Benchmark
  public void saveRaw() {
    raw.save(data.nextOrder());
  }

  @Benchmark
  public List<Order> saveAll1000Osmos() {
    return repository.saveAll(data.orders());
  }

  @Benchmark
  public void saveAll1000Raw() {
    raw.saveAll(data.orders());
  }

  @Benchmark
  public List<Order> findByCustomerIdOsmos() {
    return repository.findByCustomerId(data.nextCustomer());
  }

  @Benchmark
  public List<Order> findByCustomerIdRaw() {
    return raw.findByCustomerId(data.nextCustomer());
  }
}
