package io.osmos.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.Osmos;
import io.osmos.testkit.server.RedisClusterTestServer;
import io.osmos.testkit.server.RedisTestServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * A bucket's documents spread evenly over the cluster's masters: 10,000 documents of one bucket (16
 * shards) are counted on each master with {@code SCAN}, and each master holds a third of them
 * within 15%.
 */
class RedisClusterDistributionTest {
  private static final int DOCS = 10_000;

  @Test
  void tenThousandDocumentsOfOneBucketSpreadOverTheThreeMasters() {
    RedisClusterTestServer cluster = RedisClusterTestServer.shared();
    String prefix = "d" + Long.toString(new Random().nextLong() >>> 1, 36) + ":";
    Osmos osmos =
        Osmos.builder()
            .driver(
                "db",
                new RedisDriver(cluster.url(), RedisDriver.Options.defaults().keyPrefix(prefix)))
            .build();
    List<String> ids = new ArrayList<>();
    try {
      UserRepository users = new UserRepository(osmos);
      List<User> batch = new ArrayList<>();
      for (int i = 0; i < DOCS; i++) {
        String id = "user-" + i;
        ids.add(id);
        batch.add(
            new User(
                id,
                id + "@example.org",
                20 + i % 50,
                true,
                null,
                List.of(),
                Instant.ofEpochSecond(1_700_000_000L + i),
                0));
        if (batch.size() == 1000) {
          users.saveAll(batch);
          batch.clear();
        }
      }
      assertEquals(DOCS, users.count());

      Map<Integer, Long> perMaster = new LinkedHashMap<>();
      for (RedisTestServer master : cluster.masters()) {
        try (RedisClient c = RedisClient.create(master.host(), master.port())) {
          long docs = countKeys(c, prefix + "{users*}:doc:*");
          perMaster.put(master.port(), docs);
          System.out.println(
              "master 127.0.0.1:"
                  + master.port()
                  + ": "
                  + docs
                  + " documents of the bucket, DBSIZE "
                  + c.dbSize());
        }
      }
      assertEquals(3, perMaster.size(), "masters: " + perMaster);
      assertEquals(
          DOCS,
          perMaster.values().stream().mapToLong(Long::longValue).sum(),
          "every document is on exactly one master: " + perMaster);
      double third = DOCS / 3.0;
      for (Map.Entry<Integer, Long> e : perMaster.entrySet()) {
        assertTrue(
            Math.abs(e.getValue() - third) <= 0.15 * third,
            "master "
                + e.getKey()
                + " holds "
                + e.getValue()
                + " of "
                + DOCS
                + " documents, not a third within 15%: "
                + perMaster);
      }
    } finally {
      try {
        for (int i = 0; i < ids.size(); i += 1000) {
          new UserRepository(osmos).deleteAll(ids.subList(i, Math.min(ids.size(), i + 1000)));
        }
      } finally {
        osmos.close();
      }
    }
  }

  private static long countKeys(RedisClient c, String pattern) {
    long n = 0;
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> r = c.scan(cursor, new ScanParams().match(pattern).count(1000));
      n += r.getResult().size();
      cursor = r.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return n;
  }
}
