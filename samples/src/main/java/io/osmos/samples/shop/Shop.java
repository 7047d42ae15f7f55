package io.osmos.samples.shop;

import io.osmos.Osmos;
import io.osmos.Page;
import io.osmos.PageRequest;
import io.osmos.exceptions.ConcurrentUpdateException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The orders service: customers, products, orders and reviews, stored through the driver registered
 * as {@code "db"}. Safe for concurrent use.
 */
public final class Shop {
  private final CustomerRepository customers;
  private final ProductRepository products;
  private final OrderRepository orders;
  private final ReviewRepository reviews;
  private final Clock clock;
  private final AtomicInteger conflicts = new AtomicInteger();

  public Shop(Osmos osmos) {
    this.customers = new CustomerRepository(osmos);
    this.products = new ProductRepository(osmos);
    this.orders = new OrderRepository(osmos);
    this.reviews = new ReviewRepository(osmos);
    this.clock = osmos.clock();
  }

  /**
   * Registers a customer; the store generates the id.
   *
   * @throws io.osmos.exceptions.ValidationException listing every invalid field
   */
  public Customer register(String name, String email, Address address, Tier tier) {
    return customers.insert(new Customer(null, email, name, address, tier, 0));
  }

  /** The customer with this e-mail address, found through the e-mail index. */
  public Optional<Customer> customerByEmail(String email) {
    return customers.findByEmail(email).stream().findFirst();
  }

  /** Adds or replaces products, all or nothing. */
  public List<Product> stock(List<Product> list) {
    return products.saveAll(list);
  }

  public Optional<Product> product(String sku) {
    return products.get(sku);
  }

  /**
   * Places an order. Stock is taken with atomic decrements, so concurrent orders never oversell: a
   * decrement that goes below zero is given back and the order fails.
   *
   * @throws OutOfStockException when a product has too few left; no stock is taken then
   * @throws NoSuchElementException for an unknown customer or product
   */
  public Order placeOrder(String customerId, Map<String, Integer> quantities) {
    if (customers.get(customerId).isEmpty()) {
      throw new NoSuchElementException("no customer " + customerId);
    }
    Map<String, Integer> taken = new LinkedHashMap<>();
    try {
      List<OrderLine> lines = new ArrayList<>();
      Money total = null;
      for (Map.Entry<String, Integer> e : quantities.entrySet()) {
        String sku = e.getKey();
        int qty = e.getValue();
        Product after =
            products
                .update(sku, p -> p.incrementStock(-qty))
                .orElseThrow(() -> new NoSuchElementException("no product " + sku));
        taken.put(sku, qty);
        if (after.stock() < 0) {
          throw new OutOfStockException(sku, qty, after.stock() + qty);
        }
        OrderLine line = new OrderLine(sku, qty, after.price());
        lines.add(line);
        total = total == null ? line.total() : total.plus(line.total());
      }
      return orders.insert(
          new Order(null, customerId, OrderStatus.PLACED, lines, total, clock.instant(), 0));
    } catch (RuntimeException e) {
      taken.forEach((sku, qty) -> products.update(sku, p -> p.incrementStock(qty)));
      throw e;
    }
  }

  public Optional<Order> order(String id) {
    return orders.get(id);
  }

  /**
   * Moves an order, as the caller saw it, to {@code status}. The save succeeds only if nobody
   * changed the order since it was read (optimistic locking); otherwise the order is read again and
   * the change retried on the fresh copy.
   */
  public Order changeStatus(Order seen, OrderStatus status) {
    Order attempt = seen;
    while (true) {
      try {
        return orders.save(attempt.withStatus(status));
      } catch (ConcurrentUpdateException e) {
        conflicts.incrementAndGet();
        attempt =
            orders
                .get(seen.id())
                .orElseThrow(() -> new NoSuchElementException("no order " + seen.id()));
      }
    }
  }

  /** How many times {@link #changeStatus} had to retry. */
  public int conflictsRetried() {
    return conflicts.get();
  }

  /** One page of the orders in {@code status}; pass the page's cursor on for the next. */
  public Page<Order> ordersWithStatus(OrderStatus status, PageRequest page) {
    return orders.findByStatus(status, page);
  }

  public List<Order> ordersOf(String customerId) {
    return orders.findByCustomerId(customerId);
  }

  /** Records a customer's review of a product, replacing an earlier one. */
  public Review review(String sku, String customerId, int stars, String text) {
    return reviews.save(new Review(sku, customerId, stars, text));
  }

  public Optional<Review> reviewOf(String sku, String customerId) {
    return reviews.get(new Review_.Key(sku, customerId));
  }
}
