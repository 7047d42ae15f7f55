package io.osmos.rethinkdb;

import com.rethinkdb.RethinkDB;
import com.rethinkdb.gen.exc.ReqlError;
import com.rethinkdb.net.Connection;
import io.osmos.exceptions.DriverException;
import io.osmos.query.Property;
import io.osmos.schema.KeyGeneration;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.ChangeFeed;
import io.osmos.spi.DocumentCollection;
import io.osmos.spi.DocumentStore;
import io.osmos.spi.DriverLimits;
import io.osmos.spi.Subscription;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The RethinkDB driver: a {@link DocumentStore} with a table per bucket, and a {@link ChangeFeed}
 * of each table's writes.
 *
 * <pre>{@code
 * Osmos osmos = Osmos.builder()
 *     .driver("db", new RethinkDriver("127.0.0.1", 28015, "app"))   // or "rethinkdb://host/app"
 *     .build();
 * }</pre>
 *
 * <p>Storage (see the module's README for the full layout): the database is created if absent; each
 * bucket is a table whose primary key {@code id} holds the model's key, with a secondary index
 * {@code osmos_key} for key order and {@code osmos_idx_<field>} per {@code @Index} field. Models
 * are stored as documents of their fields; values RethinkDB cannot hold exactly (integers beyond
 * 2^53, NaN, infinities, -0.0, decimals, nanosecond instants) are stored as text.
 *
 * <p>Writes are atomic per document: inserts refuse taken keys, {@code @Version} saves and patches
 * compare and set inside one query, increments are added by the server. {@code saveAll} writes each
 * document atomically but not the batch: RethinkDB has no transactions across documents.
 *
 * <p>Change feeds: {@link #subscribeChanges} delivers every insert, update and delete committed to
 * a bucket's table from then on (the model as JSON, with {@code op} and {@code key} attributes), to
 * every subscriber. A change feed keeps no position, so it is no {@link io.osmos.spi.MessageQueue}:
 * nothing is published, and changes made while nobody listens are not delivered. The bucket's model
 * must have been bound (a repository created) first.
 *
 * <p>The driver is safe for concurrent use; it keeps a small pool of connections (4 by default) and
 * opens one more per change feed. Close it to release them.
 */
public final class RethinkDriver implements DocumentStore, ChangeFeed {
  /** RethinkDB's client port. */
  public static final int DEFAULT_PORT = 28015;

  /** The database used when none is given. */
  public static final String DEFAULT_DATABASE = "osmos";

  /** Connections in the pool when not configured. */
  public static final int DEFAULT_POOL_SIZE = 4;

  private static final long DEFAULT_TIMEOUT_MILLIS = 10_000;
  private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

  private final ConnectionPool pool;
  private final String database;
  private final DriverLimits limits;
  private final Sequences sequences;
  private final Map<String, RethinkCollection<?, ?>> collections = new ConcurrentHashMap<>();
  private final Set<ChangeSubscription<?, ?>> feeds = ConcurrentHashMap.newKeySet();
  private volatile boolean databaseReady;

  /**
   * A driver for the server at {@code host:port} (user {@code admin}, no password), storing in
   * {@code database}.
   */
  public RethinkDriver(String host, int port, String database) {
    this(
        RethinkDB.r
            .connection()
            .hostname(Objects.requireNonNull(host, "host"))
            .port(port)
            .timeout(DEFAULT_TIMEOUT_MILLIS),
        database,
        DEFAULT_POOL_SIZE);
  }

  /**
   * A driver for a URL {@code rethinkdb://[user[:password]@]host[:port][/database][?options]}: the
   * port defaults to 28015, the database to {@value #DEFAULT_DATABASE}. Options: {@code
   * pool=<connections>} and the Java driver's own ({@code timeout=<ms>}, ...).
   *
   * @throws IllegalArgumentException for a URL that is not of that form
   */
  public RethinkDriver(String url) {
    this(parse(url));
  }

  private RethinkDriver(Settings s) {
    this(s.builder, s.database, s.poolSize);
  }

  /**
   * A driver whose connections {@code connection} configures (host, port, user, password, TLS,
   * timeout), storing in {@code database}, with {@code poolSize} pooled connections. Lists are
   * always unwrapped ({@code unwrapLists(true)}).
   */
  public RethinkDriver(Connection.Builder connection, String database, int poolSize) {
    this(connection, database, poolSize, DriverLimits.DEFAULT);
  }

  /** A driver with other limits than the default ones (for tests of the limits). */
  RethinkDriver(Connection.Builder connection, String database, int poolSize, DriverLimits limits) {
    Objects.requireNonNull(connection, "connection");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.database = checkDatabase(database);
    this.pool = new ConnectionPool(connection, poolSize);
    this.sequences = new Sequences(pool, this.database);
  }

  private static String checkDatabase(String database) {
    if (database == null || !DATABASE_NAME.matcher(database).matches()) {
      throw new IllegalArgumentException(
          "not a RethinkDB database name: '"
              + database
              + "' (letters, digits and underscores, at most 64)");
    }
    return database;
  }

  @Override
  public String kind() {
    return "rethinkdb";
  }

  @Override
  public DriverLimits limits() {
    return limits;
  }

  /** The database this driver stores in. */
  public String database() {
    return database;
  }

  // ---- documents -------------------------------------------------------------------------------

  @Override
  @SuppressWarnings("unchecked")
  public <T, K> DocumentCollection<T, K> collection(ModelSchema<T, K> model) {
    RethinkCollection<?, ?> bound = collections.get(model.bucket());
    if (bound == null) {
      bound = collections.computeIfAbsent(model.bucket(), b -> bind(model));
    }
    ModelSchema<?, ?> boundSchema = bound.layout().schema;
    if (boundSchema == model) {
      return (DocumentCollection<T, K>) bound;
    }
    checkSameLayout(boundSchema, model);
    return new RethinkCollection<>(
        pool, database, new DocumentLayout<>(model, limits()), sequences);
  }

  private <T, K> RethinkCollection<T, K> bind(ModelSchema<T, K> model) {
    DocumentLayout<T, K> layout = new DocumentLayout<>(model, limits());
    try {
      if (!databaseReady) {
        TableSetup.database(pool, database);
        databaseReady = true;
      }
      TableSetup.table(pool, database, model.bucket());
      TableSetup.indexes(pool, database, model.bucket(), IndexRead.definitions(layout));
      if (model.keyGeneration() == KeyGeneration.LONG) {
        TableSetup.table(pool, database, Sequences.TABLE);
      }
    } catch (ReqlError e) {
      throw new DriverException(
              "rethinkdb: preparing table "
                  + database
                  + "."
                  + model.bucket()
                  + " failed: "
                  + e.getMessage(),
              e)
          .in(null, model.bucket(), null, null);
    }
    return new RethinkCollection<>(pool, database, layout, sequences);
  }

  /** Two models may share a bucket only when they store the same fields, key and indexes. */
  private static void checkSameLayout(ModelSchema<?, ?> bound, ModelSchema<?, ?> other) {
    if (!other.fields().equals(bound.fields())
        || !storedNames(other.keyProperties()).equals(storedNames(bound.keyProperties()))
        || !storedNames(other.indexes()).equals(storedNames(bound.indexes()))) {
      throw new IllegalArgumentException(
          "rethinkdb bucket '"
              + bound.bucket()
              + "' is bound to"
              + " model "
              + bound.modelName()
              + ", whose fields, key or indexes differ from "
              + other.modelName()
              + "'s; give "
              + other.modelName()
              + " a bucket of its own");
    }
  }

  private static List<String> storedNames(List<? extends Property<?, ?>> props) {
    List<String> names = new ArrayList<>(props.size());
    for (Property<?, ?> p : props) {
      names.add(p.storedName());
    }
    return names;
  }

  /** The bound collection of {@code bucket}, for tests that plant documents. */
  RethinkCollection<?, ?> boundCollection(String bucket) {
    RethinkCollection<?, ?> c = collections.get(bucket);
    if (c == null) {
      throw new IllegalStateException(
          "rethinkdb bucket '"
              + bucket
              + "' has no model bound yet;"
              + " create its repository first (bound: "
              + collections.keySet()
              + ")");
    }
    return c;
  }

  // ---- change feeds ----------------------------------------------------------------------------

  /**
   * Delivers the inserts, updates and deletes committed to bucket {@code bucket}'s table from now
   * on (a RethinkDB change feed on a connection of its own), as {@link ChangeFeed} describes. Every
   * subscriber gets every change. A change whose handler fails {@code maxDeliveryAttempts} times
   * (or throws {@link io.osmos.spi.UnprocessableMessageException}) is skipped with a warning.
   *
   * @throws IllegalStateException when no model is bound to the bucket yet
   */
  @Override
  public Subscription subscribeChanges(
      String bucket, int maxDeliveryAttempts, ChangeHandler handler) {
    Objects.requireNonNull(handler, "handler");
    if (maxDeliveryAttempts < 1) {
      throw new IllegalArgumentException(
          "a change is delivered at least once; maxDeliveryAttempts"
              + " was "
              + maxDeliveryAttempts);
    }
    RethinkCollection<?, ?> c = boundCollection(bucket);
    try {
      ChangeSubscription<?, ?> feed =
          new ChangeSubscription<>(
              pool, database, c.layout(), maxDeliveryAttempts, handler, feeds::remove);
      feeds.add(feed);
      return feed;
    } catch (ReqlError e) {
      throw new DriverException(
              "rethinkdb: opening the change feed of table "
                  + database
                  + "."
                  + bucket
                  + " failed: "
                  + e.getMessage(),
              e)
          .in(null, bucket, null, "subscribeChanges");
    }
  }

  /** Stops every subscription (waiting for running handlers) and closes the connections. */
  @Override
  public void close() {
    for (ChangeSubscription<?, ?> f : List.copyOf(feeds)) {
      f.close();
    }
    pool.close();
  }

  @Override
  public String toString() {
    return "RethinkDriver(" + database + ", buckets " + collections.keySet() + ")";
  }

  // ---- URLs ------------------------------------------------------------------------------------

  private record Settings(Connection.Builder builder, String database, int poolSize) {}

  private static Settings parse(String url) {
    URI uri;
    try {
      uri = URI.create(Objects.requireNonNull(url, "url").trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "not a rethinkdb URL: '" + url + "' (" + e.getMessage() + ")");
    }
    if (!"rethinkdb".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "not a rethinkdb URL: '"
              + url
              + "'; expected"
              + " rethinkdb://[user[:password]@]host[:port][/database][?pool=4&timeout=10000]");
    }
    int poolSize = DEFAULT_POOL_SIZE;
    boolean timeout = false;
    StringBuilder driverQuery = new StringBuilder();
    if (uri.getRawQuery() != null) {
      for (String kv : uri.getRawQuery().split("&", -1)) {
        if (kv.isEmpty()) {
          continue;
        }
        if (kv.startsWith("pool=")) {
          try {
            poolSize = Integer.parseInt(kv.substring(5));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                "pool must be a number of connections in '" + url + "'");
          }
          continue;
        }
        timeout |= kv.startsWith("timeout=");
        driverQuery.append(driverQuery.length() == 0 ? "" : "&").append(kv);
      }
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String database = path.isEmpty() || path.equals("/") ? DEFAULT_DATABASE : path.substring(1);
    URI connectionUri =
        URI.create(
            "rethinkdb://"
                + (uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@")
                + uri.getHost()
                + ":"
                + (uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort())
                + (driverQuery.length() == 0 ? "" : "?" + driverQuery));
    Connection.Builder builder = RethinkDB.r.connection(connectionUri);
    if (!timeout) {
      builder.timeout(DEFAULT_TIMEOUT_MILLIS);
    }
    return new Settings(builder, database, poolSize);
  }
}
