package io.osmos.spi;

import java.util.Map;

/**
 * A message to publish.
 *
 * @param data the payload (a model as JSON, for repositories)
 * @param attributes small string metadata; repositories set {@code key} and {@code timestamp}
 */
public record Message(byte[] data, Map<String, String> attributes) {
  public Message {
    attributes = Map.copyOf(attributes);
  }
}
