package io.osmos.riak;

import io.osmos.schema.ModelSchema;
import io.osmos.spi.Driver;
import io.osmos.testkit.DocumentStoreConformance;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The conformance suite against a real Riak (2.x, leveldb or memory backend for 2i), run only when
 * {@code OSMOS_TEST_RIAK} names one, e.g. {@code OSMOS_TEST_RIAK=riak://127.0.0.1:8087} or {@code
 * riak://127.0.0.1:8087?bucketType=osmos} (the bucket type must exist and be active). It writes to
 * the {@code osmos_tk_*} buckets with keys unique to the run and deletes them afterwards.
 */
@EnabledIfEnvironmentVariable(named = "OSMOS_TEST_RIAK", matches = ".+")
class RealRiakDocumentStoreConformanceTest extends DocumentStoreConformance {
  @Override
  protected Driver newDriver() {
    return RiakDriver.fromUrl(System.getenv("OSMOS_TEST_RIAK"));
  }

  @Override
  protected <T, K> void putRawDocument(
      ModelSchema<T, K> model, K key, Map<String, Object> document) {
    TestRiak.putRaw((RiakDriver) driver(), model, key, document, true);
  }
}
