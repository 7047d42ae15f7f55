package io.osmos.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.osmos.Osmos;
import io.osmos.junit.fixtures.Order;
import io.osmos.junit.fixtures.OrderRepository;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension configured in code, and {@code @Nested} classes inside it. */
class RegisteredExtensionTest {
  @RegisterExtension
  static OsmosExtension extension =
      OsmosExtension.builder().driver("db").driver("archive", "memory:").build();

  @Inject OrderRepository orders;

  @Test
  void declaresDriversInCode(Osmos osmos) {
    assertEquals(java.util.Set.of("db", "archive"), osmos.driverNames());
    assertEquals(0, orders.count());
    orders.insert(new Order("o-1", "ann", 1));
  }

  @Nested
  class Inner {
    @Inject OrderRepository innerOrders;

    @Test
    void outerAndInnerInstancesGetTheSameRegistry(Osmos osmos) {
      assertSame(osmos, innerOrders.osmos());
      assertSame(innerOrders, orders);
      assertEquals(0, innerOrders.count());
      innerOrders.insert(new Order("o-2", "bob", 2));
    }
  }
}
