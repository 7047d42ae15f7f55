package io.osmos.benchmarks.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Deterministic sample orders: the same input on every run and for every side of a benchmark. */
public final class Orders {
  /** Lines in the ~1 KB document. */
  public static final int SMALL_LINES = 9;

  /** Lines in the ~10 KB document. */
  public static final int LARGE_LINES = 120;

  private static final String[] PRODUCTS = {
    "Stainless steel bottle 750 ml",
    "Merino wool socks, pair",
    "Notebook A5 dotted",
    "USB-C cable 2 m",
    "Ceramic pour-over dripper",
    "Trail running cap",
    "Beeswax food wraps",
    "Cast iron skillet 26 cm"
  };
  private static final String[] CITIES = {"Lisboa", "Zürich", "Malmö", "Kraków", "Dublin"};

  private Orders() {}

  /** The id of customer {@code c}. */
  public static String customerId(int c) {
    return String.format("customer-%05d", c);
  }

  /** Order number {@code n} with {@code lines} lines; customers repeat every 100 orders. */
  public static Order order(int n, int lines) {
    List<OrderLine> items = new ArrayList<>(lines);
    BigDecimal total = BigDecimal.ZERO;
    for (int i = 0; i < lines; i++) {
      int q = 1 + (n + i) % 4;
      BigDecimal price = BigDecimal.valueOf(499 + 37L * ((n * 7 + i * 13) % 200), 2);
      items.add(
          new OrderLine(
              "SKU-" + (100_000 + (n * 31 + i * 17) % 900_000),
              PRODUCTS[(n + i) % PRODUCTS.length],
              q,
              price));
      total = total.add(price.multiply(BigDecimal.valueOf(q)));
    }
    Address shipTo =
        new Address(
            (10 + n % 90) + " Rua das Flores, 3º andar",
            CITIES[n % CITIES.length],
            String.format("%04d-%03d", 1000 + n % 9000, n % 1000),
            "PT");
    return new Order(
        String.format("order-%08d", n),
        customerId(n % 100),
        OrderStatus.values()[n % OrderStatus.values().length],
        shipTo,
        List.copyOf(items),
        List.of("gift", "express", "newsletter-2026-q3"),
        total,
        Instant.ofEpochSecond(1_760_000_000L + 3_600L * n, 120_000_000L),
        n % 7);
  }
}
