package io.osmos.redis;

import com.fasterxml.jackson.core.JsonGenerator;
import io.osmos.codec.json.JsonFormat;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.TupleKey;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Writes documents the way another program would: straight into the driver's key layout with a
 * client of its own, bypassing the driver's scripts (and so its checks). On a cluster it follows
 * the bucket's shards (their count as the driver stored it).
 */
final class RawRedis implements AutoCloseable {
  private final UnifiedJedis client;
  private final String prefix;
  private final boolean cluster;

  RawRedis(String url, String prefix) {
    this.cluster = url.startsWith(RedisUrl.CLUSTER_SCHEME + ":");
    this.client =
        cluster
            ? RedisClusterClient.create(java.util.Set.copyOf(RedisUrl.parse(url).nodes()))
            : RedisClient.create(URI.create(url));
    this.prefix = prefix;
  }

  /** The client of a single server. */
  RedisClient client() {
    return (RedisClient) client;
  }

  /** The client, of a single server or a cluster. */
  UnifiedJedis unified() {
    return client;
  }

  /** The shards of {@code model}'s bucket, as the driver laid them out. */
  BucketShards shards(ModelSchema<?, ?> model) {
    if (!cluster) {
      return new BucketShards(prefix, model, 1);
    }
    String count = client.get(prefix + "{" + model.bucket() + "}:shards");
    return new BucketShards(prefix, model, Integer.parseInt(count));
  }

  /** The keys of the shard that holds {@code key}'s document. */
  <K> BucketKeys keysOf(ModelSchema<?, K> model, K key) {
    BucketShards shards = shards(model);
    return shards.shard(shards.shardOf(model.keyComponents(key)));
  }

  /** The name of {@code key}'s document hash. */
  <K> String docKey(ModelSchema<?, K> model, K key) {
    return new String(keysOf(model, key).doc(model.keyComponents(key)), StandardCharsets.UTF_8);
  }

  /**
   * Replaces the hash of {@code key} with {@code tree}'s fields, each as the flat format's text,
   * and lists the key in the bucket's keys set. Index entries are left as they are.
   */
  <K> void put(ModelSchema<?, K> model, K key, Map<String, Object> tree) {
    BucketKeys keys = keysOf(model, key);
    Object[] comps = model.keyComponents(key);
    Map<String, String> hash = new LinkedHashMap<>();
    tree.forEach(
        (field, value) -> {
          if (value != null) {
            hash.put(field, text(value));
          }
        });
    String doc = new String(keys.doc(comps), StandardCharsets.UTF_8);
    client.del(doc);
    client.hset(doc, hash);
    client.zadd(keys.keys, 0, TupleKey.encode(comps));
  }

  /** The field names of {@code key}'s hash, or null when it does not exist. */
  <K> Set<String> fieldNames(ModelSchema<?, K> model, K key) {
    Set<String> names = client.hkeys(docKey(model, key));
    return names.isEmpty() ? null : names;
  }

  /** A tree value as the flat format stores it. */
  static String text(Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (value instanceof byte[] b) {
      return Base64.getEncoder().encodeToString(b);
    }
    if (value instanceof List<?> || value instanceof Map<?, ?>) {
      StringWriter out = new StringWriter();
      try (JsonGenerator g = JsonFormat.createGenerator(out)) {
        JsonFormat.writer(g).any(value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toString();
    }
    return String.valueOf(value); // Long, Double, Boolean, Instant
  }

  @Override
  public void close() {
    client.close();
  }
}
