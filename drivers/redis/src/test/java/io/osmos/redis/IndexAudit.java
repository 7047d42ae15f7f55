package io.osmos.redis;

import io.osmos.codec.flat.FlatFormat;
import io.osmos.query.Property;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.TupleKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Checks, with a client of its own, that a bucket's keys set, index sets and entries hashes say
 * exactly what its documents say: no stale entry, no missing one, no orphan.
 */
final class IndexAudit {
  private IndexAudit() {}

  /** Every disagreement found, as readable lines; empty when the bucket is consistent. */
  static <T, K> List<String> problems(RedisClient c, String prefix, ModelSchema<T, K> schema) {
    return problems(c, List.of(c), prefix, schema, new BucketShards(prefix, schema, 1));
  }

  /**
   * The same for a bucket in {@code shards}: sorted sets and hashes are read with {@code c},
   * document and entries hashes are found by {@code SCAN} on each of {@code nodes} (the masters of
   * a cluster, or the single server).
   */
  static <T, K> List<String> problems(
      UnifiedJedis c,
      List<? extends UnifiedJedis> nodes,
      String prefix,
      ModelSchema<T, K> schema,
      BucketShards shards) {
    List<Property<T, ?>> indexes = schema.indexes();
    List<String> problems = new ArrayList<>();
    for (int s = 0; s < shards.count(); s++) {
      BucketKeys keys = shards.shard(s);
      String base = prefix + "{" + shards.tag(s) + "}:";
      Set<String> expectedKeys = new TreeSet<>();
      List<Set<String>> expectedIndex = new ArrayList<>();
      for (int i = 0; i < indexes.size(); i++) {
        expectedIndex.add(new TreeSet<>());
      }
      Set<String> docNames = new TreeSet<>();
      Set<String> entryNames = new TreeSet<>();
      for (UnifiedJedis node : nodes) {
        docNames.addAll(scan(node, base + "doc:*"));
        entryNames.addAll(scan(node, base + "entries:*"));
      }
      for (String doc : docNames) {
        T model = FlatFormat.decode(schema, c.hgetAll(doc));
        Object[] comps = schema.keyComponents(schema.key(model));
        if (shards.shardOf(comps) != s
            || !new String(keys.doc(comps), StandardCharsets.UTF_8).equals(doc)) {
          problems.add(doc + " holds the document of key " + List.of(comps));
        }
        expectedKeys.add(hex(TupleKey.encode(comps)));
        Map<String, String> expectedEntries = new HashMap<>();
        for (int i = 0; i < indexes.size(); i++) {
          Object v = indexes.get(i).get(model);
          if (v != null) {
            Object[] e = new Object[comps.length + 1];
            e[0] = v;
            System.arraycopy(comps, 0, e, 1, comps.length);
            String member = hex(TupleKey.encode(e));
            expectedIndex.get(i).add(member);
            expectedEntries.put(indexes.get(i).storedName(), member);
          }
        }
        Map<String, String> entries = new HashMap<>();
        c.hgetAll(keys.entries(comps))
            .forEach((k, v) -> entries.put(new String(k, StandardCharsets.UTF_8), hex(v)));
        if (!entries.equals(expectedEntries)) {
          problems.add(
              new String(keys.entries(comps), StandardCharsets.UTF_8)
                  + " is "
                  + entries
                  + ", expected "
                  + expectedEntries);
        }
      }
      for (String entries : entryNames) {
        String doc = base + "doc:" + entries.substring((base + "entries:").length());
        if (!docNames.contains(doc)) {
          problems.add(entries + " has no document");
        }
      }
      compare(problems, base + "keys", expectedKeys, members(c, keys.keys));
      for (int i = 0; i < indexes.size(); i++) {
        compare(
            problems,
            base + "idx:" + indexes.get(i).storedName(),
            expectedIndex.get(i),
            members(c, keys.indexes[i]));
      }
    }
    return problems;
  }

  private static void compare(
      List<String> problems, String what, Set<String> expected, Set<String> actual) {
    Set<String> stale = new TreeSet<>(actual);
    stale.removeAll(expected);
    Set<String> missing = new TreeSet<>(expected);
    missing.removeAll(actual);
    if (!stale.isEmpty()) {
      problems.add(what + " has stale entries " + stale);
    }
    if (!missing.isEmpty()) {
      problems.add(what + " misses entries " + missing);
    }
  }

  private static Set<String> members(UnifiedJedis c, byte[] key) {
    Set<String> out = new TreeSet<>();
    for (byte[] m : c.zrange(key, 0, -1)) {
      out.add(hex(m));
    }
    return out;
  }

  private static List<String> scan(UnifiedJedis c, String pattern) {
    List<String> out = new ArrayList<>();
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> r = c.scan(cursor, new ScanParams().match(pattern).count(500));
      out.addAll(r.getResult());
      cursor = r.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return out;
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
