package io.osmos.riak;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import shaded.com.basho.riak.protobuf.RiakKvPB;
import shaded.com.basho.riak.protobuf.RiakKvPB.RpbContent;
import shaded.com.basho.riak.protobuf.RiakKvPB.RpbIndexReq.IndexQueryType;
import shaded.com.basho.riak.protobuf.RiakMessageCodes;
import shaded.com.basho.riak.protobuf.RiakPB;
import shaded.com.basho.riak.protobuf.RiakPB.RpbPair;
import shaded.com.google.protobuf.ByteString;

/**
 * A Riak KV server in the test JVM, speaking the Protocol Buffers API that riak-client 2.x uses, so
 * the unmodified client (and the driver on top of it) can be tested where no Riak can be installed.
 * It listens on 127.0.0.1 and keeps data in memory.
 *
 * <p>Frames in both directions: a 4-byte big-endian length N, a 1-byte message code, N-1 bytes of
 * protobuf ({@code RiakKvPB}, {@code RiakPB} from riak-client's jar). Implemented:
 *
 * <ul>
 *   <li>ping (1), server info (7), get/set bucket properties (19, 21) and bucket type properties
 *       (31, 32): {@code allow_mult} is honoured, {@code false} for the {@code default} type and
 *       {@code true} for every other type, as on Riak 2;
 *   <li>get (9): an empty reply for a missing key; all siblings with the vector clock; {@code
 *       head}; {@code if_modified};
 *   <li>put (11): a missing key is generated (27 characters, like Riak's); {@code return_body},
 *       {@code return_head}, {@code if_none_match} (error {@code match_found}), {@code
 *       if_not_modified} (errors {@code modified}, {@code notfound}); secondary indexes, their
 *       names lower-cased and {@code _int} values checked, as Riak does;
 *   <li>delete (13), immediately (Riak's {@code delete_mode = immediate}: no tombstones);
 *   <li>list keys (17), streamed in chunks, the last one with {@code done};
 *   <li>2i queries (25): {@code $bucket}, {@code $key}, {@code *_bin} (binary order), {@code *_int}
 *       (numeric order); equality and range; {@code return_terms} for ranges; {@code max_results}
 *       with an opaque {@code continuation} (returned whenever a page is full, as Riak does);
 *       results sorted by term, then key; streamed or not;
 *   <li>errors as {@code RpbErrorResp} (0), e.g. for unknown message codes.
 * </ul>
 *
 * <p>Vector clocks: every write gets the next value of a server-wide counter, its "dot"; an
 * object's vector clock is the dot of its newest write. A put carrying a vector clock replaces the
 * siblings it had seen (dots up to the clock); with {@code allow_mult=true} the siblings it had not
 * seen stay, so concurrent writes, and writes without a vector clock, create siblings. With {@code
 * allow_mult=false} the last write wins.
 */
public final class FakeRiakServer implements AutoCloseable {
  private static final byte[] VCLOCK_PREFIX = "fakevc:".getBytes(StandardCharsets.US_ASCII);
  private static final char[] KEY_CHARS =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final int LIST_CHUNK = 100;
  private static final int INDEX_CHUNK = 50;

  private final ServerSocket server;
  private final Thread acceptor;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();
  private final Map<BucketId, TreeMap<Key, Obj>> data = new HashMap<>();
  private final Map<BucketId, Boolean> bucketAllowMult = new HashMap<>();
  private final Map<String, Boolean> typeAllowMult = new HashMap<>();
  private final List<Put> puts = new CopyOnWriteArrayList<>();
  private final SecureRandom random = new SecureRandom();
  private long clock;
  private volatile boolean closed;

  /** A put request as received, for tests of what the client sends. */
  record Put(
      String type,
      String bucket,
      byte[] key,
      byte[] vclock,
      boolean ifNoneMatch,
      boolean ifNotModified) {}

  private record BucketId(String type, String bucket) {}

  private record Key(byte[] bytes) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }
  }

  private record Sibling(RpbContent content, long dot) {}

  private static final class Obj {
    List<Sibling> siblings = new ArrayList<>();
    long vclock;
  }

  private FakeRiakServer() throws IOException {
    server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    acceptor = new Thread(this::accept, "fake-riak-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a server on a free loopback port. */
  /** Starts a fake on a free loopback port. */
  public static FakeRiakServer start() {
    try {
      return new FakeRiakServer();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the fake Riak server", e);
    }
  }

  /** The port it listens on (127.0.0.1). */
  public int port() {
    return server.getLocalPort();
  }

  /** {@code riak://127.0.0.1:<port>}, for {@code Osmos.driverFromUrl}. */
  public String url() {
    return "riak://127.0.0.1:" + port();
  }

  /** Sets {@code allow_mult} of one bucket (as {@code riak-admin} or a SetBucketReq would). */
  void allowMult(String type, String bucket, boolean allow) {
    synchronized (lock) {
      bucketAllowMult.put(new BucketId(type, bucket), allow);
    }
  }

  /** The number of siblings stored under a key (0 when there is none). */
  int siblings(String type, String bucket, byte[] key) {
    synchronized (lock) {
      Obj o = bucket(type, bucket).get(new Key(key));
      return o == null ? 0 : o.siblings.size();
    }
  }

  /** The stored vector clock of a key, or null. */
  byte[] vclock(String type, String bucket, byte[] key) {
    synchronized (lock) {
      Obj o = bucket(type, bucket).get(new Key(key));
      return o == null ? null : vclockBytes(o.vclock);
    }
  }

  /** The index entries ({@code name -> values}) of each sibling of a key. */
  List<Map<String, List<String>>> indexes(String type, String bucket, byte[] key) {
    synchronized (lock) {
      Obj o = bucket(type, bucket).get(new Key(key));
      List<Map<String, List<String>>> out = new ArrayList<>();
      if (o != null) {
        for (Sibling s : o.siblings) {
          Map<String, List<String>> m = new TreeMap<>();
          for (RpbPair p : s.content.getIndexesList()) {
            m.computeIfAbsent(p.getKey().toStringUtf8(), k -> new ArrayList<>())
                .add(p.getValue().toStringUtf8());
          }
          out.add(m);
        }
      }
      return out;
    }
  }

  /** Every put received so far, in order. */
  List<Put> puts() {
    return List.copyOf(puts);
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket s : connections) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  // ---- connections -----------------------------------------------------------------------------

  private void accept() {
    while (!closed) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      connections.add(s);
      Thread t = new Thread(() -> serve(s), "fake-riak-conn-" + s.getPort());
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(Socket s) {
    try (s) {
      s.setTcpNoDelay(true);
      DataInputStream in = new DataInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      while (true) {
        int length;
        try {
          length = in.readInt();
        } catch (EOFException e) {
          return;
        }
        int code = in.readUnsignedByte();
        byte[] payload = new byte[length - 1];
        in.readFully(payload);
        List<byte[]> frames = new ArrayList<>();
        try {
          handle(code, payload, frames);
        } catch (RiakError e) {
          frames.clear();
          frames.add(
              frame(
                  RiakMessageCodes.MSG_ErrorResp,
                  RiakPB.RpbErrorResp.newBuilder()
                      .setErrmsg(ByteString.copyFromUtf8(e.getMessage()))
                      .setErrcode(0)
                      .build()
                      .toByteArray()));
        }
        for (byte[] f : frames) {
          out.write(f);
        }
        out.flush();
      }
    } catch (SocketException | EOFException e) {
      // the client went away
    } catch (IOException e) {
      if (!closed) {
        throw new IllegalStateException("fake Riak connection failed", e);
      }
    } finally {
      connections.remove(s);
    }
  }

  private static byte[] frame(int code, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(5 + payload.length);
    b.putInt(payload.length + 1).put((byte) code).put(payload);
    return b.array();
  }

  /** An error reply (RpbErrorResp) with Riak's message. */
  private static final class RiakError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RiakError(String message) {
      super(message, null, false, false);
    }
  }

  private void handle(int code, byte[] payload, List<byte[]> out) throws IOException {
    switch (code) {
      case RiakMessageCodes.MSG_PingReq ->
          out.add(frame(RiakMessageCodes.MSG_PingResp, new byte[0]));
      case RiakMessageCodes.MSG_GetServerInfoReq ->
          out.add(
              frame(
                  RiakMessageCodes.MSG_GetServerInfoResp,
                  RiakPB.RpbGetServerInfoResp.newBuilder()
                      .setNode(ByteString.copyFromUtf8("fake@127.0.0.1"))
                      .setServerVersion(ByteString.copyFromUtf8("2.2.3-osmos-fake"))
                      .build()
                      .toByteArray()));
      case RiakMessageCodes.MSG_GetReq -> out.add(get(RiakKvPB.RpbGetReq.parseFrom(payload)));
      case RiakMessageCodes.MSG_PutReq -> out.add(put(RiakKvPB.RpbPutReq.parseFrom(payload)));
      case RiakMessageCodes.MSG_DelReq -> out.add(delete(RiakKvPB.RpbDelReq.parseFrom(payload)));
      case RiakMessageCodes.MSG_ListKeysReq ->
          listKeys(RiakKvPB.RpbListKeysReq.parseFrom(payload), out);
      case RiakMessageCodes.MSG_IndexReq -> index(RiakKvPB.RpbIndexReq.parseFrom(payload), out);
      case RiakMessageCodes.MSG_GetBucketReq -> {
        RiakPB.RpbGetBucketReq r = RiakPB.RpbGetBucketReq.parseFrom(payload);
        out.add(
            bucketProps(allowMult(type(r.hasType(), r.getType()), r.getBucket().toStringUtf8())));
      }
      case RiakMessageCodes.MSG_SetBucketReq -> {
        RiakPB.RpbSetBucketReq r = RiakPB.RpbSetBucketReq.parseFrom(payload);
        if (r.getProps().hasAllowMult()) {
          allowMult(
              type(r.hasType(), r.getType()),
              r.getBucket().toStringUtf8(),
              r.getProps().getAllowMult());
        }
        out.add(frame(RiakMessageCodes.MSG_SetBucketResp, new byte[0]));
      }
      case RiakMessageCodes.MSG_GetBucketTypeReq -> {
        String t = RiakPB.RpbGetBucketTypeReq.parseFrom(payload).getType().toStringUtf8();
        synchronized (lock) {
          out.add(bucketProps(typeAllowMult(t)));
        }
      }
      case RiakMessageCodes.MSG_SetBucketTypeReq -> {
        RiakPB.RpbSetBucketTypeReq r = RiakPB.RpbSetBucketTypeReq.parseFrom(payload);
        if (r.getProps().hasAllowMult()) {
          synchronized (lock) {
            typeAllowMult.put(r.getType().toStringUtf8(), r.getProps().getAllowMult());
          }
        }
        out.add(frame(RiakMessageCodes.MSG_SetBucketResp, new byte[0]));
      }
      default -> throw new RiakError("Unknown message code: " + code);
    }
  }

  private byte[] bucketProps(boolean allowMult) {
    return frame(
        RiakMessageCodes.MSG_GetBucketResp,
        RiakPB.RpbGetBucketResp.newBuilder()
            .setProps(
                RiakPB.RpbBucketProps.newBuilder()
                    .setNVal(3)
                    .setAllowMult(allowMult)
                    .setLastWriteWins(false))
            .build()
            .toByteArray());
  }

  // ---- key/value -------------------------------------------------------------------------------

  private static String type(boolean has, ByteString type) {
    return has ? type.toStringUtf8() : "default";
  }

  private TreeMap<Key, Obj> bucket(String type, String bucket) {
    return data.computeIfAbsent(new BucketId(type, bucket), b -> new TreeMap<>());
  }

  private boolean allowMult(String type, String bucket) {
    synchronized (lock) {
      Boolean b = bucketAllowMult.get(new BucketId(type, bucket));
      return b != null ? b : typeAllowMult(type);
    }
  }

  private boolean typeAllowMult(String type) {
    Boolean t = typeAllowMult.get(type);
    return t != null ? t : !type.equals("default");
  }

  private static byte[] vclockBytes(long counter) {
    byte[] n = Long.toString(counter).getBytes(StandardCharsets.US_ASCII);
    byte[] out = Arrays.copyOf(VCLOCK_PREFIX, VCLOCK_PREFIX.length + n.length);
    System.arraycopy(n, 0, out, VCLOCK_PREFIX.length, n.length);
    return out;
  }

  /** The counter of a vector clock the client sent back (0 for none or one not made here). */
  private static long counterOf(ByteString vclock) {
    byte[] b = vclock.toByteArray();
    if (b.length <= VCLOCK_PREFIX.length
        || !Arrays.equals(b, 0, VCLOCK_PREFIX.length, VCLOCK_PREFIX, 0, VCLOCK_PREFIX.length)) {
      return 0;
    }
    try {
      return Long.parseLong(
          new String(
              b, VCLOCK_PREFIX.length, b.length - VCLOCK_PREFIX.length, StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private byte[] get(RiakKvPB.RpbGetReq r) {
    synchronized (lock) {
      Obj o =
          bucket(type(r.hasType(), r.getType()), r.getBucket().toStringUtf8())
              .get(new Key(r.getKey().toByteArray()));
      if (o == null) {
        return frame(RiakMessageCodes.MSG_GetResp, new byte[0]); // not found
      }
      RiakKvPB.RpbGetResp.Builder b =
          RiakKvPB.RpbGetResp.newBuilder().setVclock(ByteString.copyFrom(vclockBytes(o.vclock)));
      if (r.hasIfModified() && counterOf(r.getIfModified()) == o.vclock) {
        b.setUnchanged(true);
      } else {
        for (Sibling s : o.siblings) {
          b.addContent(
              r.getHead() ? s.content.toBuilder().setValue(ByteString.EMPTY).build() : s.content);
        }
      }
      return frame(RiakMessageCodes.MSG_GetResp, b.build().toByteArray());
    }
  }

  private byte[] put(RiakKvPB.RpbPutReq r) {
    String type = type(r.hasType(), r.getType());
    String bucketName = r.getBucket().toStringUtf8();
    RpbContent content = normalize(r.getContent());
    synchronized (lock) {
      TreeMap<Key, Obj> bucket = bucket(type, bucketName);
      byte[] keyBytes = r.hasKey() ? r.getKey().toByteArray() : null;
      if (keyBytes != null && keyBytes.length == 0) {
        throw new RiakError("Key cannot be zero-length");
      }
      if (keyBytes == null) {
        do {
          keyBytes = generatedKey();
        } while (bucket.containsKey(new Key(keyBytes)));
      }
      puts.add(
          new Put(
              type,
              bucketName,
              keyBytes.clone(),
              r.hasVclock() ? r.getVclock().toByteArray() : null,
              r.getIfNoneMatch(),
              r.getIfNotModified()));
      Key key = new Key(keyBytes);
      Obj o = bucket.get(key);
      if (r.getIfNoneMatch() && o != null) {
        throw new RiakError("match_found");
      }
      if (r.getIfNotModified()) {
        if (o == null) {
          throw new RiakError("notfound");
        }
        if (!r.hasVclock() || counterOf(r.getVclock()) != o.vclock) {
          throw new RiakError("modified");
        }
      }
      long dot = ++clock;
      long now = System.currentTimeMillis();
      RpbContent stored =
          content.toBuilder()
              .setVtag(ByteString.copyFromUtf8(Long.toString(dot, 36)))
              .setLastMod((int) (now / 1000))
              .setLastModUsecs((int) (now % 1000) * 1000)
              .build();
      if (o == null) {
        o = new Obj();
        bucket.put(key, o);
      } else if (!allowMult(type, bucketName)) {
        o.siblings.clear();
      } else {
        long seen = r.hasVclock() ? counterOf(r.getVclock()) : 0;
        o.siblings.removeIf(s -> s.dot <= seen);
      }
      o.siblings.add(new Sibling(stored, dot));
      o.vclock = dot;
      RiakKvPB.RpbPutResp.Builder b = RiakKvPB.RpbPutResp.newBuilder();
      if (!r.hasKey()) {
        b.setKey(ByteString.copyFrom(keyBytes));
      }
      if (r.getReturnBody() || r.getReturnHead()) {
        b.setVclock(ByteString.copyFrom(vclockBytes(o.vclock)));
        for (Sibling s : o.siblings) {
          b.addContent(
              r.getReturnBody()
                  ? s.content
                  : s.content.toBuilder().setValue(ByteString.EMPTY).build());
        }
      }
      return frame(RiakMessageCodes.MSG_PutResp, b.build().toByteArray());
    }
  }

  /** Lower-cases index names and checks values, as riak_index:parse_fields does. */
  private static RpbContent normalize(RpbContent c) {
    RpbContent.Builder b = c.toBuilder().clearIndexes();
    for (RpbPair p : c.getIndexesList()) {
      String name = p.getKey().toStringUtf8().toLowerCase(Locale.ROOT);
      if (name.endsWith("_int") && name.length() > 4) {
        parseInt(name, p.getValue());
      } else if (!(name.endsWith("_bin") && name.length() > 4)) {
        throw new RiakError("Unknown field type for field: '" + name + "'.");
      }
      b.addIndexes(
          RpbPair.newBuilder().setKey(ByteString.copyFromUtf8(name)).setValue(p.getValue()));
    }
    return b.build();
  }

  private static BigInteger parseInt(String name, ByteString value) {
    try {
      return new BigInteger(value.toStringUtf8());
    } catch (NumberFormatException e) {
      throw new RiakError(
          "Could not parse field '" + name + "', value '" + value.toStringUtf8() + "'.");
    }
  }

  private byte[] generatedKey() {
    char[] k = new char[27];
    for (int i = 0; i < k.length; i++) {
      k[i] = KEY_CHARS[random.nextInt(KEY_CHARS.length)];
    }
    return new String(k).getBytes(StandardCharsets.US_ASCII);
  }

  private byte[] delete(RiakKvPB.RpbDelReq r) {
    synchronized (lock) {
      bucket(type(r.hasType(), r.getType()), r.getBucket().toStringUtf8())
          .remove(new Key(r.getKey().toByteArray()));
    }
    return frame(RiakMessageCodes.MSG_DelResp, new byte[0]);
  }

  private void listKeys(RiakKvPB.RpbListKeysReq r, List<byte[]> out) {
    List<Key> keys;
    synchronized (lock) {
      keys =
          new ArrayList<>(
              bucket(type(r.hasType(), r.getType()), r.getBucket().toStringUtf8()).keySet());
    }
    for (int i = 0; i < keys.size(); i += LIST_CHUNK) {
      RiakKvPB.RpbListKeysResp.Builder b = RiakKvPB.RpbListKeysResp.newBuilder();
      for (Key k : keys.subList(i, Math.min(keys.size(), i + LIST_CHUNK))) {
        b.addKeys(ByteString.copyFrom(k.bytes));
      }
      out.add(frame(RiakMessageCodes.MSG_ListKeysResp, b.build().toByteArray()));
    }
    out.add(
        frame(
            RiakMessageCodes.MSG_ListKeysResp,
            RiakKvPB.RpbListKeysResp.newBuilder().setDone(true).build().toByteArray()));
  }

  // ---- secondary indexes -----------------------------------------------------------------------

  /** One index result: the term (bytes, or the integer for _int) and the object key. */
  private record Hit(byte[] term, BigInteger number, byte[] key) {}

  private static final Comparator<Hit> ORDER =
      (a, b) -> {
        int c =
            a.number != null
                ? a.number.compareTo(b.number)
                : Arrays.compareUnsigned(a.term, b.term);
        return c != 0 ? c : Arrays.compareUnsigned(a.key, b.key);
      };

  private void index(RiakKvPB.RpbIndexReq r, List<byte[]> out) {
    String type = type(r.hasType(), r.getType());
    String field = r.getIndex().toStringUtf8().toLowerCase(Locale.ROOT);
    boolean range = r.getQtype() == IndexQueryType.range;
    if (r.getReturnBody()) {
      throw new RiakError("return_body is not supported by this server");
    }
    if (r.hasTermRegex()) {
      throw new RiakError("term_regex is not supported by this server");
    }
    if (!range && !r.hasKey()) {
      throw new RiakError("Invalid equality query " + r.getKey());
    }
    if (range && !(r.hasRangeMin() && r.hasRangeMax())) {
      throw new RiakError("Invalid range query: " + r.getRangeMin() + " -> " + r.getRangeMax());
    }
    boolean isInt = field.endsWith("_int");
    boolean system = field.equals("$bucket") || field.equals("$key");
    if (!system && !isInt && !field.endsWith("_bin")) {
      throw new RiakError("{unknown_field_type," + field + "}");
    }
    Hit lower;
    Hit upper;
    if (field.equals("$bucket")) {
      lower = null;
      upper = null;
    } else {
      ByteString lo = range ? r.getRangeMin() : r.getKey();
      ByteString hi = range ? r.getRangeMax() : r.getKey();
      lower = new Hit(lo.toByteArray(), isInt ? parseInt(field, lo) : null, null);
      upper = new Hit(hi.toByteArray(), isInt ? parseInt(field, hi) : null, null);
      int c =
          isInt
              ? lower.number.compareTo(upper.number)
              : Arrays.compareUnsigned(lower.term, upper.term);
      if (c > 0) {
        throw new RiakError("{invalid_range," + lo.toStringUtf8() + "," + hi.toStringUtf8() + "}");
      }
    }
    TreeSet<Hit> hits = new TreeSet<>(ORDER);
    synchronized (lock) {
      for (Map.Entry<Key, Obj> e : bucket(type, r.getBucket().toStringUtf8()).entrySet()) {
        byte[] key = e.getKey().bytes;
        if (system) {
          Hit h = new Hit(key, null, key);
          if (lower == null
              || (Arrays.compareUnsigned(key, lower.term) >= 0
                  && Arrays.compareUnsigned(key, upper.term) <= 0)) {
            hits.add(h);
          }
          continue;
        }
        for (Sibling s : e.getValue().siblings) {
          for (RpbPair p : s.content.getIndexesList()) {
            if (!p.getKey().toStringUtf8().equals(field)) {
              continue;
            }
            Hit h =
                new Hit(
                    p.getValue().toByteArray(), isInt ? parseInt(field, p.getValue()) : null, key);
            if (termCompare(h, lower) >= 0 && termCompare(h, upper) <= 0) {
              hits.add(h);
            }
          }
        }
      }
    }
    List<Hit> results = new ArrayList<>(hits);
    if (r.hasContinuation()) {
      Hit after = decodeContinuation(r.getContinuation(), isInt);
      results.removeIf(h -> ORDER.compare(h, after) <= 0);
    }
    boolean paged = r.hasMaxResults();
    if (paged && results.size() > r.getMaxResults()) {
      results = results.subList(0, r.getMaxResults());
    }
    ByteString continuation =
        paged && !results.isEmpty() && results.size() == r.getMaxResults()
            ? encodeContinuation(results.get(results.size() - 1))
            : null;
    boolean terms = range && r.getReturnTerms() && !system;
    if (!r.getStream()) {
      RiakKvPB.RpbIndexResp.Builder b = results(results, terms);
      if (continuation != null) {
        b.setContinuation(continuation);
      }
      out.add(frame(RiakMessageCodes.MSG_IndexResp, b.build().toByteArray()));
      return;
    }
    for (int i = 0; i < results.size(); i += INDEX_CHUNK) {
      out.add(
          frame(
              RiakMessageCodes.MSG_IndexResp,
              results(results.subList(i, Math.min(results.size(), i + INDEX_CHUNK)), terms)
                  .build()
                  .toByteArray()));
    }
    RiakKvPB.RpbIndexResp.Builder done = RiakKvPB.RpbIndexResp.newBuilder().setDone(true);
    if (continuation != null) {
      done.setContinuation(continuation);
    }
    out.add(frame(RiakMessageCodes.MSG_IndexResp, done.build().toByteArray()));
  }

  private static int termCompare(Hit a, Hit b) {
    return a.number != null ? a.number.compareTo(b.number) : Arrays.compareUnsigned(a.term, b.term);
  }

  private static RiakKvPB.RpbIndexResp.Builder results(List<Hit> hits, boolean terms) {
    RiakKvPB.RpbIndexResp.Builder b = RiakKvPB.RpbIndexResp.newBuilder();
    for (Hit h : hits) {
      if (terms) {
        b.addResults(
            RpbPair.newBuilder()
                .setKey(ByteString.copyFrom(h.term))
                .setValue(ByteString.copyFrom(h.key)));
      } else {
        b.addKeys(ByteString.copyFrom(h.key));
      }
    }
    return b;
  }

  private static ByteString encodeContinuation(Hit last) {
    ByteBuffer b = ByteBuffer.allocate(4 + last.term.length + last.key.length);
    b.putInt(last.term.length).put(last.term).put(last.key);
    return ByteString.copyFromUtf8(Base64.getEncoder().encodeToString(b.array()));
  }

  private static Hit decodeContinuation(ByteString continuation, boolean isInt) {
    try {
      ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(continuation.toStringUtf8()));
      byte[] term = new byte[b.getInt()];
      b.get(term);
      byte[] key = new byte[b.remaining()];
      b.get(key);
      return new Hit(
          term, isInt ? new BigInteger(new String(term, StandardCharsets.US_ASCII)) : null, key);
    } catch (RuntimeException e) {
      throw new RiakError("{invalid_continuation," + continuation.toStringUtf8() + "}");
    }
  }
}
