package io.osmos.rethinkdb;

import static com.rethinkdb.RethinkDB.r;

import com.rethinkdb.gen.exc.ReqlError;
import com.rethinkdb.net.Connection;
import com.rethinkdb.net.Result;
import io.osmos.codec.json.JsonFormat;
import io.osmos.exceptions.OsmosException;
import io.osmos.spi.ChangeFeed;
import io.osmos.spi.ChangeFeed.ChangeHandler;
import io.osmos.spi.DeadLetterPolicy;
import io.osmos.spi.ReceivedMessage;
import io.osmos.spi.Subscription;
import io.osmos.spi.TupleKey;
import io.osmos.spi.UnprocessableMessageException;
import java.util.Base64;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription to a RethinkDB change feed ({@code table.changes()}) of a bucket's table, read on
 * a thread of its own over a connection of its own. Each change becomes a message as {@link
 * ChangeFeed} describes it:
 *
 * <ul>
 *   <li>data: the model after the change as JSON ({@link JsonFormat}), or before it for a delete;
 *   <li>attributes: {@code op} ({@code insert}, {@code update} or {@code delete}) and {@code key}
 *       (the key's {@link TupleKey} encoding, base64url without padding, as stream repositories
 *       publish it);
 *   <li>id: a random UUID (change feeds have no ids).
 * </ul>
 *
 * A handler that throws gets the same change again after a back-off (10 ms, doubling, at most 1 s),
 * with the delivery attempt counted, until it succeeds, the subscription is closed, or it has had
 * its attempts (at once when it throws {@link UnprocessableMessageException}): then the change is
 * skipped with a warning, as a change feed has no dead letter. Later changes wait, so order is
 * kept. A change whose document does not decode as the model is logged and skipped. When the feed
 * breaks (connection lost) it is reopened; the changes in between are lost, as an ephemeral
 * subscription allows, and a warning says so.
 */
final class ChangeSubscription<T, K> implements Subscription {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeSubscription.class);
  private static final long POLL_MILLIS = 100;

  private final ConnectionPool pool;
  private final String database;
  private final DocumentLayout<T, K> layout;
  private final int maxAttempts;
  private final ChangeHandler handler;
  private final Consumer<ChangeSubscription<?, ?>> onClose;
  private final Thread thread;
  // Replaced only by the feed's thread when the feed is reopened; read by close() after join.
  private volatile Connection connection;
  private volatile Result<Object> feed;
  private volatile boolean closed;

  /** Starts the feed: changes committed after this returns are delivered. */
  ChangeSubscription(
      ConnectionPool pool,
      String database,
      DocumentLayout<T, K> layout,
      int maxAttempts,
      ChangeHandler handler,
      Consumer<ChangeSubscription<?, ?>> onClose) {
    this.pool = pool;
    this.database = database;
    this.layout = layout;
    this.maxAttempts = maxAttempts;
    this.handler = handler;
    this.onClose = onClose;
    open();
    this.thread = new Thread(this::run, "osmos-rethinkdb-changes-" + layout.bucket);
    thread.setDaemon(true);
    thread.start();
  }

  private void open() {
    Connection c = pool.openDedicated();
    try {
      // The documents as JSON text, so that any depth arrives as one string (see StoredJson).
      feed =
          r.db(database)
              .table(layout.bucket)
              .changes()
              .map(
                  change ->
                      r.hashMap(
                              "old_val", change.g("old_val").default_((Object) null).toJsonString())
                          .with(
                              "new_val",
                              change.g("new_val").default_((Object) null).toJsonString()))
              .run(c);
      connection = c;
    } catch (RuntimeException e) {
      ConnectionPool.closeQuietly(c);
      throw e;
    }
  }

  private void run() {
    while (!closed) {
      Object change;
      try {
        change = feed.next(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        continue;
      } catch (NoSuchElementException | ReqlError e) {
        if (!closed) {
          reopen(e);
        }
        continue;
      }
      if (change instanceof Map<?, ?> c) {
        ReceivedMessage message = message(c);
        if (message != null) {
          deliver(message);
        }
      }
    }
  }

  /** The feed broke (connection lost, server restarted): open a new one, backing off. */
  private void reopen(RuntimeException cause) {
    LOG.warn(
        "rethinkdb change feed of bucket {} broke ({}); reopening it: changes made until it"
            + " is back are not delivered",
        layout.bucket,
        cause.toString());
    ConnectionPool.closeQuietly(connection);
    long backoff = 100;
    while (!closed) {
      try {
        open();
        return;
      } catch (RuntimeException e) {
        LOG.debug("reopening the change feed of bucket {} failed: {}", layout.bucket, e.toString());
      }
      pause(backoff);
      backoff = Math.min(backoff * 2, 5000);
    }
  }

  private ReceivedMessage message(Map<?, ?> change) {
    try {
      Map<?, ?> oldDoc = layout.readDocument((String) change.get("old_val"));
      Map<?, ?> newDoc = layout.readDocument((String) change.get("new_val"));
      String op =
          oldDoc == null
              ? ChangeFeed.INSERT
              : newDoc == null ? ChangeFeed.DELETE : ChangeFeed.UPDATE;
      Map<?, ?> doc = newDoc != null ? newDoc : oldDoc;
      if (doc == null) {
        return null; // a state note, not a change
      }
      T model = layout.fromDocument(doc);
      K key = layout.schema.key(model);
      String encodedKey =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(TupleKey.encode(layout.schema.keyComponents(key)));
      return new ReceivedMessage(
          UUID.randomUUID().toString(),
          JsonFormat.encode(layout.schema, model),
          Map.of(ChangeFeed.OP, op, ChangeFeed.KEY, encodedKey),
          1);
    } catch (OsmosException e) {
      LOG.warn(
          "rethinkdb change feed of bucket {}: skipping a change whose document does not"
              + " decode as {}: {}",
          layout.bucket,
          layout.schema.modelName(),
          DeadLetterPolicy.describe(e));
      return null;
    }
  }

  private void deliver(ReceivedMessage first) {
    ReceivedMessage m = first;
    long backoff = 10;
    while (!closed) {
      try {
        handler.handle(m);
        return;
      } catch (Exception e) {
        LOG.debug(
            "handler of the change feed of bucket {} failed (attempt {}): {}",
            layout.bucket,
            m.deliveryAttempt(),
            DeadLetterPolicy.describe(e));
        if (e instanceof UnprocessableMessageException || m.deliveryAttempt() >= maxAttempts) {
          LOG.warn(
              "rethinkdb change feed of bucket {}: skipping change {} (op {}) at delivery"
                  + " attempt {}: {}",
              layout.bucket,
              m.id(),
              m.attributes().get(ChangeFeed.OP),
              m.deliveryAttempt(),
              DeadLetterPolicy.describe(e));
          return;
        }
      }
      pause(backoff);
      backoff = Math.min(backoff * 2, 1000);
      m = new ReceivedMessage(m.id(), m.data(), m.attributes(), m.deliveryAttempt() + 1);
    }
  }

  private void pause(long millis) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!closed && System.nanoTime() < end) {
      try {
        Thread.sleep(Math.min(10, millis));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Closes the feed's connection under it, as a network failure would (for tests). */
  void breakConnection() {
    ConnectionPool.closeQuietly(connection);
  }

  /** Stops delivery, waits for a running handler, then closes the feed and its connection. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (Thread.currentThread() != thread) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    feed.close();
    ConnectionPool.closeQuietly(connection);
    onClose.accept(this);
  }
}
