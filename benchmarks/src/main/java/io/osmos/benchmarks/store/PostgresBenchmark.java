package io.osmos.benchmarks.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.osmos.Osmos;
import io.osmos.benchmarks.model.Order;
import io.osmos.benchmarks.model.OrderRepository;
import io.osmos.postgres.PostgresDriver;
import io.osmos.testkit.server.PostgresTestServer;
import java.sql.SQLException;
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
 * A generated repository on Osmos's PostgreSQL driver against JDBC running the same SQL ({@link
 * RawJdbcOrders}), through one HikariCP pool (configured as the driver configures its own), on one
 * throwaway PostgreSQL server holding 1000 ~1 KB orders of 100 customers (10 each).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PostgresBenchmark {
  private final StoreFixture data = new StoreFixture();
  private HikariDataSource pool;
  private Osmos osmos;
  private OrderRepository repository;
  private RawJdbcOrders raw;

  @Setup
  public void setUp() {
    pool = pool(PostgresTestServer.get());
    osmos = Osmos.builder().driver("bench", new PostgresDriver(pool)).build();
    repository = new OrderRepository(osmos);
    raw = new RawJdbcOrders(pool);
    repository.saveAll(data.orders()); // also creates the table and its index
  }

  /** The pool the driver would make from a URL: at most 10 connections, 2 kept idle. */
  static HikariDataSource pool(PostgresTestServer server) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(server.jdbcUrl());
    config.setUsername(server.user());
    config.setMaximumPoolSize(10);
    config.setMinimumIdle(2);
    config.setPoolName("bench");
    return new HikariDataSource(config);
  }

  @TearDown
  public void tearDown() {
    osmos.close();
    pool.close();
  }

  @Benchmark
  public Order getOsmos() {
    return repository.get(data.nextId()).orElseThrow();
  }

  @Benchmark
  public Order getRaw() throws SQLException {
    return raw.get(data.nextId());
  }

  @Benchmark
  public Order saveOsmos() {
    return repository.save(data.nextOrder());
  }

  @Benchmark
  public void saveRaw() throws SQLException {
    raw.save(data.nextOrder());
  }

  @Benchmark
  public List<Order> saveAll1000Osmos() {
    return repository.saveAll(data.orders());
  }

  @Benchmark
  public void saveAll1000Raw() throws SQLException {
    raw.saveAll(data.orders());
  }

  @Benchmark
  public List<Order> findByCustomerIdOsmos() {
    return repository.findByCustomerId(data.nextCustomer());
  }

  @Benchmark
  public List<Order> findByCustomerIdRaw() throws SQLException {
    return raw.findByCustomerId(data.nextCustomer());
  }
}
