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
 * The driver's access to Redis, a single server or a cluster: runs client calls, turns every client
 * failure into a {@link DriverException} that keeps the client's exception as its cause, and runs
 * scripts by SHA.
 *
 * <p>After a lost connection to a single server the pool's idle connections are dropped too (they
 * are most likely dead as well, e.g. after a server restart), so the next call connects afresh.
 * Reads, which are idempotent, are retried once on a fresh connection; writes are not, since Redis
 * may have executed a command whose reply was lost. On a cluster the client follows the cluster's
 * redirections; after a lost connection the driver reloads the slot map (a master may have been
 * replaced by its replica), so the pipelines that follow go to the new master. On a cluster reached
 * by URL, writes run on a client of their own ({@link ClusterWriteExecutor}) that never sends a
 * write twice.
 */
final class RedisConnection {
  private final UnifiedJedis client;

  /** The client that runs writes: on a cluster from a URL, one that never sends a write twice. */
  private final UnifiedJedis writer;

  private final boolean cluster;

  /** Syncs a cluster pipeline's nodes in parallel; null on a single server. */
  private final ExecutorService pipelineSync;

  /**
   * Reloads a cluster's slot map from its nodes; null when the client was given (then its own
   * retries and topology refresh apply).
   */
  private final Runnable renewTopology;

  /** How many replicas a script's write must reach before it counts as done; 0: none. */
  private volatile int waitReplicas;

  private volatile long waitMillis;

  /** Where the client connects (no password), for messages; null when the client was given. */
  private final String target;

  /** Whether a call has reached the server and logged in: then {@link #verify} does nothing. */
  private volatile boolean verified;

  RedisConnection(RedisClient client) {
    this(client, null);
  }

  RedisConnection(RedisClient client, String target) {
    this.target = target;
    this.client = client;
    this.writer = client;
    this.cluster = false;
    this.pipelineSync = null;
    this.renewTopology = null;
  }

  /**
   * A connection to a cluster: {@code client} reads, {@code writer} writes (it may be {@code
   * client}); {@code renewTopology} reloads the slot map (null: leave it to the client).
   */
  RedisConnection(
      RedisClusterClient client, RedisClusterClient writer, Runnable renewTopology, String target) {
    this.target = target;
    this.client = client;
    this.writer = writer;
    this.cluster = true;
    this.renewTopology = renewTopology;
    AtomicInteger serial = new AtomicInteger();
    ThreadFactory threads =
        r -> {
          Thread t = new Thread(r, "osmos-redis-pipeline-" + serial.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.pipelineSync = Executors.newCachedThreadPool(threads);
  }

  UnifiedJedis client() {
    return client;
  }

  /**
   * Makes every script call wait ({@code WAIT}) until its write reached {@code replicas} replicas,
   * at most {@code millis}; a write that reached fewer fails. 0 replicas: no waiting.
   */
  void waitForReplicas(int replicas, long millis) {
    this.waitReplicas = replicas;
    this.waitMillis = millis;
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
      return call.apply(writer);
    } catch (JedisException e) {
      throw failure(command, e);
    }
  }

  /**
   * Runs a script by SHA; when Redis does not know it ({@code NOSCRIPT}), loads it and runs it
   * again (nothing ran the first time).
   */
  Object eval(RedisScript script, List<byte[]> keys, List<byte[]> args) {
    if (waitReplicas > 0) {
      return evalAll(script, List.of(keys), List.of(args)).get(0);
    }
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
    int replicas = waitReplicas;
    if (keys.size() == 1 && replicas == 0) {
      return List.of(eval(script, keys.get(0), args.get(0)));
    }
    long millis = waitMillis;
    String command =
        "EVALSHA ("
            + script.name
            + " script"
            + (replicas > 0 ? ", then WAIT " + replicas + " " + millis : "")
            + (keys.size() > 1 ? ", pipelined" : "")
            + ")";
    return write(
        command,
        c -> {
          List<Response<Object>> replies = new ArrayList<>(keys.size());
          List<Response<Long>> acks = new ArrayList<>(keys.size());
          try (AbstractPipeline p = pipeline(c)) {
            for (int i = 0; i < keys.size(); i++) {
              replies.add(p.evalsha(script.shaBytes, keys.get(i), args.get(i)));
              if (replicas > 0) {
                // Routed by the same key, so on the same connection as the script: WAIT waits for
                // what that connection wrote.
                acks.add(p.waitReplicas(keys.get(i).get(0), replicas, millis));
              }
            }
            p.sync();
          }
          List<Object> out = new ArrayList<>(replies.size());
          JedisException failure = null;
          for (int i = 0; i < replies.size(); i++) {
            Object reply = null;
            try {
              try {
                reply = replies.get(i).get();
                if (replicas > 0) {
                  checkReplicas(acks.get(i).get(), replicas, millis);
                }
              } catch (JedisNoScriptException e) {
                // Nothing ran: load the script on the node of the keys and run it again.
                c.scriptLoad(script.textBytes, keys.get(i).get(0));
                reply = evalAndWait(c, script, keys.get(i), args.get(i), replicas, millis);
              }
            } catch (JedisException e) {
              failure = add(failure, e);
            }
            out.add(reply);
          }
          if (failure != null) {
            throw failure;
          }
          return out;
        });
  }

  /** One script call, followed by {@code WAIT} on the same connection when replicas > 0. */
  private Object evalAndWait(
      UnifiedJedis c,
      RedisScript script,
      List<byte[]> keys,
      List<byte[]> args,
      int replicas,
      long millis) {
    if (replicas == 0) {
      return c.evalsha(script.shaBytes, keys, args);
    }
    Response<Object> reply;
    Response<Long> ack;
    try (AbstractPipeline p = pipeline(c)) {
      reply = p.evalsha(script.shaBytes, keys, args);
      ack = p.waitReplicas(keys.get(0), replicas, millis);
      p.sync();
    }
    Object r = reply.get();
    checkReplicas(ack.get(), replicas, millis);
    return r;
  }

  private static void checkReplicas(long reached, int replicas, long millis) {
    if (reached < replicas) {
      throw new JedisException(
          "the write was applied by the master but reached "
              + reached
              + " of "
              + replicas
              + " replica(s) within "
              + millis
              + " ms; a failover now may lose"
              + " it");
    }
  }

  private static JedisException add(JedisException first, JedisException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  /**
   * Checks, once, that the server can be reached and accepts the login (a PING): called when a
   * bucket is bound, so that a wrong password or an untrusted certificate fails there. A server
   * that refuses connections (not up yet) does not fail the bind: the next bind checks again, and
   * calls fail as they always do until it is up.
   */
  void verify() {
    if (!verified) {
      try {
        read("PING (checking the connection)", UnifiedJedis::ping);
      } catch (DriverException e) {
        if (explain(e) == null
            && causes(e).stream().anyMatch(t -> t instanceof java.net.ConnectException)) {
          return;
        }
        if (target != null
            && target.startsWith("redis://")
            && e.getCause() instanceof JedisConnectionException
            && explain(e) == null) {
          throw new DriverException(
              e.getMessage()
                  + "; a server that takes only TLS"
                  + " connections drops plain ones: then connect with rediss://",
              e.getCause());
        }
        throw e;
      }
      verified = true;
    }
  }

  /** A client failure as the driver reports it. */
  DriverException failure(String command, JedisException e) {
    if (e instanceof JedisConnectionException) {
      dropIdleConnections();
    }
    return failure(target, command, e);
  }

  /**
   * A client failure as the driver reports it: what failed, where ({@code target}, when known),
   * and, for a failed login or TLS handshake, what is wrong and how to fix it. Never the password
   * (neither the client's messages nor the target hold it).
   */
  static DriverException failure(String target, String command, Throwable e) {
    String where = target == null ? "" : " at " + target;
    String why = explain(e);
    return new DriverException(
        "redis " + command + " failed" + where + ": " + (why != null ? why : e.getMessage()), e);
  }

  /** What a failed login or TLS handshake means, or null for other failures. */
  private static String explain(Throwable e) {
    for (Throwable t : causes(e)) {
      String m = String.valueOf(t.getMessage());
      if (m.startsWith("NOAUTH")) {
        return "the server requires a login ("
            + m.trim()
            + "); give it in the URL:"
            + " redis://user:password@host, or redis://:password@host for the default user";
      }
      if (t instanceof redis.clients.jedis.exceptions.JedisAccessControlException
          || m.startsWith("WRONGPASS")) {
        return "authentication failed ("
            + m.trim()
            + "); check the user and password of the"
            + " URL (redis://user:password@host), and that the user is enabled";
      }
    }
    for (Throwable t : causes(e)) {
      String m = String.valueOf(t.getMessage());
      if (t instanceof java.security.cert.CertificateException
          && (m.contains("No subject alternative") || m.contains("No name matching"))) {
        return "TLS: the server's certificate does not name the host connected to ("
            + m
            + "); connect by a name the certificate holds, or turn hostname verification off"
            + " with verifyHostname=false";
      }
    }
    for (Throwable t : causes(e)) {
      if (t instanceof java.security.cert.CertPathValidatorException
          || t instanceof java.security.cert.CertPathBuilderException) {
        return "TLS: the server's certificate is not trusted ("
            + t.getMessage()
            + "); give the"
            + " CA that signed it with caFile=<PEM file> or trustStore=<key store>"
            + "&trustStorePassword=...";
      }
    }
    for (Throwable t : causes(e)) {
      if (t instanceof javax.net.ssl.SSLException) {
        return "TLS handshake failed ("
            + t.getMessage()
            + "); is the server listening with"
            + " TLS on this port (rediss://), and does it accept this client?";
      }
    }
    return null;
  }

  /** {@code e}, its causes and suppressed exceptions (those of a cluster's nodes), in order. */
  private static List<Throwable> causes(Throwable e) {
    List<Throwable> out = new ArrayList<>();
    java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
    todo.add(e);
    while (!todo.isEmpty() && out.size() < 64) {
      Throwable t = todo.poll();
      if (out.contains(t)) {
        continue;
      }
      out.add(t);
      if (t.getCause() != null) {
        todo.add(t.getCause());
      }
      todo.addAll(List.of(t.getSuppressed()));
    }
    return out;
  }

  private void dropIdleConnections() {
    if (!(client instanceof RedisClient single)) {
      if (renewTopology != null) {
        try {
          renewTopology.run();
        } catch (RuntimeException e) {
          // No node answered: the next call tries again.
        }
      }
      return;
    }
    try {
      single.getPool().clear();
    } catch (RuntimeException e) {
      // A client without a pool of its own, or one already closed: nothing to drop.
    }
  }

  void close() {
    try {
      if (writer != client) {
        writer.close();
      }
      client.close();
    } finally {
      if (pipelineSync != null) {
        pipelineSync.shutdownNow();
      }
    }
  }
}
