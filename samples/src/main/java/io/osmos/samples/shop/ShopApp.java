package io.osmos.samples.shop;

import io.osmos.Osmos;
import io.osmos.Page;
import io.osmos.PageRequest;
import io.osmos.Pipeline;
import io.osmos.RecordPage;
import io.osmos.StreamCursors;
import io.osmos.Streams;
import io.osmos.duckdb.DuckDbDriver;
import io.osmos.exceptions.ValidationException;
import io.osmos.memory.MemoryDriver;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small orders service, run end to end: customers, products, orders placed concurrently,
 * optimistic locking, index queries with cursor paging, and click events through a queue into a
 * lookup service.
 *
 * <p>Drivers are chosen by configuration: {@code OSMOS_DRIVER_DB} and {@code OSMOS_DRIVER_EVENTS}
 * name driver URLs (for example {@code OSMOS_DRIVER_DB=redis://127.0.0.1:6379} once the Redis
 * module is on the class path); without them both run on the in-memory driver.
 */
public final class ShopApp {
  private static final int RUSH_THREADS = 8;
  private static final int RUSH_ORDERS_PER_THREAD = 25;
  private static final int MUGS = 150;

  private ShopApp() {}

  public static void main(String[] args) {
    try (Osmos osmos = configure(System.getenv())) {
      run(osmos, System.out);
    }
  }

  /**
   * The registry from configuration: {@code OSMOS_DRIVER_DB} and {@code OSMOS_DRIVER_EVENTS} name
   * driver URLs ({@code redis://...}, {@code postgresql://...}, {@code rethinkdb://...}, {@code
   * riak://...}); what is not configured runs on the Memory driver.
   */
  public static Osmos configure(Map<String, String> env) {
    return Osmos.builder()
        .fromEnvironment(env)
        .driverIfAbsent("db", name -> new MemoryDriver())
        .driverIfAbsent(
            "events",
            name -> {
              // The embedded default for streams: queue and lookup in memory, DuckDB as warehouse.
              MemoryDriver memory = new MemoryDriver();
              return Streams.of(memory, memory, new DuckDbDriver());
            })
        .build();
  }

  /** Runs the whole story against the drivers of {@code osmos}, printing what it does. */
  public static ShopReport run(Osmos osmos, PrintStream out) {
    Shop shop = new Shop(osmos);
    out.println(
        "Osmos shop, drivers: db="
            + osmos.driver("db").kind()
            + ", events="
            + osmos.driver("events").kind());

    // 1. Customers: generated keys, validation of nested fields, lookup by an index.
    out.println("\n1. Customers");
    Customer ann =
        shop.register(
            "Ann Example",
            "ann@example.org",
            new Address("1 Main St", "Oslo", "0150", "NO"),
            Tier.GOLD);
    Customer bob =
        shop.register(
            "Bob Example",
            "bob@example.org",
            new Address("2 High St", "Bergen", "5003", "NO"),
            Tier.STANDARD);
    Customer cem = shop.register("Cem Example", "cem@example.org", null, Tier.STANDARD);
    out.println(
        "   registered "
            + ann.name()
            + " as "
            + ann.id()
            + ", "
            + bob.name()
            + " as "
            + bob.id()
            + ", "
            + cem.name()
            + " as "
            + cem.id());
    int rejected = 0;
    try {
      shop.register(" ", "not-an-email", new Address("", "Oslo", "x", "Norway"), Tier.STANDARD);
    } catch (ValidationException e) {
      rejected = e.violations().size();
      out.println("   refused an invalid customer: " + e.violations());
    }
    out.println(
        "   found by e-mail: "
            + shop.customerByEmail("bob@example.org").map(Customer::name).orElse("nobody"));

    // 2. Products and a few orders.
    out.println("\n2. Products and orders");
    shop.stock(
        List.of(
            new Product("mug", "Osmos mug", Money.eur("12.50"), MUGS, 0),
            new Product("tee", "Osmos T-shirt", Money.eur("25.00"), 40, 0),
            new Product("sticker", "Sticker pack", Money.eur("3.20"), 1000, 0)));
    Order first = shop.placeOrder(ann.id(), Map.of("tee", 2, "sticker", 5));
    Order second = shop.placeOrder(ann.id(), Map.of("sticker", 1));
    Order third = shop.placeOrder(bob.id(), Map.of("tee", 1));
    out.println(
        "   "
            + ann.name()
            + " ordered "
            + first.lines().size()
            + " products for "
            + first.total()
            + " and then for "
            + second.total()
            + "; "
            + bob.name()
            + " for "
            + third.total());
    try {
      shop.placeOrder(cem.id(), Map.of("tee", 100));
    } catch (OutOfStockException e) {
      out.println("   refused " + cem.name() + "'s order: " + e.getMessage());
    }
    shop.review("tee", ann.id(), 5, "Soft and sturdy");
    shop.review("tee", bob.id(), 4, "Runs small");
    out.println(
        "   reviews of the tee: "
            + shop.reviewOf("tee", ann.id()).map(Review::stars).orElse(0)
            + " and "
            + shop.reviewOf("tee", bob.id()).map(Review::stars).orElse(0)
            + " stars");

    // 3. A rush on mugs: concurrent orders take stock with atomic decrements.
    out.println(
        "\n3. Rush on mugs: "
            + RUSH_THREADS
            + " threads x "
            + RUSH_ORDERS_PER_THREAD
            + " orders of one mug, "
            + MUGS
            + " in stock");
    List<String> buyers = List.of(ann.id(), bob.id(), cem.id());
    AtomicInteger sold = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    inParallel(
        RUSH_THREADS,
        worker -> {
          for (int i = 0; i < RUSH_ORDERS_PER_THREAD; i++) {
            try {
              shop.placeOrder(buyers.get((worker + i) % buyers.size()), Map.of("mug", 1));
              sold.incrementAndGet();
            } catch (OutOfStockException e) {
              refused.incrementAndGet();
            }
          }
        });
    int mugsLeft = shop.product("mug").orElseThrow().stock();
    out.println("   sold " + sold + ", refused " + refused + ", mugs left " + mugsLeft);
    int ordersPlaced = 3 + sold.get();

    // 4. Two clerks change the same order: optimistic locking and a retry.
    out.println("\n4. Two clerks, one order");
    Order seenByAlice = shop.order(first.id()).orElseThrow();
    Order seenByBert = shop.order(first.id()).orElseThrow();
    Order paid = shop.changeStatus(seenByAlice, OrderStatus.PAID);
    out.println("   Alice marked the order " + paid.status() + " (version " + paid.version() + ")");
    Order contested = shop.changeStatus(seenByBert, OrderStatus.SHIPPED);
    out.println(
        "   Bert's copy (version "
            + seenByBert.version()
            + ") was stale: "
            + shop.conflictsRetried()
            + " conflict, read again and retried; the order is now "
            + contested.status()
            + " (version "
            + contested.version()
            + ")");

    // 5. Paging through an index with cursors.
    out.println("\n5. Orders still PLACED, 50 per page");
    int placedPaged = 0;
    int pages = 0;
    PageRequest request = PageRequest.first(50);
    while (true) {
      Page<Order> page = shop.ordersWithStatus(OrderStatus.PLACED, request);
      pages++;
      placedPaged += page.items().size();
      out.println(
          "   page "
              + pages
              + ": "
              + page.items().size()
              + " orders"
              + (page.hasNext() ? ", cursor " + abbreviate(page.nextCursor()) : ", last page"));
      if (!page.hasNext()) {
        break;
      }
      request = PageRequest.after(page.nextCursor(), 50);
    }
    out.println("   " + ann.name() + " has " + shop.ordersOf(ann.id()).size() + " orders");

    // 6. Click events: published to a queue, indexed into a lookup service by a subscriber.
    out.println("\n6. Click events");
    ClickStream.Result clicks = new ClickStream(osmos).run(List.of(ann, bob, cem), out);

    ShopReport report =
        new ShopReport(
            3,
            rejected,
            ordersPlaced,
            refused.get(),
            mugsLeft,
            shop.conflictsRetried(),
            contested.status(),
            placedPaged,
            pages,
            clicks.published(),
            clicks.indexed(),
            clicks.replayed(),
            clicks.annClicks(),
            clicks.annLastPage(),
            clicks.warehouseCheckouts());
    out.println("\ndone: " + report);
    return report;
  }

  /** Runs {@code task} on {@code threads} threads at once and waits for all of them. */
  private static void inParallel(int threads, java.util.function.IntConsumer task) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        final int worker = t;
        futures.add(pool.submit(() -> task.accept(worker)));
      }
      for (Future<?> f : futures) {
        f.get(1, TimeUnit.MINUTES);
      }
    } catch (Exception e) {
      throw new IllegalStateException("a worker failed: " + e, e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static String abbreviate(String cursor) {
    return cursor.length() <= 16 ? cursor : cursor.substring(0, 16) + "...";
  }

  /** The click-event part of the story. */
  static final class ClickStream {
    private final ClickEventRepository clicks;

    private final Osmos osmos;

    ClickStream(Osmos osmos) {
      this.osmos = osmos;
      this.clicks = new ClickEventRepository(osmos);
    }

    record Result(
        int published,
        int indexed,
        int replayed,
        int annClicks,
        String annLastPage,
        long warehouseCheckouts) {}

    Result run(List<Customer> customers, PrintStream out) {
      List<String> pages = List.of("/", "/products/mug", "/products/tee", "/cart", "/checkout");
      Instant start = Instant.parse("2026-11-21T09:00:00Z");
      List<ClickEvent> events = new ArrayList<>();
      for (int c = 0; c < customers.size(); c++) {
        String session = "s-" + customers.get(c).name().split(" ", -1)[0].toLowerCase(Locale.ROOT);
        for (int i = 0; i < 20; i++) {
          events.add(
              new ClickEvent(
                  session,
                  i,
                  start.plusSeconds(60L * c + i),
                  customers.get(c).id(),
                  pages.get((i + c) % pages.size())));
        }
      }
      // The pipeline moves what is published into the lookup service (and the warehouse, when
      // the driver has one), at least once: a redelivered record is harmless, since the lookup
      // keeps the newest record per key and the warehouse one row per key and timestamp.
      int indexed;
      try (Pipeline pipeline = osmos.pipeline("events").add(ClickEvent_.MODEL).start()) {
        clicks.publishAll(events);
        out.println("   published " + events.size() + " events");
        // Returns once every event published above is written (or dead-lettered); throws,
        // saying what is pending, after 20 s.
        pipeline.awaitIdle(Duration.ofSeconds(20));
        indexed = countIndexed();
        out.println(
            "   the pipeline wrote "
                + indexed
                + " events ("
                + pipeline.stats().records()
                + " writes incl. redeliveries)");
      }

      ClickEvent last = clicks.get(new ClickEvent_.Key("s-ann", 19)).orElseThrow();
      out.println("   Ann's last click (by key): " + last.page() + " at " + last.at());
      int annClicks = clicks.findAll(ClickEvent_.customerId.eq(customers.get(0).id())).size();
      out.println("   Ann's clicks (by the customer index): " + annClicks);

      StreamCursors replay = clicks.replay(4);
      int replayed = 0;
      for (String cursor : replay.replay()) {
        String c = cursor;
        while (c != null) {
          RecordPage<ClickEvent> page = clicks.read(c, 25);
          replayed += page.records().size();
          c = page.nextCursor();
        }
      }
      out.println(
          "   replayed the log in "
              + replay.replay().size()
              + " partitions: "
              + replayed
              + " events");

      RecordPage<ClickEvent> newest = clicks.read(clicks.peek().replay().get(0), 3);
      out.println(
          "   newest: "
              + newest.records().stream()
                  .map(e -> e.sessionId() + "#" + e.seq() + " " + e.page())
                  .toList());
      long checkouts = -1;
      if (clicks.hasWarehouse()) {
        List<Map<String, Object>> rows =
            clicks.queryRows(
                "SELECT page, count(*) AS clicks FROM {table} GROUP BY page ORDER BY page",
                Duration.ofSeconds(30));
        out.println("   clicks per page (warehouse SQL): " + rows);
        checkouts =
            rows.stream()
                .filter(r -> "/checkout".equals(r.get("page")))
                .mapToLong(r -> ((Number) r.get("clicks")).longValue())
                .sum();
      } else {
        out.println("   (driver 'events' has no warehouse: skipping the SQL count)");
      }
      return new Result(events.size(), indexed, replayed, annClicks, last.page(), checkouts);
    }

    /** How many events the lookup service holds, counted by replaying its log. */
    private int countIndexed() {
      int n = 0;
      for (String cursor : clicks.replay(1).replay()) {
        String c = cursor;
        while (c != null) {
          RecordPage<ClickEvent> page = clicks.read(c, 1000);
          n += page.records().size();
          c = page.nextCursor();
        }
      }
      return n;
    }
  }
}
