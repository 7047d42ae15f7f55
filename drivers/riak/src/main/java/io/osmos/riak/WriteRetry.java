package io.osmos.riak;

import io.osmos.exceptions.DriverException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The retry policy of conditional writes that lost a race: up to {@code maxAttempts} attempts, with
 * a random pause that grows with each attempt (to at most 32 ms) so that writers contending for one
 * key spread out instead of colliding again.
 */
record WriteRetry(int maxAttempts) {
  WriteRetry {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
  }

  /** Pauses before attempt {@code failed + 1}; false when no attempt is left. */
  boolean pause(int failed) {
    if (failed + 1 >= maxAttempts) {
      return false;
    }
    int bound = 1 << Math.min(failed, 5);
    long millis = ThreadLocalRandom.current().nextLong(bound + 1L);
    if (millis == 0) {
      Thread.yield();
      return true;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DriverException("interrupted while retrying a Riak write", e);
    }
    return true;
  }
}
