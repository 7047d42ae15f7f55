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
   * Starts delivering {@code topic}'s messages to {@code handler} on the driver's threads.
   *
   * <ul>
   *   <li>{@link Delivery#AT_LEAST_ONCE}: a durable subscription named {@code name}, shared by all
   *       subscribers with that name (competing consumers). A message is acknowledged after the
   *       handler returns; when the handler throws, or the process dies, it is delivered again
   *       (after a back-off or the queue's ack deadline).
   *   <li>{@link Delivery#EPHEMERAL}: a subscription of this process only, starting now (no
   *       backlog), removed on close; every ephemeral subscriber gets every message.
   * </ul>
   */
  Subscription subscribe(String topic, String name, Delivery delivery, MessageHandler handler);

  /** Delivery guarantees of a subscription. */
  enum Delivery {
    AT_LEAST_ONCE,
    EPHEMERAL
  }

  /** Receives messages; throwing means "not processed": the message will be delivered again. */
  @FunctionalInterface
  interface MessageHandler {
    void handle(ReceivedMessage message) throws Exception;
  }
}
