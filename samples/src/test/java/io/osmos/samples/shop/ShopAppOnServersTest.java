package io.osmos.samples.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osmos.Osmos;
import io.osmos.riak.FakeRiakServer;
import io.osmos.testkit.server.PostgresTestServer;
import io.osmos.testkit.server.RedisTestServer;
import io.osmos.testkit.server.RethinkTestServer;
import io.osmos.testkit.server.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sample runs on every document store by configuration alone: the same {@code OSMOS_DRIVER_DB}
 * / {@code OSMOS_DRIVER_EVENTS} variables a user would set, read by {@link
 * Osmos.Builder#fromEnvironment}, and the same outcomes as on the Memory driver.
 */
class ShopAppOnServersTest {
  @Test
  void runsOnRedis() {
    String url = RedisTestServer.shared().url();
    assertSameStory(Map.of("OSMOS_DRIVER_DB", url), "redis");
  }

  @Test
  void runsOnPostgresForDocumentsAndEvents() {
    String url = PostgresTestServer.get().url();
    assertSameStory(Map.of("OSMOS_DRIVER_DB", url, "OSMOS_DRIVER_EVENTS", url), "postgres");
  }

  @Test
  void runsOnRethinkDb() {
    String url = RethinkTestServer.get().url("osmos_sample");
    assertSameStory(Map.of("OSMOS_DRIVER_DB", url), "rethinkdb");
  }

  @Test
  void runsOnRiak() {
    FakeRiakServer riak =
        TestServers.requireOrSkip(
            "riak-fake",
            () -> {
              FakeRiakServer s = FakeRiakServer.start();
              TestServers.atExit(s::close);
              return s;
            });
    assertSameStory(Map.of("OSMOS_DRIVER_DB", riak.url()), "riak");
  }

  private static void assertSameStory(Map<String, String> env, String kind) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ShopReport r;
    try (Osmos osmos = ShopApp.configure(env);
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      assertEquals(kind, osmos.driver("db").kind());
      r = ShopApp.run(osmos, out);
    }
    String text = printed.toString(StandardCharsets.UTF_8);
    assertEquals(3, r.customers(), text);
    assertEquals(5, r.rejectedViolations(), text);
    assertEquals(153, r.ordersPlaced(), text);
    assertEquals(50, r.outOfStock(), text);
    assertEquals(0, r.mugsLeft(), text);
    assertEquals(1, r.conflictsRetried(), text);
    assertEquals(OrderStatus.SHIPPED, r.contestedStatus(), text);
    assertEquals(152, r.placedPaged(), text);
    assertEquals(60, r.clicksPublished(), text);
    assertEquals(60, r.clicksIndexed(), text);
    assertEquals(60, r.clicksReplayed(), text);
    assertEquals(20, r.annClicks(), text);
    assertEquals("/checkout", r.annLastPage(), text);
    assertEquals(12, r.warehouseCheckouts(), text);
  }
}
