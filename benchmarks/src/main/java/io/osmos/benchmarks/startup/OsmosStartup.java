package io.osmos.benchmarks.startup;

import io.osmos.Osmos;
import io.osmos.benchmarks.model.Order;
import io.osmos.benchmarks.model.OrderRepository;
import io.osmos.benchmarks.model.Orders;
import io.osmos.memory.MemoryDriver;

/**
 * Start-up, Osmos side: a fresh JVM that builds a registry with the Memory driver, opens the
 * generated repository, stores one order and reads it back. Measured from outside (whole-process
 * wall time and peak RSS) by the bench script against {@link JacksonStartup}.
 */
public final class OsmosStartup {
  private OsmosStartup() {}

  public static void main(String[] args) {
    Order order = Orders.order(1, Orders.SMALL_LINES);
    try (Osmos osmos = Osmos.builder().driver("bench", new MemoryDriver()).build()) {
      OrderRepository orders = new OrderRepository(osmos);
      orders.save(order);
      Order read = orders.get(order.id()).orElseThrow();
      System.out.println(read.id() + " " + read.lines().size());
    }
  }
}
