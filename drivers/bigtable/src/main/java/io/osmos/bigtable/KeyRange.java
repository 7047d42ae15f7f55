package io.osmos.bigtable;

import io.osmos.query.Condition;
import io.osmos.spi.TupleKey;
import java.util.Arrays;

/**
 * A range of {@link TupleKey} encodings within one index (the index's hash prefix not included):
 * {@code start} included, {@code end} excluded, null for no end. Index rows are {@code
 * encode(value..., key...)}, so an equality on the leading elements is a prefix and one more
 * condition on the next element is a range.
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
      end = r.upperInclusive() ? past(upper) : upper;
    }
    return new KeyRange(start, end);
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

  boolean isEmpty() {
    return end != null && TupleKey.compare(start, end) >= 0;
  }

  /** The first encoding past every tuple that starts with the complete element(s) {@code e}. */
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
