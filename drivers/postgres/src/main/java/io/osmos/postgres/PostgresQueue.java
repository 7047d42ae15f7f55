package io.osmos.postgres;

import io.osmos.codec.Codecs;
import io.osmos.codec.ValueCodec;
import io.osmos.codec.json.JsonFormat;
import io.osmos.exceptions.LimitExceededException;
import io.osmos.spi.DeadLetterPolicy;
import io.osmos.spi.Message;
import io.osmos.spi.MessageQueue;
import io.osmos.spi.ReceivedMessage;
import io.osmos.spi.Subscription;
import java.lang.System.Logger.Level;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The message queue: a row per (subscription, message) in {@code mq_messages}, leased with {@code
 * FOR UPDATE SKIP LOCKED} and deleted when the handler returns.
 *
 * <ul>
 *   <li>{@link #publish} inserts, in one transaction, one row per subscription that exists on the
 *       topic (the payload is sent once and copied by the server), then {@code pg_notify}s the
 *       topic, which PostgreSQL delivers at commit;
 *   <li>each {@link #subscribe} runs a consumer thread that leases visible rows of its subscription
 *       (setting {@code visible_at} to now + the ack deadline), hands them to the handler one by
 *       one and deletes each when the handler returns; when the handler throws the row becomes
 *       visible again after a back-off, and when the process dies it does after the ack deadline:
 *       at-least-once. Consumers of one durable subscription compete for its rows;
 *   <li>{@code attempts} counts the leases of a row. When the {@link DeadLetterPolicy} gives a
 *       message up (its handler failed on the last attempt or threw {@code
 *       UnprocessableMessageException}, or it was leased more often than allowed without an
 *       acknowledgement), one transaction deletes the row and inserts the message for every
 *       subscription of the dead-letter topic, whose subscription {@value
 *       DeadLetterPolicy#SUBSCRIPTION} exists from the first durable subscribe on; an ephemeral
 *       subscription deletes the row and logs a warning instead;
 *   <li>an ephemeral subscription is a subscription row of its own, deleted (with its messages) on
 *       close; consumers refresh {@code seen_at}, and rows of ephemeral subscriptions not seen for
 *       {@value #EPHEMERAL_EXPIRY_MINUTES} minutes (a process that died) are swept;
 *   <li>one listener thread per driver holds a connection that {@code LISTEN}s and wakes the
 *       consumers of a notified topic; consumers also poll every {@value #POLL_MILLIS} ms, so a
 *       lost notification (or a connection lost meanwhile) only delays delivery.
 * </ul>
 */
final class PostgresQueue {
  private static final System.Logger LOG = System.getLogger(PostgresQueue.class.getName());
  private static final ValueCodec<Map<String, String>> ATTRIBUTES = Codecs.map(Codecs.STRING);
  private static final int LEASE_BATCH = 8;
  static final long POLL_MILLIS = 500;
  static final int EPHEMERAL_EXPIRY_MINUTES = 10;
  private static final long HEARTBEAT_MILLIS = 60_000;
  private static final long SWEEP_MILLIS = 60_000;
  private static final int MAX_NAME_LENGTH = 1024;

  private final Database db;
  private final int maxMessageBytes;
  private final long ackDeadlineMillis;
  private final String subscriptions;
  private final String messages;
  private final String messageIds;
  private final String channel;
  private final Set<Consumer> consumers = new CopyOnWriteArraySet<>();
  private final Map<String, Set<Consumer>> byTopic = new ConcurrentHashMap<>();
  private final AtomicInteger threads = new AtomicInteger();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "osmos-postgres-mq-timer");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean closed;
  private Thread listener; // guarded by this

  PostgresQueue(Database db, int maxMessageBytes, Duration ackDeadline) {
    this.db = db;
    this.maxMessageBytes = maxMessageBytes;
    this.ackDeadlineMillis = ackDeadline.toMillis();
    this.subscriptions = db.table("mq_subscriptions");
    this.messages = db.table("mq_messages");
    this.messageIds = db.table("mq_message_ids");
    this.channel = SqlNames.derived(db.schema(), "mq");
  }

  /** The tables of the queue (shared by every topic of the schema). */
  List<String> ddl() {
    return List.of(
        "CREATE TABLE IF NOT EXISTS "
            + subscriptions
            + " (\"topic\" text NOT NULL,"
            + " \"name\" text NOT NULL, \"ephemeral\" boolean NOT NULL,"
            + " \"created_at\" timestamptz NOT NULL DEFAULT now(),"
            + " \"seen_at\" timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (\"topic\", \"name\"))",
        "CREATE TABLE IF NOT EXISTS "
            + messages
            + " (\"id\" bigint GENERATED ALWAYS AS IDENTITY"
            + " PRIMARY KEY, \"topic\" text NOT NULL, \"subscription\" text NOT NULL,"
            + " \"message_id\" bigint NOT NULL, \"data\" bytea NOT NULL,"
            + " \"attributes\" jsonb NOT NULL, \"published_at\" timestamptz NOT NULL DEFAULT now(),"
            + " \"visible_at\" timestamptz NOT NULL DEFAULT now(),"
            + " \"attempts\" integer NOT NULL DEFAULT 0)",
        "CREATE INDEX IF NOT EXISTS "
            + SqlNames.quote("mq_messages__visible")
            + " ON "
            + messages
            + " (\"topic\", \"subscription\", \"visible_at\", \"id\")",
        "CREATE SEQUENCE IF NOT EXISTS " + messageIds);
  }

  /**
   * Starts the listener thread, once, with the first subscription: it holds a connection of the
   * pool for as long as the driver is open, and a driver that only publishes needs none.
   */
  private synchronized void startListener() {
    if (listener == null && !closed) {
      listener = new Thread(this::listen, "osmos-postgres-mq-listener");
      listener.setDaemon(true);
      listener.start();
    }
  }

  // ---- publish -------------------------------------------------------------------------------

  void publish(String topic, List<Message> batch) {
    checkName("topic", topic);
    for (int i = 0; i < batch.size(); i++) {
      Message m = Objects.requireNonNull(batch.get(i), "messages[" + i + "]");
      if (m.data().length > maxMessageBytes) {
        throw new LimitExceededException(
            "message "
                + i
                + " of the batch for topic '"
                + topic
                + "' has "
                + m.data().length
                + " bytes; the driver's limit (maxMessageBytes) is "
                + maxMessageBytes
                + "; nothing was published");
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    db.transaction(
        "publish to topic '" + topic + "'",
        c -> {
          insert(c, topic, batch);
          return null;
        });
  }

  /**
   * Inserts {@code batch} for every subscription of {@code topic} and notifies the topic (at
   * commit), in the caller's transaction.
   */
  private void insert(Connection c, String topic, List<Message> batch) throws SQLException {
    List<Long> ids = new ArrayList<>(batch.size());
    try (PreparedStatement ps =
        c.prepareStatement("SELECT nextval(?::regclass) FROM generate_series(1, ?)")) {
      ps.setString(1, messageIds);
      ps.setInt(2, batch.size());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
    }
    // FOR KEY SHARE: a subscription deleted meanwhile is skipped, one being deleted waits for
    // this transaction, so no message is left behind for a subscription that is gone.
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + messages
                + " (\"topic\","
                + " \"subscription\", \"message_id\", \"data\", \"attributes\") SELECT s.\"topic\","
                + " s.\"name\", ?, ?, ?::jsonb FROM "
                + subscriptions
                + " s WHERE s.\"topic\" = ?"
                + " FOR KEY SHARE")) {
      for (int i = 0; i < batch.size(); i++) {
        Message m = batch.get(i);
        ps.setLong(1, ids.get(i));
        ps.setBytes(2, m.data());
        ps.setString(3, JsonFormat.encodeValueToString(ATTRIBUTES, m.attributes()));
        ps.setString(4, topic);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
      ps.setString(1, channel);
      ps.setString(2, topic);
      ps.execute();
    }
  }

  // ---- subscribe -----------------------------------------------------------------------------

  Subscription subscribe(
      String topic,
      String name,
      MessageQueue.Delivery delivery,
      DeadLetterPolicy deadLetter,
      MessageQueue.MessageHandler handler) {
    checkName("topic", topic);
    checkName("subscription", name);
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(deadLetter, "deadLetter");
    Objects.requireNonNull(handler, "handler");
    if (closed) {
      throw new IllegalStateException("the postgres driver is closed");
    }
    boolean ephemeral = delivery == MessageQueue.Delivery.EPHEMERAL;
    // An ephemeral subscription is this subscriber's own: a unique name under the given one.
    String row = ephemeral ? name + "#ephemeral-" + UUID.randomUUID() : name;
    String deadLetterTopic = deadLetter.topicFor(topic);
    if (!ephemeral) {
      checkName("dead-letter topic", deadLetterTopic);
    }
    db.call(
        "subscribe to topic '" + topic + "'",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO "
                      + subscriptions
                      + " (\"topic\", \"name\", \"ephemeral\") VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, topic);
            ps.setString(2, row);
            ps.setBoolean(3, ephemeral);
            ps.addBatch();
            if (!ephemeral) {
              // Dead letters inserted before anyone reads them wait in this subscription.
              ps.setString(1, deadLetterTopic);
              ps.setString(2, DeadLetterPolicy.SUBSCRIPTION);
              ps.setBoolean(3, false);
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
    startListener();
    Consumer consumer = new Consumer(topic, row, ephemeral, deadLetter, handler);
    consumers.add(consumer);
    byTopic.computeIfAbsent(topic, t -> new CopyOnWriteArraySet<>()).add(consumer);
    consumer.thread.start();
    return consumer;
  }

  /**
   * One subscriber: a thread that leases, handles and acknowledges messages of one subscription.
   */
  private final class Consumer implements Subscription {
    final String topic;
    final String subscription;
    final boolean ephemeral;
    final DeadLetterPolicy deadLetter;
    final MessageQueue.MessageHandler handler;
    final Thread thread;
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean closing;
    private long lastHeartbeat = System.currentTimeMillis();

    Consumer(
        String topic,
        String subscription,
        boolean ephemeral,
        DeadLetterPolicy deadLetter,
        MessageQueue.MessageHandler handler) {
      this.topic = topic;
      this.subscription = subscription;
      this.ephemeral = ephemeral;
      this.deadLetter = deadLetter;
      this.handler = handler;
      this.thread = new Thread(this::run, "osmos-postgres-mq-" + threads.incrementAndGet());
      this.thread.setDaemon(true);
    }

    void wake() {
      synchronized (signal) {
        woken = true;
        signal.notifyAll();
      }
    }

    private void await(long millis) {
      synchronized (signal) {
        long deadline = System.currentTimeMillis() + millis;
        while (!woken && !closing) {
          long left = deadline - System.currentTimeMillis();
          if (left <= 0) {
            break;
          }
          try {
            signal.wait(left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        woken = false;
      }
    }

    private void run() {
      long failures = 0;
      while (!closing) {
        List<Leased> leased;
        try {
          heartbeat();
          leased = lease();
          failures = 0;
        } catch (RuntimeException e) {
          // The database is unreachable or failing: retry with a back-off, never give up.
          failures++;
          if (failures == 1 || failures % 30 == 0) {
            LOG.log(
                Level.WARNING,
                "osmos postgres: consumer of topic '"
                    + topic
                    + "' cannot lease messages (retrying): "
                    + e.getMessage());
          }
          await(Math.min(5_000, 100L << Math.min(failures, 6)));
          continue;
        }
        if (leased.isEmpty()) {
          await(POLL_MILLIS);
          continue;
        }
        for (int i = 0; i < leased.size(); i++) {
          if (closing) {
            release(leased.subList(i, leased.size()));
            break;
          }
          deliver(leased.get(i));
        }
      }
    }

    private void deliver(Leased m) {
      ReceivedMessage received =
          new ReceivedMessage(Long.toString(m.messageId), m.data, m.attributes, m.attempts);
      if (m.attempts > deadLetter.maxDeliveryAttempts()) {
        // Leased that often without an acknowledgement: its consumers died handling it.
        giveUp(m, received, null);
        return;
      }
      Throwable failure = null;
      try {
        handler.handle(received);
      } catch (Throwable t) {
        if (t instanceof VirtualMachineError fatal) {
          throw fatal;
        }
        failure = t;
      }
      try {
        if (failure == null) {
          ack(m.id);
        } else if (deadLetter.exhausted(m.attempts, failure)) {
          giveUp(m, received, failure);
        } else {
          // Back-off before the next delivery: 100 ms, doubling, at most 10 s.
          long backoff = Math.min(10_000, 100L << Math.min(m.attempts - 1, 7));
          nack(m.id, backoff);
          signalLater(backoff);
        }
      } catch (RuntimeException e) {
        // Not acknowledged: the message is delivered again after the ack deadline.
        LOG.log(
            Level.WARNING,
            "osmos postgres: cannot acknowledge message "
                + m.messageId
                + " of topic '"
                + topic
                + "' (it will be delivered again): "
                + e.getMessage());
      }
    }

    /**
     * Moves a message to the dead letter (durable) or drops it (ephemeral). When that fails the row
     * stays leased and comes back after the ack deadline, to be given up again.
     */
    private void giveUp(Leased m, ReceivedMessage received, Throwable failure) {
      String error = failure == null ? "not acknowledged" : DeadLetterPolicy.describe(failure);
      if (ephemeral) {
        try {
          ack(m.id);
        } catch (RuntimeException e) {
          // Left leased: it comes back after the ack deadline and is dropped then.
          return;
        }
        LOG.log(
            Level.WARNING,
            "osmos postgres: ephemeral subscription of topic '"
                + topic
                + "' drops message "
                + m.messageId
                + " at delivery attempt "
                + m.attempts
                + ": "
                + error);
        return;
      }
      String to = deadLetter.topicFor(topic);
      Message dead =
          DeadLetterPolicy.deadLetter(received, topic, subscription, m.attempts, failure);
      boolean moved;
      try {
        moved =
            db.transaction(
                "move a message of topic '" + topic + "' to the dead letter",
                c -> {
                  try (PreparedStatement ps =
                      c.prepareStatement("DELETE FROM " + messages + " WHERE \"id\" = ?")) {
                    ps.setLong(1, m.id);
                    if (ps.executeUpdate() == 0) {
                      return false; // acknowledged by another consumer after our lease expired
                    }
                  }
                  insert(c, to, List.of(dead));
                  return true;
                });
      } catch (RuntimeException e) {
        LOG.log(
            Level.WARNING,
            "osmos postgres: cannot move message "
                + m.messageId
                + " of"
                + " topic '"
                + topic
                + "' to dead-letter topic '"
                + to
                + "' (it will be delivered"
                + " again): "
                + e.getMessage());
        return;
      }
      if (!moved) {
        return;
      }
      LOG.log(
          Level.WARNING,
          "osmos postgres: subscription '"
              + subscription
              + "' of topic '"
              + topic
              + "' moved message "
              + m.messageId
              + " to dead-letter topic '"
              + to
              + "' at delivery attempt "
              + m.attempts
              + ": "
              + dead.attributes().get(DeadLetterPolicy.ERROR));
      try {
        handler.deadLettered(received, to, failure);
      } catch (RuntimeException e) {
        LOG.log(Level.DEBUG, "osmos postgres: deadLettered of topic '" + topic + "' failed", e);
      }
    }

    /** Wakes this consumer when a message it gave back becomes visible again. */
    private void signalLater(long millis) {
      try {
        timer.schedule(this::wake, millis, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        // The driver is closing; the consumer stops anyway.
      }
    }

    private List<Leased> lease() {
      return db.call(
          "lease messages of topic '" + topic + "'",
          c -> {
            List<Leased> out = new ArrayList<>();
            try (PreparedStatement ps =
                c.prepareStatement(
                    "WITH next AS (SELECT \"id\" FROM "
                        + messages
                        + " WHERE \"topic\" = ? AND \"subscription\" = ? AND \"visible_at\" <="
                        + " now() ORDER BY \"visible_at\", \"id\" LIMIT ? FOR UPDATE SKIP LOCKED) UPDATE "
                        + messages
                        + " m SET \"visible_at\" = now() + ? * interval '1 millisecond',"
                        + " \"attempts\" = m.\"attempts\" + 1 FROM next WHERE m.\"id\" = next.\"id\""
                        + " RETURNING m.\"id\", m.\"message_id\", m.\"data\", m.\"attributes\"::text,"
                        + " m.\"attempts\"")) {
              ps.setString(1, topic);
              ps.setString(2, subscription);
              ps.setInt(3, LEASE_BATCH);
              ps.setLong(4, ackDeadlineMillis);
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  out.add(
                      new Leased(
                          rs.getLong(1),
                          rs.getLong(2),
                          rs.getBytes(3),
                          JsonFormat.decodeValue(ATTRIBUTES, rs.getString(4)),
                          rs.getInt(5)));
                }
              }
            }
            out.sort((a, b) -> Long.compare(a.id, b.id));
            return out;
          });
    }

    private void ack(long id) {
      db.call(
          "acknowledge a message of topic '" + topic + "'",
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM " + messages + " WHERE \"id\" = ?")) {
              ps.setLong(1, id);
              return ps.executeUpdate();
            }
          });
    }

    private void nack(long id, long backoffMillis) {
      db.call(
          "return a message of topic '" + topic + "'",
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE "
                        + messages
                        + " SET"
                        + " \"visible_at\" = now() + ? * interval '1 millisecond' WHERE \"id\" = ?")) {
              ps.setLong(1, backoffMillis);
              ps.setLong(2, id);
              return ps.executeUpdate();
            }
          });
    }

    /** Gives leased messages back at once (closing): they were never handed to the handler. */
    private void release(List<Leased> rest) {
      if (rest.isEmpty()) {
        return;
      }
      try {
        db.call(
            "release messages of topic '" + topic + "'",
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "UPDATE "
                          + messages
                          + " SET"
                          + " \"visible_at\" = now(), \"attempts\" = greatest(\"attempts\" - 1, 0)"
                          + " WHERE \"id\" = ?")) {
                for (Leased m : rest) {
                  ps.setLong(1, m.id);
                  ps.addBatch();
                }
                ps.executeBatch();
              }
              return null;
            });
      } catch (RuntimeException e) {
        // They come back after the ack deadline instead.
      }
    }

    private void heartbeat() {
      if (!ephemeral || System.currentTimeMillis() - lastHeartbeat < HEARTBEAT_MILLIS) {
        return;
      }
      db.call(
          "refresh an ephemeral subscription",
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE "
                        + subscriptions
                        + " SET \"seen_at\" = now() WHERE \"topic\" = ? AND \"name\" = ?")) {
              ps.setString(1, topic);
              ps.setString(2, subscription);
              return ps.executeUpdate();
            }
          });
      lastHeartbeat = System.currentTimeMillis();
    }

    @Override
    public void close() {
      if (closing) {
        return;
      }
      closing = true;
      wake();
      if (Thread.currentThread() != thread) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      consumers.remove(this);
      Set<Consumer> set = byTopic.get(topic);
      if (set != null) {
        set.remove(this);
      }
      if (ephemeral) {
        dropSubscription(topic, subscription);
      }
    }
  }

  /** A leased message: its row, the published message's id, and how often it was leased. */
  private record Leased(
      long id, long messageId, byte[] data, Map<String, String> attributes, int attempts) {}

  /** Deletes a subscription and its messages. */
  private void dropSubscription(String topic, String name) {
    try {
      db.transaction(
          "drop subscription of topic '" + topic + "'",
          c -> {
            deleteSubscription(c, topic, name);
            return null;
          });
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "osmos postgres: cannot drop ephemeral subscription '"
              + name
              + "' of topic '"
              + topic
              + "' (it expires after "
              + EPHEMERAL_EXPIRY_MINUTES
              + " minutes): "
              + e.getMessage());
    }
  }

  private void deleteSubscription(Connection c, String topic, String name) throws SQLException {
    // The subscription first: publishers hold KEY SHARE on it, so this waits for them.
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM " + subscriptions + " WHERE \"topic\" = ? AND \"name\" = ?")) {
      ps.setString(1, topic);
      ps.setString(2, name);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM " + messages + " WHERE \"topic\" = ? AND \"subscription\" = ?")) {
      ps.setString(1, topic);
      ps.setString(2, name);
      ps.executeUpdate();
    }
  }

  // ---- listener ------------------------------------------------------------------------------

  /** Holds a LISTEN connection and wakes consumers of notified topics; reconnects when needed. */
  private void listen() {
    long lastSweep = 0;
    int failures = 0;
    while (!closed) {
      try (Connection c = db.dataSource().getConnection()) {
        PGConnection pg = c.unwrap(PGConnection.class);
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + SqlNames.quote(channel));
        }
        failures = 0;
        // Notifications sent while no listener was connected are lost: look once.
        consumers.forEach(Consumer::wake);
        try {
          while (!closed) {
            PGNotification[] notes = pg.getNotifications((int) POLL_MILLIS);
            if (notes != null) {
              for (PGNotification n : notes) {
                Set<Consumer> set = byTopic.get(n.getParameter());
                if (set != null) {
                  set.forEach(Consumer::wake);
                }
              }
            }
            if (System.currentTimeMillis() - lastSweep > SWEEP_MILLIS) {
              sweepExpired();
              lastSweep = System.currentTimeMillis();
            }
          }
        } finally {
          try (Statement s = c.createStatement()) {
            s.execute("UNLISTEN *");
          } catch (SQLException e) {
            // The connection is gone; the pool drops it.
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          return;
        }
        failures++;
        if (failures == 1 || failures % 30 == 0) {
          LOG.log(
              Level.WARNING,
              "osmos postgres: the message queue listener lost its"
                  + " connection (consumers keep polling; reconnecting): "
                  + e.getMessage());
        }
        try {
          Thread.sleep(Math.min(5_000, 100L << Math.min(failures, 6)));
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  /** Deletes ephemeral subscriptions whose process stopped refreshing them, with their messages. */
  private void sweepExpired() {
    List<String[]> expired =
        db.call(
            "look for expired ephemeral subscriptions",
            c -> {
              List<String[]> out = new ArrayList<>();
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT \"topic\", \"name\" FROM "
                          + subscriptions
                          + " WHERE \"ephemeral\" AND \"seen_at\" < now() - ?"
                          + " * interval '1 minute'")) {
                ps.setInt(1, EPHEMERAL_EXPIRY_MINUTES);
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    out.add(new String[] {rs.getString(1), rs.getString(2)});
                  }
                }
              }
              return out;
            });
    for (String[] e : expired) {
      dropSubscription(e[0], e[1]);
    }
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  /** Stops every consumer (waiting for running handlers) and the listener. */
  void close() {
    closed = true;
    for (Consumer c : consumers) {
      c.close();
    }
    timer.shutdownNow();
    Thread l;
    synchronized (this) {
      l = listener;
    }
    if (l != null) {
      l.interrupt();
      try {
        l.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void checkName(String what, String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a " + what + " name must not be empty");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "a "
              + what
              + " name has at most "
              + MAX_NAME_LENGTH
              + " characters, this one "
              + name.length());
    }
  }
}
