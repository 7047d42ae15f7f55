package io.osmos.bigtable;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.bigtable.admin.v2.BigtableTableAdminClient;
import com.google.cloud.bigtable.admin.v2.BigtableTableAdminSettings;
import com.google.cloud.bigtable.admin.v2.models.ColumnFamily;
import com.google.cloud.bigtable.admin.v2.models.CreateTableRequest;
import com.google.cloud.bigtable.admin.v2.models.GCRules;
import com.google.cloud.bigtable.admin.v2.models.ModifyColumnFamiliesRequest;
import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.BigtableDataSettings;
import io.osmos.exceptions.DriverException;
import io.osmos.query.Property;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.DriverLimits;
import io.osmos.spi.LookupService;
import io.osmos.spi.LookupTable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Google Cloud Bigtable as a {@link LookupService}, in the layout of Beneath's Bigtable driver: an
 * append-only log ordered by offsets from an atomic sequencer, a primary index holding the newest
 * record of each key, and secondary indexes whose entries point at it.
 *
 * <pre>{@code
 * BigtableDriver bigtable = BigtableDriver.builder("my-project", "my-instance").build();
 * BigtableDriver local = BigtableDriver.builder("p", "i").emulatorHost("127.0.0.1:8086").build();
 * Osmos osmos = Osmos.builder().driver("events", Streams.of(queue, bigtable, warehouse)).build();
 * }</pre>
 *
 * Or by URL: {@code bigtable://my-project/my-instance}, {@code
 * bigtable://p/i?emulator=127.0.0.1:8086}.
 *
 * <p>Every stream model shares three tables, {@code <prefix>_log}, {@code <prefix>_indexes} and
 * {@code <prefix>_sequencer} ({@code osmos_*} by default), created with their column families on
 * first use; rows are prefixed per stream and per index. The driver's README shows the row keys and
 * cells, and how to read them with {@code cbt}.
 *
 * <p>Semantics:
 *
 * <ul>
 *   <li>A write takes consecutive log offsets for the whole batch, appends every record to the log
 *       (duplicates included), and upserts the index: per key the record with the newest
 *       {@code @Timestamp} wins (ties: the later write). The driver reads the batch's keys first to
 *       decide and to replace secondary entries; cell timestamps (the record time, in milliseconds)
 *       settle concurrent writers the same way.
 *   <li>Secondary index entries are checked against the primary index when read; stale entries
 *       (left by concurrent writers) are skipped and deleted.
 *   <li>Replay cursors read the log up to the stable tip, in up to {@code partitions} segments;
 *       change cursors read on from there, coming back to offsets of batches still being written;
 *       peek reads the log newest first.
 *   <li>Index reads take eq, prefix, gt, gte, lt and lte on a leftmost prefix of the key or of one
 *       {@code @Index}; anything else is an {@code UnsupportedQueryException}.
 *   <li>With {@link Builder#retention}, records older than the retention period are hidden from
 *       reads at once and removed by Bigtable's garbage collection later (the age of a cell is the
 *       record's time).
 * </ul>
 *
 * <p>The driver is safe for concurrent use; {@link #close()} releases the clients' channels and
 * threads.
 */
public final class BigtableDriver implements LookupService {
  private final String project;
  private final String instance;
  private final Tables tables;
  private final Duration retention;
  private final Duration sequencerTimeout;
  private final Duration maxClockDrift;
  private final Clock clock;
  private final DriverLimits limits = DriverLimits.STREAMS;
  private final BigtableDataClient data;
  private final BigtableTableAdminClient admin;
  private final Map<String, ModelSchema<?, ?>> bound = new ConcurrentHashMap<>();
  private final Set<String> knownTables = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** The table names of one driver. */
  record Tables(String log, String indexes, String sequencer) {}

  private BigtableDriver(Builder b) {
    this.project = b.project;
    this.instance = b.instance;
    this.tables =
        new Tables(
            b.tablePrefix + "_log", b.tablePrefix + "_indexes", b.tablePrefix + "_sequencer");
    this.retention = b.retention;
    this.sequencerTimeout = b.sequencerTimeout;
    this.maxClockDrift = b.maxClockDrift;
    this.clock = b.clock;
    BigtableDataSettings.Builder ds;
    BigtableTableAdminSettings.Builder as;
    if (b.emulatorHost != null) {
      int colon = b.emulatorHost.lastIndexOf(':');
      String host = b.emulatorHost.substring(0, colon);
      int port = Integer.parseInt(b.emulatorHost.substring(colon + 1));
      ds = BigtableDataSettings.newBuilderForEmulator(host, port);
      as = BigtableTableAdminSettings.newBuilderForEmulator(host, port);
    } else {
      ds = BigtableDataSettings.newBuilder();
      as = BigtableTableAdminSettings.newBuilder();
      if (b.credentials != null) {
        ds.setCredentialsProvider(b.credentials);
        as.setCredentialsProvider(b.credentials);
      }
    }
    ds.setProjectId(project).setInstanceId(instance);
    as.setProjectId(project).setInstanceId(instance);
    if (b.appProfile != null) {
      ds.setAppProfileId(b.appProfile);
    }
    BigtableDataClient d = null;
    try {
      d = BigtableDataClient.create(ds.build());
      this.admin = BigtableTableAdminClient.create(as.build());
    } catch (IOException | RuntimeException e) {
      if (d != null) {
        d.close();
      }
      throw new DriverException(
          "cannot connect to Bigtable instance " + project + "/" + instance + ": " + e.getMessage(),
          e);
    }
    this.data = d;
  }

  /** A builder for a driver on the Bigtable instance {@code project/instance}. */
  public static Builder builder(String project, String instance) {
    return new Builder(project, instance);
  }

  @Override
  public String kind() {
    return "bigtable";
  }

  /** Beneath's stream limits: 1 KiB keys and index entries, 10 000 records per write. */
  @Override
  public DriverLimits limits() {
    return limits;
  }

  /** The names of the log, index and sequencer tables. */
  public List<String> tableNames() {
    return List.of(tables.log(), tables.indexes(), tables.sequencer());
  }

  /**
   * Binds a stream model: creates the driver's tables and column families if they are missing, and
   * checks that the bucket is not bound to a model with other keys or indexes.
   */
  @Override
  public <T, K> LookupTable<T, K> lookupTable(ModelSchema<T, K> model) {
    if (closed) {
      throw new IllegalStateException(
          "the Bigtable driver for " + project + "/" + instance + " is closed");
    }
    ModelSchema<?, ?> other = bound.putIfAbsent(model.bucket(), model);
    if (other != null && other != model) {
      checkSameLayout(model.bucket(), other, model);
    }
    ensureTables();
    return new BigtableLookupTable<>(
        data, tables, model, limits, retention, sequencerTimeout, maxClockDrift, clock);
  }

  private static void checkSameLayout(String bucket, ModelSchema<?, ?> a, ModelSchema<?, ?> b) {
    if (!names(a.keyProperties()).equals(names(b.keyProperties()))
        || !names(a.indexes()).equals(names(b.indexes()))) {
      throw new IllegalArgumentException(
          "stream "
              + bucket
              + " is bound to "
              + a.modelName()
              + " (key "
              + names(a.keyProperties())
              + ", indexes "
              + names(a.indexes())
              + "); "
              + b.modelName()
              + " has key "
              + names(b.keyProperties())
              + " and indexes "
              + names(b.indexes())
              + ": give it another bucket");
    }
  }

  private static List<String> names(List<? extends Property<?, ?>> properties) {
    List<String> out = new ArrayList<>();
    for (Property<?, ?> p : properties) {
      out.add(p.storedName());
    }
    return out;
  }

  private void ensureTables() {
    GCRules.GCRule records =
        retention == null
            ? GCRules.GCRULES.maxVersions(1)
            : GCRules.GCRULES
                .union()
                .rule(GCRules.GCRULES.maxVersions(1))
                .rule(GCRules.GCRULES.maxAge(retention.toMillis(), TimeUnit.MILLISECONDS));
    Map<String, GCRules.GCRule> recordFamilies = Map.of(Layout.FAMILY, records);
    Map<String, GCRules.GCRule> sequencerFamilies = new LinkedHashMap<>();
    sequencerFamilies.put(Sequencer.NEXT_FAMILY, GCRules.GCRULES.maxVersions(1));
    sequencerFamilies.put(Sequencer.COMMIT_FAMILY, GCRules.GCRULES.maxVersions(1));
    sequencerFamilies.put(Sequencer.STABLE_FAMILY, GCRules.GCRULES.maxVersions(1));
    ensureTable(tables.log(), recordFamilies);
    ensureTable(tables.indexes(), recordFamilies);
    ensureTable(tables.sequencer(), sequencerFamilies);
  }

  /** Creates the table, or adds the families it lacks; once per driver and table. */
  private void ensureTable(String table, Map<String, GCRules.GCRule> families) {
    if (knownTables.contains(table)) {
      return;
    }
    try {
      CreateTableRequest create = CreateTableRequest.of(table);
      families.forEach(create::addFamily);
      try {
        admin.createTable(create);
      } catch (AlreadyExistsException e) {
        Set<String> present = new HashSet<>();
        for (ColumnFamily f : admin.getTable(table).getColumnFamilies()) {
          present.add(f.getId());
        }
        ModifyColumnFamiliesRequest modify = ModifyColumnFamiliesRequest.of(table);
        boolean missing = false;
        for (Map.Entry<String, GCRules.GCRule> f : families.entrySet()) {
          if (!present.contains(f.getKey())) {
            modify.addFamily(f.getKey(), f.getValue());
            missing = true;
          }
        }
        if (missing) {
          admin.modifyFamilies(modify);
        }
      }
    } catch (ApiException e) {
      throw new DriverException(
          "cannot create Bigtable table "
              + table
              + " with column families "
              + families.keySet()
              + " in "
              + project
              + "/"
              + instance
              + ": "
              + e.getMessage(),
          e);
    }
    knownTables.add(table);
  }

  /** Closes the Bigtable clients. Bound tables stop working. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      data.close();
    } finally {
      admin.close();
    }
  }

  @Override
  public String toString() {
    return "BigtableDriver(" + project + "/" + instance + ", tables " + tableNames() + ")";
  }

  /** Options of a {@link BigtableDriver}. */
  public static final class Builder {
    private final String project;
    private final String instance;
    private String emulatorHost;
    private CredentialsProvider credentials;
    private String appProfile;
    private String tablePrefix = "osmos";
    private Duration retention;
    private Duration sequencerTimeout = Duration.ofSeconds(60);
    private Duration maxClockDrift = Duration.ofSeconds(10);
    private Clock clock = Clock.systemUTC();

    private Builder(String project, String instance) {
      this.project = requireId(project, "project");
      this.instance = requireId(instance, "instance");
    }

    /** Talks to a Bigtable emulator at {@code host:port} (plaintext, no credentials). */
    public Builder emulatorHost(String hostPort) {
      Objects.requireNonNull(hostPort, "hostPort");
      int colon = hostPort.lastIndexOf(':');
      boolean ok = colon > 0 && hostPort.substring(colon + 1).matches("\\d{1,5}");
      if (!ok) {
        throw new IllegalArgumentException(
            "emulator host must be host:port, e.g." + " 127.0.0.1:8086, was '" + hostPort + "'");
      }
      this.emulatorHost = hostPort;
      return this;
    }

    /** Credentials for Bigtable; by default Google's application default credentials. */
    public Builder credentials(CredentialsProvider credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /** The app profile of data requests; the instance's default profile otherwise. */
    public Builder appProfile(String profile) {
      this.appProfile = requireId(profile, "app profile");
      return this;
    }

    /** The prefix of the table names ({@code <prefix>_log}, ...); {@code osmos} by default. */
    public Builder tablePrefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      if (!prefix.matches("[A-Za-z0-9_.-]{1,40}")) {
        throw new IllegalArgumentException(
            "a table prefix has 1 to 40 letters, digits, '_', '-'"
                + " or '.', was '"
                + prefix
                + "'");
      }
      this.tablePrefix = prefix;
      return this;
    }

    /**
     * Keeps records for this long after their {@code @Timestamp}: older log rows and index entries
     * are hidden from reads and garbage-collected by Bigtable (a max-age rule, set when the driver
     * creates its tables). By default records are kept forever.
     */
    public Builder retention(Duration retention) {
      if (retention.toMillis() < 1) {
        throw new IllegalArgumentException("retention must be at least 1 ms, was " + retention);
      }
      this.retention = retention;
      return this;
    }

    /**
     * How long a write may take between taking its log offsets and committing them (60 s by
     * default). A write that takes longer fails, and readers then skip offsets that stayed
     * uncommitted this long (plus the clock drift).
     */
    public Builder sequencerTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException(
            "the sequencer timeout must be positive, was " + timeout);
      }
      this.sequencerTimeout = timeout;
      return this;
    }

    /** The clock difference tolerated between this process and Bigtable; 10 s by default. */
    public Builder maxClockDrift(Duration drift) {
      if (drift.isNegative()) {
        throw new IllegalArgumentException("clock drift must not be negative, was " + drift);
      }
      this.maxClockDrift = drift;
      return this;
    }

    /** The clock for retention and for deciding that offsets will never be committed. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Connects (tables are created when a model binds). */
    public BigtableDriver build() {
      return new BigtableDriver(this);
    }

    private static String requireId(String id, String what) {
      Objects.requireNonNull(id, what);
      if (id.isBlank() || id.contains("/")) {
        throw new IllegalArgumentException("invalid Bigtable " + what + " id '" + id + "'");
      }
      return id;
    }
  }
}
