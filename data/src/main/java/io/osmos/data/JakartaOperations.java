package io.osmos.data;

import io.osmos.DocumentRepository;
import io.osmos.exceptions.OsmosException;
import io.osmos.query.Property;
import io.osmos.query.Query;
import io.osmos.schema.ModelSchema;
import jakarta.data.Limit;
import jakarta.data.Order;
import jakarta.data.Sort;
import jakarta.data.page.CursoredPage;
import jakarta.data.page.Page;
import jakarta.data.page.PageRequest;
import jakarta.data.page.impl.CursoredPageRecord;
import jakarta.data.page.impl.PageRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The operations a generated Jakarta Data repository performs, on the entity's Osmos repository,
 * with Jakarta Data's semantics and exceptions (see {@link JakartaExceptions}). Generated code
 * builds each query once, as a constant, and calls these methods with it.
 *
 * @param <T> the entity
 * @param <K> its key type
 */
public final class JakartaOperations<T, K> {
  private final DocumentRepository<T, K> repository;
  private final ModelSchema<T, K> schema;
  private final Map<String, Property<T, ?>> attributes;

  /**
   * Operations on {@code repository}.
   *
   * @param attributes the entity's attributes by name, for the sorts a caller names at run time
   */
  public JakartaOperations(
      DocumentRepository<T, K> repository, Map<String, Property<T, ?>> attributes) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.schema = repository.schema();
    this.attributes = Map.copyOf(attributes);
  }

  /** The Osmos repository the operations run on. */
  public DocumentRepository<T, K> repository() {
    return repository;
  }

  // ---- lifecycle methods -----------------------------------------------------------------------

  /**
   * Inserts {@code entity}.
   *
   * @throws jakarta.data.exceptions.EntityExistsException if its key is stored already
   */
  public <S extends T> S insert(S entity) {
    Objects.requireNonNull(entity, "entity");
    return same(entity, call(() -> repository.insert(entity)));
  }

  /** Inserts each entity, in order; the first one whose key is taken stops the batch. */
  public <S extends T> List<S> insertAll(Iterable<S> entities) {
    List<S> out = new ArrayList<>();
    for (S e : entities) {
      out.add(insert(e));
    }
    return out;
  }

  /**
   * Replaces the stored entity with the same key (and version, for a versioned entity).
   *
   * @throws jakarta.data.exceptions.OptimisticLockingFailureException if no entity with that key is
   *     stored, or its version is not the entity's
   */
  public <S extends T> S update(S entity) {
    Objects.requireNonNull(entity, "entity");
    K key = schema.key(entity);
    if (key == null || call(() -> repository.get(key)).isEmpty()) {
      throw new OsmosOptimisticLockingFailureException(
          context(
              new OsmosException(
                  "cannot update " + schema.modelName() + " " + key + ": it is not stored"),
              "update",
              key));
    }
    // With @Version the save is a compare-and-set, so a concurrent change still fails here.
    return same(entity, call(() -> repository.save(entity)));
  }

  /** Updates each entity, in order. */
  public <S extends T> List<S> updateAll(Iterable<S> entities) {
    List<S> out = new ArrayList<>();
    for (S e : entities) {
      out.add(update(e));
    }
    return out;
  }

  /** Inserts or replaces {@code entity}. */
  public <S extends T> S save(S entity) {
    Objects.requireNonNull(entity, "entity");
    return same(entity, call(() -> repository.save(entity)));
  }

  /** Saves every entity; none is written if one is invalid. */
  public <S extends T> List<S> saveAll(Iterable<S> entities) {
    List<S> in = new ArrayList<>();
    entities.forEach(in::add);
    List<T> stored = call(() -> repository.saveAll(new ArrayList<T>(in)));
    List<S> out = new ArrayList<>(stored.size());
    for (int i = 0; i < stored.size(); i++) {
      out.add(same(in.get(i), stored.get(i)));
    }
    return out;
  }

  /**
   * Deletes the stored entity with the key (and version, for a versioned entity) of {@code entity}.
   *
   * @throws jakarta.data.exceptions.OptimisticLockingFailureException if there is none
   */
  public void delete(T entity) {
    Objects.requireNonNull(entity, "entity");
    K key = schema.key(entity);
    Optional<T> stored = key == null ? Optional.empty() : call(() -> repository.get(key));
    if (stored.isEmpty()
        || (schema.versioned() && schema.version(stored.get()) != schema.version(entity))) {
      throw new OsmosOptimisticLockingFailureException(
          context(
              new OsmosException(
                  "cannot delete "
                      + schema.modelName()
                      + " "
                      + key
                      + (stored.isEmpty() ? ": it is not stored" : ": its version has changed")),
              "delete",
              key));
    }
    call(() -> repository.delete(key));
  }

  /** Deletes each entity, as {@link #delete(Object)} does. */
  public void deleteAll(Iterable<? extends T> entities) {
    for (T e : entities) {
      delete(e);
    }
  }

  /** Deletes the entity with {@code key}, if there is one; returns whether there was. */
  public boolean deleteById(K key) {
    Objects.requireNonNull(key, "key");
    return call(() -> repository.delete(key));
  }

  /** The entity with {@code key}, or empty. */
  public Optional<T> findById(K key) {
    Objects.requireNonNull(key, "key");
    return call(() -> repository.get(key));
  }

  /**
   * The exception of a method that returns one entity by key and found none.
   *
   * @param method the method, for the message
   */
  public RuntimeException notFound(String method, K key) {
    return new OsmosEmptyResultException(
        context(
            new OsmosException(method + " found no " + schema.modelName() + " with key " + key),
            method,
            key));
  }

  /** Every entity, streamed with bounded memory. */
  public Stream<T> findAll() {
    return call(repository::scan);
  }

  // ---- queries ---------------------------------------------------------------------------------

  /**
   * {@code plan}, checked against the driver now: where the driver cannot serve it, each call of
   * the method that runs it throws {@link UnsupportedOperationException}.
   */
  public CheckedQuery<T> prepare(Query<T> plan) {
    try {
      repository.check(plan);
      return new CheckedQuery<>(plan, null);
    } catch (io.osmos.exceptions.UnsupportedQueryException e) {
      return new CheckedQuery<>(plan, new OsmosUnsupportedOperationException(e));
    }
  }

  /** Every entity {@code query} finds. */
  public List<T> list(Query<T> query) {
    return call(() -> repository.findAll(query));
  }

  /** The entities {@code query} finds within {@code limit}. */
  public List<T> list(Query<T> query, Limit limit) {
    return list(limited(query, limit));
  }

  /** {@code query} limited to the results {@code limit} asks for. */
  public Query<T> limited(Query<T> query, Limit limit) {
    return query.skip(limit.startAt() - 1).limit(limit.maxResults());
  }

  /** The entities {@code query} finds, as a stream. */
  public Stream<T> stream(Query<T> query) {
    return list(query).stream();
  }

  /**
   * The one entity {@code query} finds, or empty.
   *
   * @throws jakarta.data.exceptions.NonUniqueResultException if it finds several
   */
  public Optional<T> optional(Query<T> query, String method) {
    // findFirstBy... asks for one: a limit of 1 is not a second result to complain about.
    List<T> found = list(query.limit() == 1 ? query : query.limit(2));
    if (found.size() > 1) {
      throw new OsmosNonUniqueResultException(
          context(
              new OsmosException(
                  method
                      + " expects at most one "
                      + schema.modelName()
                      + " but found several for "
                      + query),
              method,
              null));
    }
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /**
   * The one entity {@code query} finds.
   *
   * @throws jakarta.data.exceptions.EmptyResultException if it finds none
   * @throws jakarta.data.exceptions.NonUniqueResultException if it finds several
   */
  public T single(Query<T> query, String method) {
    return optional(query, method)
        .orElseThrow(
            () ->
                new OsmosEmptyResultException(
                    context(
                        new OsmosException(
                            method
                                + " expects one "
                                + schema.modelName()
                                + " but found none for "
                                + query),
                        method,
                        null)));
  }

  /** How many entities {@code query} finds. */
  public long count(Query<T> query) {
    return call(() -> repository.count(query));
  }

  /** Whether {@code query} finds an entity. */
  public boolean exists(Query<T> query) {
    return call(() -> repository.exists(query));
  }

  /** Deletes every entity {@code query} finds; returns how many. */
  public long delete(Query<T> query) {
    return call(() -> repository.deleteAll(query));
  }

  /**
   * One page of the entities {@code query} finds, by page number.
   *
   * @throws UnsupportedOperationException for a cursor request (declare a {@code CursoredPage})
   */
  public Page<T> page(Query<T> query, PageRequest request) {
    if (request.mode() != PageRequest.Mode.OFFSET) {
      throw new UnsupportedOperationException(
          "a cursor page request needs a method that returns CursoredPage; use"
              + " PageRequest.ofPage(n) for a method that returns Page");
    }
    long skip = (request.page() - 1) * request.size();
    List<T> content = list(query, new Limit(request.size() + 1, skip + 1));
    boolean more = content.size() > request.size();
    if (more) {
      content = content.subList(0, request.size());
    }
    long total = request.requestTotal() ? count(query) : -1;
    return new PageRecord<>(request, content, total, more);
  }

  /**
   * One page of the entities {@code query} finds, after (or from) a cursor. Each cursor of the page
   * resumes right after its entity.
   */
  public CursoredPage<T> cursoredPage(Query<T> query, PageRequest request) {
    if (request.mode() == PageRequest.Mode.CURSOR_PREVIOUS) {
      throw new UnsupportedOperationException(
          "Osmos reads cursored pages forwards only; keep the earlier page requests to go back");
    }
    long start =
        request.mode() == PageRequest.Mode.OFFSET
            ? (request.page() - 1) * request.size()
            : position(request.cursor().orElseThrow());
    List<T> content = list(query, new Limit(request.size() + 1, start + 1));
    boolean more = content.size() > request.size();
    if (more) {
      content = content.subList(0, request.size());
    }
    List<PageRequest.Cursor> cursors = new ArrayList<>(content.size());
    for (int i = 0; i < content.size(); i++) {
      cursors.add(PageRequest.Cursor.forKey(start + i + 1));
    }
    long total = request.requestTotal() ? count(query) : -1;
    PageRequest next =
        more
            ? PageRequest.afterCursor(
                cursors.get(cursors.size() - 1),
                request.page() + 1,
                request.size(),
                request.requestTotal())
            : null;
    return new CursoredPageRecord<>(content, cursors, total, request, next, null);
  }

  private static long position(PageRequest.Cursor cursor) {
    if (cursor.size() == 1 && cursor.get(0) instanceof Long n && n >= 0) {
      return n;
    }
    throw new IllegalArgumentException(
        "not a cursor of an Osmos page: "
            + cursor.elements()
            + "; use the cursors and page requests of the page returned before");
  }

  // ---- sorts -----------------------------------------------------------------------------------

  /** {@code query} ordered by {@code order} after its own sort keys. */
  public Query<T> sorted(Query<T> query, Order<? super T> order) {
    Query<T> q = query;
    for (Sort<? super T> s : order) {
      q = sorted(q, s);
    }
    return q;
  }

  /** {@code query} ordered by each of {@code sorts} after its own sort keys. */
  public Query<T> sorted(Query<T> query, List<? extends Sort<?>> sorts) {
    Query<T> q = query;
    for (Sort<?> s : sorts) {
      q = sorted(q, s);
    }
    return q;
  }

  /**
   * {@code query} ordered by {@code sort} after its own sort keys.
   *
   * @throws IllegalArgumentException if the entity has no attribute of that name
   */
  public Query<T> sorted(Query<T> query, Sort<?> sort) {
    Property<T, ?> p = attributes.get(sort.property());
    if (p == null) {
      throw new IllegalArgumentException(
          "cannot sort "
              + schema.modelName()
              + " by '"
              + sort.property()
              + "': it has no such"
              + " attribute; attributes: "
              + new TreeSet<>(attributes.keySet()));
    }
    io.osmos.query.Sort<T> key =
        new io.osmos.query.Sort<>(p, sort.isDescending(), sort.ignoreCase());
    return query.thenBy(key);
  }

  // ---- internals -------------------------------------------------------------------------------

  // The stored entity is of the caller's class: Osmos decodes into the model's class, and
  // Jakarta Data's <S extends T> is that class in practice.
  @SuppressWarnings("unchecked")
  private static <S, T> S same(S given, T stored) {
    return (S) stored;
  }

  private OsmosException context(OsmosException e, String operation, Object key) {
    return e.in(null, schema.bucket(), key, operation);
  }

  private static <R> R call(Supplier<R> operation) {
    try {
      return operation.get();
    } catch (OsmosException e) {
      throw JakartaExceptions.translate(e);
    }
  }
}
