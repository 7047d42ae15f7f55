package io.osmos.rethinkdb;

import io.osmos.schema.ModelSchema;
import io.osmos.spi.Driver;
import io.osmos.testkit.DocumentStoreConformance;
import io.osmos.testkit.server.RethinkTestServer;
import java.util.Map;
import java.util.Set;

/** The document-store conformance suite against the RethinkDB test server. */
class RethinkDocumentStoreConformanceTest extends DocumentStoreConformance {
  @Override
  protected Driver newDriver() {
    return new RethinkDriver(RethinkTestServer.get().url("osmos_conformance"));
  }

  @Override
  @SuppressWarnings("unchecked")
  protected <T, K> void putRawDocument(
      ModelSchema<T, K> model, K key, Map<String, Object> document) {
    RethinkCollection<T, K> c =
        (RethinkCollection<T, K>) ((RethinkDriver) driver()).boundCollection(model.bucket());
    c.putRaw(key, document);
  }

  @Override
  @SuppressWarnings("unchecked")
  protected <T, K> Set<String> storedFieldNames(ModelSchema<T, K> model, K key) {
    RethinkCollection<T, K> c =
        (RethinkCollection<T, K>) ((RethinkDriver) driver()).boundCollection(model.bucket());
    return c.rawFieldNames(key);
  }

  /** ReQL filters and sorts on any field. */
  @Override
  protected boolean evaluatesQueriesOnServer() {
    return true;
  }

  /** RethinkDB's {@code downcase} folds ASCII letters only: comparisons ignoring case decline. */
  @Override
  protected boolean foldsCaseOnServer() {
    return false;
  }
}
