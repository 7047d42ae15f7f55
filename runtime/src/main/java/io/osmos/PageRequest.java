package io.osmos;

import java.util.Objects;

/**
 * Which page to read: the first, or the one after a cursor a previous {@link Page} returned.
 *
 * @param size at most this many items (1 to the driver's read limit, 1000 by default)
 * @param cursor null for the first page
 */
public record PageRequest(int size, String cursor) {
  public PageRequest {
    if (size <= 0) {
      throw new IllegalArgumentException("page size must be positive, was " + size);
    }
  }

  public static PageRequest first(int size) {
    return new PageRequest(size, null);
  }

  public static PageRequest after(String cursor, int size) {
    return new PageRequest(size, Objects.requireNonNull(cursor, "cursor"));
  }
}
