package io.osmos;

import java.util.List;
import java.util.Optional;

/**
 * One page of results and the cursor to the next page. The cursor is an opaque, URL-safe string,
 * tamper-checked and bound to the query it came from, so it can be handed to HTTP clients.
 *
 * @param items the results
 * @param nextCursor the cursor of the next page, or null when this is the last
 */
public record Page<T>(List<T> items, String nextCursor) {
  public Page {
    items = List.copyOf(items);
  }

  /** Whether there are more results. */
  public boolean hasNext() {
    return nextCursor != null;
  }

  /** The request for the next page (same size), if there is one. */
  public Optional<PageRequest> next(int size) {
    return hasNext() ? Optional.of(PageRequest.after(nextCursor, size)) : Optional.empty();
  }
}
