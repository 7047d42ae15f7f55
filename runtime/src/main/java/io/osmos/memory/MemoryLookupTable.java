package io.osmos.memory;

import io.osmos.codec.tree.TreeFormat;
import io.osmos.exceptions.DecodeException;
import io.osmos.exceptions.LimitExceededException;
import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.memory.LookupStream.Entry;
import io.osmos.query.Property;
import io.osmos.query.Query;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.DriverLimits;
import io.osmos.spi.IndexRange;
import io.osmos.spi.LogRecord;
import io.osmos.spi.LookupCursor;
import io.osmos.spi.LookupTable;
import io.osmos.spi.TupleKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;

/**
 * A {@link LookupTable} over a {@link LookupStream}. Every write is stable at once, so the tip that
 * replay cursors end at and change cursors start from is simply the log's length.
 */
final class MemoryLookupTable<T, K> implements LookupTable<T, K> {
  private final LookupStream stream;
  private final ModelSchema<T, K> schema;
  private final DriverLimits limits;

  MemoryLookupTable(LookupStream stream, ModelSchema<T, K> schema, DriverLimits limits) {
    this.stream = stream;
    this.schema = schema;
    this.limits = limits;
    if (!schema.timestamped()) {
      throw new IllegalArgumentException(
          schema.modelName()
              + " has no @Timestamp field; a"
              + " lookup table keeps the newest record per key by it");
    }
    for (Property<T, ?> p : schema.indexes()) {
      if (!p.descriptor().type().ordered()) {
        throw new IllegalArgumentException(
            "cannot index "
                + schema.modelName()
                + "."
                + p.name()
                + ": its type "
                + p.descriptor().type().kind()
                + " has no order");
      }
    }
  }

  @Override
  public void write(List<T> records) {
    // Encode everything before touching the log: a record that fails writes nothing.
    List<Object[]> drafts = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      T r = records.get(i);
      K key = schema.key(r);
      if (key == null) {
        throw new IllegalArgumentException("records[" + i + "] has no key");
      }
      Instant ts = schema.timestamp(r);
      if (ts == null) {
        throw new IllegalArgumentException("records[" + i + "] has no timestamp");
      }
      Object[] comps = schema.keyComponents(key);
      List<Property<T, ?>> indexes = schema.indexes();
      byte[][] entries = new byte[indexes.size()][];
      for (int j = 0; j < entries.length; j++) {
        entries[j] = DocumentBucket.indexEntry(indexes.get(j).get(r), comps);
      }
      drafts.add(new Object[] {TupleKey.encode(comps), ts, TreeFormat.encode(schema, r), entries});
    }
    locked(
        stream.lock.writeLock(),
        () -> {
          for (Object[] d : drafts) {
            @SuppressWarnings("unchecked")
            Map<String, Object> tree = (Map<String, Object>) d[2];
            stream.append((byte[]) d[0], (Instant) d[1], tree, (byte[][]) d[3]);
          }
          return null;
        });
  }

  @Override
  public Optional<T> get(K key) {
    byte[] kb = TupleKey.encode(schema.keyComponents(key));
    Entry e = locked(stream.lock.readLock(), () -> stream.primary.get(kb));
    return e == null ? Optional.empty() : Optional.of(decode(e));
  }

  @Override
  public CursorSet query(Query<T> where, boolean compacted, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
    }
    if (partitions > limits.maxPartitions()) {
      throw new LimitExceededException(
          partitions
              + " partitions exceed the driver's limit of "
              + limits.maxPartitions()
              + " (maxPartitions)");
    }
    if (compacted) {
      IndexRange r = IndexRange.plan(schema, where);
      long tip = tip();
      return new CursorSet(
          List.of(
              new LookupCursor.Index(r.index(), r.range().start(), r.range().end())
                  .encode(stream.id)),
          List.of(new LookupCursor.Log(tip, -1).encode(stream.id)));
    }
    if (!where.conditions().isEmpty() || where.orderBy() != null) {
      throw new UnsupportedQueryException(
          "a log replay (not compacted) reads every record and"
              + " takes no conditions; query the compacted index to filter by "
              + where);
    }
    long tip = tip();
    // Beneath's split: at most `partitions` contiguous segments of [0, tip), none empty.
    List<byte[]> replay = new ArrayList<>();
    long n = Math.min(partitions, tip);
    for (long i = 0; i < n; i++) {
      long start = tip * i / n;
      long end = tip * (i + 1) / n;
      replay.add(new LookupCursor.Log(start, end).encode(stream.id));
    }
    return new CursorSet(replay, List.of(new LookupCursor.Log(tip, -1).encode(stream.id)));
  }

  @Override
  public CursorSet peek() {
    long tip = tip();
    return new CursorSet(
        List.of(new LookupCursor.Peek(tip).encode(stream.id)),
        List.of(new LookupCursor.Log(tip, -1).encode(stream.id)));
  }

  @Override
  public CursorRead<T> read(byte[] cursor, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    if (limit > limits.maxReadLimit()) {
      throw new LimitExceededException(
          "read limit "
              + limit
              + " exceeds the driver's limit of "
              + limits.maxReadLimit()
              + " (maxReadLimit)");
    }
    LookupCursor c = LookupCursor.decode(cursor, stream.id, schema.indexes().size());
    if (c instanceof LookupCursor.Log l) {
      return readLog(l, limit);
    } else if (c instanceof LookupCursor.Peek p) {
      return readPeek(p, limit);
    }
    return readIndex((LookupCursor.Index) c, limit);
  }

  private CursorRead<T> readLog(LookupCursor.Log c, int limit) {
    List<Entry> entries =
        locked(
            stream.lock.readLock(),
            () -> {
              long size = stream.log.size();
              long end = c.open() ? size : c.end();
              if (c.start() > size || end > size) {
                throw new io.osmos.exceptions.InvalidCursorException(
                    "malformed or corrupted cursor (past the end of" + " the log)");
              }
              long to = Math.min(end, c.start() + limit);
              return new ArrayList<>(stream.log.subList((int) c.start(), (int) to));
            });
    long next = c.start() + entries.size();
    byte[] nextCursor;
    if (c.open()) {
      nextCursor = new LookupCursor.Log(next, -1).encode(stream.id);
    } else {
      nextCursor = next < c.end() ? new LookupCursor.Log(next, c.end()).encode(stream.id) : null;
    }
    return new CursorRead<>(records(entries), nextCursor);
  }

  private CursorRead<T> readPeek(LookupCursor.Peek c, int limit) {
    List<Entry> entries =
        locked(
            stream.lock.readLock(),
            () -> {
              if (c.end() > stream.log.size()) {
                throw new io.osmos.exceptions.InvalidCursorException(
                    "malformed or corrupted cursor (past the end of" + " the log)");
              }
              long from = Math.max(0, c.end() - limit);
              List<Entry> l = new ArrayList<>(stream.log.subList((int) from, (int) c.end()));
              java.util.Collections.reverse(l);
              return l;
            });
    long from = c.end() - entries.size();
    return new CursorRead<>(
        records(entries), from > 0 ? new LookupCursor.Peek(from).encode(stream.id) : null);
  }

  private CursorRead<T> readIndex(LookupCursor.Index c, int limit) {
    byte[][] last = new byte[1][];
    boolean[] more = new boolean[1];
    List<Entry> entries =
        locked(
            stream.lock.readLock(),
            () -> {
              NavigableMap<byte[], Entry> index = stream.index(c.index());
              NavigableMap<byte[], Entry> sub =
                  c.to() == null
                      ? index.tailMap(c.from(), true)
                      : TupleKey.compare(c.from(), c.to()) >= 0
                          ? java.util.Collections.emptyNavigableMap()
                          : index.subMap(c.from(), true, c.to(), false);
              List<Entry> l = new ArrayList<>();
              for (Map.Entry<byte[], Entry> e : sub.entrySet()) {
                if (l.size() == limit) {
                  more[0] = true;
                  break;
                }
                l.add(e.getValue());
                last[0] = e.getKey();
              }
              return l;
            });
    byte[] next =
        more[0]
            ? new LookupCursor.Index(c.index(), TupleKey.successor(last[0]), c.to())
                .encode(stream.id)
            : null;
    return new CursorRead<>(records(entries), next);
  }

  private List<LogRecord<T>> records(List<Entry> entries) {
    List<LogRecord<T>> out = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      out.add(new LogRecord<>(e.offset(), e.timestamp(), decode(e)));
    }
    return out;
  }

  private T decode(Entry e) {
    try {
      return TreeFormat.decode(schema, e.tree());
    } catch (DecodeException ex) {
      Object[] comps = TupleKey.decode(e.key());
      throw (DecodeException)
          ex.in(null, stream.name, comps.length == 1 ? comps[0] : Arrays.toString(comps), null);
    }
  }

  private long tip() {
    return locked(stream.lock.readLock(), () -> (long) stream.log.size());
  }

  private static <R> R locked(Lock lock, Supplier<R> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }
}
