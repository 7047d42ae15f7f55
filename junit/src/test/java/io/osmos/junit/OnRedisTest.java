package io.osmos.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osmos.testkit.server.RedisTestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The same test classes Surefire runs on Memory, run on a real Redis by setting {@code
 * osmos.driver.db} alone (a throwaway server, or {@code OSMOS_TEST_REDIS}; under {@code CI=true} a
 * missing server fails this test). Afterwards Redis holds nothing: each test's data was deleted.
 */
class OnRedisTest {
  @Test
  void theSameTestClassesPassOnRedisAndLeaveNothingBehind() {
    RedisTestServer redis = RedisTestServer.shared();
    // A database of its own on the server, so that other users of an external server are safe.
    String url = redis.url() + "/7";
    redis.cli("-n", "7", "FLUSHDB");

    TestRuns.Result run =
        TestRuns.run(Map.of("osmos.driver.db", url), OrdersTest.class, OrdersPerClassTest.class);

    assertEquals(List.of(), run.failed, run.failureText());
    assertEquals(7, run.succeeded.size(), run.succeeded::toString);
    assertEquals(List.of("redis"), run.reported("osmos.driver.db"));
    assertEquals("0", redis.cli("-n", "7", "DBSIZE").trim());
  }
}
