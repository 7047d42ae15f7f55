package io.osmos;

import io.osmos.query.Query;
import io.osmos.schema.ModelSchema;
import java.util.List;

/** Stand-in for the runtime's stream repository, used only when the runtime lacks it. */
public abstract class StreamRepository<T, K> {
  protected StreamRepository(Osmos osmos, ModelSchema<T, K> schema) {}

  protected StreamRepository(Osmos osmos, String driverName, ModelSchema<T, K> schema) {}

  public List<T> findAll(Query<T> query) {
    throw new UnsupportedOperationException();
  }

  public Page<T> find(Query<T> query, PageRequest page) {
    throw new UnsupportedOperationException();
  }
}
