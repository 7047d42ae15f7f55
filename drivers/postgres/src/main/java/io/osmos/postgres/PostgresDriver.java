package io.osmos.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.DeadLetterPolicy;
import io.osmos.spi.DocumentCollection;
import io.osmos.spi.DocumentStore;
import io.osmos.spi.DriverLimits;
import io.osmos.spi.LookupService;
import io.osmos.spi.LookupTable;
import io.osmos.spi.Message;
import io.osmos.spi.MessageQueue;
import io.osmos.spi.Subscription;
import io.osmos.spi.WarehouseService;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * PostgreSQL as every kind of Osmos store: a {@link DocumentStore} (a table per bucket with a
 * {@code json} document and an expression index per {@code @Index}), a {@link MessageQueue} (queue
 * tables read with {@code FOR UPDATE SKIP LOCKED}, woken by {@code LISTEN/NOTIFY}), a {@link
 * LookupService} (an append-only log with gap-free offsets plus an index table, last writer wins by
 * timestamp) and a {@link WarehouseService} (a typed table per stream model and SQL run as jobs).
 *
 * <pre>{@code
 * Osmos osmos = Osmos.builder()
 *     .driver("db", new PostgresDriver("postgresql://app@localhost:5432/app"))
 *     .build();
 * }</pre>
 *
 * Tables are created on first use with idempotent DDL in the schema {@value #DEFAULT_SCHEMA} (or
 * the one configured). Identifiers are validated and quoted; values are always bound parameters.
 * The driver is safe for concurrent use; from a URL it keeps a HikariCP pool, which {@link
 * #close()} shuts down (a {@link DataSource} given by the caller stays the caller's). See the
 * module's README for the exact layout.
 */
public final class PostgresDriver
    implements DocumentStore, MessageQueue, LookupService, WarehouseService {
  /** The schema the driver's tables go in unless another is configured. */
  public static final String DEFAULT_SCHEMA = "osmos";

  /** How long a warehouse query may run unless configured otherwise: 5 minutes. */
  public static final Duration DEFAULT_WAREHOUSE_TIMEOUT = Duration.ofMinutes(5);

  private final Database db;
  private final HikariDataSource ownedPool;
  private final HikariDataSource ownedWarehousePool;
  private final DataSource warehouseSource;
  private final Duration warehouseTimeout;
  private final DriverLimits limits;
  private final Duration ackDeadline;
  private final DeadLetterPolicy deadLetter;
  private final Map<String, String> preparedLayouts = new ConcurrentHashMap<>();
  private final Object lazyLock = new Object();
  private volatile boolean schemaReady;
  private volatile PostgresQueue queue;
  private volatile PostgresWarehouse warehouse;

  /** The login warehouse queries run as when they have their own, else null. */
  private volatile String warehouseReader;

  private volatile boolean closed;

  /** Checks the login and TLS of a driver made from a URL when it binds first; else null. */
  private final ConnectionCheck connectionCheck;

  /**
   * A driver on a data source the caller manages (and closes), in the schema {@value
   * #DEFAULT_SCHEMA}. Give it a pooled data source: the driver borrows a connection per operation.
   */
  public PostgresDriver(DataSource dataSource) {
    this(builder().dataSource(dataSource));
  }

  /**
   * A driver with its own connection pool, from {@code postgresql://user:password@host:port/db},
   * {@code postgres://...} or {@code jdbc:postgresql://...}. The options {@code schema=name}
   * (default {@value #DEFAULT_SCHEMA}), {@code poolSize=n} (default 10), {@code warehouseUser=name}
   * and {@code warehousePassword=secret} (the login warehouse queries run as, see {@link
   * Builder#warehouseUser}), {@code warehouseTimeoutSeconds=n} (default 300), {@code
   * deadLetterAttempts=n} and {@code deadLetterTopic=name} (the {@link Builder#deadLetter
   * dead-letter policy}) are the driver's; other options go to the JDBC driver.
   *
   * <p>For a managed database, connect with TLS and a password: {@code
   * postgresql://app:secret@db.example.com:5432/app?sslmode=verify-full&sslrootcert=/etc/ca.pem}.
   * {@code sslmode} is the JDBC driver's ({@code disable}, {@code prefer} (its default), {@code
   * require}: encrypted but the certificate unchecked, {@code verify-ca}: signed by the CA of
   * {@code sslrootcert}, {@code verify-full}: that and the certificate names the host). The user
   * and password are percent-decoded. The first model bound opens one connection directly, so a
   * wrong password, a login the server accepts only over TLS, or an untrusted certificate fails the
   * bind at once with a {@link io.osmos.exceptions.DriverException} naming the server, the user and
   * the problem; no message or {@code toString} holds the password.
   *
   * @throws IllegalArgumentException for a URL that is not a PostgreSQL URL
   */
  public PostgresDriver(String url) {
    this(builder().url(url));
  }

  private PostgresDriver(Builder b) {
    String schema = b.schema;
    DeadLetterPolicy deadLetter = b.deadLetter;
    HikariDataSource pool = null;
    HikariDataSource warehousePool = null;
    DataSource ds = b.dataSource;
    DataSource warehouseDs = b.warehouseDataSource;
    Duration timeout = b.warehouseTimeout;
    ConnectionCheck check = null;
    if (ds != null && b.warehouseUser != null) {
      throw new IllegalArgumentException(
          "warehouseUser needs a url (the driver makes the pool);"
              + " with a dataSource, give warehouse queries a warehouseDataSource of their own");
    }
    if (ds == null) {
      if (b.url == null) {
        throw new IllegalArgumentException("a PostgresDriver needs a url or a dataSource");
      }
      PostgresUrl url = PostgresUrl.parse(b.url);
      check = new ConnectionCheck(url);
      if (schema == null) {
        schema = url.options().get("schema");
      }
      if (!b.deadLetterSet) {
        deadLetter = deadLetter.withParameters(url.options());
      }
      int poolSize = b.poolSize;
      if (poolSize == 0 && url.options().containsKey("poolSize")) {
        try {
          poolSize = Integer.parseInt(url.options().get("poolSize"));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "poolSize in the URL must be a number, was '" + url.options().get("poolSize") + "'");
        }
      }
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(url.jdbcUrl());
      if (url.user() != null) {
        config.setUsername(url.user());
      }
      if (url.password() != null) {
        config.setPassword(url.password());
      }
      config.setMaximumPoolSize(poolSize > 0 ? poolSize : 10);
      config.setMinimumIdle(Math.min(2, config.getMaximumPoolSize()));
      config.setConnectionTimeout(b.connectionTimeout.toMillis());
      config.setPoolName("osmos-postgres");
      // Connect lazily: a driver can be created (and registered) before the database is up.
      config.setInitializationFailTimeout(-1);
      String warehouseUser =
          b.warehouseUser != null ? b.warehouseUser : url.options().get("warehouseUser");
      String warehousePassword =
          b.warehouseUser != null ? b.warehousePassword : url.options().get("warehousePassword");
      if (timeout == null && url.options().containsKey("warehouseTimeoutSeconds")) {
        timeout =
            Duration.ofSeconds(
                positive("warehouseTimeoutSeconds", url.options().get("warehouseTimeoutSeconds")));
      }
      if (warehouseUser == null && warehousePassword != null) {
        throw new IllegalArgumentException(
            "the URL gives a warehousePassword but no" + " warehouseUser");
      }
      if (warehouseUser != null && warehouseDs == null) {
        HikariConfig reader = new HikariConfig();
        config.copyStateTo(reader);
        reader.setUsername(warehouseUser);
        reader.setPassword(warehousePassword);
        reader.setMinimumIdle(0);
        reader.setPoolName("osmos-postgres-warehouse");
        warehousePool = new HikariDataSource(reader);
        warehouseDs = warehousePool;
      }
      pool = new HikariDataSource(config);
      ds = pool;
    }
    this.ownedPool = pool;
    this.connectionCheck = check;
    this.ownedWarehousePool = warehousePool;
    this.warehouseSource = warehouseDs;
    this.warehouseTimeout = timeout != null ? timeout : DEFAULT_WAREHOUSE_TIMEOUT;
    this.db =
        new Database(ds, SqlNames.checkName("schema", schema == null ? DEFAULT_SCHEMA : schema));
    this.limits = b.limits;
    this.ackDeadline = b.ackDeadline;
    this.deadLetter = deadLetter;
  }

  /**
   * Options beyond the constructors: schema, pool size, limits, ack deadline, and the login and
   * timeout of warehouse queries.
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String kind() {
    return "postgres";
  }

  @Override
  public DriverLimits limits() {
    return limits;
  }

  /** The schema the driver's tables live in. */
  public String schema() {
    return db.schema();
  }

  // ---- documents -----------------------------------------------------------------------------

  @Override
  public <T, K> DocumentCollection<T, K> collection(ModelSchema<T, K> model) {
    DocumentTable<T, K> layout = new DocumentTable<>(db.schema(), model);
    prepare(
        "document:" + layout.bucket,
        layout.signature(),
        layout.ddl(),
        () -> {
          String actual = columnType(layout.bucket, "key");
          if (actual != null && !actual.equals(layout.key.typeName())) {
            throw new IllegalArgumentException(
                "table "
                    + layout.table
                    + " exists with a key column"
                    + " of type "
                    + actual
                    + ", but "
                    + model.modelName()
                    + "'s key is stored as "
                    + layout.key.typeName()
                    + "; was the bucket '"
                    + layout.bucket
                    + "' created for"
                    + " another model?");
          }
        });
    return new PostgresCollection<>(db, layout, limits);
  }

  // ---- messages ------------------------------------------------------------------------------

  @Override
  public void publish(String topic, List<Message> messages) {
    queue().publish(topic, messages);
  }

  @Override
  public Subscription subscribe(
      String topic,
      String name,
      Delivery delivery,
      DeadLetterPolicy deadLetter,
      MessageHandler handler) {
    return queue().subscribe(topic, name, delivery, deadLetter, handler);
  }

  /** The policy of {@link Builder#deadLetter}, or of the URL's options. */
  @Override
  public DeadLetterPolicy deadLetterPolicy() {
    return deadLetter;
  }

  private PostgresQueue queue() {
    PostgresQueue q = queue;
    if (q == null) {
      synchronized (lazyLock) {
        checkOpen();
        q = queue;
        if (q == null) {
          PostgresQueue created = new PostgresQueue(db, limits.maxMessageBytes(), ackDeadline);
          prepare("queue", "v1", created.ddl(), () -> {});
          queue = created;
          q = created;
        }
      }
    }
    return q;
  }

  // ---- lookup --------------------------------------------------------------------------------

  @Override
  public <T, K> LookupTable<T, K> lookupTable(ModelSchema<T, K> model) {
    LookupLayout<T, K> layout = new LookupLayout<>(db.schema(), model);
    prepare("lookup:" + layout.bucket, layout.signature(), layout.ddl(), () -> {});
    return new PostgresLookupTable<>(db, layout, limits);
  }

  // ---- warehouse -----------------------------------------------------------------------------

  /**
   * Binds a stream model's warehouse table, creating it if needed. When warehouse queries run as a
   * login of their own, that login is granted {@code SELECT} on the table (and nothing else).
   */
  @Override
  public <T, K> WarehouseTable<T> warehouseTable(ModelSchema<T, K> model) {
    WarehouseLayout<T, K> layout = new WarehouseLayout<>(db.schema(), model);
    PostgresWarehouse w = warehouse();
    String reader = warehouseReader;
    List<String> ddl = new ArrayList<>(layout.ddl());
    if (reader != null) {
      ddl.add("GRANT SELECT ON " + layout.table + " TO " + SqlNames.quote(reader));
    }
    prepare(
        "warehouse:" + layout.bucket,
        layout.signature() + (reader == null ? "" : "|reader:" + reader),
        ddl,
        () -> {});
    w.register(layout);
    return new PostgresWarehouseTable<>(db, layout);
  }

  @Override
  public WarehouseJob analyze(String sql) {
    return warehouse().analyze(sql);
  }

  @Override
  public WarehouseJob run(String sql, long maxBytesScanned) {
    return warehouse().run(sql, maxBytesScanned);
  }

  @Override
  public WarehouseJob poll(String jobId) {
    return warehouse().poll(jobId);
  }

  @Override
  public ResultRead read(byte[] cursor, int limit) {
    return warehouse().read(cursor, limit);
  }

  private PostgresWarehouse warehouse() {
    PostgresWarehouse w = warehouse;
    if (w == null) {
      synchronized (lazyLock) {
        checkOpen();
        w = warehouse;
        if (w == null) {
          PostgresWarehouse created =
              new PostgresWarehouse(
                  db,
                  warehouseSource != null ? warehouseSource : db.dataSource(),
                  warehouseTimeout);
          prepare("warehouse", "v2", created.ddl(), () -> {});
          if (warehouseSource != null) {
            warehouseReader = sessionUser(warehouseSource);
          }
          warehouse = created;
          w = created;
        }
      }
    }
    return w;
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  /**
   * Stops subscriptions (waiting for running handlers) and warehouse jobs, then closes the
   * connection pool the driver created from a URL. A data source given by the caller is left open.
   */
  @Override
  public void close() {
    synchronized (lazyLock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      if (queue != null) {
        queue.close();
      }
    } finally {
      try {
        if (warehouse != null) {
          warehouse.close();
        }
      } finally {
        if (ownedWarehousePool != null) {
          ownedWarehousePool.close();
        }
        if (ownedPool != null) {
          ownedPool.close();
        }
      }
    }
  }

  @Override
  public String toString() {
    return "PostgresDriver(schema=" + db.schema() + ")";
  }

  // ---- internals -----------------------------------------------------------------------------

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the postgres driver is closed");
    }
  }

  /**
   * Runs a layout's DDL unless this driver already did for the same layout, then {@code check}.
   * Binding the same model again is one map lookup.
   */
  private void prepare(String name, String signature, List<String> ddl, Runnable check) {
    if (signature.equals(preparedLayouts.get(name))) {
      return;
    }
    if (connectionCheck != null) {
      connectionCheck.run();
    }
    List<String> statements = new ArrayList<>();
    if (!schemaReady && !schemaExists()) {
      statements.add("CREATE SCHEMA IF NOT EXISTS " + SqlNames.quote(db.schema()));
    }
    statements.addAll(ddl);
    db.ddl("creating the tables of " + name + " in schema " + db.schema(), statements);
    schemaReady = true;
    check.run();
    preparedLayouts.put(name, signature);
  }

  /** Whether the schema exists (creating it needs a privilege an application may not have). */
  private boolean schemaExists() {
    return db.call(
        "looking up schema " + db.schema(),
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, db.schema());
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next();
            }
          }
        });
  }

  /** The login of {@code source}'s connections. */
  private static String sessionUser(DataSource source) {
    try (Connection c = source.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT session_user")) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw SqlErrors.translate("connecting as the warehouse login", e);
    }
  }

  private static long positive(String option, String value) {
    try {
      long n = Long.parseLong(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        option + " in the URL must be a positive number, was '" + value + "'");
  }

  /** The type of a column of a table in the driver's schema, or null when there is none. */
  private String columnType(String table, String column) {
    return db.call(
        "looking up " + table + "." + column,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT format_type(a.atttypid, NULL)"
                      + " FROM pg_attribute a JOIN pg_class r ON r.oid = a.attrelid"
                      + " JOIN pg_namespace n ON n.oid = r.relnamespace"
                      + " WHERE n.nspname = ? AND r.relname = ? AND a.attname = ? AND NOT a.attisdropped")) {
            ps.setString(1, db.schema());
            ps.setString(2, table);
            ps.setString(3, column);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? rs.getString(1) : null;
            }
          }
        });
  }

  /** Options of a {@link PostgresDriver}. */
  public static final class Builder {
    private String url;
    private DataSource dataSource;
    private String schema;
    private int poolSize;
    private DriverLimits limits = DriverLimits.DEFAULT;
    private Duration connectionTimeout = Duration.ofSeconds(30);
    private Duration ackDeadline = Duration.ofSeconds(30);
    private String warehouseUser;
    private String warehousePassword;
    private DataSource warehouseDataSource;
    private Duration warehouseTimeout;
    private DeadLetterPolicy deadLetter = DeadLetterPolicy.DEFAULT;
    private boolean deadLetterSet;

    private Builder() {}

    /** Connects with a pool of the driver's own; the URL forms are the URL constructor's. */
    public Builder url(String url) {
      this.url = Objects.requireNonNull(url, "url");
      return this;
    }

    /** Connect through a data source the caller manages and closes. */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /** The schema of the driver's tables (1 to 63 letters, digits, '_' or '-'). */
    public Builder schema(String schema) {
      this.schema = SqlNames.checkName("schema", schema);
      return this;
    }

    /** The maximum size of the driver's own pool (default 10; URLs only). */
    public Builder poolSize(int poolSize) {
      if (poolSize < 1) {
        throw new IllegalArgumentException("poolSize must be at least 1, was " + poolSize);
      }
      this.poolSize = poolSize;
      return this;
    }

    /** How long to wait for a connection from the driver's own pool (default 30 s; URLs only). */
    public Builder connectionTimeout(Duration timeout) {
      if (timeout.toMillis() < 250) {
        throw new IllegalArgumentException("connectionTimeout must be at least 250 ms");
      }
      this.connectionTimeout = timeout;
      return this;
    }

    /** The limits checked before writing (default {@link DriverLimits#DEFAULT}). */
    public Builder limits(DriverLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * How long a delivered message stays invisible to other consumers before it is delivered again
     * if its handler has not returned (default 30 s).
     */
    public Builder ackDeadline(Duration deadline) {
      if (deadline.toMillis() < 100) {
        throw new IllegalArgumentException("ackDeadline must be at least 100 ms");
      }
      this.ackDeadline = deadline;
      return this;
    }

    /**
     * Runs warehouse queries as another login, through a second pool of the driver's own (URLs
     * only; the URL options {@code warehouseUser} and {@code warehousePassword} do the same). Give
     * that login {@code USAGE} on the driver's schema and nothing else: the driver grants it {@code
     * SELECT} on each warehouse table it binds. Then a query can read the warehouse tables, and no
     * other table, and can write nothing even where every other check failed.
     */
    public Builder warehouseUser(String user, String password) {
      this.warehouseUser = Objects.requireNonNull(user, "user");
      this.warehousePassword = password;
      return this;
    }

    /**
     * Runs warehouse queries on connections of {@code dataSource}, which should log in as a role of
     * their own (see {@link #warehouseUser}); the caller manages and closes it.
     */
    public Builder warehouseDataSource(DataSource dataSource) {
      this.warehouseDataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * How long a warehouse dry run or job may run, enforced by the server as the statement timeout
     * of each of its statements (default {@link #DEFAULT_WAREHOUSE_TIMEOUT}).
     */
    public Builder warehouseTimeout(Duration timeout) {
      if (timeout.toMillis() < 1) {
        throw new IllegalArgumentException("warehouseTimeout must be at least 1 ms");
      }
      this.warehouseTimeout = timeout;
      return this;
    }

    /**
     * How often a durable subscription delivers a message whose handler throws before it moves it
     * to the dead-letter topic, and which topic that is, for subscriptions that do not name a
     * policy of their own (default {@link DeadLetterPolicy#DEFAULT}; overrides the URL's {@code
     * deadLetterAttempts} and {@code deadLetterTopic}).
     */
    public Builder deadLetter(DeadLetterPolicy policy) {
      this.deadLetter = Objects.requireNonNull(policy, "policy");
      this.deadLetterSet = true;
      return this;
    }

    public PostgresDriver build() {
      return new PostgresDriver(this);
    }
  }
}
