package io.osmos.riak;

import com.basho.riak.client.api.cap.VClock;
import com.basho.riak.client.core.RiakFuture;
import com.basho.riak.client.core.operations.StoreOperation;
import com.basho.riak.client.core.query.Location;
import com.basho.riak.client.core.query.RiakObject;
import com.basho.riak.client.core.query.indexes.IndexType;
import com.basho.riak.client.core.query.indexes.RawIndex;
import com.basho.riak.client.core.util.BinaryValue;
import io.osmos.codec.json.JsonFormat;
import io.osmos.exceptions.ConcurrentUpdateException;
import io.osmos.exceptions.DecodeException;
import io.osmos.exceptions.DuplicateKeyException;
import io.osmos.query.Patch;
import io.osmos.query.Property;
import io.osmos.query.Query;
import io.osmos.schema.KeyGeneration;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.DocumentCollection;
import io.osmos.spi.Slice;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A model's bucket in Riak. Documents are JSON values ({@code application/json}); every write
 * carries the vector clock of the read it follows and is conditional ({@code if_none_match} for a
 * key read as absent, {@code if_not_modified} otherwise), and a write that lost a race is retried
 * from the read, so the driver's own concurrent writes never leave siblings behind. Siblings found
 * on a read (left by other clients, partitions, or buckets written without vector clocks) are
 * resolved by {@code @Version}, then by the model's {@link SiblingResolver}, or the read fails.
 */
final class RiakCollection<T, K> implements DocumentCollection<T, K> {
  static final String JSON = "application/json";
  private static final int SCAN_CHUNK = 64;
  private static final int COUNT_PAGE = 1000;

  private final RiakDriver driver;
  private final ModelSchema<T, K> schema;
  private final RiakBucket bucket;
  private final RiakKeyCodec<K> keys;
  private final List<IndexField<T>> indexes;
  private final Map<String, IndexField<T>> queryable;
  private final String firstKey;
  private final WriteRetry retry;
  private final LongKeySequence sequence;

  RiakCollection(
      RiakDriver driver,
      ModelSchema<T, K> schema,
      RiakBucket bucket,
      List<IndexField<T>> indexes,
      RiakKeyCodec<K> keys,
      WriteRetry retry,
      LongKeySequence sequence) {
    this.driver = driver;
    this.schema = schema;
    this.bucket = bucket;
    this.keys = keys;
    this.indexes = List.copyOf(indexes);
    this.retry = retry;
    this.sequence = sequence;
    Map<String, IndexField<T>> q = new LinkedHashMap<>();
    for (Property<T, ?> k : schema.keyProperties()) {
      q.put(k.storedName(), IndexField.ofKey(k, keys));
    }
    for (IndexField<T> f : indexes) {
      q.put(f.property.storedName(), f);
    }
    this.queryable = q;
    this.firstKey = schema.keyProperties().get(0).storedName();
  }

  // ---- reads -----------------------------------------------------------------------------------

  @Override
  public Optional<T> get(K key) {
    byte[] kb = keys.encode(key);
    if (kb == null) {
      return Optional.empty();
    }
    Current<T> c = resolve(kb, bucket.fetch(kb, false));
    return c.found() ? Optional.of(c.model()) : Optional.empty();
  }

  @Override
  public Map<K, T> getAll(List<K> keyList) {
    List<K> asked = new ArrayList<>(keyList.size());
    List<byte[]> kbs = new ArrayList<>(keyList.size());
    for (K k : keyList) {
      byte[] kb = keys.encode(k);
      if (kb != null) {
        asked.add(k);
        kbs.add(kb);
      }
    }
    List<List<RiakObject>> found = bucket.fetchAll(kbs, false);
    Map<K, T> out = new LinkedHashMap<>();
    for (int i = 0; i < asked.size(); i++) {
      Current<T> c = resolve(kbs.get(i), found.get(i));
      if (c.found()) {
        out.put(asked.get(i), c.model());
      }
    }
    return out;
  }

  @Override
  public Slice<T> find(Query<T> query, int pageSize, byte[] after) {
    QueryPlan<T> plan = plan(query);
    if (plan.empty) {
      return new Slice<>(List.of(), null);
    }
    List<T> items = new ArrayList<>(pageSize);
    byte[] continuation = after;
    while (true) {
      RiakBucket.IndexPage page =
          bucket.query(
              plan.driving.name,
              plan.start,
              plan.end,
              plan.returnTerms,
              pageSize - items.size(),
              continuation);
      collectMatches(plan, page.entries(), items);
      continuation = page.continuation();
      // Riak hands a continuation back whenever a page was full; the last one may then be empty.
      if (continuation == null || items.size() >= pageSize) {
        return new Slice<>(items, continuation);
      }
    }
  }

  /** Reads the documents of index entries (in parallel, bounded) and keeps those that match. */
  private void collectMatches(
      QueryPlan<T> plan, List<RiakBucket.IndexEntry> entries, List<T> into) {
    List<RiakBucket.IndexEntry> candidates = new ArrayList<>(entries.size());
    List<byte[]> kbs = new ArrayList<>(entries.size());
    for (RiakBucket.IndexEntry e : entries) {
      if (plan.termMatches(e.term())) {
        candidates.add(e);
        kbs.add(e.key());
      }
    }
    List<List<RiakObject>> docs = bucket.fetchAll(kbs, false);
    for (int i = 0; i < candidates.size(); i++) {
      Current<T> c = resolve(kbs.get(i), docs.get(i));
      if (c.found() && plan.documentMatches(c.model(), candidates.get(i).term())) {
        into.add(c.model());
      }
    }
  }

  @Override
  public long count(Query<T> query) {
    if (query.conditions().isEmpty() && query.orderBy() == null) {
      return countBucket();
    }
    QueryPlan<T> plan = plan(query);
    if (plan.empty) {
      return 0;
    }
    boolean termsDecide = plan.decidedByTerms();
    long n = 0;
    byte[] continuation = null;
    do {
      RiakBucket.IndexPage page =
          bucket.query(
              plan.driving.name, plan.start, plan.end, plan.returnTerms, COUNT_PAGE, continuation);
      if (termsDecide) {
        for (RiakBucket.IndexEntry e : page.entries()) {
          if (plan.termMatches(e.term())) {
            n++;
          }
        }
      } else {
        List<T> matches = new ArrayList<>();
        collectMatches(plan, page.entries(), matches);
        n += matches.size();
      }
      continuation = page.continuation();
    } while (continuation != null);
    return n;
  }

  /** Every key of the bucket, counted page by page through the {@code $bucket} index. */
  private long countBucket() {
    byte[] name = schema.bucket().getBytes(StandardCharsets.UTF_8);
    long n = 0;
    byte[] continuation = null;
    do {
      RiakBucket.IndexPage page =
          bucket.query(IndexField.BUCKET_INDEX, name, null, false, COUNT_PAGE, continuation);
      n += page.entries().size();
      continuation = page.continuation();
    } while (continuation != null);
    return n;
  }

  @Override
  public Stream<T> scan() {
    RiakBucket.KeyStream listed = bucket.listKeys();
    Iterator<T> it =
        new Iterator<>() {
          private final List<T> chunk = new ArrayList<>();
          private int pos;

          @Override
          public boolean hasNext() {
            while (pos >= chunk.size()) {
              chunk.clear();
              pos = 0;
              List<byte[]> kbs = new ArrayList<>(SCAN_CHUNK);
              while (kbs.size() < SCAN_CHUNK && listed.hasNext()) {
                kbs.add(listed.next());
              }
              if (kbs.isEmpty()) {
                return false;
              }
              List<List<RiakObject>> docs = bucket.fetchAll(kbs, false);
              for (int i = 0; i < kbs.size(); i++) {
                Current<T> c = resolve(kbs.get(i), docs.get(i));
                if (c.found()) { // deleted since it was listed
                  chunk.add(c.model());
                }
              }
            }
            return true;
          }

          @Override
          public T next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            return chunk.get(pos++);
          }
        };
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(it, Spliterator.NONNULL), false);
  }

  private QueryPlan<T> plan(Query<T> query) {
    return QueryPlan.of(
        query, queryable, firstKey, schema.keyProperties().size() > 1, schema.modelName());
  }

  // ---- writes ----------------------------------------------------------------------------------

  /** The model as the JSON Riak keeps, within the record limit. */
  private byte[] encode(T m) {
    byte[] json = JsonFormat.encode(schema, m);
    driver.limits().checkRecordBytes(json.length, schema.modelName());
    return json;
  }

  @Override
  public T insert(T model) {
    T m = schema.versioned() ? schema.withVersion(model, 1) : model;
    K key = schema.key(m);
    if (key != null) {
      byte[] kb = keys.encodeForWrite(key);
      byte[] json = encode(m);
      try {
        bucket.store(kb, content(json, m, null), true, false);
      } catch (RiakBucket.Conflict c) {
        throw duplicate(key, c);
      }
      return decode(json, kb);
    }
    switch (schema.keyGeneration()) {
      case STRING:
        {
          // Riak makes the key: the stored JSON holds a null key, and reads fill it in.
          byte[] json = encode(m);
          byte[] kb;
          try {
            kb = bucket.store(null, content(json, m, null), false, false);
          } catch (RiakBucket.Conflict c) {
            throw new IllegalStateException("Riak refused a write without conditions", c);
          }
          return decode(json, kb);
        }
      case UUID:
      case LONG:
        {
          for (int attempt = 0; ; attempt++) {
            K k =
                schema.generatedKey(
                    schema.keyGeneration() == KeyGeneration.UUID
                        ? UUID.randomUUID()
                        : sequence.next());
            T withKey = schema.withKey(m, k);
            byte[] kb = keys.encodeForWrite(k);
            byte[] json = encode(withKey);
            try {
              bucket.store(kb, content(json, withKey, null), true, false);
              return decode(json, kb);
            } catch (RiakBucket.Conflict c) {
              // A key written by a caller, or a sequence value lost: take the next one.
              if (attempt >= 1000) {
                throw new ConcurrentUpdateException(
                    "could not find a free key for a new "
                        + schema.modelName()
                        + " after "
                        + attempt
                        + " attempts");
              }
            }
          }
        }
      default:
        throw new IllegalArgumentException(
            schema.modelName() + " has no key and its key type" + " cannot be generated");
    }
  }

  @Override
  public T save(T model) {
    K key = requireKey(model);
    byte[] kb = keys.encodeForWrite(key);
    for (int attempt = 0; ; attempt++) {
      Observed observed = observe(kb, key, model);
      T m = schema.versioned() ? schema.withVersion(model, observed.version + 1) : model;
      byte[] json = encode(m);
      try {
        bucket.store(kb, content(json, m, observed.vclock), !observed.live, observed.live);
        return decode(json, kb);
      } catch (RiakBucket.Conflict c) {
        if (!retry.pause(attempt)) {
          throw gaveUp(key, attempt, c);
        }
      }
    }
  }

  @Override
  public List<T> saveAll(List<T> models) {
    int n = models.size();
    List<K> keyList = new ArrayList<>(n);
    List<byte[]> kbs = new ArrayList<>(n);
    for (T m : models) {
      K k = requireKey(m);
      keyList.add(k);
      kbs.add(keys.encodeForWrite(k));
    }
    // Every version is checked before the first write, so a stale model writes nothing.
    List<List<RiakObject>> found = bucket.fetchAll(kbs, !schema.versioned());
    List<Observed> observed = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      observed.add(observed(kbs.get(i), keyList.get(i), models.get(i), found.get(i)));
    }
    // Every model is encoded (and checked against the limits) before the first write, too.
    List<T> stored = new ArrayList<>(n);
    List<byte[]> jsons = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      T m =
          schema.versioned()
              ? schema.withVersion(models.get(i), observed.get(i).version + 1)
              : models.get(i);
      stored.add(m);
      jsons.add(encode(m));
    }
    List<RiakFuture<StoreOperation.Response, Location>> writes = new ArrayList<>(n);
    int parallelism = driver.parallelism();
    int next = 0;
    for (int i = 0; i < n; i++) {
      while (next < n && next < i + parallelism) {
        Observed o = observed.get(next);
        writes.add(
            bucket.storeAsync(
                kbs.get(next),
                content(jsons.get(next), stored.get(next), o.vclock),
                !o.live,
                o.live));
        next++;
      }
      T result;
      try {
        bucket.awaitStore(writes.get(i));
        result = decode(jsons.get(i), kbs.get(i));
      } catch (RiakBucket.Conflict c) {
        // Written by someone else since it was read: the single save re-reads and re-checks.
        result = save(models.get(i));
      }
      writes.set(i, null);
      jsons.set(i, null);
      stored.set(i, result);
    }
    return stored;
  }

  @Override
  public Optional<T> update(K key, Patch<T> patch) {
    byte[] kb = keys.encode(key);
    if (kb == null) {
      return Optional.empty();
    }
    List<Patch.Op<T>> ops = patch.ops();
    for (int attempt = 0; ; attempt++) {
      Current<T> c = resolve(kb, bucket.fetch(kb, false));
      if (!c.found()) {
        return Optional.empty();
      }
      long version = schema.versioned() ? schema.version(c.model()) : 0;
      if (patch.expectedVersion().isPresent() && patch.expectedVersion().getAsLong() != version) {
        throw versionMismatch(key, patch.expectedVersion().getAsLong(), version);
      }
      byte[] json =
          JsonDocumentPatch.apply(schema, c.json(), ops, schema.versioned() ? version + 1 : -1);
      driver.limits().checkRecordBytes(json.length, schema.modelName());
      T m = decode(json, kb); // the patched document must still fit the model
      try {
        bucket.store(kb, content(json, m, c.vclock()), false, true);
        return Optional.of(m);
      } catch (RiakBucket.Conflict conflict) {
        if (!retry.pause(attempt)) {
          throw gaveUp(key, attempt, conflict);
        }
      }
    }
  }

  @Override
  public boolean delete(K key) {
    byte[] kb = keys.encode(key);
    if (kb == null) {
      return false;
    }
    List<RiakObject> head = bucket.fetch(kb, true);
    if (!anyLive(head)) {
      return false;
    }
    bucket.delete(kb, head.get(0).getVClock());
    return true;
  }

  @Override
  public int deleteAll(List<K> keyList) {
    List<byte[]> kbs = new ArrayList<>(keyList.size());
    for (K k : keyList) {
      byte[] kb = keys.encode(k);
      if (kb != null) {
        kbs.add(kb);
      }
    }
    List<List<RiakObject>> heads = bucket.fetchAll(kbs, true);
    List<byte[]> present = new ArrayList<>();
    List<VClock> vclocks = new ArrayList<>();
    for (int i = 0; i < kbs.size(); i++) {
      if (anyLive(heads.get(i))) {
        present.add(kbs.get(i));
        vclocks.add(heads.get(i).get(0).getVClock());
      }
    }
    bucket.deleteAll(present, vclocks);
    return present.size();
  }

  // ---- reading what a key holds ----------------------------------------------------------------

  /** A key's resolved document, with the vector clock its next write must carry. */
  private record Current<T>(VClock vclock, T model, byte[] json) {
    boolean found() {
      return model != null;
    }
  }

  /** What a save needs to know: the vector clock, whether a value is live, and its version. */
  private record Observed(VClock vclock, boolean live, long version) {}

  private Observed observe(byte[] kb, K key, T model) {
    return observed(kb, key, model, bucket.fetch(kb, !schema.versioned()));
  }

  /**
   * Checks the version rule against what was read. Siblings that share the highest version do not
   * need resolving here: the stored version is that version, whatever their contents.
   */
  private Observed observed(byte[] kb, K key, T model, List<RiakObject> objects) {
    VClock vclock = objects.isEmpty() ? null : objects.get(0).getVClock();
    boolean live = anyLive(objects);
    long version = 0;
    if (schema.versioned()) {
      if (live) {
        version = Long.MIN_VALUE;
        for (RiakObject o : objects) {
          if (!o.isDeleted()) {
            version = Math.max(version, schema.version(decode(value(o), kb)));
          }
        }
      }
      long expected = schema.version(model);
      if (expected != version) {
        throw versionMismatch(key, expected, version);
      }
    }
    return new Observed(vclock, live, version);
  }

  private static boolean anyLive(List<RiakObject> objects) {
    for (RiakObject o : objects) {
      if (!o.isDeleted()) {
        return true;
      }
    }
    return false;
  }

  private static byte[] value(RiakObject o) {
    return o.hasValue() ? o.getValue().unsafeGetValue() : new byte[0];
  }

  /**
   * Resolves what Riak holds for a key. Tombstones (a delete concurrent with a write) give way to
   * values; identical siblings count once; then the highest {@code @Version} wins; then the model's
   * {@link SiblingResolver} decides; otherwise the read fails naming the key and the number of
   * siblings. Nothing is dropped silently.
   */
  private Current<T> resolve(byte[] kb, List<RiakObject> objects) {
    VClock vclock = objects.isEmpty() ? null : objects.get(0).getVClock();
    List<byte[]> values = new ArrayList<>(objects.size());
    for (RiakObject o : objects) {
      if (o.isDeleted()) {
        continue;
      }
      byte[] v = value(o);
      boolean same = false;
      for (byte[] seen : values) {
        same |= Arrays.equals(seen, v);
      }
      if (!same) {
        values.add(v);
      }
    }
    if (values.isEmpty()) {
      return new Current<>(vclock, null, null);
    }
    if (values.size() == 1) {
      return new Current<>(vclock, decode(values.get(0), kb), values.get(0));
    }
    List<T> models = new ArrayList<>(values.size());
    for (byte[] v : values) {
      models.add(decode(v, kb));
    }
    List<Integer> candidates = new ArrayList<>();
    long highest = Long.MIN_VALUE;
    if (schema.versioned()) {
      for (T m : models) {
        highest = Math.max(highest, schema.version(m));
      }
    }
    for (int i = 0; i < models.size(); i++) {
      if (!schema.versioned() || schema.version(models.get(i)) == highest) {
        candidates.add(i);
      }
    }
    if (candidates.size() == 1) {
      int i = candidates.get(0);
      return new Current<>(vclock, models.get(i), values.get(i));
    }
    SiblingResolver<T> resolver = driver.resolver(schema);
    if (resolver != null) {
      List<T> tied = new ArrayList<>(candidates.size());
      for (int i : candidates) {
        tied.add(models.get(i));
      }
      T chosen = resolver.resolve(List.copyOf(tied));
      if (chosen != null) {
        for (int i : candidates) {
          if (models.get(i) == chosen) {
            return new Current<>(vclock, chosen, values.get(i));
          }
        }
        // A merge: stored as the model encodes it (its @Extra fields included).
        byte[] json = JsonFormat.encode(schema, chosen);
        return new Current<>(vclock, decode(json, kb), json);
      }
    }
    String label = keys.storedLabel(kb);
    throw new ConcurrentUpdateException(
            schema.modelName()
                + " "
                + label
                + " has "
                + values.size()
                + " siblings in Riak (concurrent writes to a bucket with allow_mult=true)"
                + " and "
                + (schema.versioned()
                    ? candidates.size() + " of them share the highest @Version " + highest
                    : schema.modelName() + " has no @Version to order them")
                + (resolver == null
                    ? "; no SiblingResolver is registered for bucket '" + schema.bucket() + "'"
                    : "; its SiblingResolver returned null")
                + ". Register one with RiakDriver.resolveSiblings("
                + schema.modelName()
                + "_.MODEL, "
                + "siblings -> ...), or save the value to keep: a save replaces every sibling")
        .in(null, schema.bucket(), label, null);
  }

  /** Decodes a stored document; a key Riak generated is filled in from the Riak key. */
  private T decode(byte[] json, byte[] kb) {
    T m;
    try {
      m = JsonFormat.decode(schema, json);
    } catch (DecodeException e) {
      throw (DecodeException) e.in(null, schema.bucket(), keys.storedLabel(kb), null);
    }
    if (schema.keyGeneration() == KeyGeneration.STRING && schema.key(m) == null) {
      m = schema.withKey(m, keys.decodeGenerated(kb));
    }
    return m;
  }

  /** A Riak value: the JSON, its 2i entries, and the vector clock of the read it replaces. */
  private RiakObject content(byte[] json, T model, VClock vclock) {
    RiakObject o = new RiakObject().setContentType(JSON).setValue(BinaryValue.unsafeCreate(json));
    if (vclock != null) {
      o.setVClock(vclock);
    }
    for (IndexField<T> f : indexes) {
      Object value = f.property.get(model);
      if (value != null) {
        o.getIndexes()
            .getIndex(
                RawIndex.named(
                    f.name, f.type == IndexField.Type.BIN ? IndexType.BIN : IndexType.INT))
            .add(BinaryValue.unsafeCreate(f.wire(f.term(value))));
      }
    }
    return o;
  }

  // ---- errors ----------------------------------------------------------------------------------

  private K requireKey(T model) {
    K key = schema.key(model);
    if (key == null) {
      throw new IllegalArgumentException("save needs a key; use insert to have one generated");
    }
    return key;
  }

  private DuplicateKeyException duplicate(K key, Throwable cause) {
    return new DuplicateKeyException(
        schema.modelName()
            + " with key "
            + keys.label(key)
            + " already exists; use save to replace it",
        cause);
  }

  private ConcurrentUpdateException versionMismatch(K key, long expected, long actual) {
    return new ConcurrentUpdateException(
        schema.modelName()
            + " "
            + keys.label(key)
            + " was expected at version "
            + expected
            + " but the stored version is "
            + actual
            + (actual == 0 ? " (not stored)" : "")
            + "; read it again and retry");
  }

  private ConcurrentUpdateException gaveUp(K key, int attempt, Throwable cause) {
    return new ConcurrentUpdateException(
        schema.modelName()
            + " "
            + keys.label(key)
            + " changed under every one of "
            + (attempt + 1)
            + " attempts to write it (each write"
            + " is conditional on the vector clock read just before); try again later",
        cause);
  }
}
