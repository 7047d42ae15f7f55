package io.osmos.redis;

import io.osmos.schema.ModelSchema;
import io.osmos.spi.TupleKey;
import java.util.zip.CRC32;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The shards of one bucket (see the README's "Redis Cluster"). A bucket on a single server is one
 * shard whose keys carry the tag {@code {bucket}}. On a cluster a bucket has a fixed number of
 * shards, each with a hash tag of its own, so each lives in one slot and the buckets' data spread
 * over the masters:
 *
 * <ul>
 *   <li>a document belongs to shard {@code crc32(TupleKey.encode(key)) mod count} (zlib's CRC-32,
 *       as {@link CRC32} computes it, of the key's tuple encoding, read as an unsigned number), so
 *       the document, its index entries and its keys-set member live in one slot and every write
 *       stays one script;
 *   <li>shard {@code i} of {@code n} has the tag {@code bucket#ii} ({@code i} in decimal,
 *       zero-padded to the digits of {@code n - 1}, at least two) when that tag's slot lies in the
 *       middle of the {@code i}-th of {@code n} equal parts of the 16384 slots (the {@code w =
 *       min(64, max(1, 16384 / n / 4))} slots from {@code (2i + 1) * 16384 / (2n) - w / 2} on, in
 *       integer arithmetic); otherwise the first of {@code bucket#ii.1}, {@code bucket#ii.2}, ...
 *       whose slot does. A cluster gives each master a contiguous range of slots, so shards placed
 *       at the middles of equal parts spread as evenly as they can over the masters (16 shards on
 *       three masters: 5, 6 and 5), whatever the bucket's name;
 *   <li>a bucket of one shard keeps the single-server layout ({@code {bucket}}).
 * </ul>
 */
final class BucketShards {
  /** The shard count of a bucket first bound on a cluster, unless the options say otherwise. */
  static final int DEFAULT_COUNT = 16;

  /** The most shards a bucket may have: every query asks each of them. */
  static final int MAX_COUNT = 1024;

  private static final int SLOTS = 16384;

  /** How many suffixes are tried for a tag in its part of the slots before taking the plain one. */
  private static final int MAX_TRIES = 100_000;

  private final BucketKeys[] shards;
  private final String[] tags;

  BucketShards(String prefix, ModelSchema<?, ?> schema, int count) {
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException(
          "a bucket has 1 to " + MAX_COUNT + " shards, not " + count);
    }
    this.shards = new BucketKeys[count];
    this.tags = new String[count];
    for (int i = 0; i < count; i++) {
      tags[i] = tag(prefix, schema.bucket(), i, count);
      shards[i] = new BucketKeys(prefix, schema, tags[i]);
    }
  }

  /** The number of shards. */
  int count() {
    return shards.length;
  }

  /** The keys of shard {@code i}. */
  BucketKeys shard(int i) {
    return shards[i];
  }

  /** The hash tag of shard {@code i}, without its braces. */
  String tag(int i) {
    return tags[i];
  }

  /** The shard of the document with the key whose tuple encoding is {@code keyMember}. */
  int shardOf(byte[] keyMember) {
    if (shards.length == 1) {
      return 0;
    }
    CRC32 crc = new CRC32();
    crc.update(keyMember);
    return (int) (crc.getValue() % shards.length);
  }

  /** The shard of the document with the key {@code components}. */
  int shardOf(Object[] components) {
    return shards.length == 1 ? 0 : shardOf(TupleKey.encode(components));
  }

  /** The hash tag of shard {@code i} of {@code count}; see the class comment. */
  static String tag(String prefix, String bucket, int i, int count) {
    if (count == 1) {
      return bucket;
    }
    int digits = Math.max(2, Integer.toString(count - 1).length());
    String plain = bucket + "#" + "0".repeat(digits - Integer.toString(i).length()) + i;
    int width = Math.min(64, Math.max(1, SLOTS / count / 4));
    int low = (2 * i + 1) * SLOTS / (2 * count) - width / 2;
    int high = low + width;
    for (int n = 0; n < MAX_TRIES; n++) {
      String tag = n == 0 ? plain : plain + "." + n;
      // The slot of a key name of the shard, as Redis computes it (a '{' or '}' in the bucket's
      // name changes which part of the name is hashed, and then no suffix may help).
      int slot = JedisClusterCRC16.getSlot(prefix + "{" + tag + "}:keys");
      if (slot >= low && slot < high) {
        return tag;
      }
    }
    return plain;
  }
}
