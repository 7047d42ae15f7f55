package io.osmos.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.Osmos;
import io.osmos.spi.Message;
import io.osmos.testkit.server.RedisTestServer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the driver writes is readable with Redis's own client in the layout the README documents:
 * each check writes through the driver and reads with {@code redis-cli}.
 */
class RedisLayoutTest {
  private final String id =
      "ann-" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  private RedisTestServer redis;
  private Osmos osmos;
  private UserRepository users;

  @BeforeEach
  void connect() {
    redis = RedisTestServer.shared();
    osmos = Osmos.builder().driver("db", new RedisDriver(redis.url())).build();
    users = new UserRepository(osmos);
  }

  @AfterEach
  void cleanUp() {
    try {
      users.delete(id);
    } finally {
      osmos.close();
    }
  }

  private User ann() {
    return new User(
        id,
        id + "@example.org",
        31,
        true,
        new Address("Oslo", "0150"),
        List.of("a", "b"),
        Instant.parse("2024-05-01T10:15:30Z"),
        0);
  }

  @Test
  void aDocumentIsOneHashWithOneReadableFieldPerTopLevelField() {
    users.insert(ann());
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("id", id);
    expected.put("email", id + "@example.org");
    expected.put("age", "31");
    expected.put("active", "true");
    expected.put("address", "{\"city\":\"Oslo\",\"postcode\":\"0150\"}");
    expected.put("tags", "[\"a\",\"b\"]");
    expected.put("createdAt", "2024-05-01T10:15:30Z");
    expected.put("version", "1");
    assertEquals(expected, pairs(redis.cli("HGETALL", "osmos:{users}:doc:" + id)));
  }

  @Test
  void indexesAreSortedSetsOfValueAndKeyAndEachDocumentListsItsEntries() {
    users.insert(ann());
    // Tuple encoding: 0x02 starts a string, 0x00 ends it; the key follows the value.
    String member = "\"\\x02" + id + "@example.org\\x00\\x02" + id + "\\x00\"";
    List<String> index =
        List.of(
            redis
                .cli("--no-raw", "ZRANGE", "osmos:{users}:idx:email", "0", "-1", "WITHSCORES")
                .split("\n"));
    int at = -1;
    for (int i = 0; i < index.size(); i++) {
      if (index.get(i).endsWith(member)) {
        at = i;
      }
    }
    assertTrue(at >= 0, "the email index holds (email, key): " + index);
    assertTrue(
        index.get(at + 1).endsWith("\"0\""),
        "members have score 0, so the order is the members' bytes: " + index);
    Map<String, String> entries =
        pairs(unnumbered(redis.cli("--no-raw", "HGETALL", "osmos:{users}:entries:" + id)));
    assertEquals(List.of("\"email\"", "\"createdAt\""), List.copyOf(entries.keySet()));
    assertEquals(member, entries.get("\"email\""));
    assertTrue(
        redis
            .cli("--no-raw", "ZRANGE", "osmos:{users}:keys", "0", "-1")
            .contains("\"\\x02" + id + "\\x00\""),
        "the keys set lists the document's key");
  }

  @Test
  void aPatchChangesOnlyItsFieldsAndTheVersion() {
    users.insert(ann());
    users.update(id, p -> p.incrementAge(2).email(id + "@example.com"));
    Map<String, String> stored = pairs(redis.cli("HGETALL", "osmos:{users}:doc:" + id));
    assertEquals("33", stored.get("age"));
    assertEquals(id + "@example.com", stored.get("email"));
    assertEquals("2", stored.get("version"));
    assertEquals("[\"a\",\"b\"]", stored.get("tags"));
    assertTrue(
        redis
            .cli("--no-raw", "ZRANGE", "osmos:{users}:idx:email", "0", "-1")
            .contains(id + "@example.com"),
        "the index follows the patch");
    assertTrue(
        !redis
            .cli("--no-raw", "ZRANGE", "osmos:{users}:idx:email", "0", "-1")
            .contains(id + "@example.org"),
        "the old entry is gone");
  }

  @Test
  void aMessageIsOneStreamEntryWithItsDataAndAttributes() {
    RedisDriver driver = (RedisDriver) osmos.driver("db");
    String topic = "layout-" + id;
    try {
      driver.publish(topic, List.of(new Message("hello".getBytes(UTF_8), Map.of("key", "k-1"))));
      List<String> lines =
          List.of(redis.cli("XRANGE", "osmos:topic:" + topic, "-", "+").split("\n"));
      assertTrue(lines.get(0).matches("\\d+-\\d+"), "an entry id first: " + lines);
      assertEquals(List.of("data", "hello", "attr:key", "k-1"), lines.subList(1, 5));
    } finally {
      redis.cli("DEL", "osmos:topic:" + topic);
    }
  }

  /** redis-cli's {@code --no-raw} output without its {@code 1) } numbering. */
  private static String unnumbered(String noRaw) {
    return noRaw.replaceAll("(?m)^\\s*\\d+\\) ", "");
  }

  /** Consecutive lines of redis-cli's raw output as (field, value) pairs. */
  private static Map<String, String> pairs(String raw) {
    String[] lines = raw.split("\n", -1);
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < lines.length; i += 2) {
      m.put(lines[i], lines[i + 1]);
    }
    return m;
  }
}
