package io.osmos.spi;

import io.osmos.schema.ModelSchema;

/** The document-store capability: keyed documents with secondary indexes. */
public interface DocumentStore extends Driver {
  /**
   * Binds a model: the driver checks it can store it (index types, key size), prepares storage
   * (tables, indexes) and returns the collection the repository works through. Called once per
   * repository; may be called again for the same model and must then be cheap.
   */
  <T, K> DocumentCollection<T, K> collection(ModelSchema<T, K> model);
}
