package io.osmos.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.Osmos;
import io.osmos.spi.DeadLetterPolicy;
import io.osmos.spi.Driver;
import io.osmos.testkit.server.RedisTestServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** Drivers made from URLs, as applications configure them. */
class RedisDriverFactoryTest {
  @Test
  void driverFromUrlFindsTheRedisDriver() {
    RedisTestServer redis = RedisTestServer.shared();
    try (Driver d = Osmos.driverFromUrl(redis.url())) {
      RedisDriver driver = assertInstanceOf(RedisDriver.class, d);
      assertEquals("redis", driver.kind());
      assertEquals("osmos:", driver.options().keyPrefix());
    }
  }

  @Test
  void anEnvironmentVariableWithAPrefixParameterConfiguresTheDriver() {
    RedisTestServer redis = RedisTestServer.shared();
    String prefix = "app" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36) + ":";
    Map<String, String> env = Map.of("OSMOS_DRIVER_DB", redis.url() + "/0?prefix=" + prefix);
    try (Osmos osmos = Osmos.builder().fromEnvironment(env).build()) {
      UserRepository users = new UserRepository(osmos);
      users.insert(new User("env", "env@example.org", 1, false, null, List.of(), Instant.EPOCH, 0));
      try {
        assertEquals(
            "env@example.org", redis.cli("HGET", prefix + "{users}:doc:env", "email").trim());
      } finally {
        users.delete("env");
      }
    }
  }

  @Test
  void urlParametersSetTheDeadLetterPolicy() {
    RedisTestServer redis = RedisTestServer.shared();
    try (RedisDriver d =
        new RedisDriver(
            redis.url() + "/0?prefix=p:&deadLetterAttempts=2&deadLetterTopic=failed%20orders")) {
      assertEquals(new DeadLetterPolicy(2, "failed orders"), d.deadLetterPolicy());
      assertEquals("p:", d.options().keyPrefix());
    }
    try (RedisDriver d = new RedisDriver(redis.url())) {
      assertEquals(DeadLetterPolicy.DEFAULT, d.deadLetterPolicy());
    }
    IllegalArgumentException bad =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RedisDriver(redis.url() + "?deadLetterAttempts=0"));
    assertEquals("deadLetterAttempts must be at least 1, was 0", bad.getMessage());
  }

  @Test
  void aUrlThatIsNotRedisIsRefusedWithTheReason() {
    IllegalArgumentException scheme =
        assertThrows(IllegalArgumentException.class, () -> new RedisDriver("http://localhost"));
    assertTrue(scheme.getMessage().contains("redis or rediss"), scheme.getMessage());
    IllegalArgumentException host =
        assertThrows(IllegalArgumentException.class, () -> new RedisDriver("redis:///0"));
    assertTrue(host.getMessage().contains("no host"), host.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> RedisDriver.Options.defaults().keyPrefix("a{b}:"),
        "hash tag characters");
  }
}
