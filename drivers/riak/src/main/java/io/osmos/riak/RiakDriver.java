package io.osmos.riak;

import com.basho.riak.client.api.RiakClient;
import com.basho.riak.client.core.RiakCluster;
import com.basho.riak.client.core.RiakNode;
import com.basho.riak.client.core.query.Namespace;
import io.osmos.exceptions.CapabilityException;
import io.osmos.exceptions.DriverException;
import io.osmos.query.Property;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.DocumentCollection;
import io.osmos.spi.DocumentStore;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Riak KV driver: a {@link DocumentStore} over Riak's Protocol Buffers API (riak-client 2.x).
 *
 * <pre>{@code
 * RiakDriver riak = new RiakDriver("127.0.0.1", 8087);            // or RiakDriver.fromUrl(..)
 * Osmos osmos = Osmos.builder().driver("db", riak).build();
 * }</pre>
 *
 * <p>Layout: a model's bucket is a Riak bucket (in the driver's bucket type, {@code default} unless
 * configured); a document is a JSON value ({@code application/json}) under the model's key (a
 * String key as its text, other keys in the order-preserving tuple encoding); each indexed field is
 * a secondary index {@code <field>_bin} or {@code <field>_int} (see the README for the encoding of
 * each type). A bucket needs a 2i-capable backend (leveldb or memory).
 *
 * <p>Semantics: every write carries the vector clock of the read before it and is conditional
 * ({@code if_none_match} / {@code if_not_modified}), retried from the read when another writer won;
 * {@code update(key, patch)} is such a read-modify-write, since Riak has no server-side field
 * update. Siblings are resolved by {@code @Version}, then by the {@link SiblingResolver} registered
 * with {@link #resolveSiblings}, else the read fails with {@link
 * io.osmos.exceptions.ConcurrentUpdateException}. On Riak's default bucket types the conditions are
 * checked by a read inside Riak, not atomically with the write; use a strongly consistent bucket
 * type where concurrent writers must never both win.
 *
 * <p>The driver is safe for concurrent use. It owns the Riak client it creates and shuts it down on
 * {@link #close()}; a client passed in stays the caller's.
 */
public final class RiakDriver implements DocumentStore {
  /** Riak's Protocol Buffers port. */
  public static final int DEFAULT_PORT = 8087;

  private final RiakClient client;
  private final boolean ownsClient;
  private final String bucketType;
  private final long timeoutMillis;
  private final int parallelism;
  private final WriteRetry retry;
  private final Map<String, SiblingResolver<?>> resolvers = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** A driver connected to the Riak node at {@code host:port}, with the default options. */
  public RiakDriver(String host, int port) {
    this(builder().host(host).port(port));
  }

  /**
   * A driver over a client the caller configured (several nodes, security, pool sizes). The caller
   * shuts it down. Note that riak-client retries failed operations itself (3 attempts by default,
   * {@code RiakCluster.Builder.withExecutionAttempts}): a retried conditional write that had in
   * fact succeeded is then reported as a conflict; 1 attempt is recommended.
   */
  public RiakDriver(RiakClient client) {
    this(builder().client(client));
  }

  private RiakDriver(Builder b) {
    this.bucketType = b.bucketType;
    this.timeoutMillis = b.timeout.toMillis();
    this.parallelism = b.parallelism;
    this.retry = new WriteRetry(b.maxWriteAttempts);
    if (b.client != null) {
      this.client = b.client;
      this.ownsClient = false;
    } else {
      this.client = connect(b);
      this.ownsClient = true;
    }
  }

  private static RiakClient connect(Builder b) {
    RiakNode node =
        new RiakNode.Builder()
            .withRemoteAddress(b.host)
            .withRemotePort(b.port)
            .withMinConnections(1)
            .withMaxConnections(b.maxConnections)
            .withBlockOnMaxConnections(true)
            .withConnectionTimeout((int) Math.min(Integer.MAX_VALUE, b.timeout.toMillis()))
            .build();
    // One attempt: the driver retries conditional writes itself, from a fresh read.
    RiakCluster cluster = new RiakCluster.Builder(node).withExecutionAttempts(1).build();
    cluster.start();
    return new RiakClient(cluster);
  }

  /**
   * A driver for a URL {@code riak://host[:port][?bucketType=t&maxConnections=n&timeoutMillis=n]}
   * (port 8087 by default).
   *
   * @throws IllegalArgumentException for another scheme, a missing host or an unknown parameter
   */
  public static RiakDriver fromUrl(String url) {
    URI uri;
    try {
      uri = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a Riak URL: '" + url + "' (" + e.getMessage() + ")");
    }
    return new RiakDriver(fromUri(uri));
  }

  static Builder fromUri(URI uri) {
    if (!"riak".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException(
          "not a Riak URL: '" + uri + "'; expected" + " riak://host:port");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException(
          "the Riak URL '" + uri + "' names no host; expected" + " riak://host:port");
    }
    Builder b =
        builder().host(uri.getHost()).port(uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort());
    if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
      for (Map.Entry<String, String> e : parameters(uri).entrySet()) {
        String v = e.getValue();
        switch (e.getKey()) {
          case "bucketType" -> b.bucketType(v);
          case "maxConnections" -> b.maxConnections(number(uri, e.getKey(), v));
          case "timeoutMillis" -> b.timeout(Duration.ofMillis(number(uri, e.getKey(), v)));
          default ->
              throw new IllegalArgumentException(
                  "unknown parameter '"
                      + e.getKey()
                      + "' in the Riak URL '"
                      + uri
                      + "'; known: bucketType, maxConnections,"
                      + " timeoutMillis");
        }
      }
    }
    return b;
  }

  private static Map<String, String> parameters(URI uri) {
    Map<String, String> out = new HashMap<>();
    for (String pair : uri.getQuery().split("&", -1)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "malformed parameter '"
                + pair
                + "' in the Riak URL '"
                + uri
                + "'; expected name=value");
      }
      out.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return out;
  }

  private static int number(URI uri, String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "parameter '"
              + name
              + "' of the Riak URL '"
              + uri
              + "' must be a number, was '"
              + value
              + "'");
    }
  }

  /** A builder for drivers with non-default options. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Registers how siblings of {@code model}'s bucket are resolved when {@code @Version} cannot (the
   * model has none, or siblings share the highest version). Replaces an earlier resolver for the
   * bucket; may be called before or after repositories bind.
   *
   * @return this driver
   */
  public <T> RiakDriver resolveSiblings(ModelSchema<T, ?> model, SiblingResolver<T> resolver) {
    resolvers.put(model.bucket(), Objects.requireNonNull(resolver, "resolver"));
    return this;
  }

  @SuppressWarnings("unchecked")
  <T> SiblingResolver<T> resolver(ModelSchema<T, ?> model) {
    return (SiblingResolver<T>) resolvers.get(model.bucket());
  }

  /** The bucket type the driver's buckets live in. */
  public String bucketType() {
    return bucketType;
  }

  /** The client the driver talks through. */
  RiakClient client() {
    return client;
  }

  int parallelism() {
    return parallelism;
  }

  @Override
  public String kind() {
    return "riak";
  }

  /**
   * Binds a model. Checks that Riak can index every {@code @Index} field in order.
   *
   * @throws CapabilityException naming the field and the supported types otherwise
   */
  @Override
  public <T, K> DocumentCollection<T, K> collection(ModelSchema<T, K> model) {
    List<IndexField<T>> indexes = new ArrayList<>();
    Map<String, String> names = new HashMap<>();
    for (Property<T, ?> p : model.indexes()) {
      IndexField<T> f = IndexField.of(model, p);
      String other = names.putIfAbsent(f.name, p.name());
      if (other != null) {
        throw new CapabilityException(
            "the Riak driver cannot index both "
                + model.modelName()
                + "."
                + other
                + " and "
                + model.modelName()
                + "."
                + p.name()
                + ": Riak lower-cases"
                + " index names, so both would be '"
                + f.name
                + "'; give one another stored name with"
                + " @Field(name = ...)");
      }
      indexes.add(f);
    }
    RiakKeyCodec<K> keys = new RiakKeyCodec<>(model);
    LongKeySequence sequence =
        new LongKeySequence(bucket(LongKeySequence.BUCKET), model.bucket(), retry);
    return new RiakCollection<>(
        this, model, bucket(model.bucket()), indexes, keys, retry, sequence);
  }

  private RiakBucket bucket(String name) {
    return new RiakBucket(
        client.getRiakCluster(), new Namespace(bucketType, name), timeoutMillis, parallelism);
  }

  /** Shuts the client down if the driver created it; closing again does nothing. */
  @Override
  public void close() {
    if (!ownsClient || !closed.compareAndSet(false, true)) {
      return;
    }
    try {
      client.shutdown().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DriverException("interrupted while shutting the Riak client down", e);
    } catch (Exception e) {
      throw new DriverException("shutting the Riak client down failed: " + e, e);
    }
  }

  @Override
  public String toString() {
    return "RiakDriver(bucketType=" + bucketType + ")";
  }

  /** Options of a {@link RiakDriver}. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = DEFAULT_PORT;
    private RiakClient client;
    private String bucketType = Namespace.DEFAULT_BUCKET_TYPE;
    private int maxConnections = 32;
    private Duration timeout = Duration.ofSeconds(30);
    private int parallelism = 16;
    private int maxWriteAttempts = 100;

    private Builder() {}

    /** The Riak node's host ({@code 127.0.0.1} by default). */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The Riak node's Protocol Buffers port (8087 by default). */
    public Builder port(int port) {
      if (port <= 0 || port > 65535) {
        throw new IllegalArgumentException("not a port: " + port);
      }
      this.port = port;
      return this;
    }

    /** Uses {@code client} instead of connecting to host and port; the caller shuts it down. */
    public Builder client(RiakClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** The bucket type of every bucket ({@code default} by default). */
    public Builder bucketType(String bucketType) {
      if (bucketType == null || bucketType.isEmpty()) {
        throw new IllegalArgumentException("the bucket type must not be empty");
      }
      this.bucketType = bucketType;
      return this;
    }

    /** Connections to the node at most (32 by default); callers wait for a free one. */
    public Builder maxConnections(int maxConnections) {
      this.maxConnections = positive("maxConnections", maxConnections);
      return this;
    }

    /** How long one request may take (30 s by default); also the timeout to connect. */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("the timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Requests one call keeps in flight when it reads or writes many keys (getAll, find, scan,
     * saveAll, deleteAll); 16 by default.
     */
    public Builder fetchParallelism(int parallelism) {
      this.parallelism = positive("fetchParallelism", parallelism);
      return this;
    }

    /**
     * Attempts of a conditional write (save, update, key sequence) that keeps losing to other
     * writers before it fails with {@code ConcurrentUpdateException}; 100 by default.
     */
    public Builder maxWriteAttempts(int attempts) {
      this.maxWriteAttempts = positive("maxWriteAttempts", attempts);
      return this;
    }

    public RiakDriver build() {
      return new RiakDriver(this);
    }

    private static int positive(String what, int n) {
      if (n <= 0) {
        throw new IllegalArgumentException(what + " must be positive, was " + n);
      }
      return n;
    }

    @Override
    public String toString() {
      return "riak://" + host + ":" + port + "?bucketType=" + bucketType;
    }
  }
}
