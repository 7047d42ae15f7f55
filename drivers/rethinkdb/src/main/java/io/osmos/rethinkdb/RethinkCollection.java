package io.osmos.rethinkdb;

import static com.rethinkdb.RethinkDB.r;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import com.rethinkdb.ast.ReqlAst;
import com.rethinkdb.gen.ast.ReqlExpr;
import com.rethinkdb.gen.ast.Table;
import com.rethinkdb.gen.exc.ReqlError;
import com.rethinkdb.model.MapObject;
import com.rethinkdb.net.Result;
import io.osmos.codec.FieldDescriptor.Role;
import io.osmos.codec.FieldType;
import io.osmos.codec.tree.TreeFormat;
import io.osmos.exceptions.ConcurrentUpdateException;
import io.osmos.exceptions.DriverException;
import io.osmos.exceptions.DuplicateKeyException;
import io.osmos.exceptions.InvalidCursorException;
import io.osmos.exceptions.OsmosException;
import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.query.Patch;
import io.osmos.query.Query;
import io.osmos.rethinkdb.DocumentLayout.StoredDocument;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.DocumentCollection;
import io.osmos.spi.Slice;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A {@link DocumentCollection} on one RethinkDB table (see {@link DocumentLayout} for the documents
 * and {@link IndexRead} for the indexes).
 *
 * <p>Every write is one ReQL query, atomic on its document: inserts refuse an existing key ({@code
 * conflict: "error"}); versioned saves compare and set inside one {@code replace} with {@code
 * r.branch}; patches are one {@code update} whose function sets the named fields, adds increments
 * on the server and checks the version, so concurrent patches of different fields all survive.
 * Increments the server cannot do exactly (the sum leaves the range where doubles hold integers, or
 * the field is floating point or decimal) are computed here and written with a compare-and-set on
 * the old value, retried until no one else changed it in between.
 */
final class RethinkCollection<T, K> implements DocumentCollection<T, K> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RECORD_SIZE = "size ";
  private static final Pattern BYTES = Pattern.compile(RECORD_SIZE + "([0-9]+)");

  private final ConnectionPool pool;
  private final String database;
  private final DocumentLayout<T, K> layout;
  private final ModelSchema<T, K> schema;
  private final Sequences sequences;

  RethinkCollection(
      ConnectionPool pool, String database, DocumentLayout<T, K> layout, Sequences sequences) {
    this.pool = pool;
    this.database = database;
    this.layout = layout;
    this.schema = layout.schema;
    this.sequences = sequences;
  }

  DocumentLayout<T, K> layout() {
    return layout;
  }

  private Table table() {
    return r.db(database).table(schema.bucket());
  }

  // ---- reads ---------------------------------------------------------------------------------

  @Override
  public Optional<T> get(K key) {
    Object json =
        call("get", key, () -> pool.atom(table().get(layout.primaryKey(key)).toJsonString()));
    return Optional.ofNullable(layout.fromJson((String) json));
  }

  @Override
  public Map<K, T> getAll(List<K> keys) {
    if (keys.isEmpty()) {
      return Map.of();
    }
    List<Object> docs =
        call(
            "getAll",
            null,
            () -> pool.list(table().getAll(r.args(primaryKeys(keys))).map(d -> d.toJsonString())));
    Map<K, T> found = new HashMap<>(docs.size() * 2);
    for (Object doc : docs) {
      T m = layout.fromJson((String) doc);
      found.put(schema.key(m), m);
    }
    Map<K, T> out = new LinkedHashMap<>(found.size() * 2);
    for (K k : keys) {
      T m = found.get(k);
      if (m != null) {
        out.put(k, m);
      }
    }
    return out;
  }

  @Override
  public Slice<T> find(Query<T> query, int pageSize, byte[] after) {
    IndexRead<T, K> read = byIndex(query);
    if (read == null) {
      return findEvaluated(query, pageSize, after);
    }
    Object from = after == null ? null : continuation(after);
    List<Object> rows =
        call(
            "find",
            null,
            () ->
                pool.list(
                    read.ordered(table(), from)
                        .limit(pageSize + 1)
                        .map(
                            doc ->
                                r.hashMap("doc", doc.toJsonString())
                                    .with("at", read.indexValue(doc)))));
    boolean more = rows.size() > pageSize;
    List<T> items = new ArrayList<>(Math.min(rows.size(), pageSize));
    for (int i = 0; i < rows.size() && i < pageSize; i++) {
      items.add(layout.fromJson((String) ((Map<?, ?>) rows.get(i)).get("doc")));
    }
    byte[] next = null;
    if (more) {
      Object at = ((Map<?, ?>) rows.get(pageSize - 1)).get("at");
      try {
        next = JSON.writeValueAsBytes(at);
      } catch (IOException e) {
        throw new IllegalStateException("cannot encode the index position " + at, e);
      }
    }
    return new Slice<>(items, next);
  }

  private static Object continuation(byte[] after) {
    try {
      return JSON.readValue(after, Object.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a rethinkdb page continuation", e);
    }
  }

  @Override
  public long count(Query<T> query) {
    IndexRead<T, K> read = byIndex(query);
    Object n =
        call(
            "count",
            null,
            () ->
                pool.atom(
                    read != null
                        ? read.unordered(table()).count()
                        : new ReqlPlan<>(layout, query).matching(table()).count()));
    return ((Number) n).longValue();
  }

  /** RethinkDB filters and sorts any field on the server (see {@link ReqlPlan}). */
  @Override
  public boolean evaluatesOnServer() {
    return true;
  }

  @Override
  public Optional<String> declines(Query<T> plan) {
    return ReqlPlan.unsupported(layout.schema.modelName(), plan);
  }

  /** The index read of an index-served plan its indexes answer, else null (evaluated). */
  private IndexRead<T, K> byIndex(Query<T> query) {
    if (!query.isIndexServed() || query.offset() != 0) {
      return null;
    }
    try {
      return IndexRead.plan(layout, query);
    } catch (UnsupportedQueryException e) {
      return null;
    }
  }

  /**
   * A page of an evaluated plan; the continuation is the position after the page among all matches
   * (the offset included), as 8 bytes.
   */
  private Slice<T> findEvaluated(Query<T> query, int pageSize, byte[] after) {
    long from;
    if (after == null) {
      from = query.offset();
    } else if (after.length == Long.BYTES) {
      from = java.nio.ByteBuffer.wrap(after).getLong();
    } else {
      throw new InvalidCursorException("malformed continuation for " + layout.bucket);
    }
    ReqlPlan<T, K> plan = new ReqlPlan<>(layout, query);
    List<Object> rows =
        call("find", null, () -> pool.list(plan.page(table(), from, (long) pageSize + 1)));
    boolean more = rows.size() > pageSize;
    List<T> items = new ArrayList<>(Math.min(rows.size(), pageSize));
    for (int i = 0; i < rows.size() && i < pageSize; i++) {
      items.add(layout.fromJson((String) rows.get(i)));
    }
    return new Slice<>(
        items,
        more ? java.nio.ByteBuffer.allocate(Long.BYTES).putLong(from + pageSize).array() : null);
  }

  @Override
  public Stream<T> scan() {
    Result<Object> cursor =
        call("scan", null, () -> pool.cursor(table().map(d -> d.toJsonString())));
    Iterator<T> it =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            try {
              return cursor.hasNext();
            } catch (ReqlError e) {
              throw failure("scan", null, e);
            }
          }

          @Override
          public T next() {
            Object doc;
            try {
              doc = cursor.next();
            } catch (NoSuchElementException e) {
              throw e;
            } catch (ReqlError e) {
              throw failure("scan", null, e);
            }
            return layout.fromJson((String) doc);
          }
        };
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(cursor::close);
  }

  // ---- inserts and saves -----------------------------------------------------------------------

  @Override
  public T insert(T model) {
    T m = schema.versioned() ? schema.withVersion(model, 1) : model;
    K key = schema.key(m);
    if (key != null) {
      insertWithKey(m, key);
      return m;
    }
    switch (schema.keyGeneration()) {
      case STRING:
        return layout.keyIsId() ? insertWithServerId(m) : insertWithServerUuid(m);
      case UUID:
        while (true) {
          K k = schema.generatedKey(UUID.randomUUID());
          T withKey = schema.withKey(m, k);
          if (tryInsert(withKey, k)) {
            return withKey;
          }
        }
      case LONG:
        // Keys given by callers may already hold sequence values: skip them.
        while (true) {
          long n = call("insert", null, () -> sequences.next(schema.bucket()));
          K k = schema.generatedKey(n);
          T withKey = schema.withKey(m, k);
          if (tryInsert(withKey, k)) {
            return withKey;
          }
        }
      default:
        throw new IllegalArgumentException(
            schema.modelName() + " has no key and its key type" + " cannot be generated");
    }
  }

  private void insertWithKey(T m, K key) {
    if (!tryInsert(m, key)) {
      throw new DuplicateKeyException(
              schema.modelName()
                  + " with key "
                  + layout.describe(key)
                  + " already exists; use save to replace it")
          .in(null, schema.bucket(), key, null);
    }
  }

  /** Inserts; false when the key is taken. */
  private boolean tryInsert(T m, K key) {
    StoredDocument doc = layout.toDocument(m, key);
    WriteResult w = write("insert", key, table().insert(doc.term()).optArg("conflict", "error"));
    if (w.duplicateKey()) {
      return false;
    }
    check("insert", key, w);
    return true;
  }

  /** The server generates {@code id}, which is the key (RethinkDB's {@code generated_keys}). */
  private T insertWithServerId(T m) {
    StoredDocument doc = layout.toDocument(m, null);
    WriteResult w = write("insert", null, table().insert(doc.term()).optArg("conflict", "error"));
    check("insert", null, w);
    if (w.generatedKeys().size() != 1) {
      throw new DriverException(
          "rethinkdb insert into "
              + where()
              + " returned "
              + w.generatedKeys().size()
              + " generated keys instead of one");
    }
    return schema.withKey(m, schema.generatedKey(String.valueOf(w.generatedKeys().get(0))));
  }

  /** The key field is not {@code id}: one server-generated UUID fills both, in one insert. */
  private T insertWithServerUuid(T m) {
    String keyField = schema.keyProperties().get(0).storedName();
    StoredDocument doc = layout.toDocument(m, null);
    WriteResult w =
        write(
            "insert",
            null,
            table()
                .insert(
                    r.uuid()
                        .do_(
                            u ->
                                doc.term()
                                    .merge(r.hashMap(DocumentLayout.ID, u).with(keyField, u))))
                .optArg("conflict", "error")
                .optArg("return_changes", true)
                .do_(WriteResult::changesAsJson));
    check("insert", null, w);
    Map<?, ?> stored = w.newValue();
    if (stored == null) {
      throw new DriverException(
          "rethinkdb insert into " + where() + " did not return the stored document");
    }
    return schema.withKey(m, schema.generatedKey(String.valueOf(stored.get(keyField))));
  }

  @Override
  public T save(T model) {
    K key = requireKey(model);
    if (!schema.versioned()) {
      WriteResult w =
          write(
              "save",
              key,
              table().insert(layout.toDocument(model, key).term()).optArg("conflict", "replace"));
      check("save", key, w);
      return model;
    }
    long expected = schema.version(model);
    T m = schema.withVersion(model, expected + 1);
    StoredDocument doc = layout.toDocument(m, key);
    if (expected == 0) {
      WriteResult w = write("save", key, table().insert(doc.term()).optArg("conflict", "error"));
      if (w.duplicateKey()) {
        throw versionMismatch(key, 0, storedVersion(key));
      }
      check("save", key, w);
      return m;
    }
    String vf = schema.versionField();
    // RethinkDB calls the function with null for a missing document.
    WriteResult w =
        write(
            "save",
            key,
            table()
                .get(layout.primaryKey(key))
                .replace(
                    old ->
                        r.branch(
                            old.eq((Object) null),
                            r.error(WriteResult.OSMOS_ERROR + "missing"),
                            r.branch(
                                old.g(vf).default_(0).eq(expected),
                                doc.term(),
                                r.error(WriteResult.OSMOS_ERROR + "version")))));
    if (w.failedWith("missing")) {
      throw versionMismatch(key, expected, 0);
    }
    if (w.failedWith("version")) {
      throw versionMismatch(key, expected, storedVersion(key));
    }
    check("save", key, w);
    return m;
  }

  /**
   * Writes each model atomically with its own version check, in at most two queries. RethinkDB has
   * no multi-document transactions: when some models fail their version check, the others are
   * written and the error lists the ones that were not.
   */
  @Override
  public List<T> saveAll(List<T> models) {
    if (models.isEmpty()) {
      return List.of();
    }
    List<T> stored = new ArrayList<>(models.size());
    // Every model is encoded (and checked against the limits) before the first write.
    if (!schema.versioned()) {
      List<Object> docs = new ArrayList<>(models.size());
      for (T m : models) {
        docs.add(new RawValue(layout.toDocument(m, requireKey(m)).json()));
        stored.add(m);
      }
      check(
          "saveAll",
          null,
          write("saveAll", null, table().insert(jsonTerm(docs)).optArg("conflict", "replace")));
      return stored;
    }
    String vf = schema.versionField();
    List<Object> fresh = new ArrayList<>();
    List<Object> updates = new ArrayList<>();
    List<Object> written = new ArrayList<>();
    Map<Object, K> keyOfId = new HashMap<>();
    for (T model : models) {
      K key = requireKey(model);
      long expected = schema.version(model);
      T m = schema.withVersion(model, expected + 1);
      stored.add(m);
      StoredDocument doc = layout.toDocument(m, key);
      RawValue json = new RawValue(doc.json());
      keyOfId.put(doc.id(), key);
      written.add(Map.of("id", doc.id(), "doc", json));
      if (expected == 0) {
        fresh.add(json);
      } else {
        updates.add(Map.of("id", doc.id(), "expected", expected, "doc", json));
      }
    }
    boolean conflicts = false;
    if (!fresh.isEmpty()) {
      WriteResult w =
          write("saveAll", null, table().insert(jsonTerm(fresh)).optArg("conflict", "error"));
      conflicts = w.duplicateKey();
      if (!conflicts) {
        check("saveAll", null, w);
      }
    }
    if (!updates.isEmpty()) {
      WriteResult w =
          write(
              "saveAll",
              null,
              jsonTerm(updates)
                  .forEach(
                      u ->
                          table()
                              .get(u.g("id"))
                              .replace(
                                  old ->
                                      r.branch(
                                          old.eq((Object) null),
                                          r.error(WriteResult.OSMOS_ERROR + "missing"),
                                          r.branch(
                                              old.g(vf).default_(0).eq(u.g("expected")),
                                              u.g("doc"),
                                              r.error(WriteResult.OSMOS_ERROR + "version"))))));
      if (w.failedWith("missing") || w.failedWith("version")) {
        conflicts = true;
      } else {
        check("saveAll", null, w);
      }
    }
    if (conflicts) {
      // The summary counts failures without naming them: the stale ones are those whose stored
      // document is not the one this batch wrote.
      List<Object> staleIds =
          call(
              "saveAll",
              null,
              () ->
                  pool.list(
                      jsonTerm(written)
                          .filter(x -> table().get(x.g("id")).ne(x.g("doc")))
                          .g("id")));
      List<String> stale = new ArrayList<>();
      for (Object id : staleIds) {
        K k = keyOfId.get(id instanceof Number n ? (Object) n.longValue() : id);
        stale.add(k == null ? String.valueOf(id) : layout.describe(k));
      }
      throw new ConcurrentUpdateException(
          "saveAll of "
              + models.size()
              + " "
              + schema.modelName()
              + " models: "
              + stale.size()
              + " had a stale version and were"
              + " not written: "
              + stale
              + "; the others were written (RethinkDB has no"
              + " transactions across documents); read them again and retry");
    }
    return stored;
  }

  // ---- update ----------------------------------------------------------------------------------

  @Override
  public Optional<T> update(K key, Patch<T> patch) {
    List<Patch.Op<T>> ops = patch.ops();
    boolean serverSide = true;
    for (Patch.Op<T> op : ops) {
      Role role = op.property().descriptor().role();
      if (role == Role.KEY || role == Role.VERSION) {
        throw new IllegalArgumentException(
            "a patch cannot change the "
                + role.name().toLowerCase(Locale.ROOT)
                + " field '"
                + op.property().name()
                + "'");
      }
      if (op instanceof Patch.Increment<T> inc && !serverCanAdd(inc)) {
        serverSide = false;
      }
    }
    if (serverSide) {
      Optional<Optional<T>> done = updateOnServer(key, patch);
      if (done.isPresent()) {
        return done.get();
      }
    }
    return updateWithCompareAndSet(key, patch);
  }

  /** Whether the server adds exactly: integer fields with a delta a double holds exactly. */
  private static boolean serverCanAdd(Patch.Increment<?> inc) {
    FieldType.Kind kind = inc.property().descriptor().type().kind();
    Number delta = inc.delta();
    boolean integral =
        delta instanceof Long
            || delta instanceof Integer
            || delta instanceof Short
            || delta instanceof Byte;
    return (kind == FieldType.Kind.INT32 || kind == FieldType.Kind.INT64)
        && integral
        && StoredValues.exact(delta.longValue());
  }

  /**
   * One {@code update} whose function checks the version, sets the fields and adds the increments.
   * Empty when the server found an increment it cannot do exactly (a stored value that is not a
   * number, or a sum out of range): the caller then computes it.
   */
  private Optional<Optional<T>> updateOnServer(K key, Patch<T> patch) {
    String vf = schema.versionField();
    WriteResult w =
        write(
            "update",
            key,
            table()
                .get(layout.primaryKey(key))
                .update(
                    d -> {
                      MapObject<Object, Object> changes = r.hashMap();
                      List<Object[]> guards = new ArrayList<>();
                      for (Patch.Op<T> op : patch.ops()) {
                        String field = op.property().storedName();
                        if (op instanceof Patch.Set<T, ?> set) {
                          changes.with(field, setValue(set));
                        } else {
                          Patch.Increment<T> inc = (Patch.Increment<T>) op;
                          boolean int32 =
                              inc.property().descriptor().type().kind() == FieldType.Kind.INT32;
                          ReqlExpr current = d.g(field).default_(0);
                          ReqlExpr sum = current.add(inc.delta().longValue());
                          changes.with(field, sum);
                          guards.add(
                              new Object[] {
                                current.typeOf().eq("NUMBER"),
                                r.and(
                                    sum.ge(int32 ? Integer.MIN_VALUE : -StoredValues.MAX_EXACT),
                                    sum.le(int32 ? Integer.MAX_VALUE : StoredValues.MAX_EXACT))
                              });
                        }
                      }
                      if (schema.versioned()) {
                        changes.with(vf, d.g(vf).default_(0).add(1));
                      }
                      // Nested branches: the sum is only computed once the stored value is known to
                      // be a number.
                      Object body = withinRecordLimit(d, changes);
                      for (int i = guards.size() - 1; i >= 0; i--) {
                        ReqlExpr inexact = r.error(WriteResult.OSMOS_ERROR + "inexact");
                        body =
                            r.branch(
                                guards.get(i)[0],
                                r.branch(guards.get(i)[1], body, inexact),
                                inexact);
                      }
                      if (patch.expectedVersion().isPresent()) {
                        body =
                            r.branch(
                                d.g(vf).default_(0).eq(patch.expectedVersion().getAsLong()),
                                body,
                                r.error(WriteResult.OSMOS_ERROR + "version"));
                      }
                      return body;
                    })
                .optArg("return_changes", "always")
                .do_(WriteResult::changesAsJson));
    if (w.skipped() > 0) {
      return Optional.of(Optional.empty());
    }
    if (w.failedWith("version")) {
      throw versionMismatch(key, patch.expectedVersion().getAsLong(), storedVersion(key));
    }
    if (w.failedWith("inexact")) {
      return Optional.empty();
    }
    checkRecordLimit(w);
    check("update", key, w);
    return Optional.of(Optional.of(updated(key, w)));
  }

  /**
   * {@code changes}, or an error naming the size when the document they make is larger than
   * maxRecordBytes: the server measures the bytes of its JSON text, so nothing too large is
   * written. (The repository has checked each value set; this catches their sum.)
   */
  private ReqlExpr withinRecordLimit(ReqlExpr doc, Object changes) {
    return doc.merge(changes)
        .toJsonString()
        .coerceTo("binary")
        .count()
        .do_(
            bytes ->
                r.branch(
                    bytes.gt(layout.limits().maxRecordBytes()),
                    r.error(
                        r.expr(WriteResult.OSMOS_ERROR + RECORD_SIZE)
                            .add(bytes.coerceTo("string"))),
                    changes));
  }

  /** Throws the record limit's error when the server refused a patched document's size. */
  private void checkRecordLimit(WriteResult w) {
    if (w.failedWith(RECORD_SIZE)) {
      Matcher m = BYTES.matcher(w.firstError());
      layout
          .limits()
          .checkRecordBytes(
              m.find() ? Long.parseLong(m.group(1)) : layout.limits().maxRecordBytes() + 1L,
              schema.modelName());
    }
  }

  /**
   * Reads the document, computes the patched values here and writes them only if the fields it read
   * (and the version) are unchanged; otherwise reads again.
   */
  private Optional<T> updateWithCompareAndSet(K key, Patch<T> patch) {
    Object pk = layout.primaryKey(key);
    String vf = schema.versionField();
    while (true) {
      Map<?, ?> doc =
          layout.readDocument(
              (String) call("update", key, () -> pool.atom(table().get(pk).toJsonString())));
      if (doc == null) {
        return Optional.empty();
      }
      long version = schema.versioned() ? versionOf(doc) : 0;
      if (patch.expectedVersion().isPresent() && patch.expectedVersion().getAsLong() != version) {
        throw versionMismatch(key, patch.expectedVersion().getAsLong(), version);
      }
      Map<String, Object> changes = new LinkedHashMap<>();
      List<Object> unchanged = new ArrayList<>();
      for (Patch.Op<T> op : patch.ops()) {
        String field = op.property().storedName();
        if (op instanceof Patch.Set<T, ?> set) {
          changes.put(field, setValue(set));
        } else {
          Patch.Increment<T> inc = (Patch.Increment<T>) op;
          Object old = doc.get(field);
          Object sum =
              TreeFormat.increment(
                  inc.property(), layout.treeValue(inc.property(), old), inc.delta());
          changes.put(field, StoredValues.toStored(sum));
          unchanged.add(new Object[] {field, old});
        }
      }
      if (schema.versioned()) {
        changes.put(vf, version + 1);
        unchanged.add(new Object[] {vf, doc.get(vf)});
      }
      WriteResult w =
          write(
              "update",
              key,
              table()
                  .get(pk)
                  .update(
                      d -> {
                        Object[] same = new Object[unchanged.size()];
                        for (int i = 0; i < same.length; i++) {
                          Object[] fieldAndOld = (Object[]) unchanged.get(i);
                          same[i] =
                              d.g((String) fieldAndOld[0])
                                  .default_((Object) null)
                                  .eq(r.expr(fieldAndOld[1]));
                        }
                        return r.branch(
                            same.length == 1 ? same[0] : r.and(same),
                            withinRecordLimit(d, changes),
                            r.error(WriteResult.OSMOS_ERROR + "retry"));
                      })
                  .optArg("return_changes", "always")
                  .do_(WriteResult::changesAsJson));
      if (w.skipped() > 0) {
        return Optional.empty();
      }
      if (w.failedWith("retry")) {
        continue;
      }
      checkRecordLimit(w);
      check("update", key, w);
      return Optional.of(updated(key, w));
    }
  }

  /** The stored value of a set, replacing (not merging) objects. */
  private Object setValue(Patch.Set<T, ?> set) {
    Object stored = layout.storedValue(set.property(), set.value());
    // update() merges objects into the stored ones; a set replaces the whole value.
    return stored instanceof Map
        ? r.literal(DocumentLayout.term(stored))
        : DocumentLayout.term(stored);
  }

  /** A list of documents (as {@link RawValue}s, maybe in maps) as one term the server parses. */
  private static ReqlExpr jsonTerm(List<Object> values) {
    return r.json(StoredJson.write(values));
  }

  /** The document an update wrote ({@code return_changes: "always"} includes unchanged ones). */
  private T updated(K key, WriteResult w) {
    Map<?, ?> doc = w.newValue();
    if (doc == null) {
      throw new DriverException("rethinkdb update of " + where() + " returned no document")
          .in(null, schema.bucket(), key, null);
    }
    return layout.fromDocument(doc);
  }

  // ---- deletes ---------------------------------------------------------------------------------

  @Override
  public boolean delete(K key) {
    WriteResult w = write("delete", key, table().get(layout.primaryKey(key)).delete());
    check("delete", key, w);
    return w.deleted() > 0;
  }

  @Override
  public int deleteAll(List<K> keys) {
    if (keys.isEmpty()) {
      return 0;
    }
    WriteResult w = write("deleteAll", null, table().getAll(r.args(primaryKeys(keys))).delete());
    check("deleteAll", null, w);
    return (int) w.deleted();
  }

  // ---- raw documents (tests) -------------------------------------------------------------------

  /** Replaces the document of {@code key} with {@code tree} laid out as the driver stores it. */
  void putRaw(K key, Map<String, Object> tree) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put(DocumentLayout.ID, layout.primaryKey(key));
    for (Map.Entry<String, Object> e : tree.entrySet()) {
      if (!(layout.keyIsId() && e.getKey().equals(DocumentLayout.ID))) {
        doc.put(
            DocumentLayout.storedName(e.getKey()), layout.storedField(e.getKey(), e.getValue()));
      }
    }
    check(
        "putRaw",
        key,
        write(
            "putRaw", key, table().insert(DocumentLayout.term(doc)).optArg("conflict", "replace")));
  }

  /** The top-level names of the stored document of {@code key}, as stored, or null. */
  Set<String> rawFieldNames(K key) {
    Object json =
        call("get", key, () -> pool.atom(table().get(layout.primaryKey(key)).toJsonString()));
    Map<?, ?> doc = layout.readDocument((String) json);
    if (doc == null) {
      return null;
    }
    Set<String> names = new LinkedHashSet<>();
    for (Object name : doc.keySet()) {
      names.add(String.valueOf(name));
    }
    return names;
  }

  // ---- internals -------------------------------------------------------------------------------

  private List<Object> primaryKeys(List<K> keys) {
    Set<Object> pks = new LinkedHashSet<>();
    for (K k : keys) {
      pks.add(layout.primaryKey(k));
    }
    return new ArrayList<>(pks);
  }

  private K requireKey(T model) {
    K key = schema.key(model);
    if (key == null) {
      throw new IllegalArgumentException("save needs a key; use insert to have one generated");
    }
    return key;
  }

  private long storedVersion(K key) {
    Object v =
        call(
            "get",
            key,
            () ->
                pool.atom(
                    table().get(layout.primaryKey(key)).g(schema.versionField()).default_(0)));
    return v instanceof Number n ? n.longValue() : 0;
  }

  private long versionOf(Map<?, ?> doc) {
    return doc.get(schema.versionField()) instanceof Number n ? n.longValue() : 0;
  }

  private ConcurrentUpdateException versionMismatch(K key, long expected, long actual) {
    return (ConcurrentUpdateException)
        new ConcurrentUpdateException(
                schema.modelName()
                    + " "
                    + layout.describe(key)
                    + " was expected at version "
                    + expected
                    + " but the stored version is "
                    + actual
                    + (actual == 0 ? " (not stored)" : "")
                    + "; read it again and retry")
            .in(null, schema.bucket(), key, null);
  }

  private WriteResult write(String op, K key, ReqlAst query) {
    return WriteResult.of(call(op, key, () -> pool.atom(query)));
  }

  /** Fails with RethinkDB's first error, naming the table and key. */
  private void check(String op, K key, WriteResult w) {
    if (w.errors() > 0) {
      throw new DriverException(
              "rethinkdb "
                  + op
                  + " on table "
                  + where()
                  + " failed"
                  + (w.errors() > 1 ? " for " + w.errors() + " documents" : "")
                  + ": "
                  + w.firstError())
          .in(null, schema.bucket(), key, null);
    }
  }

  private String where() {
    return database + "." + schema.bucket();
  }

  private <R> R call(String op, K key, Supplier<R> action) {
    try {
      return action.get();
    } catch (ReqlError e) {
      throw failure(op, key, e);
    }
  }

  private OsmosException failure(String op, K key, ReqlError e) {
    return new DriverException(
            "rethinkdb " + op + " on table " + where() + " failed: " + e.getMessage(), e)
        .in(null, schema.bucket(), key, null);
  }
}
