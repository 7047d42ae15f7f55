package io.osmos.spi;

import io.osmos.query.Patch;
import io.osmos.query.Query;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One bucket of a {@link DocumentStore}, bound to a model. The repository validates models, runs
 * hooks and checks limits before calling it; the collection stores, keeps indexes exact and
 * enforces keys and versions atomically. Failures of the store are {@code DriverException}s.
 *
 * @param <T> the model
 * @param <K> its key type
 */
public interface DocumentCollection<T, K> {
  /** The stored model, or empty. Never throws for a missing key. */
  Optional<T> get(K key);

  /**
   * The stored models among {@code keys}, in the order of {@code keys}; missing keys are absent.
   */
  Map<K, T> getAll(List<K> keys);

  /**
   * Stores a new model. A missing key (see {@code ModelSchema.key}) is generated. A versioned model
   * is stored with version 1.
   *
   * @return the stored model, with its key and version
   * @throws io.osmos.exceptions.DuplicateKeyException if the key is taken
   */
  T insert(T model);

  /**
   * Upserts. With {@code @Version}: stores only if the stored version equals the model's (a missing
   * model counts as version 0), then increments it.
   *
   * @return the stored model (new version)
   * @throws io.osmos.exceptions.ConcurrentUpdateException on a version mismatch
   */
  T save(T model);

  /** Upserts all, atomically where the store can; each with the version rule of {@link #save}. */
  List<T> saveAll(List<T> models);

  /**
   * Applies a patch atomically, field by field, and increments the version (checking it first when
   * the patch expects one).
   *
   * @return the model after the patch, or empty when no model has that key
   */
  Optional<T> update(K key, Patch<T> patch);

  /** Deletes; true when a model was there. */
  boolean delete(K key);

  /** Deletes all of {@code keys}; returns how many were there. */
  int deleteAll(List<K> keys);

  /**
   * One page of a query, in the order {@link Query} documents. The repository passes only bound
   * queries, and only {@linkplain Query#isIndexServed() index-served} ones unless {@link
   * #evaluatesOnServer()}. The query's offset applies to the first page ({@code after} null); the
   * repository never passes an offset to a collection that does not evaluate on the server.
   *
   * @param after the continuation returned with the previous page, or null for the first page
   * @throws io.osmos.exceptions.UnsupportedQueryException if the store cannot evaluate it with its
   *     indexes
   */
  Slice<T> find(Query<T> query, int pageSize, byte[] after);

  /** How many models match (ignoring the query's offset and limit). */
  long count(Query<T> query);

  /**
   * Whether the store evaluates any query plan on the server: every {@link io.osmos.query.Filter}
   * (conditions on any top-level field, {@code IN}, {@code LIKE}, {@code IS NULL}, {@code NOT},
   * {@code OR}, ignoring case), several sort keys in either direction, and offsets. When false, the
   * repository declines plans that are not {@linkplain Query#isIndexServed() index-served} with
   * {@code UnsupportedQueryException} before calling {@link #find} or {@link #count}, so a store
   * that cannot filter is never asked to scan a bucket.
   */
  default boolean evaluatesOnServer() {
    return false;
  }

  /**
   * For a store that {@link #evaluatesOnServer()}: why it cannot evaluate {@code plan} after all
   * (for example a comparison ignoring case that the server folds differently), naming the
   * attribute; empty when it can. The repository declines such a plan with {@code
   * UnsupportedQueryException} before calling {@link #find} or {@link #count}.
   */
  default java.util.Optional<String> declines(Query<T> plan) {
    return java.util.Optional.empty();
  }

  /**
   * Deletes every model matching {@code query} (its offset and limit included) in one atomic
   * operation of the store, and returns how many; or returns -1 when the store has no such
   * operation, and the repository then deletes the matches page by page (not atomically).
   */
  default long deleteMatching(Query<T> query) {
    return -1;
  }

  /**
   * Every model of the bucket, streamed with bounded memory; close the stream (try-with-resources)
   * to release the store's cursor. Order is the store's.
   */
  Stream<T> scan();
}
