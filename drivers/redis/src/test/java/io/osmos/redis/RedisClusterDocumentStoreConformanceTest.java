package io.osmos.redis;

import io.osmos.schema.ModelSchema;
import io.osmos.spi.Driver;
import io.osmos.testkit.DocumentStoreConformance;
import io.osmos.testkit.server.RedisClusterTestServer;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;

/**
 * The Redis driver passes the document-store suite on a Redis Cluster of three masters and three
 * replicas, with every bucket split into 16 shards.
 */
class RedisClusterDocumentStoreConformanceTest extends DocumentStoreConformance {
  private RawRedis raw;

  @Override
  protected Driver newDriver() {
    RedisClusterTestServer cluster = RedisClusterTestServer.shared();
    raw = new RawRedis(cluster.url(), "osmos:");
    return new RedisDriver(cluster.url());
  }

  @Override
  protected <T, K> void putRawDocument(
      ModelSchema<T, K> model, K key, Map<String, Object> document) {
    raw.put(model, key, document);
  }

  @Override
  protected <T, K> Set<String> storedFieldNames(ModelSchema<T, K> model, K key) {
    return raw.fieldNames(model, key);
  }

  @AfterAll
  void closeRaw() {
    if (raw != null) {
      raw.close();
    }
  }
}
