package io.osmos.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.Osmos;
import io.osmos.spi.TupleKey;
import io.osmos.testkit.server.RedisClusterTestServer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The cluster layout the README documents: the shard count stored at first bind, a document, its
 * index entries and its keys-set member under its shard's hash tag (the CRC-32 of its key's tuple
 * encoding, modulo the count), shard tags spread over the slots, and a second driver that asks for
 * another count refused with a message naming both.
 */
class RedisClusterLayoutTest {
  private final String prefix = "l" + Long.toString(new Random().nextLong() >>> 1, 36) + ":";

  private Osmos osmos(String url, RedisDriver.Options options) {
    return Osmos.builder().driver("db", new RedisDriver(url, options.keyPrefix(prefix))).build();
  }

  @Test
  void aDocumentItsIndexEntriesAndItsKeyLiveInItsShard() {
    RedisClusterTestServer cluster = RedisClusterTestServer.shared();
    try (Osmos osmos = osmos(cluster.url(), RedisDriver.Options.defaults());
        RawRedis raw = new RawRedis(cluster.url(), prefix)) {
      UserRepository users = new UserRepository(osmos);
      assertEquals("16", raw.unified().get(prefix + "{users}:shards"), "stored at first bind");
      for (int i = 0; i < 16; i++) {
        String tag = BucketShards.tag(prefix, "users", i, 16);
        assertTrue(tag.matches("users#" + String.format("%02d", i) + "(\\.[0-9]+)?"), tag);
        int slot = JedisClusterCRC16.getSlot(tag);
        int middle = i * 1024 + 512;
        assertTrue(
            slot >= middle - 32 && slot < middle + 32,
            "shard " + i + " (" + tag + ") is in slot " + slot + ", not the middle of its part");
      }

      String id = "ann-" + prefix;
      User ann =
          users.insert(
              new User(
                  id,
                  id + "@example.org",
                  31,
                  true,
                  null,
                  List.of(),
                  Instant.parse("2024-05-01T10:15:30Z"),
                  0));
      CRC32 crc = new CRC32();
      crc.update(TupleKey.encode(new Object[] {id}));
      int shard = (int) (crc.getValue() % 16);
      String base = prefix + "{" + BucketShards.tag(prefix, "users", shard, 16) + "}:";
      assertEquals(id + "@example.org", raw.unified().hget(base + "doc:" + id, "email"));
      assertEquals("1", raw.unified().hget(base + "doc:" + id, "version"));
      byte[] member = TupleKey.encode(new Object[] {id + "@example.org", id});
      assertEquals(
          List.of(new String(member, StandardCharsets.ISO_8859_1)),
          raw
              .unified()
              .zrangeByLex(
                  (base + "idx:email").getBytes(StandardCharsets.UTF_8),
                  "-".getBytes(StandardCharsets.UTF_8),
                  "+".getBytes(StandardCharsets.UTF_8))
              .stream()
              .map(b -> new String(b, StandardCharsets.ISO_8859_1))
              .toList());
      assertEquals(1, raw.unified().zcard(base + "keys"));
      assertTrue(raw.unified().exists(base + "entries:" + id));

      // A second process with another setting: refused, naming both counts.
      try (Osmos other = osmos(cluster.url(), RedisDriver.Options.defaults().shards(8))) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> new UserRepository(other));
        String message = messages(e);
        assertTrue(message.contains("has 16 shards") && message.contains("set to 8"), message);
      }
      // One without a setting uses the stored count.
      try (Osmos same = osmos(cluster.url(), RedisDriver.Options.defaults())) {
        assertEquals(Optional.of(ann), new UserRepository(same).get(id));
      }
      users.delete(id);
    }
  }

  @Test
  void aClusterUrlInTheConfigurationRunsTheDriverOnTheCluster() {
    RedisClusterTestServer cluster = RedisClusterTestServer.shared();
    Map<String, String> env =
        Map.of("OSMOS_DRIVER_DB", cluster.url() + "?prefix=" + prefix + "&shards=4");
    try (Osmos osmos = Osmos.builder().fromEnvironment(env).build();
        RawRedis raw = new RawRedis(cluster.url(), prefix)) {
      assertEquals("redis", osmos.driver("db").kind());
      UserRepository users = new UserRepository(osmos);
      User bob =
          users.insert(
              new User(
                  "bob",
                  "bob@example.org",
                  40,
                  true,
                  null,
                  List.of(),
                  Instant.parse("2024-05-01T10:15:30Z"),
                  0));
      assertEquals(List.of(bob), users.findByEmail("bob@example.org"));
      assertEquals("4", raw.unified().get(prefix + "{users}:shards"));
      users.delete("bob");
    }
  }

  private static String messages(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      b.append(c.getMessage()).append(" / ");
    }
    return b.toString();
  }
}
