package io.osmos.spi;

import io.osmos.exceptions.OsmosException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * When a durable subscription stops delivering a message and where it puts it (the dead-letter
 * policy of Pub/Sub, SQS's redrive policy, Kafka's dead-letter topic).
 *
 * <p>A message whose handler throws is delivered again, at most {@code maxDeliveryAttempts} times
 * in all; when the last attempt fails too, the queue publishes it to the dead-letter topic and then
 * acknowledges it on its own subscription, so a crash in between leaves a duplicate in the dead
 * letter, never a loss. A handler that throws {@link UnprocessableMessageException} says that no
 * attempt can succeed: the message goes to the dead letter at once. A message that was delivered
 * more often than allowed without being acknowledged (its consumer died while handling it) goes
 * there before its next delivery.
 *
 * <p>The dead-letter message has the original data and attributes plus {@link #ERROR}, {@link
 * #ATTEMPTS}, {@link #SOURCE_TOPIC}, {@link #SOURCE_SUBSCRIPTION} and {@link #SOURCE_MESSAGE_ID}
 * (replacing attributes of those names). The queue keeps a durable subscription named {@value
 * #SUBSCRIPTION} on the dead-letter topic from the first subscribe on, so dead letters wait there
 * until read: {@code queue.subscribe("clicks.dead-letter", DeadLetterPolicy.SUBSCRIPTION,
 * AT_LEAST_ONCE, handler)}.
 *
 * <p>Ephemeral subscriptions have no dead letter: a message whose handler failed {@code
 * maxDeliveryAttempts} times (or threw {@link UnprocessableMessageException}) is dropped with a
 * warning in the driver's log, as everything an ephemeral subscription holds is when it closes.
 *
 * @param maxDeliveryAttempts how many times a message is delivered at most (at least 1); Pub/Sub's
 *     default, {@value #DEFAULT_MAX_DELIVERY_ATTEMPTS}, unless the driver is configured otherwise
 * @param topic the dead-letter topic, or null for {@code <topic>}{@value #TOPIC_SUFFIX}
 */
public record DeadLetterPolicy(int maxDeliveryAttempts, String topic) {
  /** Delivery attempts before a message is dead-lettered, unless configured otherwise. */
  public static final int DEFAULT_MAX_DELIVERY_ATTEMPTS = 5;

  /** {@value #DEFAULT_MAX_DELIVERY_ATTEMPTS} attempts, then {@code <topic>.dead-letter}. */
  public static final DeadLetterPolicy DEFAULT =
      new DeadLetterPolicy(DEFAULT_MAX_DELIVERY_ATTEMPTS, null);

  /** What a topic's default dead-letter topic adds to its name: {@code clicks.dead-letter}. */
  public static final String TOPIC_SUFFIX = ".dead-letter";

  /** The durable subscription every dead-letter topic has, from which dead letters are read. */
  public static final String SUBSCRIPTION = "dead-letter";

  /** Attribute: the error of the last attempt (its class and message, escaped and shortened). */
  public static final String ERROR = "osmos-dead-letter-error";

  /** Attribute: how many times the message was delivered, in decimal. */
  public static final String ATTEMPTS = "osmos-dead-letter-attempts";

  /** Attribute: the topic the message was published to. */
  public static final String SOURCE_TOPIC = "osmos-dead-letter-topic";

  /** Attribute: the subscription that gave the message up. */
  public static final String SOURCE_SUBSCRIPTION = "osmos-dead-letter-subscription";

  /** Attribute: the id the queue gave the message on its topic. */
  public static final String SOURCE_MESSAGE_ID = "osmos-dead-letter-message-id";

  /** The URL parameter that sets {@link #maxDeliveryAttempts} in a driver URL. */
  public static final String ATTEMPTS_PARAMETER = "deadLetterAttempts";

  /** The URL parameter that sets {@link #topic} in a driver URL. */
  public static final String TOPIC_PARAMETER = "deadLetterTopic";

  // Under Pub/Sub's limit of 1024 bytes per attribute value, with room for the ellipsis.
  private static final int MAX_ERROR_BYTES = 1000;

  public DeadLetterPolicy {
    if (maxDeliveryAttempts < 1) {
      throw new IllegalArgumentException(
          "a dead-letter policy needs at least 1 delivery attempt"
              + " (maxDeliveryAttempts), was "
              + maxDeliveryAttempts);
    }
    if (topic != null && topic.isBlank()) {
      throw new IllegalArgumentException(
          "a dead-letter topic must not be blank; give null for" + " <topic>" + TOPIC_SUFFIX);
    }
  }

  /** {@code attempts} delivery attempts, then {@code <topic>.dead-letter}. */
  public static DeadLetterPolicy attempts(int attempts) {
    return new DeadLetterPolicy(attempts, null);
  }

  /** This policy with dead letters going to {@code topic} (null: {@code <topic>.dead-letter}). */
  public DeadLetterPolicy withTopic(String topic) {
    return new DeadLetterPolicy(maxDeliveryAttempts, topic);
  }

  /**
   * The dead-letter topic of messages published to {@code topic}.
   *
   * @throws IllegalArgumentException when it is {@code topic} itself: a message given up would come
   *     back to the subscription that gave it up, for ever
   */
  public String topicFor(String topic) {
    Objects.requireNonNull(topic, "topic");
    if (topic.equals(this.topic)) {
      throw new IllegalArgumentException(
          "the dead-letter topic of '"
              + topic
              + "' cannot be '"
              + topic
              + "' itself; name another topic, or leave it out for '"
              + topic
              + TOPIC_SUFFIX
              + "'");
    }
    return this.topic != null ? this.topic : topic + TOPIC_SUFFIX;
  }

  /**
   * Whether a delivery whose handler failed with {@code error} was the last: the message is
   * unprocessable, or it has had its {@code maxDeliveryAttempts}.
   *
   * @param attempt the delivery attempt that failed, from 1
   */
  public boolean exhausted(int attempt, Throwable error) {
    return error instanceof UnprocessableMessageException || attempt >= maxDeliveryAttempts;
  }

  /**
   * This policy with the URL parameters {@value #ATTEMPTS_PARAMETER} and {@value #TOPIC_PARAMETER}
   * applied where {@code parameters} has them.
   *
   * @throws IllegalArgumentException naming the parameter when a value is not valid
   */
  public DeadLetterPolicy withParameters(Map<String, String> parameters) {
    DeadLetterPolicy p = this;
    String attempts = parameters.get(ATTEMPTS_PARAMETER);
    if (attempts != null) {
      int n;
      try {
        n = Integer.parseInt(attempts.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            ATTEMPTS_PARAMETER
                + " must be a whole number of"
                + " delivery attempts, at least 1, was '"
                + attempts
                + "'");
      }
      if (n < 1) {
        throw new IllegalArgumentException(ATTEMPTS_PARAMETER + " must be at least 1, was " + n);
      }
      p = new DeadLetterPolicy(n, p.topic);
    }
    String topic = parameters.get(TOPIC_PARAMETER);
    if (topic != null) {
      if (topic.isBlank()) {
        throw new IllegalArgumentException(
            TOPIC_PARAMETER + " must name a topic; leave it out" + " for <topic>" + TOPIC_SUFFIX);
      }
      p = p.withTopic(topic);
    }
    return p;
  }

  /**
   * The message a queue publishes to the dead letter for {@code message}: its data and attributes,
   * and the attributes that say why.
   *
   * @param topic the topic the message was published to
   * @param subscription the subscription that gives it up
   * @param attempts how many times it was delivered
   * @param error the error of the last attempt, or null when it was not handled (its consumers died
   *     while handling it)
   */
  public static Message deadLetter(
      ReceivedMessage message, String topic, String subscription, int attempts, Throwable error) {
    Map<String, String> attributes = new LinkedHashMap<>(message.attributes());
    attributes.put(
        ERROR,
        error == null
            ? "delivered "
                + attempts
                + " times without being acknowledged (its consumers stopped"
                + " while handling it)"
            : describe(error));
    attributes.put(ATTEMPTS, Integer.toString(attempts));
    attributes.put(SOURCE_TOPIC, topic);
    attributes.put(SOURCE_SUBSCRIPTION, subscription);
    attributes.put(SOURCE_MESSAGE_ID, message.id());
    return new Message(message.data(), attributes);
  }

  /**
   * An error as one line of text for attributes and logs: its class and message, with control and
   * format characters (line breaks, bidirectional overrides) and lone surrogates escaped as {@code
   * \}{@code uxxxx} as {@link OsmosException#printable} escapes them, shortened to 1000 UTF-8
   * bytes. The message may carry message data; escaped, it cannot forge log lines or break a
   * store's text type.
   */
  public static String describe(Throwable error) {
    return escape(String.valueOf(error), MAX_ERROR_BYTES);
  }

  /** {@code text} escaped as {@link #describe} does, at most {@code maxBytes} UTF-8 bytes. */
  static String escape(String text, int maxBytes) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), maxBytes) + 8);
    int bytes = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int width = Character.charCount(cp);
      String piece;
      if (OsmosException.needsEscape(cp)) {
        StringBuilder units = new StringBuilder(12);
        for (char c : Character.toChars(cp)) {
          units.append(String.format("\\u%04x", (int) c));
        }
        piece = units.toString();
      } else {
        piece = text.substring(i, i + width);
      }
      int size = piece.getBytes(StandardCharsets.UTF_8).length;
      if (bytes + size > maxBytes) {
        out.append('\u2026'); // three bytes, within the room left by MAX_ERROR_BYTES
        return out.toString();
      }
      out.append(piece);
      bytes += size;
      i += width;
    }
    return out.toString();
  }
}
