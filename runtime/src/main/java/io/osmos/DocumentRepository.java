package io.osmos;

import io.osmos.annotations.Hook;
import io.osmos.exceptions.CapabilityException;
import io.osmos.exceptions.ConcurrentUpdateException;
import io.osmos.exceptions.DriverNotFoundException;
import io.osmos.exceptions.DuplicateKeyException;
import io.osmos.exceptions.InvalidCursorException;
import io.osmos.exceptions.LimitExceededException;
import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.exceptions.ValidationException;
import io.osmos.exceptions.Violation;
import io.osmos.query.Patch;
import io.osmos.query.Query;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.DocumentCollection;
import io.osmos.spi.DocumentStore;
import io.osmos.spi.Slice;
import io.osmos.validation.Violations;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The operations of a document model, extended by each generated {@code XRepository}. It checks
 * constraints, runs hooks and limits, and calls the driver's {@link DocumentCollection}; every
 * error it lets through names the driver, bucket, key and operation.
 *
 * @param <T> the model
 * @param <K> its key type
 */
public abstract class DocumentRepository<T, K> {
  private final Binding<T, K> binding;
  private final ModelSchema<T, K> schema;
  private final DocumentCollection<T, K> collection;
  private final Hooks<T> hooks = new Hooks<>();

  /** Binds to the driver registered under the model's {@code @Model(driver)} name. */
  protected DocumentRepository(Osmos osmos, ModelSchema<T, K> schema) {
    this(osmos, schema.driverName(), schema);
  }

  /**
   * Binds to the driver registered under {@code driverName}.
   *
   * @throws DriverNotFoundException if there is none
   * @throws CapabilityException if it is not a {@link DocumentStore}
   */
  protected DocumentRepository(Osmos osmos, String driverName, ModelSchema<T, K> schema) {
    this.binding = new Binding<>(osmos, driverName, schema);
    this.schema = schema;
    if (!(binding.driver() instanceof DocumentStore store)) {
      throw binding.missing("a document model and needs a DocumentStore");
    }
    this.collection = binding.call("bind", null, () -> store.collection(schema));
  }

  /** The model's schema ({@code X_.MODEL}). */
  public final ModelSchema<T, K> schema() {
    return schema;
  }

  /** The hooks of this repository. */
  public final Hooks<T> hooks() {
    return hooks;
  }

  /** The registry this repository was bound in. */
  public final Osmos osmos() {
    return binding.osmos();
  }

  // ---- reads ---------------------------------------------------------------------------------

  /** The stored model with {@code key}, or empty (never an exception for a missing key). */
  public Optional<T> get(K key) {
    Objects.requireNonNull(key, "key");
    before(Hook.Event.WILL_GET, "get", null, key, null, null);
    Optional<T> found = binding.call("get", key, () -> collection.get(key));
    found = found.map(m -> schema.onHook(Hook.Event.DID_GET, m));
    return after(Hook.Event.DID_GET, "get", key, null, found);
  }

  /** The stored models among {@code keys}, in the order given; missing keys are absent. */
  public Map<K, T> getAll(Collection<K> keys) {
    List<K> list = List.copyOf(keys);
    checkBatch("getAll", list.size());
    before(Hook.Event.WILL_GET, "getAll", null, list, null, null);
    Map<K, T> found =
        new java.util.LinkedHashMap<>(
            binding.call("getAll", null, list.size(), () -> collection.getAll(list)));
    found.replaceAll((k, m) -> schema.onHook(Hook.Event.DID_GET, m));
    return after(Hook.Event.DID_GET, "getAll", list, null, found);
  }

  /**
   * One page of a query. The cursor of the returned page continues exactly this query.
   *
   * @throws UnsupportedQueryException if a condition is on a field without {@code @Index}
   * @throws InvalidCursorException if the request's cursor was tampered with or is for another
   *     query
   */
  public Page<T> find(Query<T> query, PageRequest page) {
    checkQuery(query, "find");
    if (page.size() > binding.limits().maxReadLimit()) {
      throw new LimitExceededException(
              "page size "
                  + page.size()
                  + " exceeds the driver's read"
                  + " limit of "
                  + binding.limits().maxReadLimit())
          .in(binding.label(), schema.bucket(), null, "find");
    }
    before(Hook.Event.WILL_FIND, "find", null, null, query, null);
    String scope = CursorCodec.scope("find", binding.driverName(), schema, query.canonical());
    int returned = 0;
    byte[] after = null;
    if (page.cursor() != null) {
      CursorCodec.Decoded d;
      try {
        d = binding.osmos().cursors().decode(scope, page.cursor());
      } catch (InvalidCursorException e) {
        throw (InvalidCursorException) e.in(binding.label(), schema.bucket(), null, "find");
      }
      returned = d.returned();
      after = d.continuation();
    } else if (query.offset() > 0 && !collection.evaluatesOnServer()) {
      after = skipByIndex(query, binding.limits().maxReadLimit());
    }
    // A store that does not evaluate on the server is never given an offset: skipByIndex read
    // through the skipped models, and the continuation holds the position after them.
    Query<T> run = query.offset() > 0 && !collection.evaluatesOnServer() ? query.skip(0) : query;
    int size = page.size();
    if (query.limit() > 0) {
      size = Math.min(size, query.limit() - returned);
    }
    Page<T> result;
    if (size <= 0) {
      result = new Page<>(List.of(), null);
    } else {
      final int n = size;
      final byte[] from = after;
      Slice<T> slice =
          after == SKIPPED_ALL
              ? new Slice<>(List.of(), null)
              : binding.call("find", null, () -> collection.find(run, n, from));
      List<T> items = new ArrayList<>(slice.items().size());
      for (T m : slice.items()) {
        items.add(schema.onHook(Hook.Event.DID_GET, m));
      }
      int total = returned + items.size();
      boolean more = slice.continuation() != null && (query.limit() == 0 || total < query.limit());
      result =
          new Page<>(
              items,
              more ? binding.osmos().cursors().encode(scope, total, slice.continuation()) : null);
    }
    return after(Hook.Event.DID_FIND, "find", null, query, result);
  }

  /** Every model matching {@code query}, read page by page. Mind the size of the result. */
  public List<T> findAll(Query<T> query) {
    List<T> all = new ArrayList<>();
    PageRequest req = PageRequest.first(binding.limits().maxReadLimit());
    while (true) {
      Page<T> p = find(query, req);
      all.addAll(p.items());
      if (!p.hasNext()) {
        return all;
      }
      req = PageRequest.after(p.nextCursor(), req.size());
    }
  }

  /** The first model matching {@code query} in query order, or empty. */
  public Optional<T> findFirst(Query<T> query) {
    Page<T> p = find(query, PageRequest.first(1));
    return p.items().isEmpty() ? Optional.empty() : Optional.of(p.items().get(0));
  }

  /**
   * How many models match {@code query}, after its offset and within its limit.
   *
   * @throws UnsupportedQueryException if the driver cannot evaluate the query (see {@link
   *     #check(Query)})
   */
  public long count(Query<T> query) {
    checkQuery(query, "count");
    Query<T> all = query.offset() > 0 ? query.skip(0) : query;
    long n = Math.max(0, binding.call("count", null, () -> collection.count(all)) - query.offset());
    return query.limit() > 0 ? Math.min(n, query.limit()) : n;
  }

  /**
   * Whether any model matches {@code query}.
   *
   * @throws UnsupportedQueryException if the driver cannot evaluate the query
   */
  public boolean exists(Query<T> query) {
    return !find(query, PageRequest.first(1)).items().isEmpty();
  }

  /**
   * Deletes every model matching {@code query} (after its offset, within its limit) and returns how
   * many were deleted. Where the store deletes by query in one operation (see the driver's README)
   * this is atomic; elsewhere the matches are read page by page and deleted by key, so a concurrent
   * writer can see some deleted and some not, and a model that starts to match during the deletion
   * may stay.
   *
   * @throws UnsupportedQueryException if the driver cannot evaluate the query
   */
  public long deleteAll(Query<T> query) {
    checkQuery(query, "deleteAll");
    before(Hook.Event.WILL_DELETE, "deleteAll", null, null, query, null);
    long n = binding.call("deleteAll", null, () -> collection.deleteMatching(query));
    if (n < 0) {
      n = 0;
      // Collect the keys first: deleting while paging would shift offset continuations.
      List<K> keys = new ArrayList<>();
      for (T m : findAll(query)) {
        keys.add(schema.key(m));
      }
      int batch = Math.max(1, binding.limits().maxBatch());
      for (int i = 0; i < keys.size(); i += batch) {
        List<K> part = keys.subList(i, Math.min(keys.size(), i + batch));
        n += binding.call("deleteAll", null, part.size(), () -> collection.deleteAll(part));
      }
    }
    return after(Hook.Event.DID_DELETE, "deleteAll", null, query, n);
  }

  /**
   * Whether the driver evaluates every query plan on the server, not only {@linkplain
   * Query#isIndexServed() index-served} ones (see {@code DocumentCollection.evaluatesOnServer}).
   */
  public boolean evaluatesOnServer() {
    return collection.evaluatesOnServer();
  }

  /**
   * Checks, before any call, that the driver can evaluate {@code plan} (bound or not): generated
   * Jakarta Data repositories check each of their plans when they bind, so a query the store cannot
   * serve fails at start-up rather than on its first call.
   *
   * @throws UnsupportedQueryException naming the attribute and the {@code @Index} that would serve
   *     it, when the plan is not index-served and the driver does not evaluate on the server
   */
  public void check(Query<T> plan) {
    Optional<String> why = declines(plan);
    if (why.isPresent()) {
      throw new UnsupportedQueryException(why.get())
          .in(binding.label(), schema.bucket(), null, "bind");
    }
  }

  /** How many models the bucket holds. */
  public long count() {
    return count(Query.all());
  }

  /** Streams the whole bucket with bounded memory. Close the stream (try-with-resources). */
  public Stream<T> scan() {
    Stream<T> s = binding.call("scan", null, collection::scan);
    Iterator<T> it = s.iterator();
    // Errors raised while the caller consumes the stream get the same context as the others.
    Spliterator<T> split =
        new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE, Spliterator.ORDERED) {
          @Override
          public boolean tryAdvance(Consumer<? super T> action) {
            T next = binding.wrap("scan", null, () -> it.hasNext() ? it.next() : null);
            if (next == null) {
              return false;
            }
            action.accept(schema.onHook(Hook.Event.DID_GET, next));
            return true;
          }
        };
    return StreamSupport.stream(split, false).onClose(s::close);
  }

  // ---- writes --------------------------------------------------------------------------------

  /**
   * Stores a new model. A missing key (null, or 0 for a generated {@code long}) is generated by the
   * store; the returned model carries it, and version 1 if versioned.
   *
   * @throws DuplicateKeyException if the key is taken
   * @throws ValidationException listing every violated constraint; nothing is written
   */
  public T insert(T model) {
    T m = prepareSave("insert", model, true);
    T stored = binding.call("insert", schema.key(m), 1, () -> collection.insert(m));
    return finishSave("insert", stored);
  }

  /**
   * Upserts a model. With {@code @Version}, only when the stored version equals the model's (0 for
   * a model not stored yet); the returned model has the new version.
   *
   * @throws ConcurrentUpdateException on a version mismatch
   * @throws ValidationException listing every violated constraint; nothing is written
   */
  public T save(T model) {
    T m = prepareSave("save", model, false);
    T stored = binding.call("save", schema.key(m), 1, () -> collection.save(m));
    return finishSave("save", stored);
  }

  /**
   * Upserts several models. All are validated first: one invalid model means none is written. The
   * store writes them atomically where it can (see the driver's documentation).
   */
  public List<T> saveAll(Collection<T> models) {
    List<T> list = new ArrayList<>(models.size());
    checkBatch("saveAll", models.size());
    List<Violation> all = new ArrayList<>();
    Set<K> seen = new HashSet<>();
    int i = 0;
    for (T model : models) {
      Objects.requireNonNull(model, "models[" + i + "]");
      T m = runWillSave("saveAll", model);
      Violations v = violations();
      T checked = validate("saveAll", m, v);
      for (Violation violation : v.list()) {
        all.add(
            new Violation(
                "[" + i + "]." + violation.path(), violation.message(), violation.invalidValue()));
      }
      K key = schema.key(checked);
      if (key == null) {
        all.add(
            new Violation(
                "[" + i + "]", "saveAll needs keys; use insert to" + " generate one", null));
      } else {
        checkKeySize("saveAll", checked, key);
        if (!seen.add(key)) {
          all.add(new Violation("[" + i + "]", "the batch holds this key twice: " + key, null));
        }
      }
      list.add(checked);
      i++;
    }
    if (!all.isEmpty()) {
      throw new ValidationException(schema.modelName() + " batch", all)
          .in(binding.label(), schema.bucket(), null, "saveAll");
    }
    List<T> stored = binding.call("saveAll", null, list.size(), () -> collection.saveAll(list));
    List<T> out = new ArrayList<>(stored.size());
    for (T s : stored) {
      out.add(finishSave("saveAll", s));
    }
    return out;
  }

  /**
   * Applies a patch atomically, field by field; concurrent patches of different fields both
   * survive. Generated repositories offer {@code update(key, p -> p.email(..).incrementAge(1))}.
   *
   * @return the model after the patch, or empty when no model has that key
   * @throws ConcurrentUpdateException when the patch expects a version that is not the stored one
   * @throws ValidationException when a value set breaks a constraint; nothing is written
   */
  public Optional<T> update(K key, Patch<T> patch) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(patch, "patch");
    checkPatch(patch);
    Violations v = violations();
    patch.validate(v);
    if (!v.isEmpty()) {
      throw new ValidationException(schema.modelName() + " patch", v.list())
          .in(binding.label(), schema.bucket(), key, "update");
    }
    binding.checks().patch("update", key, patch);
    before(Hook.Event.WILL_UPDATE, "update", null, key, null, patch);
    Optional<T> updated =
        patch.isEmpty() && patch.expectedVersion().isEmpty()
            ? binding.call("update", key, () -> collection.get(key))
            : binding.call("update", key, () -> collection.update(key, patch));
    return after(Hook.Event.DID_UPDATE, "update", key, null, updated);
  }

  /** Deletes the model with {@code key}; true when there was one. */
  public boolean delete(K key) {
    Objects.requireNonNull(key, "key");
    before(Hook.Event.WILL_DELETE, "delete", null, key, null, null);
    boolean deleted = binding.call("delete", key, () -> collection.delete(key));
    return after(Hook.Event.DID_DELETE, "delete", key, null, deleted);
  }

  /** Deletes every model in {@code keys}; returns how many there were. */
  public int deleteAll(Collection<K> keys) {
    List<K> list = List.copyOf(keys);
    checkBatch("deleteAll", list.size());
    before(Hook.Event.WILL_DELETE, "deleteAll", null, list, null, null);
    int n = binding.call("deleteAll", null, list.size(), () -> collection.deleteAll(list));
    return after(Hook.Event.DID_DELETE, "deleteAll", list, null, n);
  }

  /**
   * Checks a model's constraints without storing it.
   *
   * @throws ValidationException listing every violation
   */
  public T validate(T model) {
    Violations v = violations();
    T m = validate("validate", model, v);
    if (!v.isEmpty()) {
      throw new ValidationException(schema.modelName(), v.list())
          .in(binding.label(), schema.bucket(), schema.key(m), "validate");
    }
    return m;
  }

  // ---- internals -----------------------------------------------------------------------------

  private Violations violations() {
    return new Violations(binding.osmos().clock());
  }

  private T prepareSave(String op, T model, boolean insert) {
    Objects.requireNonNull(model, "model");
    T m = runWillSave(op, model);
    Violations v = violations();
    m = validate(op, m, v);
    K key = schema.key(m);
    if (!v.isEmpty()) {
      throw new ValidationException(schema.modelName(), v.list())
          .in(binding.label(), schema.bucket(), key, op);
    }
    if (key == null && !insert) {
      throw new ValidationException(
              schema.modelName(),
              List.of(
                  new Violation(
                      schema.keyProperties().get(0).name(),
                      op + " needs a key; use insert to have one" + " generated",
                      null)))
          .in(binding.label(), schema.bucket(), null, op);
    }
    if (key == null && schema.keyGeneration() == io.osmos.schema.KeyGeneration.NONE) {
      throw new ValidationException(
              schema.modelName(),
              List.of(
                  new Violation(
                      schema.keyProperties().get(0).name(),
                      "the key is missing and "
                          + schema.modelName()
                          + "'s key type cannot be generated (only a single String, UUID or long key can)",
                      null)))
          .in(binding.label(), schema.bucket(), null, op);
    }
    if (key != null) {
      checkKeySize(op, m, key);
    }
    return m;
  }

  private T runWillSave(String op, T model) {
    T m = schema.onHook(Hook.Event.WILL_SAVE, model);
    if (hooks.has(Hook.Event.WILL_SAVE)) {
      m = hooks.run(ctx(Hook.Event.WILL_SAVE, op, m, null, null, null, null)).model();
    }
    return m;
  }

  private T validate(String op, T model, Violations v) {
    T m = schema.onHook(Hook.Event.WILL_VALIDATE, model);
    if (hooks.has(Hook.Event.WILL_VALIDATE)) {
      m = hooks.run(ctx(Hook.Event.WILL_VALIDATE, op, m, null, null, null, null)).model();
    }
    schema.validate(m, v);
    if (v.isEmpty()) {
      m = schema.onHook(Hook.Event.DID_VALIDATE, m);
      if (hooks.has(Hook.Event.DID_VALIDATE)) {
        hooks.run(ctx(Hook.Event.DID_VALIDATE, op, m, null, null, null, null));
      }
    }
    return m;
  }

  private T finishSave(String op, T stored) {
    T m = schema.onHook(Hook.Event.DID_SAVE, stored);
    return after(Hook.Event.DID_SAVE, op, schema.key(m), null, m);
  }

  private void checkKeySize(String op, T model, K key) {
    binding.checks().key(op, model, key);
  }

  private void checkBatch(String op, int size) {
    binding.checks().batch(op, size);
  }

  /** Reads through the first {@code offset} matches; the continuation after them. */
  private byte[] skipByIndex(Query<T> query, int chunk) {
    Query<T> plain = query.skip(0);
    long left = query.offset();
    byte[] after = null;
    while (left > 0) {
      int n = (int) Math.min(chunk, left);
      final byte[] from = after;
      Slice<T> s = binding.call("find", null, () -> collection.find(plain, n, from));
      left -= s.items().size();
      if (s.continuation() == null) {
        return SKIPPED_ALL;
      }
      after = s.continuation();
    }
    return after;
  }

  /** Marks an offset past the last match. */
  private static final byte[] SKIPPED_ALL = new byte[0];

  /** Why the driver declines {@code plan}, naming the attribute; empty when it serves it. */
  private Optional<String> declines(Query<T> plan) {
    if (collection.evaluatesOnServer()) {
      return collection
          .declines(plan)
          .map(why -> "driver '" + binding.driverName() + "' cannot evaluate " + plan + ": " + why);
    }
    return plan.notIndexServedReason(schema.modelName())
        .map(
            why ->
                "driver '"
                    + binding.driverName()
                    + "' evaluates only queries its indexes serve (Osmos never scans"
                    + " a bucket in the client), and "
                    + why);
  }

  private void checkQuery(Query<T> query, String op) {
    if (!query.isBound()) {
      throw new IllegalArgumentException(
          "the query "
              + query
              + " has unbound parameters "
              + query.params()
              + "; bind them with query.bind(...) first");
    }
    Optional<String> why = declines(query);
    if (why.isPresent()) {
      throw new UnsupportedQueryException(why.get()).in(binding.label(), schema.bucket(), null, op);
    }
  }

  private void checkPatch(Patch<T> patch) {
    Set<String> fields = new HashSet<>();
    for (Patch.Op<T> op : patch.ops()) {
      if (!fields.add(op.property().storedName())) {
        throw new IllegalArgumentException(
            "the patch changes field '"
                + op.property().name()
                + "' twice; set or increment each field once");
      }
    }
  }

  private void before(
      Hook.Event event, String op, T model, Object key, Query<T> query, Patch<T> patch) {
    if (hooks.has(event)) {
      hooks.run(ctx(event, op, model, key, query, patch, null));
    }
  }

  @SuppressWarnings("unchecked")
  private <R> R after(Hook.Event event, String op, Object key, Query<T> query, R result) {
    if (!hooks.has(event)) {
      return result;
    }
    return (R) hooks.run(ctx(event, op, null, key, query, null, result)).result();
  }

  private HookContext<T> ctx(
      Hook.Event e, String op, T model, Object key, Query<T> q, Patch<T> p, Object result) {
    return new HookContext<>(e, op, schema.bucket(), model, key, q, p, result);
  }
}
