package io.osmos.spi;

import java.util.Map;

/**
 * A delivered message.
 *
 * @param id the queue's id of the message
 * @param data the payload
 * @param attributes the attributes it was published with
 * @param deliveryAttempt 1 for the first delivery, more for redeliveries (0 when the queue does not
 *     count them)
 */
public record ReceivedMessage(
    String id, byte[] data, Map<String, String> attributes, int deliveryAttempt) {}
