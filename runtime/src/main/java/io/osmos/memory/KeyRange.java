package io.osmos.memory;

import io.osmos.query.Condition;
import io.osmos.spi.TupleKey;
import java.util.Arrays;

/**
 * A range of {@link TupleKey} encodings: {@code start} included, {@code end} excluded (null: no
 * end). Index entries are {@code encode(value, key...)}, so every condition on the leading value is
 * a byte range over the entries.
 */
record KeyRange(byte[] start, byte[] end) {
  static final KeyRange ALL = new KeyRange(new byte[0], null);

  // Non-null tuple elements start with a type code >= 0x01; null is 0x00. An open lower bound
  // starts here so that range conditions never match a null value.
  private static final byte[] NOT_NULL = {0x01};

  /** Every entry starting with {@code prefix}. */
  static KeyRange prefix(byte[] prefix) {
    return new KeyRange(prefix, TupleKey.prefixEnd(prefix));
  }

  /** The entries whose element after {@code prefix} satisfies {@code c}. */
  static KeyRange of(Condition<?> c, byte[] prefix) {
    if (c instanceof Condition.Eq<?, ?> eq) {
      return prefix(concat(prefix, TupleKey.encode(eq.value())));
    }
    if (c instanceof Condition.Prefix<?> p) {
      return prefix(concat(prefix, TupleKey.stringPrefix(new Object[0], p.prefix())));
    }
    Condition.Range<?, ?> r = (Condition.Range<?, ?>) c;
    byte[] start;
    if (r.lower() == null) {
      start = concat(prefix, NOT_NULL);
    } else {
      byte[] lower = concat(prefix, TupleKey.encode(r.lower()));
      start = r.lowerInclusive() ? lower : past(lower);
    }
    byte[] end;
    if (r.upper() == null) {
      end = TupleKey.prefixEnd(prefix);
    } else {
      byte[] upper = concat(prefix, TupleKey.encode(r.upper()));
      end = r.upperInclusive() ? TupleKey.prefixEnd(upper) : upper;
    }
    return new KeyRange(start, end);
  }

  /** Whether the single element {@code value} satisfies {@code c} (null never does). */
  static boolean matches(Condition<?> c, Object value) {
    return value != null && of(c, new byte[0]).contains(TupleKey.encode(value));
  }

  KeyRange intersect(KeyRange o) {
    byte[] s = TupleKey.compare(start, o.start) >= 0 ? start : o.start;
    byte[] e;
    if (end == null) {
      e = o.end;
    } else if (o.end == null) {
      e = end;
    } else {
      e = TupleKey.compare(end, o.end) <= 0 ? end : o.end;
    }
    return new KeyRange(s, e);
  }

  boolean contains(byte[] k) {
    return TupleKey.compare(k, start) >= 0 && (end == null || TupleKey.compare(k, end) < 0);
  }

  boolean isEmpty() {
    return end != null && TupleKey.compare(start, end) >= 0;
  }

  /** This range without the entries up to and including {@code after}. */
  KeyRange after(byte[] afterKey) {
    if (afterKey == null || TupleKey.compare(afterKey, start) < 0) {
      return this;
    }
    return new KeyRange(TupleKey.successor(afterKey), end);
  }

  /** The first encoding past every element that starts with the complete element {@code e}. */
  private static byte[] past(byte[] e) {
    byte[] end = TupleKey.prefixEnd(e);
    return end != null ? end : TupleKey.successor(e);
  }

  static byte[] concat(byte[] a, byte[] b) {
    if (a.length == 0) {
      return b;
    }
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Override
  public String toString() {
    return "[" + Arrays.toString(start) + ", " + (end == null ? "end" : Arrays.toString(end)) + ")";
  }
}
