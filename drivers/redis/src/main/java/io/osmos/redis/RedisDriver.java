package io.osmos.redis;

import io.osmos.codec.FieldDescriptor;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.DeadLetterPolicy;
import io.osmos.spi.DocumentCollection;
import io.osmos.spi.DocumentStore;
import io.osmos.spi.DriverLimits;
import io.osmos.spi.Message;
import io.osmos.spi.MessageQueue;
import io.osmos.spi.Subscription;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Redis as a {@link DocumentStore} and a {@link MessageQueue}, on the Jedis client:
 *
 * <pre>{@code
 * Osmos osmos = Osmos.builder()
 *     .driver("db", new RedisDriver(RedisClient.create("127.0.0.1", 6379)))
 *     .build();
 * // or by configuration: OSMOS_DRIVER_DB=redis://127.0.0.1:6379/0?prefix=app:
 * }</pre>
 *
 * <ul>
 *   <li>A document is one Redis hash, one hash field per non-null top-level field (numbers,
 *       booleans and instants as readable text, nested values and collections as JSON), under
 *       {@code <prefix>{<bucket>}:doc:<key>}; see the module's README for the whole key layout.
 *   <li>Secondary indexes are sorted sets whose members are the order-preserving encoding of
 *       (value, key), so equality, prefix and range queries are {@code ZRANGEBYLEX} reads in a
 *       stable order. Every write is one Lua script that checks the key or {@code @Version} and
 *       changes the document and its index entries in one atomic step.
 *   <li>Topics are Redis streams; durable subscriptions are consumer groups (at least once),
 *       ephemeral ones read from the stream's end.
 * </ul>
 *
 * <p>On a Redis Cluster ({@code redis-cluster://host1:port,host2:port}, or a {@link
 * RedisClusterClient}) a bucket is split into a fixed number of shards ({@link Options#shards}, 16
 * unless set when the bucket is first bound, then stored in the cluster), each with a hash tag of
 * its own; a document, its index entries and its version live in its shard, so every write is still
 * one atomic script, and queries ask every shard and merge the answers in order.
 *
 * <p>The driver is safe for concurrent use; it owns the client it is given and closes it in {@link
 * #close()}. Each running subscription borrows one pooled connection while it waits for messages
 * (at most 200 ms at a time), so size the client's pool for the subscriptions plus the concurrent
 * operations (a driver made from a URL has a pool of 32).
 */
public final class RedisDriver implements DocumentStore, MessageQueue {
  private final RedisConnection redis;
  private final Options options;
  private final RedisQueue queue;
  private final Map<String, Bound> collections = new ConcurrentHashMap<>();

  /** A driver on {@code client}, with the {@linkplain Options#defaults() default options}. */
  public RedisDriver(RedisClient client) {
    this(client, Options.defaults());
  }

  /** A driver on {@code client}. The driver closes the client when it is closed. */
  public RedisDriver(RedisClient client, Options options) {
    this(new RedisConnection(Objects.requireNonNull(client, "client")), options);
  }

  /**
   * A driver on a Redis Cluster, with the {@linkplain Options#defaults() default options}: see
   * {@link #RedisDriver(RedisClusterClient, Options)}.
   */
  public RedisDriver(RedisClusterClient client) {
    this(client, Options.defaults());
  }

  /**
   * A driver on a Redis Cluster. Buckets are sharded ({@link Options#shards}); the driver closes
   * the client when it is closed. Size the client's pool per node for the concurrent operations
   * plus one connection per running subscription. The driver's pipelines (batches, queries) follow
   * the client's slot map, which Jedis reloads when a single command meets a failed node; give the
   * client a {@code topologyRefreshPeriod} so that they find a promoted replica soon after a
   * failover even between such commands (a driver made from a {@code redis-cluster://} URL reloads
   * the slot map itself after every lost connection).
   *
   * <pre>{@code
   * RedisClusterClient client = RedisClusterClient.builder()
   *     .nodes(Set.of(new HostAndPort("10.0.0.1", 6379), new HostAndPort("10.0.0.2", 6379)))
   *     .build();
   * Osmos osmos = Osmos.builder()
   *     .driver("db", new RedisDriver(client, RedisDriver.Options.defaults().shards(32)))
   *     .build();
   * }</pre>
   */
  public RedisDriver(RedisClusterClient client, Options options) {
    this(
        new RedisConnection(Objects.requireNonNull(client, "client"), client, null, null), options);
  }

  private RedisDriver(RedisConnection redis, Options options) {
    this.redis = redis;
    this.options = Objects.requireNonNull(options, "options");
    redis.waitForReplicas(options.waitReplicas, options.waitTimeout.toMillis());
    this.queue =
        new RedisQueue(
            redis,
            options.keyPrefix,
            options.limits.maxMessageBytes(),
            options.streamMaxLength,
            options.redeliveryTimeout);
  }

  /**
   * A driver on a new client for {@code url}: {@code redis://[user:password@]host[:port][/db]} or
   * {@code rediss://...} for TLS, or {@code
   * redis-cluster://[user:password@]host1:port1,host2:port2,...} for a Redis Cluster (any of its
   * nodes; the client finds the others). A query parameter {@code prefix} sets the key prefix
   * ({@code redis://localhost/0?prefix=app:}), {@code deadLetterAttempts} and {@code
   * deadLetterTopic} the {@link Options#deadLetter dead-letter policy}, {@code shards} the {@link
   * Options#shards shard count} on a cluster; {@code options} gives the rest.
   *
   * <p>With TLS ({@code rediss://}, or {@code rediss-cluster://} for a cluster) the server's
   * certificate must be signed by a CA the JDK trusts, or by one given with {@code
   * caFile=/path/ca.pem} (PEM) or {@code trustStore=/path/trust.p12&trustStorePassword=...}
   * (PKCS#12 or JKS), and must name the host of the URL (hostname verification, on unless {@code
   * verifyHostname=false}). The user and password ({@code redis://user:password@host} for an ACL
   * user, {@code redis://:password@host} for the default user) are percent-decoded. The server is
   * reached when the first bucket is bound (on a cluster: now), so a wrong password or an untrusted
   * certificate fails there with a {@link io.osmos.exceptions.DriverException} that names the host
   * and the problem; no message, log line or {@code toString} holds a password.
   *
   * @throws IllegalArgumentException for a URL that is not a Redis URL, or a trust file that cannot
   *     be read
   */
  public RedisDriver(String url, Options options) {
    this(RedisUrl.parse(url), options);
  }

  private RedisDriver(RedisUrl url, Options options) {
    this(connection(url), url.apply(Objects.requireNonNull(options, "options")));
  }

  private static RedisConnection connection(RedisUrl url) {
    if (!url.cluster()) {
      return new RedisConnection(client(url), url.target());
    }
    DefaultJedisClientConfig.Builder builder =
        DefaultJedisClientConfig.builder().user(url.user()).password(url.password());
    if (url.tls() != null) {
      url.tls().configure(builder);
    }
    DefaultJedisClientConfig config = builder.build();
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(32);
    pool.setMaxIdle(32);
    Set<HostAndPort> nodes = Set.copyOf(url.nodes());
    // The driver holds the provider, so it can reload the slot map after a lost connection. It
    // reads the slot map now: a wrong password or an untrusted certificate fails here.
    ClusterConnectionProvider provider;
    try {
      provider = new ClusterConnectionProvider(nodes, config, pool);
    } catch (redis.clients.jedis.exceptions.JedisException e) {
      throw RedisConnection.failure(url.target(), "CLUSTER SLOTS (reading the slot map)", e);
    }
    RedisClusterClient client =
        RedisClusterClient.builder()
            .nodes(nodes)
            .clientConfig(config)
            .poolConfig(pool)
            .connectionProvider(provider)
            .build();
    // Writes share the provider (pools and slot map) but never send a command twice; during a
    // failover they wait up to the reads' retry budget for the promoted replica.
    RedisClusterClient writer =
        RedisClusterClient.builder()
            .nodes(nodes)
            .clientConfig(config)
            .poolConfig(pool)
            .connectionProvider(provider)
            .commandExecutor(
                new ClusterWriteExecutor(
                    provider,
                    Duration.ofMillis(
                        (long) config.getSocketTimeoutMillis()
                            * RedisClusterClient.DEFAULT_MAX_ATTEMPTS)))
            .build();
    return new RedisConnection(client, writer, provider::renewSlotCache, url.target());
  }

  /**
   * A driver on a new client for {@code url}, with default options; see {@link #RedisDriver(String,
   * Options)}.
   */
  public RedisDriver(String url) {
    this(url, Options.defaults());
  }

  private static RedisClient client(RedisUrl url) {
    URI uri = url.clientUri();
    DefaultJedisClientConfig.Builder config =
        DefaultJedisClientConfig.builder()
            .user(url.user())
            .password(url.password())
            .database(JedisURIHelper.getDBIndex(uri));
    if (url.tls() != null) {
      url.tls().configure(config);
    }
    RedisProtocol protocol = JedisURIHelper.getRedisProtocol(uri);
    if (protocol != null) {
      config.protocol(protocol);
    }
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(32);
    pool.setMaxIdle(32);
    return RedisClient.builder()
        .hostAndPort(JedisURIHelper.getHostAndPort(uri))
        .clientConfig(config.build())
        .poolConfig(pool)
        .build();
  }

  @Override
  public String kind() {
    return "redis";
  }

  @Override
  public DriverLimits limits() {
    return options.limits;
  }

  /** The options this driver runs with. */
  public Options options() {
    return options;
  }

  // ---- documents -----------------------------------------------------------------------------

  /** The collection bound to one bucket, with the schema it was bound with. */
  private record Bound(ModelSchema<?, ?> schema, RedisCollection<?, ?> collection) {}

  @Override
  @SuppressWarnings("unchecked")
  public <T, K> DocumentCollection<T, K> collection(ModelSchema<T, K> model) {
    // A wrong password or an untrusted certificate fails here, when the bucket is bound.
    redis.verify();
    Bound b =
        collections.computeIfAbsent(
            model.bucket(),
            bucket -> {
              BucketShards shards = new BucketShards(options.keyPrefix, model, shardCount(bucket));
              return new Bound(model, new RedisCollection<>(redis, model, shards, options.limits));
            });
    if (b.schema() != model) {
      checkSameLayout(b.schema(), model);
      return new RedisCollection<>(redis, model, b.collection().shards(), options.limits);
    }
    return (DocumentCollection<T, K>) b.collection();
  }

  /**
   * The shard count of {@code bucket}: 1 on a single server; on a cluster the count stored in
   * {@code <prefix>{<bucket>}:shards}, stored now (the option's, else {@link
   * BucketShards#DEFAULT_COUNT}) when the bucket is bound for the first time.
   */
  private int shardCount(String bucket) {
    if (!redis.cluster()) {
      return 1;
    }
    String key = options.keyPrefix + "{" + bucket + "}:shards";
    int wanted = options.shards > 0 ? options.shards : BucketShards.DEFAULT_COUNT;
    String stored =
        redis.write(
            "SET NX + GET (shard count)",
            c -> {
              c.setnx(key, Integer.toString(wanted));
              return c.get(key);
            });
    int count;
    try {
      count = Integer.parseInt(stored);
    } catch (NumberFormatException | NullPointerException e) {
      count = -1;
    }
    if (count < 1 || count > BucketShards.MAX_COUNT) {
      throw new IllegalStateException(
          "redis bucket '"
              + bucket
              + "': the shard count stored in "
              + key
              + " is '"
              + stored
              + "', not a number from 1 to "
              + BucketShards.MAX_COUNT
              + "; restore it (the bucket's keys show how many shards it has)");
    }
    if (options.shards > 0 && options.shards != count) {
      throw new IllegalStateException(
          "redis bucket '"
              + bucket
              + "' has "
              + count
              + " shards (stored in "
              + key
              + " when it was first bound), but this driver is set to "
              + options.shards
              + "; the shard count of a bucket cannot change: set shards to "
              + count
              + " or leave it unset to use the stored count");
    }
    return count;
  }

  /**
   * Two models may share a bucket only when they store documents alike (two repositories of one
   * model, or two copies of its schema); otherwise each would misread the other's documents.
   */
  private static void checkSameLayout(ModelSchema<?, ?> bound, ModelSchema<?, ?> other) {
    if (!other.fields().equals(bound.fields())
        || !names(other.keyProperties()).equals(names(bound.keyProperties()))
        || !names(other.indexes()).equals(names(bound.indexes()))) {
      throw new IllegalArgumentException(
          "redis bucket '"
              + bound.bucket()
              + "' is bound to model "
              + bound.modelName()
              + ", whose fields, key or indexes differ from "
              + other.modelName()
              + "'s; give "
              + other.modelName()
              + " a bucket of its own");
    }
  }

  private static List<String> names(List<? extends io.osmos.query.Property<?, ?>> props) {
    return props.stream().map(p -> p.descriptor()).map(FieldDescriptor::storedName).toList();
  }

  // ---- messages ------------------------------------------------------------------------------

  @Override
  public void publish(String topic, List<Message> messages) {
    queue.publish(topic, messages);
  }

  @Override
  public Subscription subscribe(
      String topic,
      String name,
      Delivery delivery,
      DeadLetterPolicy deadLetter,
      MessageHandler handler) {
    return queue.subscribe(topic, name, delivery, deadLetter, handler);
  }

  /** The policy of {@link Options#deadLetter}. */
  @Override
  public DeadLetterPolicy deadLetterPolicy() {
    return options.deadLetter;
  }

  /** Stops every subscription (waiting for running handlers), then closes the client. */
  @Override
  public void close() {
    try {
      queue.close();
    } finally {
      redis.close();
    }
  }

  @Override
  public String toString() {
    return "RedisDriver(prefix=" + options.keyPrefix + ", buckets=" + collections.keySet() + ")";
  }

  /**
   * Settings of a {@link RedisDriver}; immutable, each {@code withX} returns a copy:
   *
   * <pre>{@code
   * new RedisDriver(client, RedisDriver.Options.defaults().keyPrefix("shop:").streamMaxLength(0));
   * }</pre>
   */
  public static final class Options {
    private static final Options DEFAULTS =
        new Options(
            "osmos:",
            1_000_000,
            Duration.ofSeconds(30),
            DriverLimits.DEFAULT,
            DeadLetterPolicy.DEFAULT,
            0,
            0,
            Duration.ofSeconds(1));

    private final String keyPrefix;
    private final long streamMaxLength;
    private final Duration redeliveryTimeout;
    private final DriverLimits limits;
    private final DeadLetterPolicy deadLetter;

    /** The shard count of buckets first bound on a cluster; 0: not set. */
    private final int shards;

    private final int waitReplicas;
    private final Duration waitTimeout;

    private Options(
        String keyPrefix,
        long streamMaxLength,
        Duration redeliveryTimeout,
        DriverLimits limits,
        DeadLetterPolicy deadLetter,
        int shards,
        int waitReplicas,
        Duration waitTimeout) {
      this.keyPrefix = keyPrefix;
      this.streamMaxLength = streamMaxLength;
      this.redeliveryTimeout = redeliveryTimeout;
      this.limits = limits;
      this.deadLetter = deadLetter;
      this.shards = shards;
      this.waitReplicas = waitReplicas;
      this.waitTimeout = waitTimeout;
    }

    /**
     * Key prefix {@code osmos:}, streams trimmed to about 1 000 000 entries, redelivery after 30 s,
     * {@link DriverLimits#DEFAULT default limits}, {@link DeadLetterPolicy#DEFAULT} (5 deliveries,
     * then {@code <topic>.dead-letter}).
     */
    public static Options defaults() {
      return DEFAULTS;
    }

    /**
     * The prefix of every key the driver writes (default {@code osmos:}), so several applications
     * can share a database. It must not contain <code>{</code> or <code>}</code>, which would break
     * the buckets' cluster hash tags.
     */
    public Options keyPrefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
        throw new IllegalArgumentException(
            "a redis key prefix must not contain '{' or '}': '" + prefix + "'");
      }
      return new Options(
          prefix,
          streamMaxLength,
          redeliveryTimeout,
          limits,
          deadLetter,
          shards,
          waitReplicas,
          waitTimeout);
    }

    /**
     * About how many entries a topic's stream keeps ({@code XADD MAXLEN ~}); older entries are
     * trimmed even if a subscription has not read them. 0 keeps every entry (default 1 000 000).
     */
    public Options streamMaxLength(long entries) {
      if (entries < 0) {
        throw new IllegalArgumentException("streamMaxLength must be >= 0, was " + entries);
      }
      return new Options(
          keyPrefix,
          entries,
          redeliveryTimeout,
          limits,
          deadLetter,
          shards,
          waitReplicas,
          waitTimeout);
    }

    /**
     * How long a delivered, unacknowledged message of a durable subscription waits before another
     * consumer may claim it (its consumer died or hangs); default 30 s.
     */
    public Options redeliveryTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("redeliveryTimeout must be positive, was " + timeout);
      }
      return new Options(
          keyPrefix,
          streamMaxLength,
          timeout,
          limits,
          deadLetter,
          shards,
          waitReplicas,
          waitTimeout);
    }

    /** The limits checked before writes and publishes (default {@link DriverLimits#DEFAULT}). */
    public Options limits(DriverLimits limits) {
      return new Options(
          keyPrefix,
          streamMaxLength,
          redeliveryTimeout,
          Objects.requireNonNull(limits, "limits"),
          deadLetter,
          shards,
          waitReplicas,
          waitTimeout);
    }

    /**
     * How often a durable subscription delivers a message whose handler throws before it moves it
     * to the dead-letter topic, and which topic that is, for subscriptions that do not name a
     * policy of their own (default {@link DeadLetterPolicy#DEFAULT}).
     */
    public Options deadLetter(DeadLetterPolicy policy) {
      return new Options(
          keyPrefix,
          streamMaxLength,
          redeliveryTimeout,
          limits,
          Objects.requireNonNull(policy, "policy"),
          shards,
          waitReplicas,
          waitTimeout);
    }

    /**
     * On a Redis Cluster, how many shards a bucket has when this driver binds it first (1 to 1024;
     * default 16). The count is stored in the cluster ({@code <prefix>{<bucket>}:shards}) and never
     * changes: a driver that binds the bucket later uses the stored count, and one set to another
     * count fails to bind it with an {@link IllegalStateException} naming both. More shards spread
     * a bucket over more masters; every query asks each shard. Ignored on a single server, where a
     * bucket is not sharded.
     */
    public Options shards(int count) {
      if (count < 1 || count > BucketShards.MAX_COUNT) {
        throw new IllegalArgumentException(
            "shards must be from 1 to " + BucketShards.MAX_COUNT + ", was " + count);
      }
      return new Options(
          keyPrefix,
          streamMaxLength,
          redeliveryTimeout,
          limits,
          deadLetter,
          count,
          waitReplicas,
          waitTimeout);
    }

    /**
     * Durability across a failover: every document write (each script call, and each {@code
     * publish} on a cluster) is followed by {@code WAIT replicas timeout} on the same connection,
     * and counts as done only when that many replicas have it. A write that reached fewer within
     * the timeout fails with a {@code DriverException} although the master applied it (it may or
     * may not survive a failover). Redis replicates asynchronously, so without this (the default, 0
     * replicas) a write the master acknowledged can be lost when the master dies before its replica
     * received it. Costs one round trip to the replica per write.
     */
    public Options waitForReplicas(int replicas, Duration timeout) {
      if (replicas < 0) {
        throw new IllegalArgumentException("waitForReplicas must be >= 0, was " + replicas);
      }
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException(
            "the timeout of waitForReplicas must be positive, was " + timeout);
      }
      return new Options(
          keyPrefix,
          streamMaxLength,
          redeliveryTimeout,
          limits,
          deadLetter,
          shards,
          replicas,
          timeout);
    }

    /** How many replicas every document write waits for; 0 for none. */
    public int waitForReplicas() {
      return waitReplicas;
    }

    /** How long a document write waits for its replicas at most. */
    public Duration replicaTimeout() {
      return waitTimeout;
    }

    /** The shard count of buckets first bound on a cluster; empty when not set (16). */
    public java.util.OptionalInt shards() {
      return shards == 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(shards);
    }

    /** The prefix of every key the driver writes. */
    public String keyPrefix() {
      return keyPrefix;
    }

    /** About how many entries a topic's stream keeps; 0 for all. */
    public long streamMaxLength() {
      return streamMaxLength;
    }

    /** How long an unacknowledged message waits before another consumer may claim it. */
    public Duration redeliveryTimeout() {
      return redeliveryTimeout;
    }

    /** The limits checked before writes and publishes. */
    public DriverLimits limits() {
      return limits;
    }

    /** The dead-letter policy of subscriptions that do not name one. */
    public DeadLetterPolicy deadLetter() {
      return deadLetter;
    }

    @Override
    public String toString() {
      return "Options(keyPrefix="
          + keyPrefix
          + ", streamMaxLength="
          + streamMaxLength
          + ", redeliveryTimeout="
          + redeliveryTimeout
          + ", limits="
          + limits
          + ", deadLetter="
          + deadLetter
          + (shards == 0 ? "" : ", shards=" + shards)
          + (waitReplicas == 0 ? "" : ", waitForReplicas=" + waitReplicas + "/" + waitTimeout)
          + ")";
    }
  }
}
