package io.osmos.spi;

/**
 * The change-feed capability: a document store that tells subscribers about the writes committed to
 * a bucket (RethinkDB's {@code changes()}). It is subscribe-only: the changes come from writing
 * models through a repository, nothing is published.
 *
 * <p>A change feed is ephemeral: a subscription gets the changes committed after it starts, every
 * subscriber gets every change, and changes made while nobody listens are never delivered (there is
 * no backlog and no position to resume from). For at-least-once delivery of messages of your own,
 * use a {@link MessageQueue}.
 *
 * <p>Each change arrives as a {@link ReceivedMessage}:
 *
 * <ul>
 *   <li>{@code data}: the model after the change as JSON ({@code JsonFormat.decode(User_.MODEL,
 *       data)}), or before it for a delete;
 *   <li>{@code attributes}: {@value #OP} ({@value #INSERT}, {@value #UPDATE} or {@value #DELETE})
 *       and {@value #KEY} (the key's {@link TupleKey} encoding, base64url without padding, as
 *       stream repositories publish it);
 *   <li>{@code id}: an id the driver gives the change; {@code deliveryAttempt}: 1, then 2, 3 ...
 *       for redeliveries.
 * </ul>
 *
 * A handler that throws gets the change again after a back-off, until it returns or the change has
 * had {@code maxDeliveryAttempts} deliveries (one when it throws {@link
 * UnprocessableMessageException}); the change is then skipped with a warning in the driver's log.
 * Later changes wait, so each subscription sees the changes in order.
 */
public interface ChangeFeed extends Driver {
  /** Attribute: what the change did, {@value #INSERT}, {@value #UPDATE} or {@value #DELETE}. */
  String OP = "op";

  /** Attribute: the key of the changed model, its tuple encoding in base64url. */
  String KEY = "key";

  /** {@value #OP} of a model written where there was none. */
  String INSERT = "insert";

  /** {@value #OP} of a model written over another one. */
  String UPDATE = "update";

  /** {@value #OP} of a deleted model (the data is the model as it was). */
  String DELETE = "delete";

  /** Deliveries of a change whose handler keeps failing, unless the subscriber says otherwise. */
  int DEFAULT_MAX_DELIVERY_ATTEMPTS = DeadLetterPolicy.DEFAULT_MAX_DELIVERY_ATTEMPTS;

  /**
   * Delivers the changes of {@code bucket} committed from now on to {@code handler}, with up to
   * {@value #DEFAULT_MAX_DELIVERY_ATTEMPTS} deliveries per change.
   *
   * @see #subscribeChanges(String, int, ChangeHandler)
   */
  default Subscription subscribeChanges(String bucket, ChangeHandler handler) {
    return subscribeChanges(bucket, DEFAULT_MAX_DELIVERY_ATTEMPTS, handler);
  }

  /**
   * Delivers the changes of {@code bucket} committed from now on to {@code handler}, on the
   * driver's threads, until the subscription is closed.
   *
   * @param bucket the bucket of a model bound to this driver (a repository created)
   * @param maxDeliveryAttempts how often a change is delivered at most while its handler throws (at
   *     least 1)
   * @throws IllegalStateException when no model is bound to {@code bucket}
   * @throws IllegalArgumentException when {@code maxDeliveryAttempts} is less than 1
   */
  Subscription subscribeChanges(String bucket, int maxDeliveryAttempts, ChangeHandler handler);

  /**
   * Receives changes; throwing means "not processed": the change is delivered again, or skipped
   * when that was its last attempt or the error is an {@link UnprocessableMessageException}.
   */
  @FunctionalInterface
  interface ChangeHandler {
    void handle(ReceivedMessage change) throws Exception;
  }
}
