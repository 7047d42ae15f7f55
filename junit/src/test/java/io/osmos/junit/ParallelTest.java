package io.osmos.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osmos.Osmos;
import io.osmos.junit.fixtures.Order;
import io.osmos.junit.fixtures.OrderRepository;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Tests of a class running in parallel ({@code junit.jupiter.execution.parallel.enabled}) each get
 * their own registry: four tests write the same key at the same time, and each reads back its own
 * order only.
 */
class ParallelTest {
  private static final int TESTS = 4;

  @Test
  void testsRunningAtTheSameTimeShareNoState() {
    Concurrent.barrier = new CyclicBarrier(TESTS);
    TestRuns.Result run =
        TestRuns.run(
            Map.of(
                "junit.jupiter.execution.parallel.enabled",
                "true",
                "junit.jupiter.execution.parallel.mode.default",
                "concurrent",
                "junit.jupiter.execution.parallel.config.strategy",
                "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism",
                Integer.toString(TESTS),
                "junit.jupiter.execution.parallel.config.fixed.max-pool-size",
                Integer.toString(TESTS + 2)),
            Concurrent.class);
    assertEquals(List.of(), run.failed, run.failureText());
    assertEquals(TESTS, run.succeeded.size());
  }

  /** Run by the test above only (Surefire leaves nested classes alone). */
  @Launched
  @OsmosTest
  @Driver(name = "db")
  static class Concurrent {
    static volatile CyclicBarrier barrier;

    @Inject OrderRepository orders;

    private void writeTogether(int total, Osmos osmos) throws Exception {
      orders.insert(new Order("same-key", "customer-" + total, total));
      // All four have written before any reads: with shared state, each would see another's.
      barrier.await(30, TimeUnit.SECONDS);
      assertEquals(1, orders.count());
      assertEquals(total, orders.get("same-key").orElseThrow().total());
      assertEquals(osmos, orders.osmos());
    }

    @Test
    void first(Osmos osmos) throws Exception {
      writeTogether(1, osmos);
    }

    @Test
    void second(Osmos osmos) throws Exception {
      writeTogether(2, osmos);
    }

    @Test
    void third(Osmos osmos) throws Exception {
      writeTogether(3, osmos);
    }

    @Test
    void fourth(Osmos osmos) throws Exception {
      writeTogether(4, osmos);
    }
  }
}
