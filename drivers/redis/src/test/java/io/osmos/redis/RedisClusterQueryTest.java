package io.osmos.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.query.Query;
import io.osmos.spi.DocumentCollection;
import io.osmos.spi.Slice;
import io.osmos.testkit.server.RedisClusterTestServer;
import io.osmos.testkit.server.RedisTestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Queries on a sharded bucket answer exactly what one sorted set on a single server answers: the
 * same documents in the same order, page by page, with byte-identical cursors, and the same counts.
 * The same 2,000 documents (many sharing an index value, so ties are broken by key) are written to
 * a single server and to a cluster with 16 shards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisClusterQueryTest {
  private static final int DOCS = 2000;
  private final String prefix = "q" + Long.toString(new Random().nextLong() >>> 1, 36) + ":";
  private RedisDriver single;
  private RedisDriver cluster;
  private DocumentCollection<Job, Long> one;
  private DocumentCollection<Job, Long> sharded;
  private final List<Long> ids = new ArrayList<>();

  @BeforeAll
  void write() {
    RedisDriver.Options options = RedisDriver.Options.defaults().keyPrefix(prefix);
    single = new RedisDriver(RedisTestServer.shared().url(), options);
    cluster = new RedisDriver(RedisClusterTestServer.shared().url(), options);
    one = single.collection(Job_.MODEL);
    sharded = cluster.collection(Job_.MODEL);
    Random random = new Random(17);
    List<Job> batch = new ArrayList<>();
    for (long id = 1; id <= DOCS; id++) {
      ids.add(id);
      batch.add(new Job(id, "s" + random.nextInt(5), random.nextInt(50), "n" + id));
      if (batch.size() == 500) {
        one.saveAll(batch);
        sharded.saveAll(batch);
        batch.clear();
      }
    }
  }

  @AfterAll
  void cleanUp() {
    try {
      if (one != null) {
        one.deleteAll(ids);
      }
      if (sharded != null) {
        assertEquals(DOCS, sharded.deleteAll(ids), "deleteAll counts over every shard");
        assertEquals(0, sharded.count(Query.all()));
      }
    } finally {
      if (single != null) {
        single.close();
      }
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  private List<Query<Job>> queries() {
    return List.of(
        Query.all(),
        Job_.state.eq("s2"),
        Job_.state.prefix("s"),
        Job_.priority.between(10L, 30L),
        Job_.priority.gte(25L).orderBy(Job_.priority),
        Job_.state.eq("s1").and(Job_.priority.lt(20L)),
        Job_.priority.gt(40L).and(Job_.state.eq("s3")),
        Query.<Job>all().orderBy(Job_.state),
        Job_.id.gt(1500L),
        Job_.state.eq("none"));
  }

  @Test
  void everyPageAndCursorIsTheSingleServers() {
    for (Query<Job> q : queries()) {
      for (int pageSize : new int[] {1, 7, 100, 999, 5000}) {
        if (pageSize == 1 && !q.conditions().isEmpty() && one.count(q) > 300) {
          continue; // a page of one over hundreds of hits: covered by the other sizes
        }
        byte[] afterOne = null;
        byte[] afterSharded = null;
        int pages = 0;
        int seen = 0;
        do {
          Slice<Job> a = one.find(q, pageSize, afterOne);
          Slice<Job> b = sharded.find(q, pageSize, afterSharded);
          assertEquals(a.items(), b.items(), q + ", page " + pages + " of " + pageSize);
          assertArrayEquals(a.continuation(), b.continuation(), q + ", cursor of page " + pages);
          afterOne = a.continuation();
          afterSharded = b.continuation();
          seen += a.items().size();
          pages++;
        } while (afterOne != null);
        assertEquals(one.count(q), seen, q + ": pages of " + pageSize + " hold every match");
      }
      assertEquals(one.count(q), sharded.count(q), q + ": count");
    }
    assertEquals(DOCS, sharded.count(Query.all()));
    assertTrue(sharded.count(Job_.state.eq("s2")) > 300, "the data has many equal values");
  }

  @Test
  void scanStreamsEveryDocumentOfEveryShardOnce() {
    try (var all = sharded.scan()) {
      List<Long> seen = all.map(Job::id).sorted().toList();
      assertEquals(ids, seen);
    }
  }
}
