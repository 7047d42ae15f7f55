package io.osmos.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a task on several threads at once and rethrows the first failure. */
final class Workers {
  /** Generous: a healthy store finishes in well under a second; this only stops a hung test. */
  private static final long TIMEOUT_SECONDS = 120;

  private Workers() {}

  /** A task run by worker {@code worker} (0-based). */
  @FunctionalInterface
  interface Task {
    void run(int worker) throws Exception;
  }

  /** Starts {@code threads} workers together (behind a latch) and waits for all of them. */
  static void run(int threads, Task task) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int w = 0; w < threads; w++) {
        final int worker = w;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  task.run(worker);
                  return null;
                }));
      }
      start.countDown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
      for (Future<?> f : futures) {
        try {
          f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException r) {
            throw r;
          }
          if (cause instanceof Error err) {
            throw err;
          }
          throw new AssertionError("worker failed: " + cause, cause);
        } catch (TimeoutException e) {
          fail(
              "workers did not finish within "
                  + TIMEOUT_SECONDS
                  + " s (a deadlock or a hung"
                  + " store call)");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted", e);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
