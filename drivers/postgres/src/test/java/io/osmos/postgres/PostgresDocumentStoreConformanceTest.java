package io.osmos.postgres;

import io.osmos.schema.ModelSchema;
import io.osmos.spi.Driver;
import io.osmos.testkit.DocumentStoreConformance;
import java.util.Map;
import java.util.Set;

class PostgresDocumentStoreConformanceTest extends DocumentStoreConformance {
  @Override
  protected Driver newDriver() {
    return TestPostgres.newDriver();
  }

  /** PostgreSQL's {@code text}, and the text {@code ->>} takes from {@code json}, hold no NUL. */
  @Override
  protected boolean storesNulInStrings() {
    return false;
  }

  /** Every plan runs as SQL over the document. */
  @Override
  protected boolean evaluatesQueriesOnServer() {
    return true;
  }

  @Override
  protected <T, K> void putRawDocument(ModelSchema<T, K> model, K key, Map<String, Object> doc) {
    TestPostgres.putRawDocument(model, key, doc);
  }

  @Override
  protected <T, K> Set<String> storedFieldNames(ModelSchema<T, K> model, K key) {
    return TestPostgres.storedFieldNames(model, key);
  }
}
