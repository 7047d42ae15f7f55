package io.osmos.testkit.memory;

import io.osmos.memory.MemoryDriver;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.Driver;
import io.osmos.testkit.DocumentStoreConformance;
import java.util.Map;
import java.util.Set;

/** The in-memory driver passes the document-store suite (from another package, as drivers do). */
class MemoryDocumentStoreConformanceTest extends DocumentStoreConformance {
  @Override
  protected Driver newDriver() {
    return new MemoryDriver();
  }

  @Override
  protected <T, K> void putRawDocument(
      ModelSchema<T, K> model, K key, Map<String, Object> document) {
    ((MemoryDriver) driver()).putRaw(model.bucket(), document);
  }

  @Override
  protected <T, K> Set<String> storedFieldNames(ModelSchema<T, K> model, K key) {
    Map<String, Object> tree = ((MemoryDriver) driver()).getRaw(model.bucket(), key);
    return tree == null ? null : tree.keySet();
  }

  @Override
  protected boolean evaluatesQueriesOnServer() {
    return true;
  }
}
