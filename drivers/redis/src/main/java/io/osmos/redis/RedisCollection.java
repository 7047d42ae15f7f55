package io.osmos.redis;

import static io.osmos.redis.BucketKeys.utf8;

import io.osmos.codec.Codecs;
import io.osmos.codec.FieldDescriptor.Role;
import io.osmos.codec.FieldNames;
import io.osmos.codec.FieldType;
import io.osmos.codec.flat.FlatFormat;
import io.osmos.exceptions.ConcurrentUpdateException;
import io.osmos.exceptions.DecodeException;
import io.osmos.exceptions.DuplicateKeyException;
import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.query.Condition;
import io.osmos.query.NumberProperty;
import io.osmos.query.Patch;
import io.osmos.query.Property;
import io.osmos.query.Query;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.DocumentCollection;
import io.osmos.spi.DriverLimits;
import io.osmos.spi.Slice;
import io.osmos.spi.TupleKey;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ZRangeParams;

/**
 * One bucket in Redis (layout: {@link BucketKeys}, split into {@link BucketShards} on a cluster).
 * Writes go through the Lua scripts of {@link RedisScript}, each one atomic step within one shard
 * that checks keys and versions and keeps the keys set and the index sets exact; reads are plain
 * commands, pipelined for batches. A query reads every shard's sorted set and merges them in member
 * order, which is (index value, key) order, so results and pages are those of a single sorted set.
 * Documents are encoded once, in the {@link FlatFormat flat format}, straight into the script's
 * arguments.
 */
final class RedisCollection<T, K> implements DocumentCollection<T, K> {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int SCAN_CHUNK = 256;
  private static final int MAX_CHUNK = 1000;
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] INSERT = utf8("insert");
  private static final byte[] SAVE = utf8("save");

  /** The texts of 0..63, for the counts in script arguments. */
  private static final byte[][] COUNTS = new byte[64][];

  static {
    for (int i = 0; i < COUNTS.length; i++) {
      COUNTS[i] = utf8(Integer.toString(i));
    }
  }

  private final RedisConnection redis;
  private final ModelSchema<T, K> schema;
  private final DriverLimits limits;

  /** The record limit as the update script takes it. */
  private final byte[] maxRecordBytes;

  private final BucketShards shards;
  private final List<Property<T, ?>> indexes;
  private final byte[] versionField;

  RedisCollection(
      RedisConnection redis, ModelSchema<T, K> schema, BucketShards shards, DriverLimits limits) {
    this.redis = redis;
    this.schema = schema;
    this.limits = limits;
    this.maxRecordBytes = utf8(Integer.toString(limits.maxRecordBytes()));
    this.indexes = schema.indexes();
    for (Property<T, ?> p : indexes) {
      if (!p.descriptor().type().ordered()) {
        throw new IllegalArgumentException(
            "cannot index "
                + schema.modelName()
                + "."
                + p.name()
                + ": its type "
                + p.descriptor().type().kind()
                + " has no order; the Redis driver"
                + " indexes strings, numbers, booleans, UUIDs, instants, dates and enums");
      }
    }
    this.shards = shards;
    this.versionField = schema.versioned() ? utf8(schema.versionField()) : EMPTY;
  }

  /** The shards of the bucket. */
  BucketShards shards() {
    return shards;
  }

  // ---- reads ---------------------------------------------------------------------------------

  @Override
  public Optional<T> get(K key) {
    Object[] comps = schema.keyComponents(key);
    byte[] doc = keysOf(comps).doc(comps);
    Map<String, String> hash = texts(redis.read("HGETALL", c -> c.hgetAll(doc)));
    return hash.isEmpty() ? Optional.empty() : Optional.of(decode(hash, key));
  }

  @Override
  public Map<K, T> getAll(List<K> keyList) {
    List<byte[]> docs = new ArrayList<>(keyList.size());
    for (K k : keyList) {
      Object[] comps = schema.keyComponents(k);
      docs.add(keysOf(comps).doc(comps));
    }
    List<Map<String, String>> hashes = redis.read("HGETALL (pipelined)", c -> hgetAll(c, docs));
    Map<K, T> out = new LinkedHashMap<>();
    for (int i = 0; i < keyList.size(); i++) {
      if (!hashes.get(i).isEmpty()) {
        out.put(keyList.get(i), decode(hashes.get(i), keyList.get(i)));
      }
    }
    return out;
  }

  /** The keys of the shard that holds the document with the key {@code components}. */
  private BucketKeys keysOf(Object[] components) {
    return shards.shard(shards.shardOf(components));
  }

  private List<Map<String, String>> hgetAll(UnifiedJedis c, List<byte[]> docs) {
    List<Map<String, String>> out = new ArrayList<>(docs.size());
    if (docs.isEmpty()) {
      return out;
    }
    try (AbstractPipeline p = redis.pipeline(c)) {
      List<Response<Map<byte[], byte[]>>> replies = new ArrayList<>(docs.size());
      for (byte[] d : docs) {
        replies.add(p.hgetAll(d));
      }
      p.sync();
      for (Response<Map<byte[], byte[]>> r : replies) {
        out.add(texts(r.get()));
      }
    }
    return out;
  }

  @Override
  public Slice<T> find(Query<T> query, int pageSize, byte[] after) {
    Plan<T> plan = plan(query);
    List<Hit<T>> hits = collect(plan, plan.range().after(after), pageSize + 1);
    boolean more = hits.size() > pageSize;
    List<T> items = new ArrayList<>(Math.min(hits.size(), pageSize));
    for (int i = 0; i < hits.size() && i < pageSize; i++) {
      items.add(hits.get(i).model());
    }
    return new Slice<>(items, more ? hits.get(pageSize - 1).member().clone() : null);
  }

  @Override
  public long count(Query<T> query) {
    if (query.conditions().isEmpty()) {
      if (shards.count() == 1) {
        return redis.read("ZCARD", c -> c.zcard(shards.shard(0).keys));
      }
      return redis.read(
          "ZCARD (pipelined)",
          c -> {
            List<Response<Long>> counts = new ArrayList<>(shards.count());
            try (AbstractPipeline p = redis.pipeline(c)) {
              for (int i = 0; i < shards.count(); i++) {
                counts.add(p.zcard(shards.shard(i).keys));
              }
              p.sync();
            }
            return sum(counts);
          });
    }
    Plan<T> plan = plan(query);
    if (plan.exact()) {
      LexRange r = plan.range();
      if (r.isEmpty()) {
        return 0;
      }
      if (shards.count() == 1) {
        return redis.read(
            "ZLEXCOUNT", c -> c.zlexcount(source(plan, shards.shard(0)), r.min(), r.max()));
      }
      return redis.read(
          "ZLEXCOUNT (pipelined)",
          c -> {
            List<Response<Long>> counts = new ArrayList<>(shards.count());
            try (AbstractPipeline p = redis.pipeline(c)) {
              for (int i = 0; i < shards.count(); i++) {
                counts.add(p.zlexcount(source(plan, shards.shard(i)), r.min(), r.max()));
              }
              p.sync();
            }
            return sum(counts);
          });
    }
    // Conditions on several fields: walk the driving index and check the others on each document.
    long n = 0;
    LexRange r = plan.range();
    while (true) {
      List<Hit<T>> hits = collect(plan, r, MAX_CHUNK);
      n += hits.size();
      if (hits.size() < MAX_CHUNK) {
        return n;
      }
      r = r.after(hits.get(hits.size() - 1).member());
    }
  }

  private static long sum(List<Response<Long>> counts) {
    long n = 0;
    for (Response<Long> r : counts) {
      n += r.get();
    }
    return n;
  }

  @Override
  public Stream<T> scan() {
    // Each shard's keys set is paged through in key order, one shard after the other; each page
    // of documents is fetched in one pipeline, so memory stays bounded by the chunk size.
    Iterator<T> it =
        new Iterator<>() {
          private final List<T> chunk = new ArrayList<>();
          private int pos;
          private int shard;
          private byte[] last;

          @Override
          public boolean hasNext() {
            while (pos >= chunk.size()) {
              if (shard >= shards.count()) {
                return false;
              }
              chunk.clear();
              pos = 0;
              BucketKeys keys = shards.shard(shard);
              byte[] min = last == null ? LexRange.ALL.min() : LexRange.exclusive(last);
              List<byte[]> members =
                  redis.read(
                      "ZRANGE BYLEX",
                      c ->
                          c.zrange(
                              keys.keys,
                              ZRangeParams.zrangeByLexParams(min, LexRange.ALL.max())
                                  .limit(0, SCAN_CHUNK)));
              if (members.size() < SCAN_CHUNK) {
                shard++;
                last = null;
              } else {
                last = members.get(members.size() - 1);
              }
              if (members.isEmpty()) {
                continue;
              }
              List<byte[]> docs = new ArrayList<>(members.size());
              List<Object[]> comps = new ArrayList<>(members.size());
              for (byte[] m : members) {
                Object[] k = TupleKey.decode(m);
                comps.add(k);
                docs.add(keys.doc(k));
              }
              List<Map<String, String>> hashes =
                  redis.read("HGETALL (pipelined)", c -> hgetAll(c, docs));
              for (int i = 0; i < hashes.size(); i++) {
                if (!hashes.get(i).isEmpty()) { // deleted since the page was read
                  chunk.add(decode(hashes.get(i), keyLabel(comps.get(i))));
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
        Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  // ---- writes --------------------------------------------------------------------------------

  @Override
  public T insert(T model) {
    T base = schema.versioned() ? schema.withVersion(model, 1) : model;
    K given = schema.key(base);
    while (true) {
      K key = given != null ? given : generateKey();
      T m = given != null ? base : schema.withKey(base, key);
      Encoded e = encode(m, key, null);
      List<?> reply = runSave(INSERT, List.of(e));
      if (status(reply).equals("ok")) {
        return m;
      }
      if (given != null) {
        throw new DuplicateKeyException(
            schema.modelName() + " with key " + key + " already exists; use save to replace it");
      }
      // A generated key that is taken (a caller chose it, or the sequence was reset): next one.
    }
  }

  @Override
  public T save(T model) {
    return saveAll(List.of(model)).get(0);
  }

  @Override
  public List<T> saveAll(List<T> models) {
    if (models.isEmpty()) {
      return List.of();
    }
    List<T> stored = new ArrayList<>(models.size());
    List<Encoded> docs = new ArrayList<>(models.size());
    for (T model : models) {
      K key = schema.key(model);
      if (key == null) {
        throw new IllegalArgumentException("save needs a key; use insert to have one generated");
      }
      T m = model;
      Long expected = null;
      if (schema.versioned()) {
        expected = schema.version(model);
        m = schema.withVersion(model, expected + 1);
      }
      stored.add(m);
      docs.add(encode(m, key, expected));
    }
    List<List<Integer>> groups = byShard(docs.size(), i -> docs.get(i).shard);
    if (groups.size() == 1) {
      List<?> reply = runSave(SAVE, docs);
      if (status(reply).equals("version")) {
        int i = ((Number) reply.get(1)).intValue() - 1;
        throw versionMismatch(
            schema.key(models.get(i)), docs.get(i).expected, text(reply.get(2)), "");
      }
      return stored;
    }
    // One script per shard, all in one pipeline: each shard's part is written whole or not at all.
    List<List<byte[]>> keyLists = new ArrayList<>(groups.size());
    List<List<byte[]>> argLists = new ArrayList<>(groups.size());
    for (List<Integer> g : groups) {
      List<Encoded> part = new ArrayList<>(g.size());
      for (int i : g) {
        part.add(docs.get(i));
      }
      Call call = saveCall(SAVE, part);
      keyLists.add(call.keys());
      argLists.add(call.args());
    }
    List<Object> replies = redis.evalAll(RedisScript.SAVE, keyLists, argLists);
    int failed = -1;
    String storedVersion = null;
    int saved = 0;
    for (int g = 0; g < groups.size(); g++) {
      List<?> reply = (List<?>) replies.get(g);
      if (status(reply).equals("version")) {
        int i = groups.get(g).get(((Number) reply.get(1)).intValue() - 1);
        if (failed < 0 || i < failed) {
          failed = i;
          storedVersion = text(reply.get(2));
        }
      } else {
        saved++;
      }
    }
    if (failed >= 0) {
      throw versionMismatch(
          schema.key(models.get(failed)),
          docs.get(failed).expected,
          storedVersion,
          saved == 0
              ? ""
              : "; the batch's documents in the "
                  + saved
                  + " other shard(s) whose checks passed were saved (saveAll is atomic per shard)");
    }
    return stored;
  }

  /** Positions 0..n-1 grouped by shard, each group in order, groups in order of appearance. */
  private static List<List<Integer>> byShard(int n, java.util.function.IntUnaryOperator shard) {
    Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      groups.computeIfAbsent(shard.applyAsInt(i), s -> new ArrayList<>()).add(i);
    }
    return List.copyOf(groups.values());
  }

  @Override
  public Optional<T> update(K key, Patch<T> patch) {
    Object[] comps = schema.keyComponents(key);
    BucketKeys keys = keysOf(comps);
    List<Patch.Op<T>> cas = new ArrayList<>();
    PatchArgs fixed = new PatchArgs();
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
        addSet(fixed, set, comps, keys);
      } else {
        Patch.Increment<T> inc = (Patch.Increment<T>) op;
        FieldType.Kind kind = inc.property().descriptor().type().kind();
        boolean integral = kind == FieldType.Kind.INT32 || kind == FieldType.Kind.INT64;
        if (integral && !p.descriptor().indexed()) {
          fixed.op(
              kind == FieldType.Kind.INT64 ? "I" : "J",
              p.storedName(),
              Long.toString(integralDelta(inc)));
        } else {
          // Floating, decimal and indexed increments are computed here, with the field's exact
          // arithmetic, and written only if the field still holds what was read.
          cas.add(op);
        }
      }
    }
    byte[] doc = keys.doc(comps);
    for (int attempt = 1; ; attempt++) {
      PatchArgs args = fixed;
      if (!cas.isEmpty()) {
        args = fixed.copy();
        byte[][] fields = new byte[cas.size()][];
        for (int i = 0; i < fields.length; i++) {
          fields[i] = TupleKey.utf8(cas.get(i).property().storedName());
        }
        List<byte[]> current = redis.read("HMGET", c -> c.hmget(doc, fields));
        for (int i = 0; i < fields.length; i++) {
          byte[] value = current.get(i);
          addComputedIncrement(
              args,
              (Patch.Increment<T>) cas.get(i),
              value == null ? null : text(value),
              comps,
              keys);
        }
      }
      List<byte[]> keyArgs = new ArrayList<>(2 + args.touched.size());
      keyArgs.add(doc);
      keyArgs.add(keys.entries(comps));
      keyArgs.addAll(args.touched);
      List<byte[]> argv = new ArrayList<>(3 + args.ops.size() + args.touches.size());
      argv.add(versionField);
      argv.add(
          patch.expectedVersion().isPresent()
              ? utf8(Long.toString(patch.expectedVersion().getAsLong()))
              : EMPTY);
      argv.add(maxRecordBytes);
      argv.add(utf8(Integer.toString(args.ops.size() / 3)));
      argv.addAll(args.ops);
      argv.addAll(args.touches);
      List<?> reply = (List<?>) redis.eval(RedisScript.UPDATE, keyArgs, argv);
      switch (status(reply)) {
        case "ok":
          return Optional.of(decode(hashOf((List<?>) reply.get(1)), key));
        case "missing":
          return Optional.empty();
        case "version":
          throw versionMismatch(key, patch.expectedVersion().getAsLong(), text(reply.get(1)), "");
        case "changed":
          if (attempt >= 1000) {
            throw new ConcurrentUpdateException(
                schema.modelName()
                    + " "
                    + key
                    + " changed under"
                    + " 1000 attempts to increment its fields; try again later");
          }
          continue;
        case "range":
          throw new IllegalArgumentException(
              "incrementing '"
                  + text(reply.get(1))
                  + "' ("
                  + text(reply.get(2))
                  + ") leaves the int range");
        case "notint":
          throw new DecodeException(
              text(reply.get(1)), "an integer to increment", text(reply.get(2)));
        case "incr":
          throw new IllegalArgumentException(
              "incrementing '"
                  + text(reply.get(1))
                  + "' ("
                  + text(reply.get(2))
                  + ") failed: "
                  + text(reply.get(3)));
        case "toolarge":
          limits.checkRecordBytes(Long.parseLong(text(reply.get(1))), schema.modelName());
          throw new IllegalStateException("the update script refused a patch within the limit");
        default:
          throw new IllegalStateException("unexpected reply of the update script: " + reply);
      }
    }
  }

  @Override
  public boolean delete(K key) {
    return deleteAll(List.of(key)) > 0;
  }

  @Override
  public int deleteAll(List<K> keyList) {
    if (keyList.isEmpty()) {
      return 0;
    }
    List<Object[]> comps = new ArrayList<>(keyList.size());
    List<byte[]> members = new ArrayList<>(keyList.size());
    for (K k : keyList) {
      Object[] c = schema.keyComponents(k);
      comps.add(c);
      members.add(TupleKey.encode(c));
    }
    int n = indexes.size();
    List<List<Integer>> groups = byShard(keyList.size(), i -> shards.shardOf(members.get(i)));
    List<List<byte[]>> keyLists = new ArrayList<>(groups.size());
    List<List<byte[]>> argLists = new ArrayList<>(groups.size());
    for (List<Integer> g : groups) {
      BucketKeys keys = shards.shard(shards.shardOf(members.get(g.get(0))));
      List<byte[]> keyArgs = new ArrayList<>(1 + n + 2 * g.size());
      keyArgs.add(keys.keys);
      keyArgs.addAll(Arrays.asList(keys.indexes));
      List<byte[]> argv = new ArrayList<>(1 + n + g.size());
      argv.add(utf8(Integer.toString(n)));
      argv.addAll(Arrays.asList(keys.indexNames));
      for (int i : g) {
        keyArgs.add(keys.doc(comps.get(i)));
        keyArgs.add(keys.entries(comps.get(i)));
        argv.add(members.get(i));
      }
      keyLists.add(keyArgs);
      argLists.add(argv);
    }
    int deleted = 0;
    for (Object r : redis.evalAll(RedisScript.DELETE, keyLists, argLists)) {
      deleted += ((Number) r).intValue();
    }
    return deleted;
  }

  // ---- encoding ------------------------------------------------------------------------------

  /** A document ready for the save script, and the shard it belongs to. */
  private record Encoded(
      int shard,
      byte[] doc,
      byte[] entries,
      byte[] member,
      Long expected,
      List<byte[]> fields,
      byte[][] indexMembers) {}

  private Encoded encode(T m, K key, Long expectedVersion) {
    Object[] comps = schema.keyComponents(key);
    FieldSink fields = new FieldSink(schema.names(), 2 * schema.fields().size());
    FlatFormat.encode(schema, m, fields);
    limits.checkRecordBytes(fields.bytes, schema.modelName()); // the hash's names and values
    byte[][] members = new byte[indexes.size()][];
    for (int i = 0; i < members.length; i++) {
      members[i] = member(indexes.get(i).get(m), comps);
    }
    byte[] keyBytes = BucketKeys.keyBytes(comps);
    byte[] member = TupleKey.encode(comps);
    int shard = shards.shardOf(member);
    BucketKeys keys = shards.shard(shard);
    return new Encoded(
        shard,
        keys.doc(keyBytes),
        keys.entries(keyBytes),
        member,
        expectedVersion,
        fields.out,
        members);
  }

  /**
   * Collects (name, text) pairs as UTF-8 arguments ({@link TupleKey#utf8}: a lone surrogate is its
   * own three bytes, so it reads back as itself). Names come from the model's {@link FieldNames}
   * table, whose pre-encoded bytes are shared rather than encoded for every document (fields arrive
   * in table order, so the next index is tried first); names outside the table ({@code @Extra}
   * entries) are encoded here.
   */
  private static final class FieldSink implements BiConsumer<String, String> {
    final List<byte[]> out;

    /** Bytes of every name and value so far. */
    long bytes;

    private final FieldNames names;
    private int next;

    FieldSink(FieldNames names, int capacity) {
      this.names = names;
      this.out = new ArrayList<>(capacity);
    }

    @Override
    public void accept(String name, String text) {
      int i = names.indexOf(name, next);
      byte[] n;
      if (i >= 0) {
        n = names.name(i).utf8();
        next = i + 1;
      } else {
        n = TupleKey.utf8(name);
      }
      byte[] v = TupleKey.utf8(text);
      out.add(n);
      out.add(v);
      bytes += n.length + v.length;
    }
  }

  /** The keys and arguments of one script call. */
  private record Call(List<byte[]> keys, List<byte[]> args) {}

  /** Runs the save script for documents of one shard. */
  private List<?> runSave(byte[] mode, List<Encoded> docs) {
    Call call = saveCall(mode, docs);
    return (List<?>) redis.eval(RedisScript.SAVE, call.keys(), call.args());
  }

  /** The save script's call for documents of one shard. */
  private Call saveCall(byte[] mode, List<Encoded> docs) {
    BucketKeys keys = shards.shard(docs.get(0).shard);
    int n = indexes.size();
    List<byte[]> keyArgs = new ArrayList<>(1 + n + 2 * docs.size());
    keyArgs.add(keys.keys);
    keyArgs.addAll(Arrays.asList(keys.indexes));
    int size = 3 + n;
    for (Encoded e : docs) {
      size += 3 + e.fields.size() + n;
    }
    List<byte[]> argv = new ArrayList<>(size);
    argv.add(mode);
    argv.add(versionField);
    argv.add(count(n));
    argv.addAll(Arrays.asList(keys.indexNames));
    for (Encoded e : docs) {
      keyArgs.add(e.doc);
      keyArgs.add(e.entries);
      argv.add(e.member);
      argv.add(e.expected == null ? EMPTY : utf8(Long.toString(e.expected)));
      argv.add(count(e.fields.size() / 2));
      argv.addAll(e.fields);
      argv.addAll(Arrays.asList(e.indexMembers));
    }
    return new Call(keyArgs, argv);
  }

  /** A count as a script argument; the small ones every save sends are encoded once. */
  private static byte[] count(int n) {
    return n < COUNTS.length ? COUNTS[n] : utf8(Integer.toString(n));
  }

  /** The index member of {@code value} for the key {@code comps}; empty for null (no entry). */
  private static byte[] member(Object value, Object[] comps) {
    if (value == null) {
      return EMPTY;
    }
    Object[] elements = new Object[comps.length + 1];
    elements[0] = value;
    System.arraycopy(comps, 0, elements, 1, comps.length);
    return TupleKey.encode(elements);
  }

  /** The ops and index changes of one update call. */
  private static final class PatchArgs {
    final List<byte[]> ops = new ArrayList<>();
    final List<byte[]> touches = new ArrayList<>();
    final List<byte[]> touched = new ArrayList<>();

    void op(String code, String field, String value) {
      ops.add(utf8(code));
      ops.add(TupleKey.utf8(field));
      ops.add(value == null ? EMPTY : TupleKey.utf8(value));
    }

    void touch(byte[] indexKey, byte[] name, byte[] member) {
      touched.add(indexKey);
      touches.add(name);
      touches.add(member);
    }

    PatchArgs copy() {
      PatchArgs c = new PatchArgs();
      c.ops.addAll(ops);
      c.touches.addAll(touches);
      c.touched.addAll(touched);
      return c;
    }
  }

  private <V> void addSet(PatchArgs args, Patch.Set<T, V> set, Object[] comps, BucketKeys keys) {
    Property<T, V> p = set.property();
    String text = FlatFormat.encodeValue(p.codec(), set.value());
    args.op(text == null ? "D" : "S", p.storedName(), text);
    int i = indexOf(p);
    if (i >= 0) {
      args.touch(keys.indexes[i], keys.indexNames[i], member(set.value(), comps));
    }
  }

  /** Adds an increment computed from {@code current}, guarded by it. */
  private void addComputedIncrement(
      PatchArgs args, Patch.Increment<T> inc, String current, Object[] comps, BucketKeys keys) {
    NumberProperty<T, ?> p = inc.property();
    String name = p.storedName();
    if (current == null) {
      args.op("N", name, null);
    } else {
      args.op("E", name, current);
    }
    Number now = current == null ? null : (Number) FlatFormat.decodeValue(p.codec(), current, name);
    Number sum = add(p, now, inc.delta());
    String text =
        switch (p.descriptor().type().kind()) {
          case FLOAT32 -> FlatFormat.encodeValue(Codecs.FLOAT, (Float) sum);
          case FLOAT64 -> FlatFormat.encodeValue(Codecs.DOUBLE, (Double) sum);
          case DECIMAL -> FlatFormat.encodeValue(Codecs.DECIMAL, (BigDecimal) sum);
          case BIG_INTEGER -> FlatFormat.encodeValue(Codecs.BIG_INTEGER, (BigInteger) sum);
          default -> sum.toString();
        };
    args.op("S", name, text);
    int i = indexOf(p);
    if (i >= 0) {
      args.touch(keys.indexes[i], keys.indexNames[i], member(sum, comps));
    }
  }

  /** {@code current + delta} with the field's arithmetic (a missing value counts as 0). */
  private static Number add(NumberProperty<?, ?> p, Number current, Number delta) {
    FieldType.Kind kind = p.descriptor().type().kind();
    switch (kind) {
      case FLOAT32:
        return (float) ((current == null ? 0 : current.doubleValue()) + delta.doubleValue());
      case FLOAT64:
        return (current == null ? 0 : current.doubleValue()) + delta.doubleValue();
      case DECIMAL:
        return (current == null ? BigDecimal.ZERO : new BigDecimal(current.toString()))
            .add(new BigDecimal(delta.toString()));
      case BIG_INTEGER:
        {
          BigDecimal d = new BigDecimal(delta.toString());
          if (d.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException(
                "cannot increment the integer field '" + p.name() + "' by " + delta);
          }
          BigInteger c = current == null ? BigInteger.ZERO : new BigInteger(current.toString());
          return c.add(d.toBigIntegerExact());
        }
      default:
        {
          long d = integralDelta(p, delta);
          long c = current == null ? 0 : current.longValue();
          long sum;
          try {
            sum = Math.addExact(c, d);
          } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                "incrementing '" + p.name() + "' (" + c + ") by " + delta + " overflows a long");
          }
          if (kind == FieldType.Kind.INT32
              && (sum < Integer.MIN_VALUE || sum > Integer.MAX_VALUE)) {
            throw new IllegalArgumentException(
                "incrementing '"
                    + p.name()
                    + "' ("
                    + c
                    + ") by "
                    + delta
                    + " leaves the int range");
          }
          return sum;
        }
    }
  }

  private static long integralDelta(Patch.Increment<?> inc) {
    return integralDelta(inc.property(), inc.delta());
  }

  private static long integralDelta(NumberProperty<?, ?> p, Number delta) {
    if ((delta instanceof Double || delta instanceof Float)
        && delta.doubleValue() != Math.rint(delta.doubleValue())) {
      throw new IllegalArgumentException(
          "cannot increment the integer field '" + p.name() + "' by " + delta);
    }
    if (delta instanceof BigDecimal || delta instanceof BigInteger) {
      try {
        return new BigDecimal(delta.toString()).longValueExact();
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(
            "cannot increment the integer field '" + p.name() + "' by " + delta);
      }
    }
    return delta.longValue();
  }

  // ---- decoding ------------------------------------------------------------------------------

  private T decode(Map<String, String> hash, Object key) {
    try {
      return FlatFormat.decode(schema, hash);
    } catch (DecodeException e) {
      throw (DecodeException) e.in(null, schema.bucket(), key, null);
    }
  }

  private static Map<String, String> hashOf(List<?> flat) {
    Map<String, String> hash = new LinkedHashMap<>(flat.size());
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      hash.put(text(flat.get(i)), text(flat.get(i + 1)));
    }
    return hash;
  }

  private static String text(Object reply) {
    return reply instanceof byte[] b ? text(b) : String.valueOf(reply);
  }

  /**
   * Text as the driver writes it ({@link TupleKey#utf8}: UTF-8, a lone surrogate as its own three
   * bytes), or, for bytes another program wrote that are not, read as UTF-8 the way Jedis would.
   */
  private static String text(byte[] b) {
    try {
      return TupleKey.fromUtf8(b);
    } catch (IllegalArgumentException e) {
      return new String(b, StandardCharsets.UTF_8);
    }
  }

  private static Map<String, String> texts(Map<byte[], byte[]> hash) {
    Map<String, String> out = new LinkedHashMap<>(hash.size() * 2);
    for (Map.Entry<byte[], byte[]> e : hash.entrySet()) {
      out.put(text(e.getKey()), text(e.getValue()));
    }
    return out;
  }

  private static String status(List<?> reply) {
    return text(reply.get(0));
  }

  private static Object keyLabel(Object[] comps) {
    return comps.length == 1 ? comps[0] : Arrays.toString(comps);
  }

  private ConcurrentUpdateException versionMismatch(
      Object key, long expected, String stored, String batchNote) {
    boolean missing = "0".equals(stored);
    return new ConcurrentUpdateException(
        schema.modelName()
            + " "
            + key
            + " was expected at"
            + " version "
            + expected
            + " but the stored version is "
            + stored
            + (missing ? " (not stored)" : "")
            + batchNote
            + "; read it again and retry");
  }

  // ---- keys ----------------------------------------------------------------------------------

  private K generateKey() {
    switch (schema.keyGeneration()) {
      case STRING:
        {
          byte[] b = new byte[20];
          RANDOM.nextBytes(b);
          return schema.generatedKey(HexFormat.of().formatHex(b));
        }
      case UUID:
        return schema.generatedKey(UUID.randomUUID());
      case LONG:
        return schema.generatedKey(redis.write("INCR", c -> c.incr(shards.shard(0).sequence)));
      default:
        throw new IllegalArgumentException(
            schema.modelName() + " has no key and its key type" + " cannot be generated");
    }
  }

  // ---- queries -------------------------------------------------------------------------------

  /**
   * How a query runs: over one sorted set ({@code source}: the keys set or an index set) within a
   * range, with every condition checked again on each document read. {@code exact} when the range
   * alone decides (every condition is on the driving field), so a count needs no documents.
   */
  private record Plan<T>(
      int index, boolean keyed, LexRange range, List<Condition<T>> conditions, boolean exact) {}

  /** The sorted set a plan reads in one shard: the keys set, or the driving index's set. */
  private static byte[] source(Plan<?> plan, BucketKeys keys) {
    return plan.keyed() ? keys.keys : keys.indexes[plan.index()];
  }

  private Plan<T> plan(Query<T> query) {
    Property<T, ?> driving = query.drivingProperty();
    int index;
    boolean keyed;
    if (driving == null || keyPosition(driving) == 0) {
      index = -1;
      keyed = true;
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
      keyed = false;
    }
    LexRange range = LexRange.ALL;
    boolean exact = true;
    for (Condition<T> c : query.conditions()) {
      Property<T, ?> p = c.property();
      if (driving != null && p.storedName().equals(driving.storedName())) {
        range = range.intersect(LexRange.of(c));
      } else if (keyPosition(p) < 0 && indexOf(p) < 0) {
        throw new UnsupportedQueryException(
            "cannot query " + schema.modelName() + "." + p.name() + ": it has no @Index");
      } else {
        exact = false;
      }
    }
    return new Plan<>(index, keyed, range, query.conditions(), exact);
  }

  /** A document read for a query, with the member it was found under. */
  private record Hit<T>(byte[] member, T model) {}

  /** Where a query stands in one shard's sorted set: members read ahead, and where to go on. */
  private static final class ShardReader {
    final byte[] set;
    final byte[] to;
    byte[] from;
    final ArrayDeque<byte[]> ahead = new ArrayDeque<>();
    boolean exhausted;

    ShardReader(byte[] set, byte[] from, byte[] to) {
      this.set = set;
      this.from = from;
      this.to = to;
    }
  }

  /**
   * Up to {@code max} documents in {@code range} of the plan's sets that match every condition, in
   * member order. Each shard's set is read ahead in chunks (the shards that ran out, in one
   * pipeline), the shards' members are merged in order, and the documents of the next members in
   * that order are fetched in one pipeline and checked.
   */
  private List<Hit<T>> collect(Plan<T> plan, LexRange range, int max) {
    List<Hit<T>> hits = new ArrayList<>();
    if (range.isEmpty()) {
      return hits;
    }
    List<ShardReader> readers = new ArrayList<>(shards.count());
    for (int i = 0; i < shards.count(); i++) {
      readers.add(new ShardReader(source(plan, shards.shard(i)), range.min(), range.max()));
    }
    // With conditions the range does not decide, some documents read are no hits: read a chunk
    // of at least the page's size each round, as many as are still needed otherwise.
    int round = plan.exact() ? 0 : Math.max(16, Math.min(MAX_CHUNK, max));
    while (hits.size() < max) {
      int need = Math.max(max - hits.size(), round);
      List<byte[]> members = new ArrayList<>(need);
      while (members.size() < need) {
        readAhead(readers, need - members.size());
        ShardReader next = null;
        for (ShardReader r : readers) {
          if (!r.ahead.isEmpty()
              && (next == null
                  || TupleKey.compare(r.ahead.peekFirst(), next.ahead.peekFirst()) < 0)) {
            next = r;
          }
        }
        if (next == null) {
          break; // every shard is exhausted
        }
        members.add(next.ahead.pollFirst());
      }
      if (members.isEmpty()) {
        break;
      }
      List<byte[]> docs = new ArrayList<>(members.size());
      List<Object[]> comps = new ArrayList<>(members.size());
      for (byte[] m : members) {
        Object[] elements = TupleKey.decode(m);
        Object[] k = plan.keyed() ? elements : Arrays.copyOfRange(elements, 1, elements.length);
        comps.add(k);
        docs.add(keysOf(k).doc(k));
      }
      List<Map<String, String>> hashes = redis.read("HGETALL (pipelined)", c -> hgetAll(c, docs));
      for (int i = 0; i < members.size() && hits.size() < max; i++) {
        if (hashes.get(i).isEmpty()) {
          continue; // deleted between the two reads
        }
        T model = decode(hashes.get(i), keyLabel(comps.get(i)));
        // Checked on the document itself: one changed between the two reads is not a hit.
        if (matches(model, plan.conditions())) {
          hits.add(new Hit<>(members.get(i), model));
        }
      }
    }
    return hits;
  }

  /**
   * Reads the next chunk of every shard that has no member left ahead and is not exhausted, all in
   * one pipeline. With several shards a chunk is about twice a shard's share of {@code want}, so
   * one round usually serves a page.
   */
  private void readAhead(List<ShardReader> readers, int want) {
    List<ShardReader> empty = new ArrayList<>();
    for (ShardReader r : readers) {
      if (r.ahead.isEmpty() && !r.exhausted) {
        empty.add(r);
      }
    }
    if (empty.isEmpty()) {
      return;
    }
    int share = readers.size() == 1 ? want : 2 * want / readers.size() + 8;
    int chunk = Math.max(16, Math.min(MAX_CHUNK, share));
    List<List<byte[]>> replies;
    if (empty.size() == 1) {
      ShardReader r = empty.get(0);
      List<byte[]> members =
          redis.read(
              "ZRANGE BYLEX",
              c -> c.zrange(r.set, ZRangeParams.zrangeByLexParams(r.from, r.to).limit(0, chunk)));
      replies = List.of(members);
    } else {
      replies =
          redis.read(
              "ZRANGE BYLEX (pipelined)",
              c -> {
                List<Response<List<byte[]>>> rs = new ArrayList<>(empty.size());
                try (AbstractPipeline p = redis.pipeline(c)) {
                  for (ShardReader r : empty) {
                    rs.add(
                        p.zrange(
                            r.set, ZRangeParams.zrangeByLexParams(r.from, r.to).limit(0, chunk)));
                  }
                  p.sync();
                }
                List<List<byte[]>> out = new ArrayList<>(rs.size());
                for (Response<List<byte[]>> r : rs) {
                  out.add(r.get());
                }
                return out;
              });
    }
    for (int i = 0; i < empty.size(); i++) {
      ShardReader r = empty.get(i);
      List<byte[]> members = replies.get(i);
      r.ahead.addAll(members);
      if (members.size() < chunk) {
        r.exhausted = true;
      } else {
        r.from = LexRange.exclusive(members.get(members.size() - 1));
      }
    }
  }

  private boolean matches(T model, List<Condition<T>> conditions) {
    for (Condition<T> c : conditions) {
      if (!LexRange.matches(c, c.property().get(model))) {
        return false;
      }
    }
    return true;
  }

  private int keyPosition(Property<T, ?> p) {
    List<Property<T, ?>> keyProps = schema.keyProperties();
    for (int i = 0; i < keyProps.size(); i++) {
      if (keyProps.get(i).storedName().equals(p.storedName())) {
        return i;
      }
    }
    return -1;
  }

  private int indexOf(Property<T, ?> p) {
    for (int i = 0; i < indexes.size(); i++) {
      if (indexes.get(i).storedName().equals(p.storedName())) {
        return i;
      }
    }
    return -1;
  }
}
