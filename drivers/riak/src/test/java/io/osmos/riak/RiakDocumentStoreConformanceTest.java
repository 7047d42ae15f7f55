package io.osmos.riak;

import io.osmos.schema.ModelSchema;
import io.osmos.spi.Driver;
import io.osmos.testkit.DocumentStoreConformance;
import java.util.Map;
import java.util.Set;

/**
 * The conformance suite against the fake Riak server, in a bucket type whose buckets allow siblings
 * ({@code allow_mult=true}, Riak 2's default for bucket types): the driver's conditional writes
 * must keep concurrent writers from leaving siblings behind.
 */
class RiakDocumentStoreConformanceTest extends DocumentStoreConformance {
  @Override
  protected Driver newDriver() {
    return RiakDriver.builder().port(TestRiak.fake().port()).bucketType("osmos").build();
  }

  @Override
  protected <T, K> void putRawDocument(
      ModelSchema<T, K> model, K key, Map<String, Object> document) {
    TestRiak.putRaw((RiakDriver) driver(), model, key, document, true);
  }

  @Override
  protected <T, K> Set<String> storedFieldNames(ModelSchema<T, K> model, K key) {
    return TestRiak.storedFieldNames((RiakDriver) driver(), model, key);
  }
}
