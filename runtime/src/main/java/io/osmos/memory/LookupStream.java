package io.osmos.memory;

import io.osmos.schema.ModelSchema;
import io.osmos.spi.TupleKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.zip.CRC32;

/**
 * The storage of one stream model of a {@link MemoryDriver}: the log (every version, offsets from
 * 0), the primary index (newest record per key by timestamp, ties to the later write) and one
 * secondary index per {@code @Index} field whose entries {@code (value, key...)} point at the
 * record the primary index holds. Replacing a record replaces its secondary entries in the same
 * step, so no entry is ever stale.
 */
final class LookupStream {
  /** A logged record; immutable once logged. */
  record Entry(
      long offset,
      byte[] key,
      Instant timestamp,
      Map<String, Object> tree,
      byte[][] indexEntries) {}

  final String name;
  final ModelSchema<?, ?> schema;

  /** Stamped into cursors so that a cursor of another stream is rejected. */
  final int id;

  final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  final List<Entry> log = new ArrayList<>();
  final NavigableMap<byte[], Entry> primary = new TreeMap<>(TupleKey::compare);
  final List<NavigableMap<byte[], Entry>> secondary = new ArrayList<>();

  LookupStream(String name, ModelSchema<?, ?> schema) {
    this.name = name;
    this.schema = schema;
    CRC32 crc = new CRC32();
    crc.update(name.getBytes(StandardCharsets.UTF_8));
    this.id = (int) crc.getValue();
    for (int i = 0; i < schema.indexes().size(); i++) {
      secondary.add(new TreeMap<>(TupleKey::compare));
    }
  }

  /**
   * Appends a record to the log and, when it is not older than the indexed one, makes it the
   * indexed record of its key; call with the write lock held.
   */
  Entry append(byte[] key, Instant timestamp, Map<String, Object> tree, byte[][] indexEntries) {
    Entry e = new Entry(log.size(), key, timestamp, tree, indexEntries);
    log.add(e);
    Entry current = primary.get(key);
    if (current == null || !timestamp.isBefore(current.timestamp())) {
      if (current != null) {
        for (int i = 0; i < secondary.size(); i++) {
          secondary.get(i).remove(current.indexEntries()[i]);
        }
      }
      primary.put(key, e);
      for (int i = 0; i < secondary.size(); i++) {
        secondary.get(i).put(indexEntries[i], e);
      }
    }
    return e;
  }

  /** The primary index (0) or the i-th secondary index (i + 1). */
  NavigableMap<byte[], Entry> index(int index) {
    return index == 0 ? primary : secondary.get(index - 1);
  }
}
