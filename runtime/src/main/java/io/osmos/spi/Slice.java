package io.osmos.spi;

import java.util.List;

/**
 * One page as a driver returns it: the items and the driver's raw continuation (null at the end).
 * Repositories turn the continuation into an opaque, tamper-checked cursor string.
 */
public record Slice<T>(List<T> items, byte[] continuation) {
  public Slice {
    items = List.copyOf(items);
  }
}
