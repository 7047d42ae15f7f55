package io.osmos.spi;

import io.osmos.exceptions.InvalidCursorException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Where a {@link LookupTable} read stands, and the bytes a driver hands out for it: {@code
 * version(1) | stream(4) | type(1)} and then per type
 *
 * <ul>
 *   <li>{@link Log} (type 0): {@code start(8) | end(8)}, the offsets {@code [start, end)}, end -1
 *       for a change cursor that stays open at the tip;
 *   <li>{@link Peek} (type 1): {@code end(8)}, reading {@code [end - limit, end)} newest first;
 *   <li>{@link Index} (type 2): {@code index(1) | fromLength(4) | from | toLength(4) | to}: index 0
 *       is the primary index and i + 1 the i-th {@code @Index}; the entries {@code [from, to)},
 *       toLength -1 for no end.
 * </ul>
 *
 * The stream field is the driver's hash of the stream (its bucket, and whatever else tells streams
 * apart), so a cursor of another stream is rejected. This format suits drivers whose log has no
 * gaps below the tip (Memory, PostgreSQL). A driver whose log cursors need more (Bigtable's sets of
 * log ranges) writes its own log body within the same frame, {@code version(1) | stream | type(1) |
 * body} ({@link #frame}, {@link #decode(byte[], byte[], Body)}), and reuses the {@link Peek} and
 * {@link Index} bodies.
 *
 * <pre>{@code
 * byte[] next = new LookupCursor.Log(tip, -1).encode(streamHash);
 * LookupCursor c = LookupCursor.decode(cursor, streamHash, schema.indexes().size());
 * }</pre>
 */
public sealed interface LookupCursor {
  /** The first byte of every lookup cursor; another value is rejected as corrupt. */
  byte VERSION = 1;

  /**
   * Log offsets {@code [start, end)}, oldest first.
   *
   * @param start the next offset to read
   * @param end the offset to stop at, or -1 for a change cursor that follows the tip without end
   */
  record Log(long start, long end) implements LookupCursor {
    /** Whether this cursor follows the tip without end. */
    public boolean open() {
      return end < 0;
    }
  }

  /**
   * The log read backwards: {@code [end - limit, end)}, newest first.
   *
   * @param end one past the next offset to read
   */
  record Peek(long end) implements LookupCursor {
    /** The body's size in bytes. */
    public int bodySize() {
      return 8;
    }

    /** Writes the body: {@code end(8)}. */
    public void writeBody(ByteBuffer out) {
      out.putLong(end);
    }

    /**
     * Reads a body written by {@link #writeBody}.
     *
     * @throws InvalidCursorException for a negative position
     */
    public static Peek readBody(ByteBuffer in) {
      long end = in.getLong();
      if (end < 0) {
        throw corrupt("bad peek position");
      }
      return new Peek(end);
    }
  }

  /**
   * The entries of one index still to read, in index order.
   *
   * @param index 0 for the primary index, i + 1 for the i-th {@code @Index}
   * @param from the first entry to read
   * @param to the first entry past the range, or null for none
   */
  record Index(int index, byte[] from, byte[] to) implements LookupCursor {
    /** The body's size in bytes. */
    public int bodySize() {
      return 9 + from.length + (to == null ? 0 : to.length);
    }

    /** Writes the body: {@code index(1) | fromLength(4) | from | toLength(4) | to}. */
    public void writeBody(ByteBuffer out) {
      out.put((byte) index).putInt(from.length).put(from);
      if (to == null) {
        out.putInt(-1);
      } else {
        out.putInt(to.length).put(to);
      }
    }

    /**
     * Reads a body written by {@link #writeBody} of a stream with {@code indexes} secondary
     * indexes.
     *
     * @throws InvalidCursorException for an unknown index or a bad length
     */
    public static Index readBody(ByteBuffer in, int indexes) {
      int index = in.get() & 0xFF;
      if (index > indexes) {
        throw corrupt("unknown index " + index);
      }
      byte[] from = bytes(in, in.getInt(), false);
      byte[] to = bytes(in, in.getInt(), true);
      return new Index(index, from, to);
    }

    private static byte[] bytes(ByteBuffer in, int length, boolean nullable) {
      if (length == -1 && nullable) {
        return null;
      }
      if (length < 0 || length > in.remaining()) {
        throw corrupt("bad length");
      }
      byte[] out = new byte[length];
      in.get(out);
      return out;
    }
  }

  /** This cursor's bytes, stamped with {@code stream}. */
  default byte[] encode(int stream) {
    byte[] s = stamp(stream);
    if (this instanceof Log l) {
      return frame(s, 0, 16).putLong(l.start()).putLong(l.end()).array();
    }
    if (this instanceof Peek p) {
      ByteBuffer b = frame(s, 1, p.bodySize());
      p.writeBody(b);
      return b.array();
    }
    Index i = (Index) this;
    ByteBuffer b = frame(s, 2, i.bodySize());
    i.writeBody(b);
    return b.array();
  }

  /**
   * Reads a cursor of {@code stream}, which has {@code indexes} secondary indexes.
   *
   * @throws InvalidCursorException when the bytes are not a cursor of this stream
   */
  static LookupCursor decode(byte[] bytes, int stream, int indexes) {
    return decode(
        bytes,
        stamp(stream),
        (type, in) ->
            switch (type) {
              case 0 -> {
                long start = in.getLong();
                long end = in.getLong();
                if (start < 0 || end < -1 || (end >= 0 && end < start)) {
                  throw corrupt("bad log range");
                }
                yield new Log(start, end);
              }
              case 1 -> Peek.readBody(in);
              case 2 -> Index.readBody(in, indexes);
              default -> throw corrupt("unknown type " + type);
            });
  }

  /** Reads the body of a cursor of one type. */
  @FunctionalInterface
  interface Body<C> {
    /**
     * The cursor of type {@code type} whose body {@code in} holds; it may throw {@link
     * InvalidCursorException} (see {@link #corrupt}) and may read past the end of the bytes.
     */
    C read(int type, ByteBuffer in);
  }

  /**
   * A buffer the size of a cursor whose body is {@code bodyBytes} long, with its header {@code
   * version(1) | stream | type(1)} written; the caller writes the body and takes {@code array()}.
   */
  static ByteBuffer frame(byte[] stream, int type, int bodyBytes) {
    return ByteBuffer.allocate(2 + stream.length + bodyBytes)
        .put(VERSION)
        .put(stream)
        .put((byte) type);
  }

  /**
   * Reads a cursor framed by {@link #frame}: checks the version and the stream, has {@code body}
   * read the rest, and checks that nothing is left over.
   *
   * @throws InvalidCursorException when the bytes are null, of another version or stream,
   *     truncated, too long, or rejected by {@code body}
   */
  static <C> C decode(byte[] bytes, byte[] stream, Body<C> body) {
    if (bytes == null) {
      throw new InvalidCursorException("malformed or corrupted cursor: null");
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      if (in.get() != VERSION) {
        throw corrupt("unknown version");
      }
      byte[] s = new byte[stream.length];
      in.get(s);
      if (!Arrays.equals(s, stream)) {
        throw new InvalidCursorException("cursor rejected: it belongs to another stream");
      }
      C c = body.read(in.get(), in);
      if (in.hasRemaining()) {
        throw corrupt("trailing bytes");
      }
      return c;
    } catch (BufferUnderflowException e) {
      throw corrupt("truncated");
    }
  }

  /** The error for cursor bytes that are not what their writer wrote, saying {@code why}. */
  static InvalidCursorException corrupt(String why) {
    return new InvalidCursorException("malformed or corrupted cursor (" + why + ")");
  }

  private static byte[] stamp(int stream) {
    return ByteBuffer.allocate(4).putInt(stream).array();
  }
}
