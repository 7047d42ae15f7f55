package io.osmos.redis;

import io.osmos.query.Condition;
import io.osmos.spi.KeyRange;
import io.osmos.spi.TupleKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A range of sorted-set members ({@link TupleKey} encodings compared byte by byte, as {@code
 * ZRANGEBYLEX} compares them): {@code start} included, {@code end} excluded (null: no end). Index
 * members are {@code encode(value, key...)}, so every condition on the value is such a range.
 */
record LexRange(byte[] start, byte[] end) {
  static final LexRange ALL = new LexRange(new byte[0], null);

  private static final byte[] MINUS = "-".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PLUS = "+".getBytes(StandardCharsets.US_ASCII);

  /**
   * The members whose first element satisfies {@code c}: exactly {@link KeyRange#of}'s range, so
   * that equality on "a" never takes "a\0..." (whose encoding starts with that of "a").
   */
  static LexRange of(Condition<?> c) {
    KeyRange r = KeyRange.of(c, new byte[0]);
    return new LexRange(r.start(), r.end());
  }

  /** Whether the single value {@code value} satisfies {@code c} (null never does). */
  static boolean matches(Condition<?> c, Object value) {
    return KeyRange.matches(c, value);
  }

  LexRange intersect(LexRange o) {
    byte[] s = TupleKey.compare(start, o.start) >= 0 ? start : o.start;
    byte[] e;
    if (end == null) {
      e = o.end;
    } else if (o.end == null) {
      e = end;
    } else {
      e = TupleKey.compare(end, o.end) <= 0 ? end : o.end;
    }
    return new LexRange(s, e);
  }

  boolean contains(byte[] k) {
    return TupleKey.compare(k, start) >= 0 && (end == null || TupleKey.compare(k, end) < 0);
  }

  boolean isEmpty() {
    return end != null && TupleKey.compare(start, end) >= 0;
  }

  /** This range without the members up to and including {@code after}. */
  LexRange after(byte[] after) {
    if (after == null || TupleKey.compare(after, start) < 0) {
      return this;
    }
    return new LexRange(TupleKey.successor(after), end);
  }

  /** The {@code ZRANGEBYLEX} lower bound: {@code [start}, or {@code -} for the very start. */
  byte[] min() {
    return start.length == 0 ? MINUS : bound('[', start);
  }

  /** The {@code ZRANGEBYLEX} upper bound: {@code (end}, or {@code +} for no end. */
  byte[] max() {
    return end == null ? PLUS : bound('(', end);
  }

  /** The lower bound that continues after the member {@code last}: {@code (last}. */
  static byte[] exclusive(byte[] last) {
    return bound('(', last);
  }

  private static byte[] bound(char kind, byte[] member) {
    byte[] b = new byte[member.length + 1];
    b[0] = (byte) kind;
    System.arraycopy(member, 0, b, 1, member.length);
    return b;
  }

  @Override
  public String toString() {
    return "[" + Arrays.toString(start) + ", " + (end == null ? "end" : Arrays.toString(end)) + ")";
  }
}
