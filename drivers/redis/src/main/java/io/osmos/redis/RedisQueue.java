package io.osmos.redis;

import static io.osmos.redis.BucketKeys.utf8;

import io.osmos.exceptions.LimitExceededException;
import io.osmos.spi.DeadLetterPolicy;
import io.osmos.spi.Message;
import io.osmos.spi.MessageQueue.Delivery;
import io.osmos.spi.MessageQueue.MessageHandler;
import io.osmos.spi.ReceivedMessage;
import io.osmos.spi.Subscription;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XClaimParams;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamConsumerInfo;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamEntryBinary;
import redis.clients.jedis.resps.StreamPendingEntry;

/**
 * The message queue of a {@link RedisDriver}, on Redis streams (see the README's "Message queue").
 * A topic is one stream {@code <prefix>topic:<name>}; a message is one entry with the field {@code
 * data} (the payload) and one field {@code attr:<name>} per attribute.
 *
 * <ul>
 *   <li>A durable subscription is a consumer group named after it, created at {@code $} on the
 *       first subscribe; every subscriber is a consumer of the group with a name of its own. A
 *       message is acknowledged ({@code XACK}) after the handler returns. When the handler throws
 *       it is handed back ({@code XCLAIM ... IDLE}) so that it becomes claimable after a back-off;
 *       messages of a consumer that died are claimed ({@code XAUTOCLAIM}) by the others once idle
 *       for the redelivery timeout. The delivery attempt is the entry's delivery count. When the
 *       {@link DeadLetterPolicy} gives a message up (its handler failed on the last attempt, or it
 *       was delivered more often than allowed without an acknowledgement), one {@code MULTI}
 *       appends it to the dead-letter topic's stream and acknowledges it; the dead-letter topic has
 *       a consumer group {@value DeadLetterPolicy#SUBSCRIPTION} from the first subscribe on.
 *   <li>An ephemeral subscription reads the stream with {@code XREAD} from the last entry at the
 *       time of subscribing (no backlog); a handler that throws gets the message again after a
 *       back-off, from memory, until the policy gives it up: it is then dropped with a warning.
 * </ul>
 *
 * Each subscription runs one daemon thread that blocks on Redis for at most {@link #POLL_MILLIS} at
 * a time, holding one pooled connection meanwhile.
 */
final class RedisQueue {
  private static final System.Logger LOG = System.getLogger("io.osmos.redis");
  static final int POLL_MILLIS = 200;
  private static final int BATCH = 10;
  private static final long FIRST_BACKOFF_MILLIS = 50;
  private static final long MAX_BACKOFF_MILLIS = 10_000;
  private static final byte[] DATA = utf8("data");
  private static final String ATTR = "attr:";
  private static final String STREAM_START = "0-0";

  private final RedisConnection redis;
  private final String prefix;
  private final int maxMessageBytes;
  private final long maxLength;
  private final long redeliveryMillis;
  private final Set<Consumer> consumers = ConcurrentHashMap.newKeySet();
  private final String consumerBase;
  private final AtomicInteger consumerSerial = new AtomicInteger();
  private volatile boolean closed;

  RedisQueue(
      RedisConnection redis,
      String prefix,
      int maxMessageBytes,
      long maxLength,
      Duration redeliveryTimeout) {
    this.redis = redis;
    this.prefix = prefix;
    this.maxMessageBytes = maxMessageBytes;
    this.maxLength = maxLength;
    this.redeliveryMillis = Math.max(1, redeliveryTimeout.toMillis());
    byte[] r = new byte[4];
    new SecureRandom().nextBytes(r);
    this.consumerBase = ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(r);
  }

  String streamKey(String topic) {
    return prefix + "topic:" + topic;
  }

  // ---- publish -------------------------------------------------------------------------------

  void publish(String topic, List<Message> messages) {
    checkOpen();
    Objects.requireNonNull(topic, "topic");
    for (int i = 0; i < messages.size(); i++) {
      Message m = Objects.requireNonNull(messages.get(i), "messages[" + i + "]");
      if (m.data().length > maxMessageBytes) {
        throw new LimitExceededException(
            "message "
                + i
                + " is "
                + m.data().length
                + " bytes; the queue's limit (maxMessageBytes) is "
                + maxMessageBytes);
      }
    }
    if (messages.isEmpty()) {
      return;
    }
    byte[] stream = utf8(streamKey(topic));
    if (redis.cluster()) {
      // A cluster client has no MULTI: one script appends the batch, whole or not at all.
      List<byte[]> args = new ArrayList<>();
      args.add(maxLength > 0 ? utf8(Long.toString(maxLength)) : new byte[0]);
      for (Message m : messages) {
        Map<byte[], byte[]> f = fields(m);
        args.add(utf8(Integer.toString(f.size())));
        f.forEach(
            (name, value) -> {
              args.add(name);
              args.add(value);
            });
      }
      redis.eval(RedisScript.PUBLISH, List.of(stream), args);
      return;
    }
    XAddParams params = addParams();
    // One transaction: a batch is appended whole or not at all.
    List<Object> results =
        redis.write(
            "XADD (in MULTI)",
            c -> {
              try (AbstractTransaction tx = c.multi()) {
                for (Message m : messages) {
                  tx.xadd(stream, params, fields(m));
                }
                return tx.exec();
              }
            });
    for (Object r : results == null ? List.of() : results) {
      if (r instanceof JedisException e) {
        throw redis.failure("XADD", e);
      }
    }
  }

  private XAddParams addParams() {
    XAddParams params = XAddParams.xAddParams().id(StreamEntryID.NEW_ENTRY);
    if (maxLength > 0) {
      params.maxLen(maxLength).approximateTrimming();
    }
    return params;
  }

  private static Map<byte[], byte[]> fields(Message m) {
    Map<byte[], byte[]> f = new LinkedHashMap<>();
    f.put(DATA, m.data()); // written now: the caller may reuse its array afterwards
    for (Map.Entry<String, String> a : m.attributes().entrySet()) {
      f.put(utf8(ATTR + a.getKey()), utf8(a.getValue()));
    }
    return f;
  }

  // ---- subscribe -----------------------------------------------------------------------------

  Subscription subscribe(
      String topic,
      String name,
      Delivery delivery,
      DeadLetterPolicy deadLetter,
      MessageHandler handler) {
    checkOpen();
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(deadLetter, "deadLetter");
    Objects.requireNonNull(handler, "handler");
    String stream = streamKey(topic);
    Consumer c;
    if (delivery == Delivery.AT_LEAST_ONCE) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("a durable subscription needs a name");
      }
      createGroup(stream, name, StreamEntryID.XGROUP_LAST_ENTRY);
      // Dead letters appended before anyone reads them wait in this group.
      createGroup(
          streamKey(deadLetter.topicFor(topic)),
          DeadLetterPolicy.SUBSCRIPTION,
          StreamEntryID.XGROUP_LAST_ENTRY);
      removeIdleConsumers(stream, name);
      c =
          new GroupConsumer(
              topic,
              name,
              stream,
              deadLetter,
              handler,
              "c-" + consumerBase + "-" + consumerSerial.incrementAndGet());
    } else {
      // The position is fixed now, so a message published after subscribe returns is received.
      List<StreamEntry> last = redis.read("XREVRANGE", cl -> cl.xrevrange(stream, "+", "-", 1));
      String from = last.isEmpty() ? STREAM_START : last.get(0).getID().toString();
      c = new EphemeralConsumer(topic, name, stream, deadLetter, handler, from);
    }
    Thread t = new Thread(c, "osmos-redis-" + topic + "/" + (name == null ? "ephemeral" : name));
    t.setDaemon(true);
    c.thread = t;
    consumers.add(c);
    t.start();
    return c;
  }

  /** Creates the group at {@code from} (with the stream if need be); an existing one is kept. */
  private void createGroup(String stream, String group, StreamEntryID from) {
    try {
      redis.client().xgroupCreate(stream, group, from, true);
    } catch (JedisDataException e) {
      if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
        throw redis.failure("XGROUP CREATE", e);
      }
    } catch (JedisException e) {
      throw redis.failure("XGROUP CREATE", e);
    }
  }

  /**
   * Forgets consumers of earlier processes that hold nothing and have been idle for the redelivery
   * timeout, so the group's consumer list does not grow with every restart. A live consumer removed
   * by mistake is recreated by its next read.
   */
  private void removeIdleConsumers(String stream, String group) {
    try {
      for (StreamConsumerInfo info : redis.client().xinfoConsumers2(stream, group)) {
        if (info.getPending() == 0 && info.getIdle() > redeliveryMillis) {
          redis.client().xgroupDelConsumer(stream, group, info.getName());
        }
      }
    } catch (JedisException e) {
      LOG.log(System.Logger.Level.DEBUG, "cannot list the consumers of " + group, e);
    }
  }

  /** Stops every subscription, waiting for running handlers. */
  void close() {
    closed = true;
    for (Consumer c : List.copyOf(consumers)) {
      c.close();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the redis driver is closed");
    }
  }

  private static ReceivedMessage received(String id, Map<byte[], byte[]> fields, int attempt) {
    byte[] data = new byte[0];
    Map<String, String> attributes = new LinkedHashMap<>();
    for (Map.Entry<byte[], byte[]> f : fields.entrySet()) {
      String name = new String(f.getKey(), StandardCharsets.UTF_8);
      if (name.equals("data")) {
        data = f.getValue();
      } else if (name.startsWith(ATTR)) {
        attributes.put(
            name.substring(ATTR.length()), new String(f.getValue(), StandardCharsets.UTF_8));
      }
    }
    return new ReceivedMessage(id, data, Map.copyOf(attributes), attempt);
  }

  private static long backoff(int attempt) {
    return Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(20, attempt - 1));
  }

  private static long nowMillis() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
  }

  // ---- consumers -----------------------------------------------------------------------------

  /** One subscriber: a loop on its own thread that reads, handles and acknowledges messages. */
  private abstract class Consumer implements Subscription, Runnable {
    final String topic;
    final String name;
    final String stream;
    final DeadLetterPolicy deadLetter;
    final MessageHandler handler;
    private final CountDownLatch stopped = new CountDownLatch(1);
    volatile boolean closing;
    volatile Thread thread;

    Consumer(
        String topic,
        String name,
        String stream,
        DeadLetterPolicy deadLetter,
        MessageHandler handler) {
      this.topic = topic;
      this.name = name;
      this.stream = stream;
      this.deadLetter = deadLetter;
      this.handler = handler;
    }

    /** Reads and handles what is there, waiting for at most {@link #POLL_MILLIS}. */
    abstract void step();

    /** Called on the consumer's thread after the loop ended. */
    void stopped() {}

    /** Repairs what a server error says is broken; true when it did and the loop may go on. */
    boolean recover(JedisDataException e) {
      return false;
    }

    private boolean recovered(JedisDataException e) {
      try {
        return recover(e);
      } catch (RuntimeException again) {
        LOG.log(System.Logger.Level.DEBUG, "recovery of " + this + " failed", again);
        return false;
      }
    }

    @Override
    public void run() {
      int failures = 0;
      try {
        while (!closing) {
          try {
            step();
            failures = 0;
          } catch (RuntimeException e) {
            // Redis failures, and anything else a step trips over: the thread must live on.
            if (closing) {
              break;
            }
            if (e instanceof JedisDataException d && recovered(d)) {
              continue;
            }
            failures++;
            // Redis is unreachable or answered an error: keep trying, ever more slowly, and
            // report the first failure of a streak.
            if (failures == 1) {
              LOG.log(
                  System.Logger.Level.WARNING,
                  "redis subscription "
                      + this
                      + " failed,"
                      + " retrying until it succeeds or is closed: "
                      + e.getMessage());
            }
            LOG.log(
                System.Logger.Level.DEBUG,
                "redis subscription " + this + " failed (attempt " + failures + ")",
                e);
            pause(Math.min(5_000, 100L << Math.min(6, failures - 1)));
          }
        }
      } finally {
        try {
          stopped();
        } finally {
          consumers.remove(this);
          stopped.countDown();
        }
      }
    }

    /** Runs the handler; null when it returned normally, else what it threw. */
    Throwable handle(ReceivedMessage m) {
      try {
        handler.handle(m);
        return null;
      } catch (Throwable t) {
        if (t instanceof VirtualMachineError fatal) {
          throw fatal;
        }
        // Any other failure means "not processed": the message is delivered again.
        LOG.log(System.Logger.Level.DEBUG, "handler of " + this + " failed on " + m.id(), t);
        return t;
      } finally {
        // A handler that interrupted its thread must not stop the consumer's own waits.
        if (!closing) {
          Thread.interrupted();
        }
      }
    }

    void pause(long millis) {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      while (!closing) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        LockSupport.parkNanos(this, left);
      }
    }

    @Override
    public void close() {
      closing = true;
      Thread t = thread;
      if (t != null) {
        LockSupport.unpark(t);
      }
      if (Thread.currentThread() == t) {
        return; // closed from its own handler: the loop ends when the handler returns
      }
      boolean interrupted = false;
      while (true) {
        try {
          stopped.await();
          // The loop has ended; wait for the thread itself, so none is alive after close returns.
          if (t != null) {
            t.join();
          }
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public String toString() {
      return topic + "/" + name;
    }
  }

  /** A consumer of a group: durable, competing with the other consumers of its group. */
  private final class GroupConsumer extends Consumer {
    private final String consumer;
    private final byte[] streamBytes;
    private final byte[] groupBytes;
    private final byte[] consumerBytes;

    /** When this consumer looks for claimable messages next (nowMillis). */
    private long nextClaim;

    private String claimCursor = STREAM_START;

    /** When messages this consumer handed back become claimable. */
    private final PriorityQueue<Long> due = new PriorityQueue<>();

    GroupConsumer(
        String topic,
        String group,
        String stream,
        DeadLetterPolicy deadLetter,
        MessageHandler handler,
        String consumer) {
      super(topic, group, stream, deadLetter, handler);
      this.consumer = consumer;
      this.streamBytes = utf8(stream);
      this.groupBytes = utf8(group);
      this.consumerBytes = utf8(consumer);
    }

    private long claimInterval() {
      return Math.max(100, Math.min(redeliveryMillis / 4, 5_000));
    }

    @Override
    void step() {
      long now = nowMillis();
      List<ReceivedMessage> batch = List.of();
      if (now >= nextClaim) {
        batch = claim(now);
      }
      if (batch.isEmpty()) {
        int block = (int) Math.max(1, Math.min(POLL_MILLIS, nextClaim - now));
        batch = readNew(block);
      }
      for (int i = 0; i < batch.size(); i++) {
        if (closing) {
          // Fetched but not started: hand them back, claimable by the others at once.
          handBack(batch.subList(i, batch.size()), 0);
          return;
        }
        ReceivedMessage m = batch.get(i);
        if (m.deliveryAttempt() > deadLetter.maxDeliveryAttempts()) {
          // Delivered that often without an acknowledgement: its consumers died handling it.
          moveToDeadLetter(m, null);
          continue;
        }
        Throwable failure = handle(m);
        if (failure == null) {
          redis.client().xack(streamBytes, groupBytes, utf8(m.id()));
        } else if (deadLetter.exhausted(m.deliveryAttempt(), failure)) {
          moveToDeadLetter(m, failure);
        } else {
          long wait = Math.min(backoff(m.deliveryAttempt()), redeliveryMillis);
          handBack(List.of(m), wait);
        }
      }
    }

    /**
     * Appends the message to the dead-letter stream and acknowledges it, in one transaction; when
     * that fails it is handed back and given up again at its next delivery.
     */
    private void moveToDeadLetter(ReceivedMessage m, Throwable failure) {
      String to = deadLetter.topicFor(topic);
      byte[] target = utf8(streamKey(to));
      Message dead = DeadLetterPolicy.deadLetter(m, topic, name, m.deliveryAttempt(), failure);
      try {
        if (redis.cluster()) {
          // The two streams live in different slots: append, then acknowledge. A failure in
          // between delivers the message again, and it may then be dead-lettered twice.
          redis.write("XADD (dead letter)", c -> c.xadd(target, addParams(), fields(dead)));
          redis.write("XACK", c -> c.xack(streamBytes, groupBytes, utf8(m.id())));
        } else {
          List<Object> results =
              redis.write(
                  "XADD and XACK (in MULTI)",
                  c -> {
                    try (AbstractTransaction tx = c.multi()) {
                      tx.xadd(target, addParams(), fields(dead));
                      tx.xack(streamBytes, groupBytes, utf8(m.id()));
                      return tx.exec();
                    }
                  });
          for (Object r : results == null ? List.of() : results) {
            if (r instanceof JedisException e) {
              throw redis.failure("XADD to the dead letter", e);
            }
          }
        }
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "redis subscription "
                + this
                + " cannot move"
                + " message "
                + m.id()
                + " to dead-letter topic "
                + to
                + " (it will be delivered"
                + " again): "
                + e.getMessage());
        handBack(List.of(m), Math.min(backoff(m.deliveryAttempt()), redeliveryMillis));
        return;
      }
      LOG.log(
          System.Logger.Level.WARNING,
          "redis subscription "
              + this
              + " moved message "
              + m.id()
              + " to dead-letter topic "
              + to
              + " at delivery attempt "
              + m.deliveryAttempt()
              + ": "
              + dead.attributes().get(DeadLetterPolicy.ERROR));
      try {
        handler.deadLettered(m, to, failure);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "deadLettered of " + this + " failed", e);
      }
    }

    /** Makes messages claimable by any consumer of the group after {@code wait} ms. */
    private void handBack(List<ReceivedMessage> messages, long wait) {
      byte[][] ids = new byte[messages.size()][];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = utf8(messages.get(i).id());
      }
      // JUSTID leaves the delivery count alone; IDLE backdates the last delivery.
      redis
          .client()
          .xclaimJustId(
              streamBytes,
              groupBytes,
              consumerBytes,
              0,
              XClaimParams.xClaimParams().idle(redeliveryMillis - wait),
              ids);
      long at = nowMillis() + wait + 5;
      due.add(at);
      nextClaim = Math.min(nextClaim, at);
    }

    private List<ReceivedMessage> claim(long now) {
      if (claimCursor.equals(STREAM_START)) {
        while (!due.isEmpty() && due.peek() <= now) {
          due.poll();
        }
      }
      List<Object> reply =
          redis
              .client()
              .xautoclaim(
                  streamBytes,
                  groupBytes,
                  consumerBytes,
                  redeliveryMillis,
                  utf8(claimCursor),
                  XAutoClaimParams.xAutoClaimParams().count(BATCH));
      claimCursor = new String((byte[]) reply.get(0), StandardCharsets.UTF_8);
      if (claimCursor.equals(STREAM_START)) {
        long next = now + claimInterval();
        nextClaim = due.isEmpty() ? next : Math.min(next, due.peek());
      } else {
        nextClaim = now; // more of the pending list to look at
      }
      List<ReceivedMessage> claimed = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      List<Map<byte[], byte[]>> fieldsList = new ArrayList<>();
      for (Object o : (List<?>) reply.get(1)) {
        List<?> entry = (List<?>) o;
        if (entry == null || entry.size() < 2 || entry.get(1) == null) {
          continue; // trimmed away meanwhile
        }
        ids.add(new String((byte[]) entry.get(0), StandardCharsets.UTF_8));
        fieldsList.add(pairs((List<?>) entry.get(1)));
      }
      if (ids.isEmpty()) {
        return claimed;
      }
      List<Long> counts = deliveryCounts(ids);
      for (int i = 0; i < ids.size(); i++) {
        claimed.add(received(ids.get(i), fieldsList.get(i), counts.get(i).intValue()));
      }
      return claimed;
    }

    private List<Long> deliveryCounts(List<String> ids) {
      List<Long> counts = new ArrayList<>(ids.size());
      try (AbstractPipeline p = redis.pipeline(redis.client())) {
        List<Response<List<StreamPendingEntry>>> replies = new ArrayList<>();
        for (String id : ids) {
          replies.add(
              p.xpending(
                  stream, name, XPendingParams.xPendingParams(id, id, 1).consumer(consumer)));
        }
        p.sync();
        for (Response<List<StreamPendingEntry>> r : replies) {
          List<StreamPendingEntry> e = r.get();
          counts.add(e.isEmpty() ? 0L : e.get(0).getDeliveredTimes());
        }
      }
      return counts;
    }

    private List<ReceivedMessage> readNew(int block) {
      List<Map.Entry<byte[], List<StreamEntryBinary>>> reply =
          redis
              .client()
              .xreadGroupBinary(
                  groupBytes,
                  consumerBytes,
                  XReadGroupParams.xReadGroupParams().count(BATCH).block(block),
                  Map.of(streamBytes, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
      List<ReceivedMessage> out = new ArrayList<>();
      if (reply != null) {
        for (Map.Entry<byte[], List<StreamEntryBinary>> s : reply) {
          for (StreamEntryBinary e : s.getValue()) {
            out.add(received(e.getID().toString(), e.getFields(), 1));
          }
        }
      }
      return out;
    }

    @Override
    boolean recover(JedisDataException e) {
      if (e.getMessage() == null || !e.getMessage().startsWith("NOGROUP")) {
        return false;
      }
      // The group vanished (a server restarted without persistence, XGROUP DESTROY): create it
      // again from the stream's start, so nothing published since is lost.
      createGroup(stream, name, new StreamEntryID(0, 0));
      claimCursor = STREAM_START;
      LOG.log(
          System.Logger.Level.INFO,
          "redis subscription "
              + this
              + ": the consumer group"
              + " was gone and has been created again from the start of the stream");
      return true;
    }

    @Override
    void stopped() {
      // A consumer that holds nothing is forgotten; one that does stays until its messages are
      // claimed by others (deleting it would drop them).
      try {
        List<StreamPendingEntry> held =
            redis
                .client()
                .xpending(
                    stream, name, XPendingParams.xPendingParams().count(1).consumer(consumer));
        if (held.isEmpty()) {
          redis.client().xgroupDelConsumer(stream, name, consumer);
        }
      } catch (JedisException e) {
        LOG.log(System.Logger.Level.DEBUG, "cannot remove consumer " + consumer, e);
      }
    }

    @Override
    public String toString() {
      return topic + "/" + name + " (" + consumer + ")";
    }
  }

  /** A consumer of its own: every message from its start on, none of the backlog. */
  private final class EphemeralConsumer extends Consumer {
    private final byte[] streamBytes;
    private StreamEntryID last;
    private final PriorityQueue<Retry> retries =
        new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));

    private record Retry(long at, ReceivedMessage message) {}

    EphemeralConsumer(
        String topic,
        String name,
        String stream,
        DeadLetterPolicy deadLetter,
        MessageHandler handler,
        String from) {
      super(topic, name, stream, deadLetter, handler);
      this.streamBytes = utf8(stream);
      this.last = new StreamEntryID(from);
    }

    @Override
    void step() {
      long now = nowMillis();
      Retry r = retries.peek();
      if (r != null && r.at <= now) {
        retries.poll();
        deliver(r.message);
        return;
      }
      int block = (int) (r == null ? POLL_MILLIS : Math.max(1, Math.min(POLL_MILLIS, r.at - now)));
      List<Map.Entry<byte[], List<StreamEntryBinary>>> reply =
          redis
              .client()
              .xreadBinary(
                  XReadParams.xReadParams().count(BATCH).block(block), Map.of(streamBytes, last));
      if (reply == null) {
        return;
      }
      for (Map.Entry<byte[], List<StreamEntryBinary>> s : reply) {
        for (StreamEntryBinary e : s.getValue()) {
          if (closing) {
            return;
          }
          last = e.getID();
          deliver(received(e.getID().toString(), e.getFields(), 1));
        }
      }
    }

    private void deliver(ReceivedMessage m) {
      Throwable failure = handle(m);
      if (failure != null && deadLetter.exhausted(m.deliveryAttempt(), failure)) {
        LOG.log(
            System.Logger.Level.WARNING,
            "redis subscription "
                + this
                + " drops message "
                + m.id()
                + " at delivery attempt "
                + m.deliveryAttempt()
                + ": "
                + DeadLetterPolicy.describe(failure));
      } else if (failure != null) {
        ReceivedMessage again =
            new ReceivedMessage(m.id(), m.data(), m.attributes(), m.deliveryAttempt() + 1);
        retries.add(new Retry(nowMillis() + backoff(m.deliveryAttempt()), again));
      }
    }

    @Override
    public String toString() {
      return topic + "/" + name + " (ephemeral)";
    }
  }

  private static Map<byte[], byte[]> pairs(List<?> flat) {
    Map<byte[], byte[]> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      m.put((byte[]) flat.get(i), (byte[]) flat.get(i + 1));
    }
    return m;
  }
}
