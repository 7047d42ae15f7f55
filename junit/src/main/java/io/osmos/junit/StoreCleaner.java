package io.osmos.junit;

import io.osmos.Osmos;
import io.osmos.annotations.Model;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.DocumentCollection;
import io.osmos.spi.DocumentStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Deletes what tests wrote: every document of every bucket a repository bound through the registry,
 * through the driver's own API (a scan, then batched deletes). Stream models cannot be cleared so:
 * their topics, lookup logs and warehouse rows have no delete in Osmos.
 */
final class StoreCleaner {
  private static final int BATCH = 500;

  private StoreCleaner() {}

  /**
   * Clears the buckets bound through {@code osmos}, except on the drivers {@code skipped}.
   *
   * @return what could not be cleared, one line each
   */
  static List<String> clear(Osmos osmos, Set<String> skipped) {
    List<String> notCleared = new ArrayList<>();
    for (Osmos.BoundModel b : osmos.boundModels()) {
      if (skipped.contains(b.driverName())) {
        continue;
      }
      io.osmos.spi.Driver driver = osmos.driver(b.driverName());
      String where =
          "bucket '"
              + b.model().bucket()
              + "' of driver '"
              + b.driverName()
              + "' ("
              + driver.kind()
              + ")";
      if (b.model().kind() == Model.Kind.DOCUMENT && driver instanceof DocumentStore store) {
        try {
          clear(store, b.model(), Math.min(BATCH, Math.max(1, driver.limits().maxBatch())));
        } catch (RuntimeException e) {
          throw new IllegalStateException("cannot clear " + where + ": " + e.getMessage(), e);
        }
      } else {
        notCleared.add(
            where
                + " was not cleared: "
                + (b.model().kind() == Model.Kind.STREAM
                    ? "the topic, lookup log and warehouse rows of a stream model cannot be deleted"
                        + " through Osmos; use a memory: driver with a registry per test"
                    : "the driver is not a document store"));
      }
    }
    return notCleared;
  }

  private static <T, K> void clear(DocumentStore store, ModelSchema<T, K> model, int batch) {
    DocumentCollection<T, K> documents = store.collection(model);
    // Keys first, deletes after: a store's scan need not tolerate deletes under it.
    List<K> keys;
    try (Stream<T> all = documents.scan()) {
      keys = all.map(model::key).toList();
    }
    for (int i = 0; i < keys.size(); i += batch) {
      documents.deleteAll(keys.subList(i, Math.min(keys.size(), i + batch)));
    }
  }
}
