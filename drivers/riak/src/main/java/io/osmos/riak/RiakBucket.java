package io.osmos.riak;

import com.basho.riak.client.api.cap.VClock;
import com.basho.riak.client.core.RiakCluster;
import com.basho.riak.client.core.RiakFuture;
import com.basho.riak.client.core.netty.RiakResponseException;
import com.basho.riak.client.core.operations.DeleteOperation;
import com.basho.riak.client.core.operations.FetchOperation;
import com.basho.riak.client.core.operations.ListKeysOperation;
import com.basho.riak.client.core.operations.SecondaryIndexQueryOperation;
import com.basho.riak.client.core.operations.StoreOperation;
import com.basho.riak.client.core.query.Location;
import com.basho.riak.client.core.query.Namespace;
import com.basho.riak.client.core.query.RiakObject;
import com.basho.riak.client.core.util.BinaryValue;
import io.osmos.exceptions.DriverException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;

/**
 * The Riak KV operations Osmos uses on one bucket (bucket type + name), over riak-client's core
 * operations. Every call blocks until Riak answers or the request timeout passes; Riak's error
 * replies for failed conditions come back as {@link Conflict}s, everything else as {@link
 * DriverException}s keeping the client's exception as the cause.
 */
final class RiakBucket {
  /** Riak's error messages for conditional puts (riak_kv_pb_object). */
  private static final String MATCH_FOUND = "match_found";

  private static final String MODIFIED = "modified";
  private static final String NOT_FOUND = "notfound";

  private final RiakCluster cluster;
  private final Namespace namespace;
  private final long timeoutMillis;
  private final int parallelism;

  RiakBucket(RiakCluster cluster, Namespace namespace, long timeoutMillis, int parallelism) {
    this.cluster = cluster;
    this.namespace = namespace;
    this.timeoutMillis = timeoutMillis;
    this.parallelism = parallelism;
  }

  /** A conditional put failed: the key existed, or changed, or vanished since it was read. */
  static final class Conflict extends Exception {
    private static final long serialVersionUID = 1L;

    enum Reason {
      /** {@code if_none_match}: the key is taken. */
      EXISTS,
      /** {@code if_not_modified}: the vector clock is not the stored one. */
      MODIFIED,
      /** {@code if_not_modified}: the key was deleted. */
      GONE
    }

    final Reason reason;

    Conflict(Reason reason, Throwable cause) {
      super(reason.name(), cause, false, false);
      this.reason = reason;
    }
  }

  String describe() {
    return "bucket type '"
        + namespace.getBucketTypeAsString()
        + "', bucket '"
        + namespace.getBucketNameAsString()
        + "'";
  }

  private Location location(byte[] key) {
    return new Location(namespace, BinaryValue.unsafeCreate(key));
  }

  // ---- single keys -----------------------------------------------------------------------------

  /**
   * Every sibling stored under {@code key} (tombstones included) with the vector clock, or an empty
   * list when Riak has nothing. {@code head} leaves the values out.
   */
  List<RiakObject> fetch(byte[] key, boolean head) {
    return contents(await(cluster.execute(fetchOperation(key, head)), "fetch"));
  }

  private FetchOperation fetchOperation(byte[] key, boolean head) {
    // With the vector clock of a tombstone, a write after a delete replaces the tombstone
    // instead of becoming its sibling.
    return new FetchOperation.Builder(location(key))
        .withHeadOnly(head)
        .withReturnDeletedVClock(true)
        .build();
  }

  private static List<RiakObject> contents(FetchOperation.Response r) {
    return r.isNotFound() ? List.of() : r.getObjectList();
  }

  /**
   * Fetches many keys with at most {@code parallelism} requests in flight; the result lists are in
   * the order of {@code keys}.
   */
  List<List<RiakObject>> fetchAll(List<byte[]> keys, boolean head) {
    List<RiakFuture<FetchOperation.Response, Location>> inFlight = new ArrayList<>(keys.size());
    List<List<RiakObject>> out = new ArrayList<>(keys.size());
    int next = 0;
    for (int i = 0; i < keys.size(); i++) {
      while (next < keys.size() && next < i + parallelism) {
        inFlight.add(cluster.execute(fetchOperation(keys.get(next), head)));
        next++;
      }
      out.add(contents(await(inFlight.get(i), "fetch")));
      inFlight.set(i, null);
    }
    return out;
  }

  /**
   * Stores {@code content} under {@code key} (or under a key Riak generates when {@code key} is
   * null, which is returned). The vector clock of {@code content}, when set, tells Riak which
   * stored version this write replaces.
   *
   * @param ifNoneMatch fail with {@link Conflict.Reason#EXISTS} if the key holds a value
   * @param ifNotModified fail unless the stored vector clock is the one given
   * @return the key written
   */
  byte[] store(byte[] key, RiakObject content, boolean ifNoneMatch, boolean ifNotModified)
      throws Conflict {
    StoreOperation.Builder b =
        key == null
            ? new StoreOperation.Builder(namespace)
            : new StoreOperation.Builder(location(key));
    b.withContent(content).withReturnBody(false);
    if (ifNoneMatch) {
      b.withIfNoneMatch(true);
    }
    if (ifNotModified) {
      b.withIfNotModified(true);
    }
    StoreOperation.Response r = awaitConditional(cluster.execute(b.build()), "store");
    if (key != null) {
      return key;
    }
    if (!r.hasGeneratedKey()) {
      throw new DriverException(
          "Riak stored a value without a key but returned no generated key"
              + " ("
              + describe()
              + ")");
    }
    return r.getGeneratedKey().getValue();
  }

  /** Starts a store and returns its future; see {@link #store}. */
  RiakFuture<StoreOperation.Response, Location> storeAsync(
      byte[] key, RiakObject content, boolean ifNoneMatch, boolean ifNotModified) {
    StoreOperation.Builder b =
        new StoreOperation.Builder(location(key)).withContent(content).withReturnBody(false);
    if (ifNoneMatch) {
      b.withIfNoneMatch(true);
    }
    if (ifNotModified) {
      b.withIfNotModified(true);
    }
    return cluster.execute(b.build());
  }

  /** Waits for a store started by {@link #storeAsync}. */
  void awaitStore(RiakFuture<StoreOperation.Response, Location> future) throws Conflict {
    awaitConditional(future, "store");
  }

  /** Deletes {@code key}; the vector clock makes the delete cover the versions read. */
  void delete(byte[] key, VClock vclock) {
    await(cluster.execute(deleteOperation(key, vclock)), "delete");
  }

  /** Deletes keys with at most {@code parallelism} requests in flight. */
  void deleteAll(List<byte[]> keys, List<VClock> vclocks) {
    List<RiakFuture<Void, Location>> inFlight = new ArrayList<>(keys.size());
    int next = 0;
    for (int i = 0; i < keys.size(); i++) {
      while (next < keys.size() && next < i + parallelism) {
        inFlight.add(cluster.execute(deleteOperation(keys.get(next), vclocks.get(next))));
        next++;
      }
      await(inFlight.get(i), "delete");
      inFlight.set(i, null);
    }
  }

  private DeleteOperation deleteOperation(byte[] key, VClock vclock) {
    DeleteOperation.Builder b = new DeleteOperation.Builder(location(key));
    if (vclock != null) {
      b.withVclock(vclock);
    }
    return b.build();
  }

  // ---- secondary indexes -----------------------------------------------------------------------

  /** One result of a 2i query: the object key and, for range queries, the matching term. */
  record IndexEntry(byte[] key, byte[] term) {}

  /** One page of a 2i query and Riak's continuation (null when Riak says there is no more). */
  record IndexPage(List<IndexEntry> entries, byte[] continuation) {}

  /**
   * One page of an equality query ({@code end == null}) or inclusive range query on {@code index}
   * ({@code x_bin}, {@code x_int}, {@code $key}, {@code $bucket}), sorted as Riak sorts paginated
   * results: by term, then key.
   */
  IndexPage query(
      String index,
      byte[] start,
      byte[] end,
      boolean returnTerms,
      int maxResults,
      byte[] continuation) {
    SecondaryIndexQueryOperation.Query.Builder q =
        new SecondaryIndexQueryOperation.Query.Builder(
            namespace, BinaryValue.createFromUtf8(index));
    if (end == null) {
      q.withIndexKey(BinaryValue.unsafeCreate(start));
    } else {
      q.withRangeStart(BinaryValue.unsafeCreate(start))
          .withRangeEnd(BinaryValue.unsafeCreate(end))
          .withReturnKeyAndIndex(returnTerms);
    }
    q.withMaxResults(maxResults).withPaginationSort(true);
    if (continuation != null) {
      q.withContinuation(BinaryValue.unsafeCreate(continuation));
    }
    SecondaryIndexQueryOperation op = new SecondaryIndexQueryOperation.Builder(q.build()).build();
    SecondaryIndexQueryOperation.Response r = await(cluster.execute(op), "2i query");
    List<IndexEntry> entries = new ArrayList<>(r.getEntryList().size());
    for (SecondaryIndexQueryOperation.Response.Entry e : r.getEntryList()) {
      entries.add(
          new IndexEntry(
              e.getObjectKey().unsafeGetValue(),
              e.hasIndexKey() ? e.getIndexKey().unsafeGetValue() : null));
    }
    return new IndexPage(
        entries, r.hasContinuation() ? r.getContinuation().unsafeGetValue() : null);
  }

  // ---- key listing -----------------------------------------------------------------------------

  /**
   * Streams every key of the bucket as Riak lists them (a full key listing: it visits every key of
   * the cluster's backend, see the README).
   */
  KeyStream listKeys() {
    ListKeysOperation op = new ListKeysOperation.Builder(namespace).streamResults(true).build();
    return new KeyStream(cluster.execute(op), op);
  }

  /** Keys as a key listing delivers them, chunk by chunk. */
  final class KeyStream {
    private final RiakFuture<ListKeysOperation.Response, Namespace> future;
    private final ListKeysOperation op;
    private List<BinaryValue> chunk = List.of();
    private int pos;

    private KeyStream(
        RiakFuture<ListKeysOperation.Response, Namespace> future, ListKeysOperation op) {
      this.future = future;
      this.op = op;
    }

    boolean hasNext() {
      while (pos >= chunk.size()) {
        ListKeysOperation.Response r;
        try {
          r = op.getResultsQueue().poll(10, TimeUnit.MILLISECONDS);
          if (r == null) {
            if (future.isDone()) {
              r = op.getResultsQueue().poll();
              if (r == null) {
                if (!future.isSuccess()) {
                  throw failure("list keys", future.cause());
                }
                return false;
              }
            } else {
              continue;
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new DriverException("interrupted while listing the keys of " + describe(), e);
        }
        chunk = r.getKeys();
        pos = 0;
      }
      return true;
    }

    byte[] next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return chunk.get(pos++).getValue();
    }
  }

  // ---- waiting ---------------------------------------------------------------------------------

  private <V> V await(RiakFuture<V, ?> future, String what) {
    try {
      return awaitConditional(future, what);
    } catch (Conflict c) {
      throw failure(what, c.getCause());
    }
  }

  private <V> V awaitConditional(RiakFuture<V, ?> future, String what) throws Conflict {
    try {
      if (!future.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
        throw new DriverException(
            "Riak did not answer a "
                + what
                + " on "
                + describe()
                + " within "
                + timeoutMillis
                + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DriverException("interrupted while waiting for a Riak " + what, e);
    }
    if (future.isSuccess()) {
      return future.getNow();
    }
    Throwable cause = future.cause();
    if (cause instanceof RiakResponseException rre) {
      String msg = String.valueOf(rre.getMessage());
      if (msg.equals(MATCH_FOUND)) {
        throw new Conflict(Conflict.Reason.EXISTS, rre);
      } else if (msg.equals(MODIFIED)) {
        throw new Conflict(Conflict.Reason.MODIFIED, rre);
      } else if (msg.equals(NOT_FOUND)) {
        throw new Conflict(Conflict.Reason.GONE, rre);
      }
    }
    throw failure(what, cause);
  }

  private DriverException failure(String what, Throwable cause) {
    if (cause instanceof RiakResponseException rre) {
      return new DriverException(
          "Riak refused a "
              + what
              + " on "
              + describe()
              + ": "
              + rre.getMessage()
              + " (error code "
              + rre.getCode()
              + ")",
          rre);
    }
    return new DriverException("Riak " + what + " on " + describe() + " failed: " + cause, cause);
  }
}
