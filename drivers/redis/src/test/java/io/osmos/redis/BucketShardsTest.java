package io.osmos.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Shard tags land in the middles of equal parts of the slots whatever the bucket is called, so a
 * cluster whose masters hold equal slot ranges (as {@code redis-cli --cluster create} makes them)
 * gets the same share of every bucket's shards.
 */
class BucketShardsTest {
  /** The first slot of each master's range, as redis-cli assigns them to three masters. */
  private static final int[] THREE_MASTERS = {0, 5461, 10923};

  @Test
  void sixteenShardsOfAnyBucketSplitFiveSixFiveOverThreeMasters() {
    Random random = new Random(3);
    for (int b = 0; b < 200; b++) {
      String bucket = "bucket_" + Long.toString(random.nextLong() >>> 1, 36);
      int[] perMaster = new int[3];
      for (int i = 0; i < 16; i++) {
        String tag = BucketShards.tag("osmos:", bucket, i, 16);
        int slot = JedisClusterCRC16.getSlot("osmos:{" + tag + "}:keys");
        assertTrue(
            Math.abs(slot - (i * 1024 + 512)) <= 32,
            bucket + " shard " + i + ": " + tag + " in slot " + slot);
        perMaster[slot >= THREE_MASTERS[2] ? 2 : slot >= THREE_MASTERS[1] ? 1 : 0]++;
      }
      assertEquals("[5, 6, 5]", Arrays.toString(perMaster), bucket);
    }
  }

  @Test
  void tagsAreNumberedAndPaddedToTheCount() {
    assertEquals("users", BucketShards.tag("osmos:", "users", 0, 1));
    for (int n : new int[] {2, 16, 100, 101, 1024}) {
      int digits = Math.max(2, Integer.toString(n - 1).length());
      for (int i = 0; i < n; i++) {
        String tag = BucketShards.tag("osmos:", "users", i, n);
        String plain = "users#" + String.format("%0" + digits + "d", i);
        assertTrue(
            tag.equals(plain) || tag.matches(java.util.regex.Pattern.quote(plain) + "\\.[0-9]+"),
            n + " shards, shard " + i + ": " + tag);
        int slot = JedisClusterCRC16.getSlot(tag);
        int part = 16384 / n;
        assertTrue(
            slot >= i * 16384L / n && slot < (i + 1) * 16384L / n + 1,
            n + " shards, shard " + i + " (" + tag + ") in slot " + slot + ", part " + part);
      }
    }
  }

  @Test
  void aKeyAlwaysMapsToTheSameShardInRange() {
    BucketShards shards = new BucketShards("osmos:", User_.MODEL, 16);
    int[] counts = new int[16];
    for (int k = 0; k < 16_000; k++) {
      int s = shards.shardOf(new Object[] {"user-" + k});
      assertEquals(s, shards.shardOf(new Object[] {"user-" + k}));
      counts[s]++;
    }
    for (int c : counts) {
      assertTrue(c > 800 && c < 1200, "keys per shard " + Arrays.toString(counts));
    }
  }
}
