package io.osmos.memory;

import io.osmos.DecodeException;
import io.osmos.LimitExceededException;
import io.osmos.UnsupportedQueryException;
import io.osmos.codec.tree.TreeFormat;
import io.osmos.memory.LookupStream.Entry;
import io.osmos.query.Condition;
import io.osmos.query.Property;
import io.osmos.query.Query;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.DriverLimits;
import io.osmos.spi.LogRecord;
import io.osmos.spi.LookupTable;
import io.osmos.spi.TupleKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
      throw new IllegalArgumentException(schema.modelName() + " has no @Timestamp field; a"
          + " lookup table keeps the newest record per key by it");
    }
    for (Property<T, ?> p : schema.indexes()) {
      if (!p.descriptor().type().ordered()) {
        throw new IllegalArgumentException("cannot index " + schema.modelName() + "." + p.name()
            + ": its type " + p.descriptor().type().kind() + " has no order");
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
      drafts.add(new Object[] {TupleKey.encode(comps), ts, TreeFormat.encode(schema, r),
          entries});
    }
    locked(stream.lock.writeLock(), () -> {
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
      throw new LimitExceededException(partitions + " partitions exceed the driver's limit of "
          + limits.maxPartitions() + " (maxPartitions)");
    }
    if (compacted) {
      IndexRange r = plan(where);
      long tip = tip();
      return new CursorSet(
          List.of(LookupCursor.index(stream.id, r.index(), r.range().start(), r.range().end())
              .encode()),
          List.of(LookupCursor.log(stream.id, tip, -1).encode()));
    }
    if (!where.conditions().isEmpty() || where.orderBy() != null) {
      throw new UnsupportedQueryException("a log replay (not compacted) reads every record and"
          + " takes no conditions; query the compacted index to filter by " + where);
    }
    long tip = tip();
    // Beneath's split: at most `partitions` contiguous segments of [0, tip), none empty.
    List<byte[]> replay = new ArrayList<>();
    long n = Math.min(partitions, tip);
    for (long i = 0; i < n; i++) {
      long start = tip * i / n;
      long end = tip * (i + 1) / n;
      replay.add(LookupCursor.log(stream.id, start, end).encode());
    }
    return new CursorSet(replay, List.of(LookupCursor.log(stream.id, tip, -1).encode()));
  }

  @Override
  public CursorSet peek() {
    long tip = tip();
    return new CursorSet(List.of(LookupCursor.peek(stream.id, tip).encode()),
        List.of(LookupCursor.log(stream.id, tip, -1).encode()));
  }

  @Override
  public CursorRead<T> read(byte[] cursor, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    if (limit > limits.maxReadLimit()) {
      throw new LimitExceededException("read limit " + limit + " exceeds the driver's limit of "
          + limits.maxReadLimit() + " (maxReadLimit)");
    }
    LookupCursor c = LookupCursor.decode(cursor, stream.id, schema.indexes().size());
    return switch (c.type()) {
      case LOG -> readLog(c, limit);
      case PEEK -> readPeek(c, limit);
      case INDEX -> readIndex(c, limit);
    };
  }

  private CursorRead<T> readLog(LookupCursor c, int limit) {
    List<Entry> entries = locked(stream.lock.readLock(), () -> {
      long size = stream.log.size();
      long end = c.open() ? size : c.end();
      if (c.start() > size || end > size) {
        throw new io.osmos.InvalidCursorException("malformed or corrupted cursor (past the end of"
            + " the log)");
      }
      long to = Math.min(end, c.start() + limit);
      return new ArrayList<>(stream.log.subList((int) c.start(), (int) to));
    });
    long next = c.start() + entries.size();
    byte[] nextCursor;
    if (c.open()) {
      nextCursor = LookupCursor.log(stream.id, next, -1).encode();
    } else {
      nextCursor = next < c.end() ? LookupCursor.log(stream.id, next, c.end()).encode() : null;
    }
    return new CursorRead<>(records(entries), nextCursor);
  }

  private CursorRead<T> readPeek(LookupCursor c, int limit) {
    List<Entry> entries = locked(stream.lock.readLock(), () -> {
      if (c.end() > stream.log.size()) {
        throw new io.osmos.InvalidCursorException("malformed or corrupted cursor (past the end of"
            + " the log)");
      }
      long from = Math.max(0, c.end() - limit);
      List<Entry> l = new ArrayList<>(stream.log.subList((int) from, (int) c.end()));
      java.util.Collections.reverse(l);
      return l;
    });
    long from = c.end() - entries.size();
    return new CursorRead<>(records(entries),
        from > 0 ? LookupCursor.peek(stream.id, from).encode() : null);
  }

  private CursorRead<T> readIndex(LookupCursor c, int limit) {
    byte[][] last = new byte[1][];
    boolean[] more = new boolean[1];
    List<Entry> entries = locked(stream.lock.readLock(), () -> {
      NavigableMap<byte[], Entry> index = stream.index(c.index());
      NavigableMap<byte[], Entry> sub = c.to() == null ? index.tailMap(c.from(), true)
          : TupleKey.compare(c.from(), c.to()) >= 0 ? java.util.Collections.emptyNavigableMap()
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
    byte[] next = more[0]
        ? LookupCursor.index(stream.id, c.index(), TupleKey.successor(last[0]), c.to()).encode()
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
      throw (DecodeException) ex.in(null, stream.name,
          comps.length == 1 ? comps[0] : Arrays.toString(comps), null);
    }
  }

  private long tip() {
    return locked(stream.lock.readLock(), () -> (long) stream.log.size());
  }

  // ---- index planning ------------------------------------------------------------------------

  /** An index (0 primary, i + 1 secondary) and the range of its entries a query reads. */
  private record IndexRange(int index, KeyRange range) {}

  /**
   * Picks the primary index, else the first secondary index, whose leading fields the conditions
   * constrain as Beneath requires: equality on a leftmost prefix of the index's fields, then at
   * most one eq, prefix or range condition on the next field, and nothing else.
   */
  private IndexRange plan(Query<T> where) {
    Map<String, List<Condition<T>>> byField = new LinkedHashMap<>();
    for (Condition<T> c : where.conditions()) {
      byField.computeIfAbsent(c.property().storedName(), n -> new ArrayList<>()).add(c);
    }
    Property<T, ?> order = where.orderBy();
    List<List<String>> candidates = new ArrayList<>();
    candidates.add(fields(null));
    for (Property<T, ?> p : schema.indexes()) {
      candidates.add(fields(p));
    }
    for (int i = 0; i < candidates.size(); i++) {
      List<String> fields = candidates.get(i);
      if (order != null && !fields.get(0).equals(order.storedName())) {
        continue;
      }
      KeyRange r = range(fields, byField);
      if (r != null) {
        return new IndexRange(i, r);
      }
    }
    List<String> described = new ArrayList<>();
    for (List<String> f : candidates) {
      described.add("(" + String.join(", ", f) + ")");
    }
    throw new UnsupportedQueryException("cannot evaluate " + where + (order != null ? " ordered by "
        + order.storedName() : "") + " on stream " + schema.modelName() + " with its indexes "
        + described + ": a lookup query must constrain a leftmost prefix of the key or of one"
        + " index, with eq on the leading fields and at most one eq, prefix, gt, gte, lt or lte"
        + " on the field after them (composite keys are indexed starting with the leftmost"
        + " field)");
  }

  /** The index's fields: the indexed field (unless primary), then the key fields. */
  private List<String> fields(Property<T, ?> indexed) {
    List<String> fields = new ArrayList<>();
    if (indexed != null) {
      fields.add(indexed.storedName());
    }
    for (Property<T, ?> k : schema.keyProperties()) {
      if (!fields.contains(k.storedName())) {
        fields.add(k.storedName());
      }
    }
    return fields;
  }

  /** The range of an index's entries the conditions select, or null when the index cannot. */
  private KeyRange range(List<String> fields, Map<String, List<Condition<T>>> byField) {
    int used = 0;
    byte[] prefix = new byte[0];
    KeyRange range = null;
    for (String f : fields) {
      List<Condition<T>> cs = byField.get(f);
      if (cs == null) {
        break;
      }
      used++;
      Object eq = equalValue(cs);
      if (eq != null) {
        prefix = KeyRange.concat(prefix, TupleKey.encode(eq));
        continue;
      }
      range = KeyRange.prefix(prefix);
      for (Condition<T> c : cs) {
        range = range.intersect(KeyRange.of(c, prefix));
      }
      break;
    }
    if (used != byField.size()) {
      return null;
    }
    return range != null ? range : prefix.length == 0 ? KeyRange.ALL : KeyRange.prefix(prefix);
  }

  /** The value when every condition is an equality on one value, else null. */
  private static Object equalValue(List<? extends Condition<?>> cs) {
    Object value = null;
    for (Condition<?> c : cs) {
      if (!(c instanceof Condition.Eq<?, ?> eq)) {
        return null;
      }
      if (value != null && !Arrays.equals(TupleKey.encode(value), TupleKey.encode(eq.value()))) {
        return null;
      }
      value = eq.value();
    }
    return value;
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
