package io.osmos;

import io.osmos.annotations.Hook;
import io.osmos.codec.json.JsonFormat;
import io.osmos.exceptions.CapabilityException;
import io.osmos.exceptions.DecodeException;
import io.osmos.exceptions.DriverException;
import io.osmos.exceptions.DriverNotFoundException;
import io.osmos.exceptions.InvalidCursorException;
import io.osmos.exceptions.LimitExceededException;
import io.osmos.exceptions.OsmosException;
import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.exceptions.ValidationException;
import io.osmos.exceptions.Violation;
import io.osmos.query.Query;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.DeadLetterPolicy;
import io.osmos.spi.Driver;
import io.osmos.spi.LogRecord;
import io.osmos.spi.LookupService;
import io.osmos.spi.LookupTable;
import io.osmos.spi.Message;
import io.osmos.spi.MessageQueue;
import io.osmos.spi.ReceivedMessage;
import io.osmos.spi.Subscription;
import io.osmos.spi.TupleKey;
import io.osmos.spi.UnprocessableMessageException;
import io.osmos.spi.WarehouseService;
import io.osmos.validation.Violations;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The operations of a stream model ({@code @Model(kind = STREAM)}), extended by each generated
 * {@code XRepository}; Beneath's three services behind one typed API:
 *
 * <ul>
 *   <li>the {@link MessageQueue}: {@link #publish}, {@link #publishAll} and {@link #subscribe}
 *       (records travel as JSON, with the key and timestamp as attributes);
 *   <li>the {@link LookupService}: {@link #write}, {@link #get}, index reads ({@link #find}) and
 *       cursors over the log ({@link #replay}, {@link #changes}, {@link #peek}, {@link #read});
 *   <li>the {@link WarehouseService}, when the driver offers one: {@link #write} fills its table
 *       too, and {@link #query(String)} runs SQL in which {@code {table}} names it.
 * </ul>
 *
 * Records are validated before anything is written or published (a batch with one invalid record
 * writes nothing), a null {@code @Timestamp} is set to the registry's clock, and the driver's
 * limits are checked first. Cursors are opaque, tamper-checked strings. Errors name the driver,
 * bucket, key and operation.
 *
 * @param <T> the model
 * @param <K> its key type
 */
public abstract class StreamRepository<T, K> {
  private final Binding<T, K> binding;
  private final ModelSchema<T, K> schema;
  private final MessageQueue queue;
  private final LookupTable<T, K> lookup;
  private final WarehouseService warehouse;
  private final WarehouseService.WarehouseTable<T> warehouseTable;

  /** Receives decoded records of a subscription. */
  @FunctionalInterface
  public interface RecordHandler<T> {
    /**
     * Handles one record. Returning acknowledges it; throwing means "not processed", and an {@code
     * AT_LEAST_ONCE} subscription delivers it again, up to its dead-letter policy's number of
     * attempts.
     */
    void handle(T record) throws Exception;
  }

  /** Binds to the driver registered under the model's {@code @Model(driver)} name. */
  protected StreamRepository(Osmos osmos, ModelSchema<T, K> schema) {
    this(osmos, schema.driverName(), schema);
  }

  /**
   * Binds to the driver registered under {@code driverName}.
   *
   * @throws DriverNotFoundException if there is none
   * @throws CapabilityException if it is not both a {@link MessageQueue} and a {@link
   *     LookupService}
   */
  protected StreamRepository(Osmos osmos, String driverName, ModelSchema<T, K> schema) {
    this.binding = new Binding<>(osmos, driverName, schema);
    this.schema = schema;
    Driver driver = binding.driver();
    if (!(driver instanceof MessageQueue mq) || !(driver instanceof LookupService ls)) {
      throw binding.missing("a stream model and needs a MessageQueue and a LookupService");
    }
    this.queue = mq;
    this.lookup = binding.call("bind", null, () -> ls.lookupTable(schema));
    if (driver instanceof WarehouseService ws) {
      this.warehouse = ws;
      this.warehouseTable = binding.call("bind", null, () -> ws.warehouseTable(schema));
    } else {
      this.warehouse = null;
      this.warehouseTable = null;
    }
  }

  /** The model's schema ({@code X_.MODEL}). */
  public final ModelSchema<T, K> schema() {
    return schema;
  }

  /** The registry this repository was bound in. */
  public final Osmos osmos() {
    return binding.osmos();
  }

  /** Whether the driver offers a warehouse, so {@link #write} fills it and SQL can be run. */
  public final boolean hasWarehouse() {
    return warehouse != null;
  }

  // ---- message queue -------------------------------------------------------------------------

  /**
   * Publishes one record to the model's topic (its bucket name).
   *
   * @throws ValidationException listing every violated constraint; nothing is published
   * @throws LimitExceededException when the encoded record exceeds the driver's message size
   */
  public void publish(T record) {
    publishAll(List.of(Objects.requireNonNull(record, "record")));
  }

  /**
   * Publishes records to the model's topic. All are validated and checked against the limits first:
   * one invalid record means none is published.
   */
  public void publishAll(Collection<T> records) {
    List<T> list = prepare("publish", records);
    List<Message> messages = new ArrayList<>(list.size());
    for (T r : list) {
      K key = schema.key(r);
      byte[] data = binding.wrap("publish", key, () -> JsonFormat.encode(schema, r));
      if (data.length > binding.limits().maxMessageBytes()) {
        throw new LimitExceededException(
                "the record encodes to a message of "
                    + data.length
                    + " bytes; the driver's limit (maxMessageBytes) is "
                    + binding.limits().maxMessageBytes())
            .in(binding.label(), schema.bucket(), key, "publish");
      }
      Map<String, String> attributes = new HashMap<>(4);
      attributes.put(
          "key",
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(TupleKey.encode(schema.keyComponents(key))));
      attributes.put("timestamp", Long.toString(micros(schema.timestamp(r))));
      messages.add(new Message(data, attributes));
    }
    // Pipelines of this registry that process the bucket learn of the messages first, so that
    // none is handled before it is expected (Pipeline.awaitIdle).
    List<Runnable> undo = new ArrayList<>(1);
    for (Pipeline p : binding.osmos().pipelines(binding.driverName())) {
      Runnable u = p.expect(schema.bucket(), messages);
      if (u != null) {
        undo.add(u);
      }
    }
    try {
      binding.call(
          "publish",
          null,
          messages.size(),
          () -> {
            queue.publish(schema.bucket(), messages);
            return null;
          });
    } catch (RuntimeException e) {
      undo.forEach(Runnable::run);
      throw e;
    }
  }

  /**
   * Subscribes to the model's topic with the driver's {@link MessageQueue#deadLetterPolicy()
   * dead-letter policy}; see {@link #subscribe(String, MessageQueue.Delivery, DeadLetterPolicy,
   * RecordHandler)}.
   *
   * @return the subscription; close it to stop delivery
   */
  public Subscription subscribe(
      String name, MessageQueue.Delivery delivery, RecordHandler<T> handler) {
    return subscribe(name, delivery, queue.deadLetterPolicy(), handler);
  }

  /**
   * Subscribes to the model's topic. With {@link MessageQueue.Delivery#AT_LEAST_ONCE} the
   * subscription is durable and shared by every subscriber using {@code name}; each record is
   * acknowledged when {@code handler} returns and delivered again when it throws, until {@code
   * deadLetter} moves it to the dead-letter topic. A message that does not decode as the model can
   * never be handled: it goes to the dead letter at once (an ephemeral subscription drops it), and
   * the messages after it keep flowing.
   *
   * @return the subscription; close it to stop delivery
   */
  public Subscription subscribe(
      String name,
      MessageQueue.Delivery delivery,
      DeadLetterPolicy deadLetter,
      RecordHandler<T> handler) {
    Objects.requireNonNull(deadLetter, "deadLetter");
    Objects.requireNonNull(handler, "handler");
    return binding.call(
        "subscribe",
        null,
        () ->
            queue.subscribe(
                schema.bucket(),
                name,
                delivery,
                deadLetter,
                message -> {
                  T record;
                  try {
                    record = JsonFormat.decode(schema, message.data());
                  } catch (RuntimeException e) {
                    throw unprocessable(schema, message, e, binding.label(), "subscribe");
                  }
                  handler.handle(schema.onHook(Hook.Event.DID_GET, record));
                }));
  }

  /**
   * A message whose payload the codec refused: the same bytes never decode, so the queue is told to
   * dead-letter it at once rather than spend its attempts.
   */
  static UnprocessableMessageException unprocessable(
      ModelSchema<?, ?> schema,
      ReceivedMessage message,
      RuntimeException error,
      String driverLabel,
      String op) {
    OsmosException e =
        error instanceof OsmosException oe
            ? oe
            : new DecodeException("cannot decode the message: " + error, error);
    e.in(driverLabel, schema.bucket(), message.attributes().get("key"), op);
    return new UnprocessableMessageException(
        "message " + message.id() + " is not a " + schema.modelName() + ": " + e.getMessage(), e);
  }

  // ---- lookup --------------------------------------------------------------------------------

  /**
   * Writes records to the lookup service (appended to the log; the index keeps the newest per key
   * by {@code @Timestamp}) and, when the driver has one, to the warehouse. All are validated and
   * checked against the limits first: one invalid record means none is written.
   */
  public void write(Collection<T> records) {
    List<T> list = prepare("write", records);
    for (T r : list) {
      int size = binding.wrap("write", schema.key(r), () -> JsonFormat.encode(schema, r)).length;
      binding.checks().record("write", schema.key(r), size);
    }
    binding.call(
        "write",
        null,
        list.size(),
        () -> {
          lookup.write(list);
          return null;
        });
    if (warehouseTable != null) {
      binding.call(
          "write",
          null,
          list.size(),
          () -> {
            warehouseTable.write(list);
            return null;
          });
    }
  }

  /** The newest record with {@code key}, or empty. */
  public Optional<T> get(K key) {
    Objects.requireNonNull(key, "key");
    return binding
        .call("get", key, () -> lookup.get(key))
        .map(r -> schema.onHook(Hook.Event.DID_GET, r));
  }

  /**
   * One page of a query over the lookup index (newest record per key), in index order. The query
   * must constrain a leftmost prefix of the key or of one {@code @Index}; the cursor of the page
   * continues exactly this query.
   *
   * @throws UnsupportedQueryException if the driver's indexes cannot answer the query
   * @throws InvalidCursorException if the request's cursor was tampered with or is for another
   *     query
   */
  public Page<T> find(Query<T> query, PageRequest page) {
    checkLookupQuery("find", query);
    checkReadLimit("find", page.size());
    String scope =
        CursorCodec.scope("stream-find", binding.driverName(), schema, query.canonical());
    int returned = 0;
    byte[] cursor;
    if (page.cursor() == null) {
      cursor = binding.call("find", null, () -> lookup.query(query, true, 1)).replay().get(0);
    } else {
      CursorCodec.Decoded d = decodeCursor("find", scope, page.cursor());
      returned = d.returned();
      cursor = d.continuation();
    }
    int size = page.size();
    if (query.limit() > 0) {
      size = Math.min(size, query.limit() - returned);
    }
    if (size <= 0) {
      return new Page<>(List.of(), null);
    }
    final int n = size;
    LookupTable.CursorRead<T> read = binding.call("find", null, () -> lookup.read(cursor, n));
    List<T> items = values(read.records());
    int total = returned + items.size();
    boolean more = read.next() != null && (query.limit() == 0 || total < query.limit());
    return new Page<>(
        items, more ? binding.osmos().cursors().encode(scope, total, read.next()) : null);
  }

  /** Every record matching {@code query}, read page by page. Mind the size of the result. */
  public List<T> findAll(Query<T> query) {
    List<T> all = new ArrayList<>();
    PageRequest req = PageRequest.first(binding.limits().maxReadLimit());
    while (true) {
      Page<T> p = find(query, req);
      all.addAll(p.items());
      if (!p.hasNext()) {
        return all;
      }
      req = PageRequest.after(p.nextCursor(), req.size());
    }
  }

  /**
   * Cursors over the whole log up to now, split into at most {@code partitions} segments that can
   * be read in parallel, and the change cursor from that point on. Every version of every record is
   * read, in log order within a segment.
   */
  public StreamCursors replay(int partitions) {
    int n = checkPartitions(partitions);
    return cursors("replay", () -> lookup.query(Query.all(), false, n));
  }

  /**
   * A cursor over the index range {@code query} selects (the newest record per key, in index
   * order), and the change cursor from now on. The index is one range, so there is one replay
   * cursor whatever {@code partitions} is.
   */
  public StreamCursors replay(Query<T> query, int partitions) {
    checkLookupQuery("replay", query);
    int n = checkPartitions(partitions);
    return cursors("replay", () -> lookup.query(query, true, n));
  }

  /** Lookups read one index range: bound plans of eq, prefix and range conditions, no offset. */
  private void checkLookupQuery(String op, Query<T> query) {
    Objects.requireNonNull(query, "query");
    if (!query.isBound()) {
      throw new IllegalArgumentException(
          "the query "
              + query
              + " has unbound parameters "
              + query.params()
              + "; bind them with query.bind(...) first");
    }
    if (query.offset() != 0) {
      throw new UnsupportedQueryException(
              "a stream lookup reads one index range and cannot skip"
                  + " "
                  + query.offset()
                  + " records; page with cursors instead")
          .in(binding.label(), schema.bucket(), null, op);
    }
  }

  /** A cursor that reads the records written from now on; it never ends. */
  public String changes() {
    return cursors("changes", lookup::peek).changes();
  }

  /** A cursor reading the log newest first (the one replay cursor), and the change cursor. */
  public StreamCursors peek() {
    return cursors("peek", lookup::peek);
  }

  /**
   * Reads up to {@code limit} records from a cursor of {@link #replay}, {@link #changes} or {@link
   * #peek}.
   *
   * @throws InvalidCursorException if the cursor was tampered with or is of another stream
   */
  public RecordPage<T> read(String cursor, int limit) {
    Objects.requireNonNull(cursor, "cursor");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    checkReadLimit("read", limit);
    byte[] raw = decodeCursor("read", readScope(), cursor).continuation();
    LookupTable.CursorRead<T> read = binding.call("read", null, () -> lookup.read(raw, limit));
    return new RecordPage<>(
        values(read.records()),
        read.next() == null ? null : binding.osmos().cursors().encode(readScope(), 0, read.next()));
  }

  // ---- warehouse -----------------------------------------------------------------------------

  /**
   * The warehouse table's name as SQL refers to it.
   *
   * @throws CapabilityException if the driver has no warehouse
   */
  public String warehouseTableName() {
    return warehouseTable("warehouseTableName").tableName();
  }

  /** Starts {@code sql} as a warehouse job, {@code {table}} standing for this model's table. */
  public WarehouseService.WarehouseJob query(String sql) {
    return query(sql, 0);
  }

  /**
   * Starts {@code sql} as a warehouse job, {@code {table}} standing for this model's table. The
   * job's id and, once it is done, its cursors are sealed like page cursors and bound to this
   * driver name, this model and its table: {@link #poll} and {@link #readResults} of another
   * repository, driver or registry refuse them.
   *
   * @param maxBytesScanned a cap on the bytes the job may scan, 0 for the driver's default
   * @throws CapabilityException if the driver has no warehouse
   */
  public WarehouseService.WarehouseJob query(String sql, long maxBytesScanned) {
    String expanded = expand("query", sql);
    return sealed(
        null, binding.call("query", null, () -> warehouse.run(expanded, maxBytesScanned)));
  }

  /** Checks {@code sql} without running it ({@code {table}} expanded) and describes its result. */
  public WarehouseService.WarehouseJob analyze(String sql) {
    String expanded = expand("analyze", sql);
    return binding.call("analyze", null, () -> warehouse.analyze(expanded));
  }

  /**
   * The current state of a warehouse job started by {@link #query} of this repository.
   *
   * @throws InvalidCursorException if {@code jobId} is not the id of such a job (edited, or from
   *     another model, driver or registry)
   */
  public WarehouseService.WarehouseJob poll(String jobId) {
    Objects.requireNonNull(jobId, "jobId");
    warehouseTable("poll");
    String raw =
        new String(decodeCursor("poll", jobScope(), jobId).continuation(), StandardCharsets.UTF_8);
    return sealed(jobId, binding.call("poll", null, () -> warehouse.poll(raw)));
  }

  /**
   * Reads up to {@code limit} result rows of a finished job from one of its cursors.
   *
   * @throws InvalidCursorException if the cursor was edited, or is not one of a job of this model
   *     on this driver
   */
  public WarehouseService.ResultRead readResults(byte[] cursor, int limit) {
    Objects.requireNonNull(cursor, "cursor");
    warehouseTable("readResults");
    checkReadLimit("readResults", limit);
    ByteBuffer payload =
        ByteBuffer.wrap(
            decodeCursor(
                    "readResults", resultScope(), new String(cursor, StandardCharsets.US_ASCII))
                .continuation());
    byte[] job = new byte[payload.getInt()];
    payload.get(job);
    byte[] raw = new byte[payload.remaining()];
    payload.get(raw);
    WarehouseService.ResultRead read =
        binding.call("readResults", null, () -> warehouse.read(raw, limit));
    return new WarehouseService.ResultRead(
        read.rows(), read.next() == null ? null : resultCursor(job, read.next()));
  }

  /**
   * Runs {@code sql} ({@code {table}} standing for this model's table) to the end and returns every
   * result row (column name to value): starts the job, polls it with a growing pause until it is
   * done, then reads each result cursor page by page. For large results use {@link #query} and
   * {@link #readResults} instead.
   *
   * @throws DriverException naming the job when it fails, or when it is not done within {@code
   *     timeout}
   */
  public List<Map<String, Object>> queryRows(String sql, java.time.Duration timeout) {
    String expanded = expand("query", sql);
    WarehouseService.WarehouseJob job =
        binding.call("query", null, () -> warehouse.run(expanded, 0));
    long deadline = System.nanoTime() + timeout.toNanos();
    long pauseMillis = 5;
    while (job.status() != WarehouseService.Status.DONE) {
      if (System.nanoTime() > deadline) {
        throw new DriverException(
                "warehouse job "
                    + job.id()
                    + " was not done within "
                    + timeout
                    + " (status "
                    + job.status()
                    + ")")
            .in(binding.label(), schema.bucket(), null, "query");
      }
      try {
        Thread.sleep(pauseMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DriverException("interrupted while waiting for warehouse job " + job.id(), e)
            .in(binding.label(), schema.bucket(), null, "query");
      }
      pauseMillis = Math.min(pauseMillis * 2, 500);
      String id = job.id();
      job = binding.call("poll", null, () -> warehouse.poll(id));
    }
    if (job.error() != null) {
      throw new DriverException("warehouse job " + job.id() + " failed: " + job.error())
          .in(binding.label(), schema.bucket(), null, "query");
    }
    // The driver's own cursors: none leaves this method.
    List<Map<String, Object>> rows = new ArrayList<>();
    int pageSize = binding.limits().maxReadLimit();
    for (byte[] cursor : job.cursors()) {
      byte[] c = cursor;
      while (c != null) {
        byte[] at = c;
        WarehouseService.ResultRead read =
            binding.call("readResults", null, () -> warehouse.read(at, pageSize));
        rows.addAll(read.rows());
        c = read.next();
      }
    }
    return rows;
  }

  /**
   * The job as callers see it: its id sealed ({@code id} when the caller gave it, so polling keeps
   * it), its cursors sealed with its id.
   */
  private WarehouseService.WarehouseJob sealed(String id, WarehouseService.WarehouseJob job) {
    if (job.id() == null) {
      return job;
    }
    byte[] raw = job.id().getBytes(StandardCharsets.UTF_8);
    List<byte[]> cursors = new ArrayList<>(job.cursors().size());
    for (byte[] c : job.cursors()) {
      cursors.add(resultCursor(raw, c));
    }
    return new WarehouseService.WarehouseJob(
        id != null ? id : binding.osmos().cursors().encode(jobScope(), 0, raw),
        job.status(),
        job.error(),
        job.columns(),
        cursors,
        job.bytesScanned(),
        job.resultRows());
  }

  /** A result cursor: the job's id and the driver's cursor, sealed; as ASCII bytes. */
  private byte[] resultCursor(byte[] job, byte[] driverCursor) {
    byte[] payload =
        ByteBuffer.allocate(4 + job.length + driverCursor.length)
            .putInt(job.length)
            .put(job)
            .put(driverCursor)
            .array();
    return binding
        .osmos()
        .cursors()
        .encode(resultScope(), 0, payload)
        .getBytes(StandardCharsets.US_ASCII);
  }

  private String jobScope() {
    return CursorCodec.scope(
        "warehouse-job", binding.driverName(), schema, warehouseTable.tableName());
  }

  private String resultScope() {
    return CursorCodec.scope(
        "warehouse-result", binding.driverName(), schema, warehouseTable.tableName());
  }

  // ---- internals -----------------------------------------------------------------------------

  private String expand(String op, String sql) {
    Objects.requireNonNull(sql, "sql");
    return sql.replace("{table}", warehouseTable(op).tableName());
  }

  private WarehouseService.WarehouseTable<T> warehouseTable(String op) {
    if (warehouseTable == null) {
      throw binding.in(
          new CapabilityException(
              op
                  + " needs a WarehouseService, but driver "
                  + binding.label()
                  + " offers "
                  + Capabilities.of(binding.driver())),
          null,
          op);
    }
    return warehouseTable;
  }

  /**
   * Validates every record, sets missing timestamps and checks keys and batch size; throws before
   * anything is written.
   */
  private List<T> prepare(String op, Collection<T> records) {
    Objects.requireNonNull(records, "records");
    binding.checks().batch(op, records.size());
    boolean batch = records.size() > 1;
    List<T> list = new ArrayList<>(records.size());
    List<Violation> all = new ArrayList<>();
    Instant now = null;
    int i = 0;
    for (T record : records) {
      Objects.requireNonNull(record, "records[" + i + "]");
      T r = schema.onHook(Hook.Event.WILL_SAVE, record);
      r = schema.onHook(Hook.Event.WILL_VALIDATE, r);
      Violations v = new Violations(binding.osmos().clock());
      schema.validate(r, v);
      String at = batch ? "[" + i + "]" : "";
      for (Violation violation : v.list()) {
        all.add(
            new Violation(
                batch ? at + "." + violation.path() : violation.path(),
                violation.message(),
                violation.invalidValue()));
      }
      if (v.isEmpty()) {
        r = schema.onHook(Hook.Event.DID_VALIDATE, r);
      }
      K key = schema.key(r);
      if (key == null) {
        all.add(
            new Violation(
                batch ? at : schema.keyProperties().get(0).name(),
                "a stream record needs a key",
                null));
      } else {
        binding.checks().key(op, r, key);
      }
      if (schema.timestamp(r) == null) {
        if (now == null) {
          now = binding.osmos().clock().instant();
        }
        r = schema.withTimestamp(r, now);
      }
      list.add(r);
      i++;
    }
    if (!all.isEmpty()) {
      throw new ValidationException(schema.modelName() + (batch ? " batch" : ""), all)
          .in(binding.label(), schema.bucket(), batch ? null : schema.key(list.get(0)), op);
    }
    return list;
  }

  private int checkPartitions(int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
    }
    if (partitions > binding.limits().maxPartitions()) {
      throw new LimitExceededException(
              partitions
                  + " partitions exceed the driver's limit"
                  + " (maxPartitions) of "
                  + binding.limits().maxPartitions())
          .in(binding.label(), schema.bucket(), null, "replay");
    }
    return partitions;
  }

  private void checkReadLimit(String op, int limit) {
    if (limit > binding.limits().maxReadLimit()) {
      throw new LimitExceededException(
              "read limit "
                  + limit
                  + " exceeds the driver's limit"
                  + " (maxReadLimit) of "
                  + binding.limits().maxReadLimit())
          .in(binding.label(), schema.bucket(), null, op);
    }
  }

  private StreamCursors cursors(String op, Supplier<LookupTable.CursorSet> action) {
    LookupTable.CursorSet set = binding.call(op, null, action);
    List<String> replay = new ArrayList<>(set.replay().size());
    for (byte[] c : set.replay()) {
      replay.add(binding.osmos().cursors().encode(readScope(), 0, c));
    }
    return new StreamCursors(
        replay, binding.osmos().cursors().encode(readScope(), 0, set.changes().get(0)));
  }

  private String readScope() {
    return CursorCodec.scope("stream-read", binding.driverName(), schema, "");
  }

  private CursorCodec.Decoded decodeCursor(String op, String scope, String cursor) {
    try {
      return binding.osmos().cursors().decode(scope, cursor);
    } catch (InvalidCursorException e) {
      throw (InvalidCursorException) e.in(binding.label(), schema.bucket(), null, op);
    }
  }

  private List<T> values(List<LogRecord<T>> records) {
    List<T> out = new ArrayList<>(records.size());
    for (LogRecord<T> r : records) {
      out.add(schema.onHook(Hook.Event.DID_GET, r.value()));
    }
    return out;
  }

  private static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }
}
