package io.osmos;

import java.util.List;

/**
 * Records read from a stream cursor, and the cursor that continues it.
 *
 * @param records the records, in cursor order (log order, index order, or newest first for a peek)
 * @param nextCursor the cursor to read on with, or null when the cursor is exhausted; a change
 *     cursor never is, it stays open at the tip
 */
public record RecordPage<T>(List<T> records, String nextCursor) {
  public RecordPage {
    records = List.copyOf(records);
  }

  /** Whether reading on with {@link #nextCursor()} may return more records. */
  public boolean hasNext() {
    return nextCursor != null;
  }
}
