package io.osmos.spi;

import java.util.List;

/**
 * The message-queue capability (Beneath's {@code MessageQueue}): byte messages on named topics,
 * delivered to subscriptions at least once. Repositories encode models as JSON and put the key and
 * timestamp in attributes. Topics are created on first use.
 */
public interface MessageQueue extends Driver {
  /**
   * Publishes messages to {@code topic}, returning once the queue has accepted all of them.
   * Repositories check {@link DriverLimits#maxMessageBytes()} before calling; the driver checks it
   * again, since the SPI can be called directly: a message over the limit is refused with {@code
   * LimitExceededException} before any message of the batch is published.
   */
  void publish(String topic, List<Message> messages);

  /**
   * Starts delivering {@code topic}'s messages to {@code handler} on the driver's threads, with the
   * driver's {@link #deadLetterPolicy()}.
   *
   * @see #subscribe(String, String, Delivery, DeadLetterPolicy, MessageHandler)
   */
  default Subscription subscribe(
      String topic, String name, Delivery delivery, MessageHandler handler) {
    return subscribe(topic, name, delivery, deadLetterPolicy(), handler);
  }

  /**
   * Starts delivering {@code topic}'s messages to {@code handler} on the driver's threads.
   *
   * <ul>
   *   <li>{@link Delivery#AT_LEAST_ONCE}: a durable subscription named {@code name}, shared by all
   *       subscribers with that name (competing consumers). A message is acknowledged after the
   *       handler returns; when the handler throws, or the process dies, it is delivered again
   *       (after a back-off or the queue's ack deadline), up to {@code deadLetter}'s {@link
   *       DeadLetterPolicy#maxDeliveryAttempts() maxDeliveryAttempts} times; then it is moved to
   *       the dead-letter topic, and {@link MessageHandler#deadLettered} is told.
   *   <li>{@link Delivery#EPHEMERAL}: a subscription of this process only, starting now (no
   *       backlog), removed on close; every ephemeral subscriber gets every message. A message
   *       whose handler throws is delivered again, up to the same number of times, then dropped
   *       with a warning in the log (no dead letter).
   * </ul>
   *
   * @param deadLetter when a message is given up and where it goes
   */
  Subscription subscribe(
      String topic,
      String name,
      Delivery delivery,
      DeadLetterPolicy deadLetter,
      MessageHandler handler);

  /**
   * The dead-letter policy of subscriptions that do not name one: {@link DeadLetterPolicy#DEFAULT}
   * unless the driver is configured otherwise.
   */
  default DeadLetterPolicy deadLetterPolicy() {
    return DeadLetterPolicy.DEFAULT;
  }

  /** Delivery guarantees of a subscription. */
  enum Delivery {
    AT_LEAST_ONCE,
    EPHEMERAL
  }

  /**
   * Receives messages; throwing means "not processed": the message will be delivered again, or,
   * when that was its last attempt or the error is an {@link UnprocessableMessageException}, moved
   * to the dead letter.
   */
  @FunctionalInterface
  interface MessageHandler {
    void handle(ReceivedMessage message) throws Exception;

    /**
     * The queue gave {@code message} up: it published it to {@code deadLetterTopic} and
     * acknowledged it. Called on the driver's thread after the last failed {@link #handle} (or
     * instead of a delivery, when the message was delivered too often without being acknowledged,
     * with {@code error} null); what it throws is ignored.
     */
    default void deadLettered(ReceivedMessage message, String deadLetterTopic, Throwable error) {}
  }
}
