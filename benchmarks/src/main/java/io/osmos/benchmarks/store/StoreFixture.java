package io.osmos.benchmarks.store;

import io.osmos.benchmarks.model.Order;
import io.osmos.benchmarks.model.Orders;
import java.util.ArrayList;
import java.util.List;

/**
 * The data of the store benchmarks: 1000 ~1 KB orders of 100 customers, visited round-robin so
 * every operation touches a different document than the one before.
 */
final class StoreFixture {
  static final int DOCUMENTS = 1000;
  static final int CUSTOMERS = 100;

  private final List<Order> orders;
  private int nextOrder;
  private int nextCustomer;

  StoreFixture() {
    List<Order> list = new ArrayList<>(DOCUMENTS);
    for (int n = 0; n < DOCUMENTS; n++) {
      list.add(Orders.order(n, Orders.SMALL_LINES));
    }
    orders = List.copyOf(list);
  }

  List<Order> orders() {
    return orders;
  }

  Order nextOrder() {
    Order o = orders.get(nextOrder);
    nextOrder = (nextOrder + 1) % DOCUMENTS;
    return o;
  }

  String nextId() {
    return nextOrder().id();
  }

  String nextCustomer() {
    String c = Orders.customerId(nextCustomer);
    nextCustomer = (nextCustomer + 1) % CUSTOMERS;
    return c;
  }
}
