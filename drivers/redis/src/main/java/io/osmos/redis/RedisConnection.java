package io.osmos.redis;

import io.osmos.exceptions.DriverException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The driver's access to Redis, a single server or a cluster: runs client calls, turns every
 * client failure into a {@link DriverException} that keeps the client's exception as its cause,
 * and runs scripts by SHA.
 *
 * <p>After a lost connection to a single server the pool's idle connections are dropped too (they
 * are most likely dead as well, e.g. after a server restart), so the next call connects afresh.
 * Reads, which are idempotent, are retried once on a fresh connection; writes are not, since Redis
 * may have executed a command whose reply was lost. On a cluster the client follows the cluster's
 * redirections and refreshes its view of the topology itself.
 */
final class RedisConnection {
  private final UnifiedJedis client;
  private final boolean cluster;
  /** Syncs a cluster pipeline's nodes in parallel; null on a single server. */
  private final ExecutorService pipelineSync;

  RedisConnection(RedisClient client) {
    this.client = client;
    this.cluster = false;
    this.pipelineSync = null;
  }

  RedisConnection(RedisClusterClient client) {
    this.client = client;
    this.cluster = true;
    AtomicInteger serial = new AtomicInteger();
    ThreadFactory threads = r -> {
      Thread t = new Thread(r, "osmos-redis-pipeline-" + serial.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.pipelineSync = Executors.newCachedThreadPool(threads);
  }

  UnifiedJedis client() {
    return client;
  }

  /** Whether this is a Redis Cluster (no MULTI; one slot per script). */
  boolean cluster() {
    return cluster;
  }

  /**
   * A pipeline: on a cluster, its commands are grouped by node and the nodes are written to and
   * read from in parallel.
   */
  AbstractPipeline pipeline(UnifiedJedis c) {
    return cluster ? ((RedisClusterClient) c).pipelined(pipelineSync) : c.pipelined();
  }

  /** Runs an idempotent call, retrying it once after a connection failure. */
  <R> R read(String command, Function<UnifiedJedis, R> call) {
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
  <R> R write(String command, Function<UnifiedJedis, R> call) {
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
    return write(command, c -> evalOn(c, script, keys, args));
  }

  private static Object evalOn(
      UnifiedJedis c, RedisScript script, List<byte[]> keys, List<byte[]> args) {
    try {
      return c.evalsha(script.shaBytes, keys, args);
    } catch (JedisNoScriptException e) {
      // Loaded on the node that owns the script's keys (on a cluster each node has its cache).
      c.scriptLoad(script.textBytes, keys.get(0));
      return c.evalsha(script.shaBytes, keys, args);
    }
  }

  /**
   * Runs a script once per (keys, args) pair, all in one pipeline, and returns the replies in
   * order. A call that fails with {@code NOSCRIPT} (nothing ran) is run again by itself after
   * loading the script; any other failure is thrown after every reply was read.
   */
  List<Object> evalAll(RedisScript script, List<List<byte[]>> keys, List<List<byte[]>> args) {
    if (keys.size() == 1) {
      return List.of(eval(script, keys.get(0), args.get(0)));
    }
    String command = "EVALSHA (" + script.name + " script, pipelined)";
    return write(command, c -> {
      List<Response<Object>> replies = new ArrayList<>(keys.size());
      try (AbstractPipeline p = pipeline(c)) {
        for (int i = 0; i < keys.size(); i++) {
          replies.add(p.evalsha(script.shaBytes, keys.get(i), args.get(i)));
        }
        p.sync();
      }
      List<Object> out = new ArrayList<>(replies.size());
      JedisException failure = null;
      for (int i = 0; i < replies.size(); i++) {
        Object reply = null;
        try {
          reply = replies.get(i).get();
        } catch (JedisNoScriptException e) {
          reply = evalOn(c, script, keys.get(i), args.get(i));
        } catch (JedisException e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
        out.add(reply);
      }
      if (failure != null) {
        throw failure;
      }
      return out;
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
    if (!(client instanceof RedisClient single)) {
      return; // a cluster client replaces the connections of a failed node itself
    }
    try {
      single.getPool().clear();
    } catch (RuntimeException e) {
      // A client without a pool of its own, or one already closed: nothing to drop.
    }
  }

  void close() {
    try {
      client.close();
    } finally {
      if (pipelineSync != null) {
        pipelineSync.shutdownNow();
      }
    }
  }
}
