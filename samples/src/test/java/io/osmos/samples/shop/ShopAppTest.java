package io.osmos.samples.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.Osmos;
import io.osmos.memory.MemoryDriver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShopAppTest {
  @Test
  void runsTheWholeStoryOnTheMemoryDriver() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ShopReport r;
    try (Osmos osmos = ShopApp.configure(Map.of());
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      r = ShopApp.run(osmos, out);
    }
    assertEquals(3, r.customers());
    assertEquals(5, r.rejectedViolations(), "name, email, street, postcode, country");
    assertEquals(153, r.ordersPlaced(), "3 orders, then 150 mugs sold in the rush");
    assertEquals(50, r.outOfStock(), "200 one-mug orders for 150 mugs");
    assertEquals(0, r.mugsLeft(), "atomic decrements neither oversell nor lose a mug");
    assertEquals(1, r.conflictsRetried(), "Bert's stale copy is refused once, then retried");
    assertEquals(OrderStatus.SHIPPED, r.contestedStatus());
    assertEquals(152, r.placedPaged(), "every PLACED order exactly once across the pages");
    assertEquals(4, r.pages());
    assertEquals(60, r.clicksPublished());
    assertEquals(60, r.clicksIndexed());
    assertEquals(60, r.clicksReplayed());
    assertEquals(20, r.annClicks());
    assertEquals("/checkout", r.annLastPage());
    assertEquals(12, r.warehouseCheckouts(), "counted with SQL in the embedded DuckDB warehouse");
    String text = printed.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("refused an invalid customer"), text);
    assertTrue(text.contains("sold 150, refused 50, mugs left 0"), text);
  }

  @Test
  void ordersRefusedForLackOfStockTakeNothing() {
    try (Osmos osmos = Osmos.builder().driver("db", new MemoryDriver()).build()) {
      Shop shop = new Shop(osmos);
      Customer c = shop.register("Dee", "dee@example.org", null, Tier.STANDARD);
      shop.stock(
          List.of(
              new Product("a", "A", Money.eur("1.00"), 5, 0),
              new Product("b", "B", Money.eur("2.00"), 1, 0)));
      OutOfStockException e =
          assertThrows(
              OutOfStockException.class, () -> shop.placeOrder(c.id(), Map.of("a", 3, "b", 2)));
      assertEquals("b", e.sku());
      assertEquals(5, shop.product("a").orElseThrow().stock(), "stock taken was given back");
      assertEquals(1, shop.product("b").orElseThrow().stock(), "stock taken was given back");
      assertEquals(List.of(), shop.ordersOf(c.id()));
      Order ok = shop.placeOrder(c.id(), Map.of("a", 2, "b", 1));
      assertEquals(Money.eur("4.00"), ok.total());
      assertEquals(List.of(ok), shop.ordersOf(c.id()));
    }
  }

  @Test
  void moneyIsStoredAsText() {
    MoneyConverter converter = new MoneyConverter();
    assertEquals("EUR 12.50", converter.toStored(Money.eur("12.5")));
    assertEquals(Money.eur("12.50"), converter.fromStored("EUR 12.50"));
    assertEquals(new Money(-5, "USD"), converter.fromStored("USD -0.05"));
  }
}
