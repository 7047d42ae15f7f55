package io.osmos.spi;

import io.osmos.query.Query;
import java.util.List;
import java.util.Optional;

/**
 * One stream of a {@link LookupService}. Cursors are the driver's own bytes; repositories wrap them
 * in tamper-checked strings.
 *
 * @param <T> the model
 * @param <K> its key
 */
public interface LookupTable<T, K> {
  /**
   * Appends the records to the log (each gets the next offset) and upserts them into the indexes,
   * keeping for each key the record with the newest timestamp (ties: the later write). Timestamps
   * are set. Writing the same record twice is harmless: the log gets a duplicate, the indexes do
   * not change.
   */
  void write(List<T> records);

  /** The newest record with {@code key}, or empty. */
  Optional<T> get(K key);

  /**
   * Cursors for a query. With {@code compacted} the replay cursor reads the index (newest record
   * per key, in index order; {@code where} must constrain a leftmost prefix of the key or of one
   * index, else {@code UnsupportedQueryException}); without, replay cursors split the log up to the
   * stable tip into at most {@code partitions} segments and {@code where} must be empty. The change
   * cursor reads the log from the tip on, as records arrive.
   */
  CursorSet query(Query<T> where, boolean compacted, int partitions);

  /** A rewind cursor reading the log newest first, and a change cursor from the tip. */
  CursorSet peek();

  /**
   * Reads up to {@code limit} records from a cursor. The result's next cursor continues it; it is
   * null when the cursor is exhausted (a change cursor never is: it stays open at the tip).
   */
  CursorRead<T> read(byte[] cursor, int limit);

  /** Replay and change cursors. */
  record CursorSet(List<byte[]> replay, List<byte[]> changes) {
    public CursorSet {
      replay = List.copyOf(replay);
      changes = List.copyOf(changes);
    }
  }

  /** Records read from a cursor, and the cursor to continue with (null when exhausted). */
  record CursorRead<T>(List<LogRecord<T>> records, byte[] next) {
    public CursorRead {
      records = List.copyOf(records);
    }
  }
}
