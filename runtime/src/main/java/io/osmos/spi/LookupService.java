package io.osmos.spi;

import io.osmos.schema.ModelSchema;

/**
 * The lookup capability (Beneath's {@code LookupService}): an append-only log with monotonic
 * offsets plus a primary index and secondary indexes that keep the newest record per key (last
 * writer wins by the model's {@code @Timestamp}).
 */
public interface LookupService extends Driver {
  /** Binds a stream model, creating its storage if needed. */
  <T, K> LookupTable<T, K> lookupTable(ModelSchema<T, K> model);
}
