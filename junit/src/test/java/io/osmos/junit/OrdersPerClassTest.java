package io.osmos.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.osmos.Osmos;
import io.osmos.junit.fixtures.Order;
import io.osmos.junit.fixtures.OrderRepository;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One registry for the class: its drivers live across tests and are cleared after each. Run on
 * Memory by Surefire and on Redis by {@link OnRedisTest}.
 */
@OsmosTest(registry = RegistryScope.PER_CLASS)
@Driver(name = "db")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrdersPerClassTest {
  // One instance per run of the class: the registry of its first test.
  private final AtomicReference<Osmos> first = new AtomicReference<>();

  @Inject OrderRepository orders;

  @RepeatedTest(3)
  void everyTestStartsEmptyAndSharesTheRegistry(Osmos osmos) {
    first.compareAndSet(null, osmos);
    assertSame(first.get(), osmos);
    assertEquals(0, orders.count());
    orders.insert(new Order("o-1", "ann", 10));
    orders.insert(new Order("o-2", "bob", 20));
  }

  @Test
  void aSecondTestStartsEmptyToo() {
    assertEquals(0, orders.count());
    orders.insert(new Order("o-1", "ann", 10));
  }
}
