package io.osmos.rethinkdb;

import com.rethinkdb.RethinkDB;
import com.rethinkdb.ast.ReqlAst;
import com.rethinkdb.gen.exc.ReqlError;
import com.rethinkdb.net.Connection;
import com.rethinkdb.net.Result;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A few connections shared by every thread of a driver.
 *
 * <p>The driver's {@link Connection} (2.4.x) multiplexes: each query carries a token, writes are
 * serialized by a lock and one reader thread hands each response to the query with its token, so
 * one connection serves concurrent queries. What it does not survive is a broken stream: one
 * response it cannot parse (an integer beyond the long range, for instance) stops its reader and
 * fails every query in flight on it. So the pool spreads queries round-robin over a few
 * connections, which bounds the damage of a failure, and replaces a connection that is no longer
 * open the next time its slot is used. Change feeds get connections of their own ({@link
 * #openDedicated()}) so closing a feed never disturbs other queries.
 */
final class ConnectionPool implements AutoCloseable {
  private final Connection.Builder builder;
  private final Connection[] slots;
  private final Object[] locks;
  private final AtomicInteger next = new AtomicInteger();
  private volatile boolean closed;

  /** A pool of {@code size} connections made by {@code builder} (copied), opened on first use. */
  ConnectionPool(Connection.Builder builder, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("a pool needs at least one connection, was " + size);
    }
    // RethinkDB answers an array value (tableList, indexWait, a filtered array) as one atom that
    // holds it, and a stream as a sequence: unwrapped, both read as their elements.
    this.builder = RethinkDB.r.connection(builder).unwrapLists(true);
    this.slots = new Connection[size];
    this.locks = new Object[size];
    for (int i = 0; i < size; i++) {
      locks[i] = new Object();
    }
  }

  /** A connection of the pool; do not close it. */
  Connection connection() {
    int i = Math.floorMod(next.getAndIncrement(), slots.length);
    synchronized (locks[i]) {
      checkOpen();
      Connection c = slots[i];
      if (c == null || !c.isOpen()) {
        if (c != null) {
          closeQuietly(c);
        }
        c = builder.connect();
        slots[i] = c;
      }
      return c;
    }
  }

  /** A new connection outside the pool, for a change feed; the caller closes it. */
  Connection openDedicated() {
    checkOpen();
    return builder.connect();
  }

  /** Runs a query that returns one value (an atom), or null. */
  Object atom(ReqlAst query) {
    try (Result<Object> result = query.run(connection())) {
      return result.hasNext() ? result.next() : null;
    }
  }

  /** Runs a query and reads its whole result. */
  List<Object> list(ReqlAst query) {
    return query.run(connection()).toList();
  }

  /** Runs a query whose result is read lazily, batch by batch; close it when done. */
  Result<Object> cursor(ReqlAst query) {
    return query.run(connection());
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the rethinkdb driver is closed");
    }
  }

  @Override
  public void close() {
    closed = true;
    for (int i = 0; i < slots.length; i++) {
      synchronized (locks[i]) {
        if (slots[i] != null) {
          closeQuietly(slots[i]);
          slots[i] = null;
        }
      }
    }
  }

  static void closeQuietly(Connection c) {
    try {
      c.close(false);
    } catch (ReqlError | IllegalStateException e) {
      // Already broken: nothing left to release.
    }
  }
}
