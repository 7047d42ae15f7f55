package io.osmos.postgres;

import io.osmos.InvalidCursorException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * A lookup cursor as bytes: {@code version(1) | stream(4) | type(1)} and then per type
 *
 * <ul>
 *   <li>LOG: {@code start(8) | end(8)}, the offsets {@code [start, end)}, end -1 for a change
 *       cursor that stays open at the tip;
 *   <li>PEEK: {@code end(8)}, reading {@code [end - limit, end)} newest first;
 *   <li>INDEX: {@code index(1) | fromLength(4) | from | toLength(4) | to}: index 0 is the primary
 *       index and i + 1 the i-th {@code @Index}; the entries {@code [from, to)}, toLength -1 for no
 *       end.
 * </ul>
 *
 * The stream field is a hash of the schema and bucket, so a cursor of another stream is rejected.
 */
record LookupCursor(int stream, Type type, long start, long end, int index, byte[] from,
    byte[] to) {
  private static final byte VERSION = 1;

  enum Type {
    LOG,
    PEEK,
    INDEX
  }

  static LookupCursor log(int stream, long start, long end) {
    return new LookupCursor(stream, Type.LOG, start, end, 0, null, null);
  }

  static LookupCursor peek(int stream, long end) {
    return new LookupCursor(stream, Type.PEEK, 0, end, 0, null, null);
  }

  static LookupCursor index(int stream, int index, byte[] from, byte[] to) {
    return new LookupCursor(stream, Type.INDEX, 0, 0, index, from, to);
  }

  /** Whether this is a LOG cursor that follows the tip without end. */
  boolean open() {
    return type == Type.LOG && end < 0;
  }

  byte[] encode() {
    int size = 6 + switch (type) {
      case LOG -> 16;
      case PEEK -> 8;
      case INDEX -> 9 + from.length + (to == null ? 0 : to.length);
    };
    ByteBuffer b = ByteBuffer.allocate(size).put(VERSION).putInt(stream)
        .put((byte) type.ordinal());
    switch (type) {
      case LOG -> b.putLong(start).putLong(end);
      case PEEK -> b.putLong(end);
      case INDEX -> {
        b.put((byte) index).putInt(from.length).put(from);
        if (to == null) {
          b.putInt(-1);
        } else {
          b.putInt(to.length).put(to);
        }
      }
    }
    return b.array();
  }

  /**
   * Reads a cursor of {@code stream}, which has {@code indexes} secondary indexes.
   *
   * @throws InvalidCursorException when the bytes are not a cursor of this stream
   */
  static LookupCursor decode(byte[] bytes, int stream, int indexes) {
    if (bytes == null) {
      throw new InvalidCursorException("malformed or corrupted cursor: null");
    }
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      if (b.get() != VERSION) {
        throw corrupt("unknown version");
      }
      if (b.getInt() != stream) {
        throw new InvalidCursorException("cursor rejected: it belongs to another stream");
      }
      int t = b.get();
      if (t < 0 || t >= Type.values().length) {
        throw corrupt("unknown type " + t);
      }
      LookupCursor c;
      switch (Type.values()[t]) {
        case LOG -> {
          long start = b.getLong();
          long end = b.getLong();
          if (start < 0 || end < -1 || (end >= 0 && end < start)) {
            throw corrupt("bad log range");
          }
          c = log(stream, start, end);
        }
        case PEEK -> {
          long end = b.getLong();
          if (end < 0) {
            throw corrupt("bad peek position");
          }
          c = peek(stream, end);
        }
        default -> {
          int index = b.get() & 0xFF;
          if (index > indexes) {
            throw corrupt("unknown index " + index);
          }
          byte[] from = bytes(b, b.getInt(), false);
          byte[] to = bytes(b, b.getInt(), true);
          c = index(stream, index, from, to);
        }
      }
      if (b.hasRemaining()) {
        throw corrupt("trailing bytes");
      }
      return c;
    } catch (BufferUnderflowException e) {
      throw corrupt("truncated");
    }
  }

  private static byte[] bytes(ByteBuffer b, int length, boolean nullable) {
    if (length == -1 && nullable) {
      return null;
    }
    if (length < 0 || length > b.remaining()) {
      throw corrupt("bad length");
    }
    byte[] out = new byte[length];
    b.get(out);
    return out;
  }

  private static InvalidCursorException corrupt(String why) {
    return new InvalidCursorException("malformed or corrupted cursor (" + why + ")");
  }
}
