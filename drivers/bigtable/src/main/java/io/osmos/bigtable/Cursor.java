package io.osmos.bigtable;

import io.osmos.InvalidCursorException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A lookup cursor of the Bigtable driver, as bytes: {@code version(1) | streamId(16) | type(1)},
 * then per type
 *
 * <ul>
 *   <li>LOG: {@code count(1)} segments of {@code start(8) | end(8)}, sorted by start, end -1 for
 *       the open segment that follows the tip (Beneath's cursor set of log ranges: a change cursor
 *       keeps ranges that were still missing when it passed them, to come back to);
 *   <li>PEEK: {@code end(8)}, reading {@code [end - limit, end)} newest first;
 *   <li>INDEX: {@code index(1) | startLength(4) | start | endLength(4) | end}, index 0 for the
 *       primary index and i + 1 for the i-th {@code @Index}, endLength -1 for no end; the bounds
 *       are index entries without the index's hash prefix.
 * </ul>
 */
sealed interface Cursor {
  byte VERSION = 1;
  int MAX_SEGMENTS = 32;

  /** A range of log offsets; {@code end} -1 for a range that stays open at the tip. */
  record Segment(long start, long end) {
    boolean open() {
      return end < 0;
    }
  }

  /** Log segments, at most {@link #MAX_SEGMENTS}, sorted; empty when exhausted. */
  record Log(List<Segment> segments) implements Cursor {
    public Log {
      segments = List.copyOf(segments);
    }

    static Log of(long start, long end) {
      return new Log(List.of(new Segment(start, end)));
    }
  }

  /** Reads the log backwards from {@code end}. */
  record Peek(long end) implements Cursor {}

  /** An index range. */
  record Index(int index, byte[] from, byte[] to) implements Cursor {}

  /** The cursor's bytes, stamped with the stream. */
  static byte[] encode(byte[] streamId, Cursor c) {
    ByteBuffer b;
    if (c instanceof Log l) {
      b = header(streamId, 1, 1 + 16 * l.segments().size());
      b.put((byte) l.segments().size());
      for (Segment s : l.segments()) {
        b.putLong(s.start()).putLong(s.end());
      }
    } else if (c instanceof Peek p) {
      b = header(streamId, 2, 8);
      b.putLong(p.end());
    } else {
      Index i = (Index) c;
      b = header(streamId, 3, 9 + i.from().length + (i.to() == null ? 0 : i.to().length));
      b.put((byte) i.index()).putInt(i.from().length).put(i.from());
      if (i.to() == null) {
        b.putInt(-1);
      } else {
        b.putInt(i.to().length).put(i.to());
      }
    }
    return b.array();
  }

  private static ByteBuffer header(byte[] streamId, int type, int body) {
    return ByteBuffer.allocate(1 + Layout.ID_BYTES + 1 + body).put(VERSION).put(streamId)
        .put((byte) type);
  }

  /**
   * Reads a cursor of the stream {@code streamId}, which has {@code indexes} secondary indexes.
   *
   * @throws InvalidCursorException when the bytes are not such a cursor
   */
  static Cursor decode(byte[] bytes, byte[] streamId, int indexes) {
    if (bytes == null) {
      throw new InvalidCursorException("malformed or corrupted cursor: null");
    }
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      if (b.get() != VERSION) {
        throw corrupt("unknown version");
      }
      byte[] stream = new byte[Layout.ID_BYTES];
      b.get(stream);
      if (!Arrays.equals(stream, streamId)) {
        throw new InvalidCursorException("cursor rejected: it belongs to another stream");
      }
      Cursor c = switch (b.get()) {
        case 1 -> log(b);
        case 2 -> {
          long end = b.getLong();
          if (end < 0) {
            throw corrupt("bad peek position");
          }
          yield new Peek(end);
        }
        case 3 -> {
          int index = b.get() & 0xFF;
          if (index > indexes) {
            throw corrupt("unknown index " + index);
          }
          byte[] from = bytes(b, b.getInt(), false);
          byte[] to = bytes(b, b.getInt(), true);
          yield new Index(index, from, to);
        }
        default -> throw corrupt("unknown type");
      };
      if (b.hasRemaining()) {
        throw corrupt("trailing bytes");
      }
      return c;
    } catch (BufferUnderflowException e) {
      throw corrupt("truncated");
    }
  }

  private static Log log(ByteBuffer b) {
    int n = b.get() & 0xFF;
    if (n > MAX_SEGMENTS) {
      throw corrupt("too many segments");
    }
    List<Segment> segments = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long start = b.getLong();
      long end = b.getLong();
      if (start < 0 || end < -1 || (end >= 0 && end <= start)) {
        throw corrupt("bad log range");
      }
      segments.add(new Segment(start, end));
    }
    List<Segment> sorted = new ArrayList<>(segments);
    sorted.sort(Comparator.comparingLong(Segment::start));
    for (int i = 0; i < sorted.size(); i++) {
      Segment s = sorted.get(i);
      boolean last = i == sorted.size() - 1;
      if ((s.open() && !last) || (!last && s.end() > sorted.get(i + 1).start())) {
        throw corrupt("overlapping log ranges");
      }
    }
    return new Log(sorted);
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
