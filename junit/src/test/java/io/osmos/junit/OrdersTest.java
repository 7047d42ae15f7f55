package io.osmos.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.osmos.Osmos;
import io.osmos.junit.fixtures.Order;
import io.osmos.junit.fixtures.OrderRepository;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * A test class as users write it. Surefire runs it on Memory; {@link OnRedisTest} runs the same
 * class on a real Redis through the {@code osmos.driver.db} override. Every test starts by checking
 * that the store is empty: whichever runs second shows that the first was cleaned up.
 */
@OsmosTest
@Driver(name = "db")
class OrdersTest {
  @Inject OrderRepository orders;
  @Inject Osmos osmos;

  @Test
  void storesAndFindsOrders() {
    assertEquals(0, orders.count());
    orders.saveAll(
        List.of(
            new Order("o-1", "ann", 10), new Order("o-2", "ann", 20), new Order("o-3", "bob", 5)));
    assertEquals(3, orders.count());
    assertEquals(2, orders.findByCustomer("ann").size());
  }

  @Test
  void parametersGetTheSameRepositoryAsFields(OrderRepository fromParameter, Osmos registry) {
    assertSame(orders, fromParameter);
    assertSame(osmos, registry);
    assertSame(osmos, orders.osmos());
    assertEquals(0, orders.count());
    orders.insert(new Order("o-1", "cem", 1));
    assertEquals(1, orders.count());
  }

  @Test
  void runsOnTheDriverTheEnvironmentChose(TestReporter reporter) {
    assertEquals(0, orders.count());
    reporter.publishEntry("osmos.driver.db", osmos.driver("db").kind());
    orders.insert(new Order("o-9", "dan", 9));
  }
}
