package io.osmos.redis;

import io.osmos.exceptions.DriverException;
import java.util.List;
import java.util.function.Function;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The driver's access to Redis: runs client calls, turns every client failure into a {@link
 * DriverException} that keeps the client's exception as its cause, and runs scripts by SHA.
 *
 * <p>After a lost connection the pool's idle connections are dropped too (they are most likely
 * dead as well, e.g. after a server restart), so the next call connects afresh. Reads, which are
 * idempotent, are retried once on a fresh connection; writes are not, since Redis may have
 * executed a command whose reply was lost.
 */
final class RedisConnection {
  private final RedisClient client;

  RedisConnection(RedisClient client) {
    this.client = client;
  }

  RedisClient client() {
    return client;
  }

  /** Runs an idempotent call, retrying it once after a connection failure. */
  <R> R read(String command, Function<RedisClient, R> call) {
    try {
      return call.apply(client);
    } catch (JedisConnectionException first) {
      dropIdleConnections();
      try {
        return call.apply(client);
      } catch (JedisException e) {
        e.addSuppressed(first);
        throw failure(command, e);
      }
    } catch (JedisException e) {
      throw failure(command, e);
    }
  }

  /** Runs a call that changes data; not retried. */
  <R> R write(String command, Function<RedisClient, R> call) {
    try {
      return call.apply(client);
    } catch (JedisException e) {
      throw failure(command, e);
    }
  }

  /**
   * Runs a script by SHA; when Redis does not know it ({@code NOSCRIPT}), loads it and runs it
   * again (nothing ran the first time).
   */
  Object eval(RedisScript script, List<byte[]> keys, List<byte[]> args) {
    String command = "EVALSHA (" + script.name + " script)";
    return write(command, c -> {
      try {
        return c.evalsha(script.shaBytes, keys, args);
      } catch (JedisNoScriptException e) {
        c.scriptLoad(script.text);
        return c.evalsha(script.shaBytes, keys, args);
      }
    });
  }

  /** A client failure as the driver reports it. */
  DriverException failure(String command, JedisException e) {
    if (e instanceof JedisConnectionException) {
      dropIdleConnections();
    }
    return new DriverException("redis " + command + " failed: " + e.getMessage(), e);
  }

  private void dropIdleConnections() {
    try {
      client.getPool().clear();
    } catch (RuntimeException e) {
      // A client without a pool of its own, or one already closed: nothing to drop.
    }
  }

  void close() {
    client.close();
  }
}
