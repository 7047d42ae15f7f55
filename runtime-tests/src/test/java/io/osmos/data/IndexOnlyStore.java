package io.osmos.data;

import io.osmos.memory.MemoryDriver;
import io.osmos.query.Patch;
import io.osmos.query.Query;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.DocumentCollection;
import io.osmos.spi.DocumentStore;
import io.osmos.spi.Slice;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Memory driver as a store that evaluates queries with its indexes only, as Redis and Riak do:
 * what a Jakarta Data repository does on such a store.
 */
final class IndexOnlyStore implements DocumentStore {
  private final MemoryDriver memory = new MemoryDriver();

  @Override
  public String kind() {
    return "index-only";
  }

  @Override
  public <T, K> DocumentCollection<T, K> collection(ModelSchema<T, K> model) {
    DocumentCollection<T, K> c = memory.collection(model);
    return new DocumentCollection<>() {
      @Override
      public Optional<T> get(K key) {
        return c.get(key);
      }

      @Override
      public Map<K, T> getAll(List<K> keys) {
        return c.getAll(keys);
      }

      @Override
      public T insert(T m) {
        return c.insert(m);
      }

      @Override
      public T save(T m) {
        return c.save(m);
      }

      @Override
      public List<T> saveAll(List<T> models) {
        return c.saveAll(models);
      }

      @Override
      public Optional<T> update(K key, Patch<T> patch) {
        return c.update(key, patch);
      }

      @Override
      public boolean delete(K key) {
        return c.delete(key);
      }

      @Override
      public int deleteAll(List<K> keys) {
        return c.deleteAll(keys);
      }

      @Override
      public Slice<T> find(Query<T> query, int pageSize, byte[] after) {
        return c.find(query, pageSize, after);
      }

      @Override
      public long count(Query<T> query) {
        return c.count(query);
      }

      @Override
      public Stream<T> scan() {
        return c.scan();
      }
    };
  }
}
