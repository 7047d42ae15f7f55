package io.osmos.memory;

import io.osmos.codec.tree.TreeReader;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-memory driver: a {@link DocumentStore}, a {@link MessageQueue} and a {@link LookupService}
 * in one object, for tests and prototypes. Register it under the name production gives to its real
 * store:
 *
 * <pre>{@code
 * Osmos osmos = Osmos.builder().driver("db", new MemoryDriver()).build();
 * }</pre>
 *
 * <p>Behaviour, which the conformance suite checks for every driver:
 *
 * <ul>
 *   <li>Each driver instance has its own data; buckets (and topics, and streams) are separate
 *       namespaces within it. Two repositories of one model share its bucket; binding a different
 *       model to a bucket already bound fails.
 *   <li>Documents are stored encoded (the tree format), never as the caller's objects: changing a
 *       model after saving it, or a model returned by a read, does not change what is stored.
 *   <li>Each bucket has one read-write lock: a write, its version check and its index changes are
 *       one atomic step, so concurrent increments, patches and compare-and-set saves lose nothing,
 *       and {@code saveAll} is all or nothing. Indexes are exact after every save, update and
 *       delete.
 *   <li>Messages: a durable ({@code AT_LEAST_ONCE}) subscription exists from the first subscribe
 *       with its name on, like a Pub/Sub subscription: it keeps messages published after that (also
 *       while no consumer is attached), not earlier ones. Its consumers compete: each message goes
 *       to one of them. A message is acknowledged when the handler returns; when the handler throws
 *       it is delivered again after a short back-off (10 ms, doubling, at most 1 s) with its
 *       delivery attempt counted, until its {@link DeadLetterPolicy} gives it up (by default after
 *       5 attempts, at once for an {@link io.osmos.spi.UnprocessableMessageException}): it is then
 *       published to the dead-letter topic ({@code <topic>.dead-letter}, read through its durable
 *       subscription {@code dead-letter}). An {@code EPHEMERAL} subscription receives every message
 *       published from its creation until it is closed, with the same redelivery rule, but drops a
 *       message it gives up. Each consumer runs on a daemon thread of the driver; {@link #close()}
 *       stops them all.
 *   <li>Lookup: every write is appended to the stream's log and is stable at once.
 * </ul>
 */
public final class MemoryDriver implements DocumentStore, MessageQueue, LookupService {
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final DriverLimits limits;
  private final Map<String, DocumentBucket> buckets = new ConcurrentHashMap<>();
  private final Map<String, MemoryCollection<?, ?>> collections = new ConcurrentHashMap<>();
  private final Map<String, LookupStream> streams = new ConcurrentHashMap<>();
  private final DeadLetterPolicy deadLetter;
  private final MemoryQueue queue;

  /** A driver with the {@link DriverLimits#DEFAULT default} limits. */
  public MemoryDriver() {
    this(DriverLimits.DEFAULT);
  }

  /** A driver enforcing {@code limits} (for tests of limits, or to mimic a production store). */
  public MemoryDriver(DriverLimits limits) {
    this(limits, DeadLetterPolicy.DEFAULT);
  }

  /**
   * A driver enforcing {@code limits} whose subscriptions give messages up by {@code deadLetter}
   * unless they name a policy of their own.
   */
  public MemoryDriver(DriverLimits limits, DeadLetterPolicy deadLetter) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.deadLetter = Objects.requireNonNull(deadLetter, "deadLetter");
    this.queue =
        new MemoryQueue(limits.maxMessageBytes(), Integer.toString(INSTANCES.incrementAndGet()));
  }

  @Override
  public String kind() {
    return "memory";
  }

  @Override
  public DriverLimits limits() {
    return limits;
  }

  // ---- documents -----------------------------------------------------------------------------

  @Override
  public <T, K> DocumentCollection<T, K> collection(ModelSchema<T, K> model) {
    DocumentBucket bucket =
        buckets.computeIfAbsent(model.bucket(), b -> new DocumentBucket(b, model));
    bucket.checkCompatible(model);
    MemoryCollection<T, K> c = new MemoryCollection<>(bucket, model, limits);
    collections.putIfAbsent(model.bucket(), c);
    return c;
  }

  /**
   * Test hook: stores {@code tree} in {@code bucket} as it is, bypassing the model's codec, to
   * plant data that another writer (or an older version of the model) could have left. The
   * document's key is read from the tree's key field(s) with the model bound to the bucket; the
   * other fields are not checked, so reading the document later fails with a {@link
   * io.osmos.exceptions.DecodeException} naming the first field that does not fit. Index fields
   * that do not decode are left out of their index. The tree is copied; later changes to it have no
   * effect.
   *
   * <p>Tree leaves are those of the tree format ({@code String}, {@code Long}, {@code Double},
   * {@code Boolean}, {@code BigDecimal}, {@code byte[]}, {@code Instant}, null, lists, maps).
   *
   * @throws IllegalStateException if no repository has bound a model to {@code bucket} yet
   * @throws IllegalArgumentException if the tree has no key
   */
  @SuppressWarnings("unchecked")
  public void putRaw(String bucket, Map<String, Object> tree) {
    MemoryCollection<?, ?> c = collections.get(bucket);
    if (c == null) {
      throw new IllegalStateException(
          "memory bucket '"
              + bucket
              + "' has no model bound yet;"
              + " create its repository first (bound: "
              + collections.keySet()
              + ")");
    }
    Object copy = new TreeReader(Objects.requireNonNull(tree, "tree")).any();
    if (!(copy instanceof Map)) {
      throw new IllegalArgumentException("a document tree must be a map");
    }
    c.putRaw((Map<String, Object>) copy);
  }

  /**
   * A copy of the stored tree of the document {@code key} in {@code bucket}, or null when there is
   * none: the counterpart of {@link #putRaw}, for tests that check the stored form (for instance
   * that a save writes a renamed field under its current name only).
   *
   * @throws IllegalStateException if no repository has bound a model to {@code bucket} yet
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Map<String, Object> getRaw(String bucket, Object key) {
    MemoryCollection c = collections.get(bucket);
    if (c == null) {
      throw new IllegalStateException(
          "memory bucket '"
              + bucket
              + "' has no model bound yet;"
              + " create its repository first (bound: "
              + collections.keySet()
              + ")");
    }
    return c.getRaw(key);
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

  @Override
  public DeadLetterPolicy deadLetterPolicy() {
    return deadLetter;
  }

  // ---- lookup --------------------------------------------------------------------------------

  @Override
  public <T, K> LookupTable<T, K> lookupTable(ModelSchema<T, K> model) {
    LookupStream stream = streams.computeIfAbsent(model.bucket(), b -> new LookupStream(b, model));
    DocumentBucket.checkSameLayout(model.bucket(), stream.schema, model);
    return new MemoryLookupTable<>(stream, model, limits);
  }

  /**
   * Stops every subscription (waiting for running handlers) and the driver's threads. Publishing or
   * subscribing afterwards fails; stored documents and streams stay readable.
   */
  @Override
  public void close() {
    queue.close();
  }

  @Override
  public String toString() {
    return "MemoryDriver" + buckets.keySet();
  }
}
