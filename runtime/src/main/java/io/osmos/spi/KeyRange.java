package io.osmos.spi;

import io.osmos.query.Condition;
import java.util.Arrays;

/**
 * A range of {@link TupleKey} encodings compared as unsigned bytes: {@code start} included, {@code
 * end} excluded, {@code end} null for no end. Keys and index entries ({@code encode(value,
 * key...)}) are tuple encodings, so every condition on their leading element, after equal leading
 * elements, is one such range: a sorted map's sub-map, a {@code bytea} range in SQL, a row range in
 * Bigtable.
 *
 * <pre>{@code
 * KeyRange device = KeyRange.startingWith(TupleKey.encode("d1"));  // key ("d1", ...)
 * device.contains(TupleKey.encode("d1", 7L));                      // true
 * device.contains(TupleKey.encode("d10", 7L));                     // false
 * device.contains(TupleKey.encode("d1\0x", 7L));                   // false
 * }</pre>
 *
 * @param start the first encoding in the range
 * @param end the first encoding past the range, or null for none
 */
public record KeyRange(byte[] start, byte[] end) {
  /** Every encoding. */
  public static final KeyRange ALL = new KeyRange(new byte[0], null);

  // Non-null tuple elements start with a type code >= 0x01; null is 0x00. An open lower bound
  // starts here so that range conditions never match a null value.
  private static final byte[] NOT_NULL = {0x01};

  /**
   * Every byte string that starts with the bytes {@code prefix}, such as the encodings of the
   * strings with a given prefix ({@link TupleKey#stringPrefix}). Not for complete elements: the
   * encoding of {@code "a"} is a byte prefix of that of {@code "a\0b"}; use {@link #startingWith}
   * for those.
   */
  public static KeyRange prefix(byte[] prefix) {
    return new KeyRange(prefix, TupleKey.prefixEnd(prefix));
  }

  /**
   * Every encoding whose leading elements are the complete elements encoded in {@code elements}
   * (none: every encoding), and no other.
   */
  public static KeyRange startingWith(byte[] elements) {
    return elements.length == 0 ? ALL : new KeyRange(elements, TupleKey.afterElements(elements));
  }

  /**
   * The encodings that start with {@code prefix} (complete tuple elements, or none) and whose
   * element after it satisfies {@code c}: an {@link Condition.Eq}, {@link Condition.Prefix} or
   * {@link Condition.Range}. Range conditions never match a null element. Strings compare by code
   * point, and a string prefix is a prefix of code points.
   */
  public static KeyRange of(Condition<?> c, byte[] prefix) {
    if (c instanceof Condition.Eq<?, ?> eq) {
      return startingWith(concat(prefix, TupleKey.encode(eq.value())));
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
      start = r.lowerInclusive() ? lower : TupleKey.afterElements(lower);
    }
    byte[] end;
    if (r.upper() == null) {
      end = startingWith(prefix).end();
    } else {
      byte[] upper = concat(prefix, TupleKey.encode(r.upper()));
      end = r.upperInclusive() ? TupleKey.afterElements(upper) : upper;
    }
    return new KeyRange(start, end);
  }

  /** Whether the single element {@code value} satisfies {@code c} (null never does). */
  public static boolean matches(Condition<?> c, Object value) {
    return value != null && of(c, new byte[0]).contains(TupleKey.encode(value));
  }

  /** The encodings in both ranges. */
  public KeyRange intersect(KeyRange o) {
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

  /** Whether {@code k} is in the range. */
  public boolean contains(byte[] k) {
    return TupleKey.compare(k, start) >= 0 && (end == null || TupleKey.compare(k, end) < 0);
  }

  /** Whether no encoding is in the range. */
  public boolean isEmpty() {
    return end != null && TupleKey.compare(start, end) >= 0;
  }

  /** This range without the encodings up to and including {@code afterKey} (null: all of it). */
  public KeyRange after(byte[] afterKey) {
    if (afterKey == null || TupleKey.compare(afterKey, start) < 0) {
      return this;
    }
    return new KeyRange(TupleKey.successor(afterKey), end);
  }

  static byte[] concat(byte[] a, byte[] b) {
    if (a.length == 0) {
      return b;
    }
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Equal when both bounds hold the same bytes. */
  @Override
  public boolean equals(Object o) {
    return o instanceof KeyRange r && Arrays.equals(start, r.start) && Arrays.equals(end, r.end);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(start) + Arrays.hashCode(end);
  }

  @Override
  public String toString() {
    return "[" + Arrays.toString(start) + ", " + (end == null ? "end" : Arrays.toString(end)) + ")";
  }
}
