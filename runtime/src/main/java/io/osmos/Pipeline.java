package io.osmos;

import io.osmos.codec.json.JsonFormat;
import io.osmos.exceptions.CapabilityException;
import io.osmos.exceptions.DecodeException;
import io.osmos.exceptions.DriverException;
import io.osmos.exceptions.OsmosException;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.DeadLetterPolicy;
import io.osmos.spi.Driver;
import io.osmos.spi.LookupService;
import io.osmos.spi.LookupTable;
import io.osmos.spi.MessageQueue;
import io.osmos.spi.ReceivedMessage;
import io.osmos.spi.Subscription;
import io.osmos.spi.UnprocessableMessageException;
import io.osmos.spi.WarehouseService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Beneath's write pipeline: consumes the records {@code publish}ed to a stream driver's queue and
 * writes them to its lookup service and warehouse. Get one from {@link Osmos#pipeline(String)},
 * start it, and close it when the process stops:
 *
 * <pre>{@code
 * try (Pipeline pipeline = osmos.pipeline("events").add(ClickEvent_.MODEL).start()) {
 *   ... // clicks.publish(...) anywhere; lookups and SQL see the records once written
 * }
 * }</pre>
 *
 * <ul>
 *   <li><b>Models.</b> It processes every model {@link #add added} to it and, when the driver was
 *       built by {@link Streams#of}, every stream model a repository has bound through that driver
 *       (before or after {@link #start()}). A worker process that builds no repositories adds its
 *       models.
 *   <li><b>Delivery.</b> Per model it holds an {@code AT_LEAST_ONCE} subscription named {@code
 *       osmos-pipeline-<bucket>} on the model's topic; pipelines in several processes share it as
 *       competing consumers. As with any durable subscription, records published before it first
 *       existed are not delivered: start the pipeline before publishing.
 *   <li><b>Writes.</b> Each message is decoded and written to the lookup service, then to the
 *       warehouse (when the driver has one). It is acknowledged only after both writes succeeded. A
 *       failed write is retried in place with exponential back-off ({@link #retries}); after the
 *       last attempt the message is handed back to the queue, which delivers it again later, while
 *       the pipeline goes on with other messages. A write that succeeded is not repeated within the
 *       attempts, but a redelivery writes both again: duplicates are harmless, because the lookup
 *       index keeps the newest record per key by timestamp and warehouse rows are idempotent per
 *       (key, timestamp).
 *   <li><b>Dead letters.</b> The queue delivers a message at most as often as the {@link
 *       #deadLetter dead-letter policy} allows (the driver's, by default 5 deliveries), then moves
 *       it to the dead-letter topic ({@code <bucket>.dead-letter}). A message that does not decode
 *       as the model can never be written: it goes there at once. Each is counted as {@link
 *       Stats#deadLettered() dead-lettered} and reported to the listener.
 *   <li><b>Progress.</b> {@link #stats()} counts records written, attempts, failures and dead
 *       letters and keeps the last error; a {@link Listener} hears of each as it happens. {@link
 *       #awaitIdle} waits until what this process published has been handled (for tests).
 * </ul>
 */
public final class Pipeline implements AutoCloseable {
  private static final String SUBSCRIPTION_PREFIX = "osmos-pipeline-";

  /** At most this many published messages are tracked for {@link #awaitIdle} at once. */
  static final int MAX_TRACKED = 100_000;

  private final Osmos osmos;

  private final String driverName;
  private final String driverLabel;
  private final String driverKind;
  private final MessageQueue queue;
  private final LookupService lookup;
  private final WarehouseService warehouse;
  private final StreamsDriver streams;
  private final Map<String, ModelSchema<?, ?>> models = new LinkedHashMap<>();
  private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
  private final CountDownLatch closing = new CountDownLatch(1);

  private final AtomicLong records = new AtomicLong();
  private final AtomicLong attempts = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private volatile String lastError;
  private volatile Instant lastErrorAt;

  // Set before start(), read on the queue's delivery threads.
  private volatile Listener listener = new Listener() {};
  private volatile int maxAttempts = 5;
  private volatile Duration firstBackoff = Duration.ofMillis(100);
  private volatile Duration maxBackoff = Duration.ofSeconds(10);
  private volatile DeadLetterPolicy deadLetter;
  private Runnable stopListening = () -> {};
  private Runnable stopTracking = () -> {};
  private final Set<String> tracked = ConcurrentHashMap.newKeySet();
  private final Tracker tracker = new Tracker();
  private boolean started;
  private boolean closed;

  /** Hears of the pipeline's progress, on the queue's delivery threads. Methods must not block. */
  public interface Listener {
    /** A record was written to every service and its message acknowledged. */
    default void written(String bucket, Object key, Instant timestamp) {}

    /**
     * A write attempt failed; the message is retried after {@code retryIn}, or, when {@code
     * retryIn} is null, handed back to the queue for a later delivery.
     */
    default void failed(
        String bucket, Object key, int attempt, Throwable error, Duration retryIn) {}

    /**
     * The queue moved a message to {@code deadLetterTopic} (and acknowledged it): it did not decode
     * as the model ({@code error} is the {@link DecodeException}), or its last delivery failed with
     * {@code error}. {@code error} is null when the message had been delivered too often without
     * being acknowledged (its consumers stopped while handling it).
     */
    default void deadLettered(
        String bucket, String messageId, String deadLetterTopic, Throwable error) {}
  }

  /**
   * A snapshot of the counters.
   *
   * @param records records written to every service (a redelivered record counts again)
   * @param attempts write attempts, one per message and retry
   * @param failures attempts that failed
   * @param deadLettered messages the queue moved to the dead letter instead of delivering again
   * @param lastError the message of the last failure or dead letter, or null
   * @param lastErrorAt when it happened, or null
   */
  public record Stats(
      long records,
      long attempts,
      long failures,
      long deadLettered,
      String lastError,
      Instant lastErrorAt) {}

  Pipeline(Osmos osmos, String driverName, Driver driver) {
    this.osmos = osmos;
    this.driverName = driverName;
    this.driverKind = driver.kind();
    this.driverLabel = driverName + " (" + driverKind + ")";
    if (!(driver instanceof MessageQueue mq) || !(driver instanceof LookupService ls)) {
      throw new CapabilityException(
              "a pipeline needs a MessageQueue and a LookupService, but"
                  + " driver '"
                  + driverName
                  + "' ("
                  + driver.kind()
                  + ") offers "
                  + Capabilities.of(driver)
                  + "; compose services with Streams.of(queue, lookup,"
                  + " warehouse)")
          .in(driverLabel, null, null, "pipeline");
    }
    // A Streams driver's own services: the pipeline's bindings are not repository bindings.
    if (driver instanceof StreamsDriver s) {
      this.streams = s;
      this.queue = s.queue;
      this.lookup = s.lookup;
      this.warehouse = s.warehouse();
    } else {
      this.streams = null;
      this.queue = mq;
      this.lookup = ls;
      this.warehouse = driver instanceof WarehouseService ws ? ws : null;
    }
  }

  /**
   * Adds a stream model to process (idempotent). After {@link #start()} its subscription starts at
   * once.
   *
   * @throws IllegalArgumentException if another model uses the same bucket
   */
  public synchronized <T, K> Pipeline add(ModelSchema<T, K> model) {
    Objects.requireNonNull(model, "model");
    ModelSchema<?, ?> known = models.get(model.bucket());
    if (known != null && known != model) {
      throw new IllegalArgumentException(
          "the pipeline already processes "
              + known.modelName()
              + " in bucket '"
              + model.bucket()
              + "'; "
              + model.modelName()
              + " cannot share it");
    }
    if (known == null) {
      if (started && !closed) {
        subscribe(model);
      }
      models.put(model.bucket(), model);
    }
    return this;
  }

  /** Sets the listener (before {@link #start()}). */
  public synchronized Pipeline listener(Listener listener) {
    checkNotStarted();
    this.listener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /**
   * Sets the retries of a failed write (before {@link #start()}): up to {@code maxAttempts}
   * attempts per delivery, waiting {@code firstBackoff} after the first failure and twice as long
   * after each next one, at most {@code maxBackoff}. Defaults: 5 attempts, 100 ms, 10 s.
   */
  public synchronized Pipeline retries(
      int maxAttempts, Duration firstBackoff, Duration maxBackoff) {
    checkNotStarted();
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    if (firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
      throw new IllegalArgumentException(
          "back-off must be 0 <= first (" + firstBackoff + ") <= max (" + maxBackoff + ")");
    }
    this.maxAttempts = maxAttempts;
    this.firstBackoff = firstBackoff;
    this.maxBackoff = maxBackoff;
    return this;
  }

  /**
   * Sets the dead-letter policy of the pipeline's subscriptions (before {@link #start()}): how many
   * times the queue delivers a message whose write keeps failing (each delivery retried as {@link
   * #retries} says) before it moves it to the dead-letter topic. Default: the driver's {@link
   * MessageQueue#deadLetterPolicy()}, 5 deliveries to {@code <bucket>.dead-letter} unless the
   * driver is configured otherwise.
   */
  public synchronized Pipeline deadLetter(DeadLetterPolicy policy) {
    checkNotStarted();
    this.deadLetter = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * Subscribes for every model known now, and for each model bound through a {@link Streams} driver
   * later.
   *
   * @throws IllegalStateException if started before
   */
  public synchronized Pipeline start() {
    checkNotStarted();
    if (streams != null) {
      // Listen first, then read the list: a model bound in between is reported by both, and
      // add() is idempotent. Until `started` is set, add() only records.
      stopListening = streams.onBind(this::addBound);
      for (ModelSchema<?, ?> m : streams.models()) {
        add(m);
      }
    }
    started = true;
    stopTracking = osmos.track(driverName, this);
    try {
      for (ModelSchema<?, ?> m : models.values()) {
        subscribe(m);
      }
    } catch (RuntimeException e) {
      // All or nothing: the subscriptions already made would otherwise consume unattended.
      try {
        close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return this;
  }

  /** A model a repository bound: its failure to start must not fail the repository's binding. */
  private void addBound(ModelSchema<?, ?> model) {
    try {
      add(model);
    } catch (RuntimeException e) {
      noteError(
          e instanceof OsmosException oe
              ? oe
              : new DriverException("cannot process " + model.modelName() + ": " + e, e));
    }
  }

  /** The buckets of the models the pipeline processes (or will, once started). */
  public synchronized List<String> buckets() {
    List<String> b = new ArrayList<>(models.keySet());
    if (streams != null && !started) {
      for (ModelSchema<?, ?> m : streams.models()) {
        if (!b.contains(m.bucket())) {
          b.add(m.bucket());
        }
      }
    }
    return b;
  }

  /** The counters now. */
  public Stats stats() {
    return new Stats(
        records.get(), attempts.get(), failures.get(), deadLettered.get(), lastError, lastErrorAt);
  }

  /**
   * Waits until every message published so far through a repository of this registry, to a bucket
   * this pipeline processes, has been handled: written to every service, or moved to the
   * dead-letter topic. Messages published later are not waited for. Meant for tests of stream
   * models, in place of polling the lookup service:
   *
   * <pre>{@code
   * clicks.publishAll(events);
   * pipeline.awaitIdle(Duration.ofSeconds(10));
   * assertEquals(events.size(), clicks.findAll(ClickEvent_.page.eq("/")).size());
   * }</pre>
   *
   * The pipeline knows what was published in this process, through the {@link Osmos} registry it
   * was made by; records published by other processes, or directly through the driver, are not
   * waited for. When pipelines in other processes share the subscription, they may take messages
   * this one waits for: wait on a pipeline that is the only consumer.
   *
   * @throws OsmosException after {@code timeout}, saying how many messages of which buckets are
   *     still pending and the last error; or if more than 100,000 published messages were pending
   *     at once (the pipeline stops tracking then)
   * @throws IllegalStateException if the pipeline is not started, or closed
   */
  public void awaitIdle(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    synchronized (this) {
      if (!started || closed) {
        throw new IllegalStateException(
            "the pipeline of '"
                + driverName
                + "' is "
                + (closed ? "closed" : "not started")
                + ": nothing would handle what is pending");
      }
    }
    tracker.await(timeout);
  }

  /**
   * Called by a repository of the registry before it publishes {@code messages} to {@code bucket}:
   * from then on, {@link #awaitIdle} waits for them. Returns what to call when the publish failed,
   * or null when the pipeline does not process {@code bucket}.
   */
  Runnable expect(String bucket, List<io.osmos.spi.Message> messages) {
    return tracked.contains(bucket) ? tracker.expect(bucket, messages) : null;
  }

  /**
   * The messages published and not yet handled, in publishing order: a message is known by its
   * bucket, key and timestamp attributes and payload, so a redelivery of a message handled before
   * (or a message published elsewhere) matches nothing.
   */
  private final class Tracker {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<Signature, ArrayDeque<Long>> pending = new HashMap<>();
    private final TreeMap<Long, String> order = new TreeMap<>();
    private long published;
    private boolean overflowed;
    private boolean closed;

    Runnable expect(String bucket, List<io.osmos.spi.Message> messages) {
      List<Signature> added = new ArrayList<>(messages.size());
      lock.lock();
      try {
        if (overflowed || closed) {
          return null;
        }
        if (order.size() + messages.size() > MAX_TRACKED) {
          overflowed = true;
          pending.clear();
          order.clear();
          changed.signalAll();
          return null;
        }
        for (io.osmos.spi.Message m : messages) {
          Signature sig = new Signature(bucket, m.data(), m.attributes());
          long seq = ++published;
          pending.computeIfAbsent(sig, k -> new ArrayDeque<>()).addLast(seq);
          order.put(seq, bucket);
          added.add(sig);
        }
      } finally {
        lock.unlock();
      }
      return () -> {
        for (Signature sig : added) {
          take(sig, true);
        }
      };
    }

    void settled(String bucket, byte[] data, Map<String, String> attributes) {
      take(new Signature(bucket, data, attributes), false);
    }

    /** Forgets the oldest message matching {@code sig} (the newest when the publish failed). */
    private void take(Signature sig, boolean newest) {
      lock.lock();
      try {
        ArrayDeque<Long> seqs = pending.get(sig);
        if (seqs == null) {
          return;
        }
        Long seq = newest ? seqs.pollLast() : seqs.pollFirst();
        if (seqs.isEmpty()) {
          pending.remove(sig);
        }
        order.remove(seq);
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    void close() {
      lock.lock();
      try {
        closed = true;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    void await(Duration timeout) {
      long remaining = timeout.toNanos();
      lock.lock();
      try {
        long target = published;
        while (!overflowed && !closed && !order.isEmpty() && order.firstKey() <= target) {
          if (remaining <= 0) {
            throw new OsmosException(
                    "the pipeline did not handle what was published within "
                        + timeout
                        + ": "
                        + describe(target)
                        + "; "
                        + stats())
                .in(driverLabel, null, null, "awaitIdle");
          }
          remaining = changed.awaitNanos(remaining);
        }
        if (overflowed) {
          throw new OsmosException(
                  "awaitIdle cannot tell: more than "
                      + MAX_TRACKED
                      + " published messages were pending at once, so the pipeline stopped tracking"
                      + " them (is a pipeline in another process consuming the same subscription?)")
              .in(driverLabel, null, null, "awaitIdle");
        }
        if (closed) {
          throw new IllegalStateException(
              "the pipeline of '"
                  + driverName
                  + "' was closed while"
                  + " waiting for it to become idle");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new OsmosException(
                "interrupted while waiting for the pipeline: " + describe(published))
            .in(driverLabel, null, null, "awaitIdle");
      } finally {
        lock.unlock();
      }
    }

    /** "3 messages still pending (clicks: 2, views: 1)"; called with the lock held. */
    private String describe(long target) {
      Map<String, Integer> perBucket = new TreeMap<>();
      for (String bucket : order.headMap(target, true).values()) {
        perBucket.merge(bucket, 1, Integer::sum);
      }
      int n = perBucket.values().stream().mapToInt(Integer::intValue).sum();
      StringBuilder b =
          new StringBuilder()
              .append(n)
              .append(n == 1 ? " message" : " messages")
              .append(" still pending (");
      String sep = "";
      for (Map.Entry<String, Integer> e : perBucket.entrySet()) {
        b.append(sep).append(e.getKey()).append(": ").append(e.getValue());
        sep = ", ";
      }
      return b.append(')').toString();
    }
  }

  /**
   * A published message as the pipeline recognises it when it is delivered: by the attributes
   * repositories set (a queue may add its own) and the payload.
   */
  private static final class Signature {
    private final String bucket;
    private final byte[] data;
    private final String key;
    private final String timestamp;
    private final int hash;

    Signature(String bucket, byte[] data, Map<String, String> attributes) {
      this.bucket = bucket;
      this.data = data;
      this.key = attributes.get("key");
      this.timestamp = attributes.get("timestamp");
      this.hash = Objects.hash(bucket, key, timestamp) * 31 + Arrays.hashCode(data);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Signature s
          && hash == s.hash
          && bucket.equals(s.bucket)
          && Objects.equals(key, s.key)
          && Objects.equals(timestamp, s.timestamp)
          && Arrays.equals(data, s.data);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /**
   * Stops the subscriptions. Messages being handled stop retrying and are not acknowledged, so the
   * queue delivers them again (to another pipeline, or to this one's successor).
   */
  @Override
  public void close() {
    List<Subscription> subs;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      stopListening.run();
      stopTracking.run();
      tracker.close();
      closing.countDown();
      subs = new ArrayList<>(subscriptions.values());
      subscriptions.clear();
    }
    RuntimeException first = null;
    for (Subscription s : subs) {
      try {
        s.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private void checkNotStarted() {
    if (started) {
      throw new IllegalStateException("the pipeline of '" + driverName + "' is already started");
    }
  }

  /** Called with the lock held. */
  private <T, K> void subscribe(ModelSchema<T, K> model) {
    String bucket = model.bucket();
    LookupTable<T, K> table;
    WarehouseService.WarehouseTable<T> whTable;
    Subscription sub;
    try {
      table = lookup.lookupTable(model);
      whTable = warehouse == null ? null : warehouse.warehouseTable(model);
      DeadLetterPolicy policy = deadLetter != null ? deadLetter : queue.deadLetterPolicy();
      sub =
          queue.subscribe(
              bucket,
              SUBSCRIPTION_PREFIX + bucket,
              MessageQueue.Delivery.AT_LEAST_ONCE,
              policy,
              new MessageQueue.MessageHandler() {
                @Override
                public void handle(ReceivedMessage m) throws Exception {
                  Pipeline.this.handle(model, table, whTable, m);
                  tracker.settled(bucket, m.data(), m.attributes());
                }

                @Override
                public void deadLettered(ReceivedMessage m, String topic, Throwable error) {
                  try {
                    Pipeline.this.deadLettered(model, m, topic, error);
                  } finally {
                    tracker.settled(bucket, m.data(), m.attributes());
                  }
                }
              });
    } catch (OsmosException e) {
      throw e.in(driverLabel, bucket, null, "pipeline");
    } catch (RuntimeException e) {
      throw new DriverException(
              "starting the pipeline for " + model.modelName() + " failed: " + e, e)
          .in(driverLabel, bucket, null, "pipeline");
    }
    subscriptions.put(bucket, sub);
    tracked.add(bucket);
  }

  private <T, K> void handle(
      ModelSchema<T, K> model,
      LookupTable<T, K> table,
      WarehouseService.WarehouseTable<T> whTable,
      ReceivedMessage message)
      throws Exception {
    String bucket = model.bucket();
    T record;
    try {
      record = JsonFormat.decode(model, message.data());
    } catch (RuntimeException e) {
      // No attempt can write it: the queue moves it to the dead letter at once.
      throw StreamRepository.unprocessable(model, message, e, driverLabel, "pipeline");
    }
    K key = model.key(record);
    List<T> one = List.of(record);
    boolean lookupDone = false;
    boolean warehouseDone = whTable == null;
    Duration backoff = firstBackoff;
    for (int attempt = 1; ; attempt++) {
      attempts.incrementAndGet();
      Observation observation = osmos.observe(driverName, driverKind, bucket, "pipeline", 1);
      try {
        if (!lookupDone) {
          table.write(one);
          lookupDone = true;
        }
        if (!warehouseDone) {
          whTable.write(one);
          warehouseDone = true;
        }
        if (observation != null) {
          observation.success();
        }
        records.incrementAndGet();
        tell(() -> listener.written(bucket, key, model.timestamp(record)));
        return;
      } catch (RuntimeException e) {
        failures.incrementAndGet();
        OsmosException error =
            e instanceof OsmosException oe
                ? oe
                : new DriverException(
                    (lookupDone ? "warehouse" : "lookup") + " write failed: " + e, e);
        error.in(driverLabel, bucket, key, "pipeline");
        if (observation != null) {
          observation.failure(error);
        }
        noteError(error);
        boolean last = attempt >= maxAttempts || closing.getCount() == 0;
        Duration retryIn = last ? null : backoff;
        int n = attempt;
        tell(() -> listener.failed(bucket, key, n, error, retryIn));
        // Not acknowledged: the queue delivers the message again later.
        if (last || closing.await(backoff.toNanos(), TimeUnit.NANOSECONDS)) {
          throw error;
        }
        backoff =
            backoff.multipliedBy(2).compareTo(maxBackoff) > 0
                ? maxBackoff
                : backoff.multipliedBy(2);
      }
    }
  }

  private void deadLettered(
      ModelSchema<?, ?> model, ReceivedMessage message, String topic, Throwable error) {
    String bucket = model.bucket();
    // What the listener gets is the cause the pipeline saw, not the queue's wrapper.
    Throwable cause =
        error instanceof UnprocessableMessageException u && u.getCause() != null
            ? u.getCause()
            : error;
    deadLettered.incrementAndGet();
    OsmosException noted =
        cause instanceof OsmosException oe
            ? oe
            : new DriverException(
                "message "
                    + message.id()
                    + " was moved to the dead-letter topic "
                    + topic
                    + " after "
                    + message.deliveryAttempt()
                    + " deliveries"
                    + (cause == null ? " without acknowledgement" : ": " + cause),
                cause);
    noteError(noted.in(driverLabel, bucket, message.attributes().get("key"), "pipeline"));
    tell(() -> listener.deadLettered(bucket, message.id(), topic, cause));
  }

  /** A listener that throws must not fail (and so repeat) a write that succeeded. */
  private static void tell(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      // the listener's own bug; the pipeline's work is done
    }
  }

  private void noteError(OsmosException e) {
    lastError = e.getMessage();
    lastErrorAt = Instant.now();
  }

  @Override
  public String toString() {
    return "Pipeline(" + driverLabel + ", " + buckets() + ")";
  }
}
