package io.osmos.memory;

import io.osmos.codec.FieldDescriptor.Role;
import io.osmos.codec.json.JsonFormat;
import io.osmos.codec.tree.TreeFormat;
import io.osmos.codec.tree.TreeReader;
import io.osmos.exceptions.ConcurrentUpdateException;
import io.osmos.exceptions.DecodeException;
import io.osmos.exceptions.DuplicateKeyException;
import io.osmos.exceptions.InvalidCursorException;
import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.memory.DocumentBucket.Doc;
import io.osmos.query.Condition;
import io.osmos.query.Patch;
import io.osmos.query.Property;
import io.osmos.query.Query;
import io.osmos.query.QueryEvaluator;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.DocumentCollection;
import io.osmos.spi.DriverLimits;
import io.osmos.spi.KeyRange;
import io.osmos.spi.Slice;
import io.osmos.spi.TupleKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.Lock;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A {@link DocumentCollection} over a {@link DocumentBucket}: models are encoded to trees on the
 * way in and decoded on the way out, so the store never holds a caller's object. Writes hold the
 * bucket's write lock from the version check to the index update; decoding happens outside it.
 */
final class MemoryCollection<T, K> implements DocumentCollection<T, K> {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int SCAN_CHUNK = 256;

  private final DocumentBucket bucket;
  private final ModelSchema<T, K> schema;
  private final DriverLimits limits;

  MemoryCollection(DocumentBucket bucket, ModelSchema<T, K> schema, DriverLimits limits) {
    this.limits = limits;
    this.bucket = bucket;
    this.schema = schema;
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

  // ---- reads ---------------------------------------------------------------------------------

  @Override
  public Optional<T> get(K key) {
    Doc d = read(() -> bucket.docs.get(keyBytes(key)));
    return d == null ? Optional.empty() : Optional.of(decode(d));
  }

  @Override
  public Map<K, T> getAll(List<K> keys) {
    List<Doc> found =
        read(
            () -> {
              List<Doc> l = new ArrayList<>(keys.size());
              for (K k : keys) {
                l.add(bucket.docs.get(keyBytes(k)));
              }
              return l;
            });
    Map<K, T> out = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      if (found.get(i) != null) {
        out.put(keys.get(i), decode(found.get(i)));
      }
    }
    return out;
  }

  @Override
  public Slice<T> find(Query<T> query, int pageSize, byte[] after) {
    if (!byIndex(query)) {
      return findEvaluated(query, pageSize, after);
    }
    Plan<T> plan = plan(query);
    List<Map.Entry<byte[], Doc>> hits = read(() -> collect(plan, after, pageSize + 1));
    boolean more = hits.size() > pageSize;
    List<T> items = new ArrayList<>(Math.min(hits.size(), pageSize));
    for (int i = 0; i < hits.size() && i < pageSize; i++) {
      items.add(decode(hits.get(i).getValue()));
    }
    return new Slice<>(items, more ? hits.get(pageSize - 1).getKey().clone() : null);
  }

  @Override
  public long count(Query<T> query) {
    if (!byIndex(query)) {
      return read(() -> (long) evaluate(query).size());
    }
    Plan<T> plan = plan(query);
    return read(() -> (long) collect(plan, null, Integer.MAX_VALUE).size());
  }

  @Override
  public Stream<T> scan() {
    // Chunks of the key order are copied under the read lock as the stream advances, so a scan
    // neither copies the bucket up front nor blocks writers while the caller consumes it.
    Iterator<T> it =
        new Iterator<>() {
          private final List<Doc> chunk = new ArrayList<>();
          private int pos;
          private byte[] last;
          private boolean exhausted;

          @Override
          public boolean hasNext() {
            if (pos < chunk.size()) {
              return true;
            }
            if (exhausted) {
              return false;
            }
            chunk.clear();
            pos = 0;
            read(
                () -> {
                  NavigableMap<byte[], Doc> tail =
                      last == null ? bucket.docs : bucket.docs.tailMap(last, false);
                  for (Doc d : tail.values()) {
                    if (chunk.size() == SCAN_CHUNK) {
                      break;
                    }
                    chunk.add(d);
                  }
                  return null;
                });
            if (chunk.size() < SCAN_CHUNK) {
              exhausted = true;
            }
            if (!chunk.isEmpty()) {
              last = chunk.get(chunk.size() - 1).key();
            }
            return !chunk.isEmpty();
          }

          @Override
          public T next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            return decode(chunk.get(pos++));
          }
        };
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  // ---- writes --------------------------------------------------------------------------------

  @Override
  public T insert(T model) {
    Doc stored =
        write(
            () -> {
              K key = schema.key(model);
              T m = model;
              if (key == null) {
                key = generateKey();
                m = schema.withKey(m, key);
              }
              if (schema.versioned()) {
                m = schema.withVersion(m, 1);
              }
              Doc d = toDoc(m, key);
              if (bucket.docs.containsKey(d.key())) {
                throw new DuplicateKeyException(
                    schema.modelName()
                        + " with key "
                        + key
                        + " already exists; use save to replace it");
              }
              bucket.put(d);
              return d;
            });
    return decode(stored);
  }

  @Override
  public T save(T model) {
    Doc stored =
        write(
            () -> {
              Doc d = prepareSave(model, null);
              bucket.put(d);
              return d;
            });
    return decode(stored);
  }

  @Override
  public List<T> saveAll(List<T> models) {
    List<Doc> stored =
        write(
            () -> {
              // Every version is checked and every model encoded before the first write: all or
              // nothing.
              Map<byte[], Long> pending = new TreeMap<>(TupleKey::compare);
              List<Doc> docs = new ArrayList<>(models.size());
              for (T m : models) {
                Doc d = prepareSave(m, pending);
                pending.put(d.key(), d.version());
                docs.add(d);
              }
              for (Doc d : docs) {
                bucket.put(d);
              }
              return docs;
            });
    List<T> out = new ArrayList<>(stored.size());
    for (Doc d : stored) {
      out.add(decode(d));
    }
    return out;
  }

  @Override
  public Optional<T> update(K key, Patch<T> patch) {
    byte[] kb = keyBytes(key);
    Object[] decoded = new Object[1];
    Doc stored =
        write(
            () -> {
              Doc old = bucket.docs.get(kb);
              if (old == null) {
                return null;
              }
              if (patch.expectedVersion().isPresent()
                  && patch.expectedVersion().getAsLong() != old.version()) {
                throw versionMismatch(key, patch.expectedVersion().getAsLong(), old.version());
              }
              // Stored trees are never changed in place: copy the top level, replace the patched
              // fields.
              Map<String, Object> tree = new LinkedHashMap<>(old.tree());
              for (Patch.Op<T> op : patch.ops()) {
                Property<T, ?> p = op.property();
                Role role = p.descriptor().role();
                if (role == Role.KEY || role == Role.VERSION) {
                  throw new IllegalArgumentException(
                      "a patch cannot change the "
                          + role.name().toLowerCase(Locale.ROOT)
                          + " field '"
                          + p.name()
                          + "'");
                }
                if (op instanceof Patch.Set<T, ?> set) {
                  tree.put(p.storedName(), encodeSet(set));
                } else {
                  Patch.Increment<T> inc = (Patch.Increment<T>) op;
                  tree.put(
                      p.storedName(),
                      TreeFormat.increment(inc.property(), tree.get(p.storedName()), inc.delta()));
                }
              }
              long version = old.version();
              if (schema.versioned()) {
                version++;
                tree.put(schema.versionField(), version);
              }
              // Decoding before storing checks that the patched tree still fits the model.
              T m = decodeTree(tree, old.keyComponents());
              checkSize(m);
              Doc d = new Doc(kb, old.keyComponents(), tree, version, indexValues(m), null);
              d = withEntries(d);
              bucket.put(d);
              decoded[0] = m;
              return d;
            });
    if (stored == null) {
      return Optional.empty();
    }
    @SuppressWarnings("unchecked")
    T m = (T) decoded[0];
    return Optional.of(m);
  }

  @Override
  public boolean delete(K key) {
    byte[] kb = keyBytes(key);
    return write(() -> bucket.remove(kb) != null);
  }

  @Override
  public int deleteAll(List<K> keys) {
    List<byte[]> kbs = new ArrayList<>(keys.size());
    for (K k : keys) {
      kbs.add(keyBytes(k));
    }
    return write(
        () -> {
          int n = 0;
          for (byte[] kb : kbs) {
            if (bucket.remove(kb) != null) {
              n++;
            }
          }
          return n;
        });
  }

  // ---- raw data (test hook) ------------------------------------------------------------------

  /**
   * Stores a tree as it is, keyed by its key fields, without checking the other fields. Index
   * fields that do not decode are left out of their index.
   */
  void putRaw(Map<String, Object> tree) {
    Object[] components = new Object[schema.keyProperties().size()];
    for (int i = 0; i < components.length; i++) {
      Property<T, ?> p = schema.keyProperties().get(i);
      components[i] = TreeFormat.decodeValue(p.codec(), tree.get(p.storedName()), p.storedName());
      if (components[i] == null) {
        throw new IllegalArgumentException(
            "the raw tree has no key field '" + p.storedName() + "'");
      }
    }
    K key = schema.keyOf(components);
    Object[] comps = schema.keyComponents(key);
    long version = 0;
    if (schema.versioned() && tree.get(schema.versionField()) instanceof Number n) {
      version = n.longValue();
    }
    List<Property<T, ?>> indexes = schema.indexes();
    Object[] values = new Object[indexes.size()];
    byte[][] entries = new byte[indexes.size()][];
    for (int i = 0; i < values.length; i++) {
      Property<T, ?> p = indexes.get(i);
      try {
        values[i] = TreeFormat.decodeValue(p.codec(), tree.get(p.storedName()), p.storedName());
        entries[i] = DocumentBucket.indexEntry(values[i], comps);
      } catch (DecodeException | IllegalArgumentException e) {
        values[i] = null;
        entries[i] = null;
      }
    }
    Doc d = new Doc(TupleKey.encode(comps), comps, tree, version, values, entries);
    write(
        () -> {
          bucket.put(d);
          return null;
        });
  }

  /** A copy of the stored tree of {@code key}, or null when there is no such document. */
  Map<String, Object> getRaw(K key) {
    Doc d = read(() -> bucket.docs.get(keyBytes(key)));
    if (d == null) {
      return null;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> copy = (Map<String, Object>) new TreeReader(d.tree()).any();
    return copy;
  }

  // ---- internals -----------------------------------------------------------------------------

  /** Checks the version rule and encodes; call with the write lock held. */
  private Doc prepareSave(T model, Map<byte[], Long> pending) {
    K key = schema.key(model);
    if (key == null) {
      throw new IllegalArgumentException("save needs a key; use insert to have one generated");
    }
    T m = model;
    long version = 0;
    if (schema.versioned()) {
      byte[] kb = keyBytes(key);
      Long pendingVersion = pending == null ? null : pending.get(kb);
      Doc old = bucket.docs.get(kb);
      long actual = pendingVersion != null ? pendingVersion : old == null ? 0 : old.version();
      long expected = schema.version(model);
      if (expected != actual) {
        throw versionMismatch(key, expected, actual);
      }
      version = expected + 1;
      m = schema.withVersion(m, version);
    }
    Doc d = toDoc(m, key);
    return new Doc(
        d.key(), d.keyComponents(), d.tree(), version, d.indexValues(), d.indexEntries());
  }

  private ConcurrentUpdateException versionMismatch(K key, long expected, long actual) {
    return new ConcurrentUpdateException(
        schema.modelName()
            + " "
            + key
            + " was expected at version "
            + expected
            + " but the stored version is "
            + actual
            + (actual == 0 ? " (not stored)" : "")
            + "; read it again and retry");
  }

  private Doc toDoc(T m, K key) {
    Object[] comps = schema.keyComponents(key);
    Map<String, Object> tree = TreeFormat.encode(schema, m);
    checkSize(m);
    long version = schema.versioned() ? schema.version(m) : 0;
    return withEntries(new Doc(TupleKey.encode(comps), comps, tree, version, indexValues(m), null));
  }

  /** The record limit, measured as the JSON the model would be stored as by a JSON store. */
  private void checkSize(T m) {
    limits.checkRecordBytes(JsonFormat.encode(schema, m).length, schema.modelName());
  }

  private Doc withEntries(Doc d) {
    byte[][] entries = new byte[d.indexValues().length][];
    for (int i = 0; i < entries.length; i++) {
      entries[i] = DocumentBucket.indexEntry(d.indexValues()[i], d.keyComponents());
    }
    return new Doc(d.key(), d.keyComponents(), d.tree(), d.version(), d.indexValues(), entries);
  }

  private Object[] indexValues(T m) {
    List<Property<T, ?>> indexes = schema.indexes();
    Object[] values = new Object[indexes.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = indexes.get(i).get(m);
    }
    return values;
  }

  private <V> Object encodeSet(Patch.Set<T, V> set) {
    return TreeFormat.encodeValue(set.property().codec(), set.value());
  }

  private T decode(Doc d) {
    return decodeTree(d.tree(), d.keyComponents());
  }

  private T decodeTree(Map<String, Object> tree, Object[] keyComponents) {
    try {
      return TreeFormat.decode(schema, tree);
    } catch (DecodeException e) {
      throw (DecodeException)
          e.in(
              null,
              bucket.name,
              keyComponents.length == 1 ? keyComponents[0] : Arrays.toString(keyComponents),
              null);
    }
  }

  private byte[] keyBytes(K key) {
    return TupleKey.encode(schema.keyComponents(key));
  }

  @SuppressWarnings("unchecked")
  private K generateKey() {
    switch (schema.keyGeneration()) {
      case STRING:
        {
          while (true) {
            byte[] b = new byte[20];
            RANDOM.nextBytes(b);
            K k = schema.generatedKey(HexFormat.of().formatHex(b));
            if (!bucket.docs.containsKey(keyBytes(k))) {
              return k;
            }
          }
        }
      case UUID:
        {
          while (true) {
            K k = schema.generatedKey(UUID.randomUUID());
            if (!bucket.docs.containsKey(keyBytes(k))) {
              return k;
            }
          }
        }
      case LONG:
        {
          // Keys given by callers may already hold sequence values: skip them.
          while (true) {
            K k = schema.generatedKey(++bucket.sequence);
            if (!bucket.docs.containsKey(keyBytes(k))) {
              return k;
            }
          }
        }
      default:
        throw new IllegalArgumentException(
            schema.modelName() + " has no key and its key type" + " cannot be generated");
    }
  }

  // ---- queries -------------------------------------------------------------------------------

  /** The driver is the server: it evaluates every plan over its own documents. */
  @Override
  public boolean evaluatesOnServer() {
    return true;
  }

  /**
   * Whether the query runs on an index (the plans every driver serves, in the order they give);
   * anything else is evaluated over the bucket with {@link QueryEvaluator}.
   */
  private boolean byIndex(Query<T> query) {
    if (!query.isIndexServed() || query.offset() != 0) {
      return false;
    }
    Property<T, ?> driving = query.drivingProperty();
    return driving == null || isFirstKey(driving) || indexOf(driving) >= 0;
  }

  /** Every match of {@code query} in its order (offset and limit not applied); under a lock. */
  private List<Map.Entry<byte[], Doc>> evaluate(Query<T> query) {
    List<Map.Entry<byte[], Doc>> hits = new ArrayList<>();
    List<T> models = new ArrayList<>();
    for (Map.Entry<byte[], Doc> e : bucket.docs.entrySet()) {
      T m = decode(e.getValue());
      if (QueryEvaluator.matches(query, m)) {
        hits.add(e);
        models.add(m);
      }
    }
    if (query.sorts().isEmpty() && !query.isIndexServed()) {
      return hits;
    }
    // The documents are in key order and the sort is stable: ties stay in key order.
    Integer[] order = new Integer[hits.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Comparator<T> byQuery = QueryEvaluator.comparator(query, (a, b) -> 0);
    Arrays.sort(order, (a, b) -> byQuery.compare(models.get(a), models.get(b)));
    List<Map.Entry<byte[], Doc>> sorted = new ArrayList<>(hits.size());
    for (Integer i : order) {
      sorted.add(hits.get(i));
    }
    return sorted;
  }

  /**
   * A page of an evaluated plan. The continuation is the position after the page among all the
   * matches (offset included), as 8 bytes.
   */
  private Slice<T> findEvaluated(Query<T> query, int pageSize, byte[] after) {
    long from;
    if (after == null) {
      from = query.offset();
    } else if (after.length == Long.BYTES) {
      from = java.nio.ByteBuffer.wrap(after).getLong();
    } else {
      throw new InvalidCursorException("malformed continuation for bucket " + schema.bucket());
    }
    List<Doc> page =
        read(
            () -> {
              List<Map.Entry<byte[], Doc>> all = evaluate(query);
              List<Doc> out = new ArrayList<>();
              for (long i = from; i < all.size() && out.size() <= pageSize; i++) {
                out.add(all.get((int) i).getValue());
              }
              return out;
            });
    boolean more = page.size() > pageSize;
    List<T> items = new ArrayList<>(Math.min(page.size(), pageSize));
    for (int i = 0; i < page.size() && i < pageSize; i++) {
      items.add(decode(page.get(i)));
    }
    return new Slice<>(
        items,
        more ? java.nio.ByteBuffer.allocate(Long.BYTES).putLong(from + pageSize).array() : null);
  }

  /** Deletes the matches under the write lock: atomic. */
  @Override
  public long deleteMatching(Query<T> query) {
    return write(
        () -> {
          List<Map.Entry<byte[], Doc>> all;
          if (byIndex(query)) {
            all = collect(plan(query), null, Integer.MAX_VALUE);
          } else {
            all = evaluate(query);
          }
          long end =
              query.limit() > 0 ? Math.min(all.size(), query.offset() + query.limit()) : all.size();
          long n = 0;
          for (long i = query.offset(); i < end; i++) {
            if (bucket.remove(all.get((int) i).getValue().key()) != null) {
              n++;
            }
          }
          return n;
        });
  }

  /**
   * How a query runs: over the documents (index -1, key order) or one index, within a range, with
   * every condition checked on each candidate.
   */
  private record Plan<T>(int index, KeyRange range, List<Condition<T>> conditions) {}

  private Plan<T> plan(Query<T> query) {
    Property<T, ?> driving = query.drivingProperty();
    int index;
    if (driving == null) {
      index = -1;
    } else if (isFirstKey(driving)) {
      index = -1;
    } else {
      index = indexOf(driving);
      if (index < 0) {
        throw new UnsupportedQueryException(
            "cannot "
                + (query.orderBy() != null ? "order" : "query")
                + " "
                + schema.modelName()
                + " by "
                + driving.name()
                + ": it is neither the (first) key field nor an @Index field");
      }
    }
    KeyRange range = KeyRange.ALL;
    for (Condition<T> c : query.conditions()) {
      Property<T, ?> p = c.property();
      if (driving != null && p.storedName().equals(driving.storedName())) {
        range = range.intersect(KeyRange.of(c, new byte[0]));
      } else if (keyPosition(p) < 0 && indexOf(p) < 0) {
        throw new UnsupportedQueryException(
            "cannot query " + schema.modelName() + "." + p.name() + ": it has no @Index");
      }
    }
    return new Plan<>(index, range, query.conditions());
  }

  /** Up to {@code max} matches in plan order after {@code after}; call with the read lock held. */
  private List<Map.Entry<byte[], Doc>> collect(Plan<T> plan, byte[] after, int max) {
    KeyRange r = plan.range().after(after);
    List<Map.Entry<byte[], Doc>> hits = new ArrayList<>();
    if (r.isEmpty()) {
      return hits;
    }
    NavigableMap<byte[], ?> source =
        plan.index() < 0 ? bucket.docs : bucket.indexes.get(plan.index());
    NavigableMap<byte[], ?> sub =
        r.end() == null
            ? source.tailMap(r.start(), true)
            : source.subMap(r.start(), true, r.end(), false);
    for (Map.Entry<byte[], ?> e : sub.entrySet()) {
      Doc d = plan.index() < 0 ? (Doc) e.getValue() : bucket.docs.get((byte[]) e.getValue());
      if (matches(d, plan.conditions())) {
        hits.add(Map.entry(e.getKey(), d));
        if (hits.size() >= max) {
          break;
        }
      }
    }
    return hits;
  }

  private boolean matches(Doc d, List<Condition<T>> conditions) {
    for (Condition<T> c : conditions) {
      int k = keyPosition(c.property());
      Object value = k >= 0 ? d.keyComponents()[k] : d.indexValues()[indexOf(c.property())];
      if (!KeyRange.matches(c, value)) {
        return false;
      }
    }
    return true;
  }

  private boolean isFirstKey(Property<T, ?> p) {
    return keyPosition(p) == 0;
  }

  private int keyPosition(Property<T, ?> p) {
    List<Property<T, ?>> keys = schema.keyProperties();
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).storedName().equals(p.storedName())) {
        return i;
      }
    }
    return -1;
  }

  private int indexOf(Property<T, ?> p) {
    List<Property<T, ?>> indexes = schema.indexes();
    for (int i = 0; i < indexes.size(); i++) {
      if (indexes.get(i).storedName().equals(p.storedName())) {
        return i;
      }
    }
    return -1;
  }

  // ---- locking -------------------------------------------------------------------------------

  private interface Action<R> {
    R run();
  }

  private <R> R read(Action<R> action) {
    return locked(bucket.lock.readLock(), action);
  }

  private <R> R write(Action<R> action) {
    return locked(bucket.lock.writeLock(), action);
  }

  private static <R> R locked(Lock lock, Action<R> action) {
    lock.lock();
    try {
      return action.run();
    } finally {
      lock.unlock();
    }
  }
}
