package io.osmos.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;

/**
 * {@code redis-cluster://} URLs: nodes, credentials and the driver's parameters; clear refusals.
 */
class RedisClusterUrlTest {
  @Test
  void aClusterUrlNamesItsNodesCredentialsAndParameters() {
    RedisUrl url =
        RedisUrl.parse(
            "redis-cluster://app:s%40cret@10.0.0.1:7000,10.0.0.2:7001/?prefix=shop:&shards=32"
                + "&deadLetterAttempts=3");
    assertTrue(url.cluster());
    assertEquals(
        List.of(new HostAndPort("10.0.0.1", 7000), new HostAndPort("10.0.0.2", 7001)), url.nodes());
    assertEquals("app", url.user());
    assertEquals("s@cret", url.password());
    RedisDriver.Options o = url.apply(RedisDriver.Options.defaults());
    assertEquals("shop:", o.keyPrefix());
    assertEquals(32, o.shards().getAsInt());
    assertEquals(3, o.deadLetter().maxDeliveryAttempts());
    assertFalse(url.toString().contains("s@cret"), url.toString());
    assertEquals(
        List.of(new HostAndPort("h", 6379)),
        RedisUrl.parse("redis-cluster://h").nodes(),
        "the default port");
  }

  @Test
  void aBadClusterUrlIsRefusedWithTheReasonAndWithoutItsPassword() {
    List<String[]> cases =
        List.of(
            new String[] {"redis-cluster://u:pw@h:1/3", "only database 0"},
            new String[] {"redis-cluster://u:pw@h:1,h:x", "bad node 'h:x'"},
            new String[] {"redis-cluster://u:pw@h:1?timeout=5", "unknown parameters [timeout=5]"},
            new String[] {
              "redis-cluster://u:pw@h:1?shards=0", "shards=0; expected a number from 1"
            },
            new String[] {"redis-cluster://u:pw@h:1?shards=2000", "from 1 to 1024"});
    for (String[] c : cases) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> new RedisDriver(c[0]), c[0]);
      assertTrue(e.getMessage().contains(c[1]), e.getMessage());
      assertFalse(e.getMessage().contains("pw"), "no password in " + e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> RedisDriver.Options.defaults().shards(1025));
  }
}
