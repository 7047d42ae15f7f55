package io.osmos.benchmarks.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import io.osmos.Osmos;
import io.osmos.benchmarks.model.Order;
import io.osmos.benchmarks.model.OrderRepository;
import io.osmos.benchmarks.model.Orders;
import io.osmos.postgres.PostgresDriver;
import io.osmos.testkit.server.PostgresTestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Both sides of {@link PostgresBenchmark} store and read the same rows with the same SQL. */
class PostgresEquivalenceTest {
  private static HikariDataSource pool;
  private static Osmos osmos;
  private static OrderRepository repository;
  private static RawJdbcOrders raw;

  @BeforeAll
  static void connect() {
    pool = PostgresBenchmark.pool(PostgresTestServer.get());
    osmos = Osmos.builder().driver("bench", new PostgresDriver(pool)).build();
    repository = new OrderRepository(osmos);
    raw = new RawJdbcOrders(pool);
  }

  @AfterAll
  static void close() {
    osmos.close();
    pool.close();
  }

  @Test
  void bothStoreTheSameRow() throws Exception {
    Order order = Orders.order(5, Orders.SMALL_LINES);
    repository.save(order);
    String byOsmos = storedRow(order.id());
    raw.save(order);
    assertEquals(byOsmos, storedRow(order.id()));
  }

  @Test
  void bothReadTheSameOrders() throws Exception {
    StoreFixture data = new StoreFixture();
    repository.saveAll(data.orders());
    raw.saveAll(data.orders());
    Order order = data.orders().get(17);
    assertEquals(order, repository.get(order.id()).orElseThrow());
    assertEquals(order, raw.get(order.id()));
    List<Order> found = repository.findByCustomerId(order.customerId());
    assertEquals(StoreFixture.DOCUMENTS / StoreFixture.CUSTOMERS, found.size());
    assertEquals(found, raw.findByCustomerId(order.customerId()));
  }

  private static String storedRow(String key) throws Exception {
    try (Connection c = pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT \"doc\"::text || '|' || \"version\" FROM \"osmos\".\"orders\" WHERE \"key\" = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }
}
