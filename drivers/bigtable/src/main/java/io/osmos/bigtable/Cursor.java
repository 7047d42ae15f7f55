package io.osmos.bigtable;

import io.osmos.exceptions.InvalidCursorException;
import io.osmos.spi.LookupCursor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A lookup cursor of the Bigtable driver, as bytes in the frame of {@link LookupCursor}: {@code
 * version(1) | streamId(16) | type(1)}, then per type
 *
 * <ul>
 *   <li>LOG: {@code count(1)} segments of {@code start(8) | end(8)}, sorted by start, end -1 for
 *       the open segment that follows the tip (Beneath's cursor set of log ranges: a change cursor
 *       keeps ranges that were still missing when it passed them, to come back to);
 *   <li>PEEK: {@link LookupCursor.Peek}'s body, {@code end(8)}, reading {@code [end - limit, end)}
 *       newest first;
 *   <li>INDEX: {@link LookupCursor.Index}'s body, {@code index(1) | fromLength(4) | from |
 *       toLength(4) | to}; the bounds are index entries without the index's hash prefix.
 * </ul>
 *
 * Only the log differs from {@link LookupCursor}'s format: this driver's log has gaps below the tip
 * while batches are still being written, so one range per cursor is not enough.
 */
sealed interface Cursor {
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
      b = LookupCursor.frame(streamId, 1, 1 + 16 * l.segments().size());
      b.put((byte) l.segments().size());
      for (Segment s : l.segments()) {
        b.putLong(s.start()).putLong(s.end());
      }
    } else if (c instanceof Peek p) {
      LookupCursor.Peek body = new LookupCursor.Peek(p.end());
      b = LookupCursor.frame(streamId, 2, body.bodySize());
      body.writeBody(b);
    } else {
      Index i = (Index) c;
      LookupCursor.Index body = new LookupCursor.Index(i.index(), i.from(), i.to());
      b = LookupCursor.frame(streamId, 3, body.bodySize());
      body.writeBody(b);
    }
    return b.array();
  }

  /**
   * Reads a cursor of the stream {@code streamId}, which has {@code indexes} secondary indexes.
   *
   * @throws InvalidCursorException when the bytes are not such a cursor
   */
  static Cursor decode(byte[] bytes, byte[] streamId, int indexes) {
    return LookupCursor.decode(
        bytes,
        streamId,
        (type, b) ->
            switch (type) {
              case 1 -> log(b);
              case 2 -> new Peek(LookupCursor.Peek.readBody(b).end());
              case 3 -> {
                LookupCursor.Index i = LookupCursor.Index.readBody(b, indexes);
                yield new Index(i.index(), i.from(), i.to());
              }
              default -> throw LookupCursor.corrupt("unknown type");
            });
  }

  private static Log log(ByteBuffer b) {
    int n = b.get() & 0xFF;
    if (n > MAX_SEGMENTS) {
      throw LookupCursor.corrupt("too many segments");
    }
    List<Segment> segments = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long start = b.getLong();
      long end = b.getLong();
      if (start < 0 || end < -1 || (end >= 0 && end <= start)) {
        throw LookupCursor.corrupt("bad log range");
      }
      segments.add(new Segment(start, end));
    }
    List<Segment> sorted = new ArrayList<>(segments);
    sorted.sort(Comparator.comparingLong(Segment::start));
    for (int i = 0; i < sorted.size(); i++) {
      Segment s = sorted.get(i);
      boolean last = i == sorted.size() - 1;
      if ((s.open() && !last) || (!last && s.end() > sorted.get(i + 1).start())) {
        throw LookupCursor.corrupt("overlapping log ranges");
      }
    }
    return new Log(sorted);
  }
}
