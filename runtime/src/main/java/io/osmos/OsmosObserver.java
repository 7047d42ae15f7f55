package io.osmos;

import java.time.Duration;

/**
 * Hears of every driver call a repository or a pipeline makes, at the one place they all pass
 * through: metrics, traces and logs plug in here. Give it to {@link Osmos.Builder#observer}.
 *
 * <pre>{@code
 * Osmos osmos = Osmos.builder()
 *     .driver("db", redis)
 *     .observer(operation -> new OsmosObserver.Call() {
 *       public void success(Duration elapsed) { timer(operation).record(elapsed); }
 *       public void failure(Duration elapsed, Throwable error) { failures(operation).increment(); }
 *     })
 *     .build();
 * }</pre>
 *
 * Calls run on the thread of the operation (a pipeline's on the queue's delivery threads), so they
 * must be quick and must not block. What an observer throws is logged and otherwise ignored: it
 * never fails the operation.
 */
@FunctionalInterface
public interface OsmosObserver {
  /**
   * An operation starts; the returned call hears how it ended (return {@link Call#IGNORE} for
   * operations not of interest).
   */
  Call start(Operation operation);

  /**
   * One driver call.
   *
   * @param driver the name the driver is registered under (low cardinality)
   * @param driverKind what the driver is, e.g. {@code redis}
   * @param bucket the model's bucket, or null for calls that concern none
   * @param operation what was called: {@code get}, {@code save}, {@code find}, {@code publish},
   *     {@code pipeline} (a pipeline's write of one record), ...
   * @param keyCount how many keys the call names: 1 for single-key calls, the batch size for
   *     batches, 0 for queries and scans
   */
  record Operation(
      String driver, String driverKind, String bucket, String operation, int keyCount) {}

  /** How one call ended. */
  interface Call {
    /** A call that ignores how the operation ended. */
    Call IGNORE = new Call() {};

    /** The operation succeeded after {@code elapsed}. */
    default void success(Duration elapsed) {}

    /**
     * The operation failed after {@code elapsed} with {@code error}: the exception the caller gets
     * (an {@code OsmosException} naming driver, bucket, key and operation).
     */
    default void failure(Duration elapsed, Throwable error) {}
  }
}
