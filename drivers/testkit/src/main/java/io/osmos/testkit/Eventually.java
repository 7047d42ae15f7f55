package io.osmos.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded waits for asynchronous outcomes. Tests wait for what they expect and fail with a
 * description of what they saw when the bound passes; they never assert how long anything took.
 */
final class Eventually {
  /** How long a test waits for an asynchronous delivery before it gives up. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private Eventually() {}

  /** Waits until {@code condition} holds, for at most {@link #TIMEOUT}. */
  static void await(String what, BooleanSupplier condition, Supplier<?> seen) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail(
            "gave up after "
                + TIMEOUT.toSeconds()
                + " s waiting for "
                + what
                + "; saw "
                + seen.get());
      }
      pause(10);
    }
  }

  /**
   * Waits until {@code thread} waits (on a latch, a lock, a join, with or without a timeout) or has
   * ended: a call it is making has reached a point where it waits, or has returned.
   */
  static void awaitWaitingOrEnded(Thread thread) {
    await(
        thread.getName() + " to wait or end",
        () ->
            switch (thread.getState()) {
              case BLOCKED, WAITING, TIMED_WAITING, TERMINATED -> true;
              default -> false;
            },
        thread::getState);
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
