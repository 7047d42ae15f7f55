package io.osmos.benchmarks.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osmos.Osmos;
import io.osmos.benchmarks.model.Order;
import io.osmos.benchmarks.model.OrderRepository;
import io.osmos.benchmarks.model.Orders;
import io.osmos.redis.RedisDriver;
import io.osmos.testkit.server.RedisTestServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** Both sides of {@link RedisBenchmark} store and read the same data with the same commands. */
class RedisEquivalenceTest {
  private static RedisClient client;
  private static Osmos osmos;
  private static OrderRepository repository;
  private static RawRedisOrders raw;

  @BeforeAll
  static void connect() {
    RedisTestServer server = RedisTestServer.shared();
    client = RedisClient.create(server.host(), server.port());
    osmos =
        Osmos.builder()
            .driver("bench", new RedisDriver(RedisClient.create(server.host(), server.port())))
            .build();
    repository = new OrderRepository(osmos);
    raw = new RawRedisOrders(client);
  }

  @AfterAll
  static void close() {
    osmos.close();
    client.close();
  }

  @Test
  void theBaselineRunsTheDriversSaveScript() throws Exception {
    String sha =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-1")
                    .digest(RedisSaveScript.TEXT.getBytes(StandardCharsets.UTF_8)));
    client.scriptFlush();
    repository.save(Orders.order(1, 2)); // the driver loads its script on NOSCRIPT
    assertEquals(
        List.of(true),
        client.scriptExists(List.of(sha)),
        "the driver's save script differs from the copy");
  }

  @Test
  void bothStoreTheSameHashesAndIndexEntries() {
    Order order = Orders.order(5, Orders.SMALL_LINES);
    String doc = "osmos:{orders}:doc:" + order.id();
    String entries = "osmos:{orders}:entries:" + order.id();
    repository.save(order);
    Map<String, String> byOsmos = client.hgetAll(doc);
    Map<String, String> entriesByOsmos = client.hgetAll(entries);
    client.del(doc, entries);
    raw.save(order);
    assertEquals(byOsmos, client.hgetAll(doc));
    assertEquals(entriesByOsmos, client.hgetAll(entries));
  }

  @Test
  void bothReadTheSameOrders() {
    StoreFixture data = new StoreFixture();
    raw.saveAll(data.orders());
    repository.saveAll(data.orders());
    Order order = data.orders().get(17);
    assertEquals(order, repository.get(order.id()).orElseThrow());
    assertEquals(order, raw.get(order.id()));
    List<Order> found = repository.findByCustomerId(order.customerId());
    assertEquals(StoreFixture.DOCUMENTS / StoreFixture.CUSTOMERS, found.size());
    assertEquals(found, raw.findByCustomerId(order.customerId()));
  }
}
