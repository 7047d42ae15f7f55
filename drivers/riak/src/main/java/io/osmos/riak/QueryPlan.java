package io.osmos.riak;

import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.query.Condition;
import io.osmos.query.Property;
import io.osmos.query.Query;
import io.osmos.spi.TupleKey;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How a query runs on Riak: one 2i query on the index of the driving property (the ordering
 * property, else the first condition's, else {@code $key} for key order) over an inclusive range of
 * terms that covers every match, then an exact check of every condition on each document read. The
 * range is exact where Riak can express it; where it cannot (an exclusive upper bound on a binary
 * term) it is a little wider, and the check removes the rest. On a composite key, whose {@code
 * $key} terms are tuple encodings, the range of a first component ends at {@link
 * TupleKey#afterElements}: keys whose first component is that string followed by NUL and more sort
 * after it, not within its byte successor.
 */
final class QueryPlan<T> {
  final IndexField<T> driving;

  /** Nothing can match (e.g. a range whose lower bound is above its upper bound). */
  final boolean empty;

  /** Wire terms of the inclusive range; {@code end} is null for an equality query. */
  final byte[] start;

  final byte[] end;

  /** Whether Riak returns the matching term with each key (range queries on _bin/_int). */
  final boolean returnTerms;

  private final List<Condition<T>> conditions;
  private final Map<String, IndexField<T>> fields;
  private final boolean compositeKey;

  private QueryPlan(
      IndexField<T> driving,
      boolean empty,
      byte[] start,
      byte[] end,
      List<Condition<T>> conditions,
      Map<String, IndexField<T>> fields,
      boolean compositeKey) {
    this.driving = driving;
    this.empty = empty;
    this.start = start;
    this.end = end;
    this.returnTerms = end != null && driving.type != IndexField.Type.KEY;
    this.conditions = conditions;
    this.fields = fields;
    this.compositeKey = compositeKey;
  }

  /**
   * Plans {@code query}.
   *
   * @param fields the queryable fields by stored name: every {@code @Index} field and every key
   *     field (key fields as {@link IndexField.Type#KEY})
   * @param firstKey the stored name of the first key field
   * @throws UnsupportedQueryException for a condition or ordering Riak's indexes cannot serve
   */
  static <T> QueryPlan<T> of(
      Query<T> query,
      Map<String, IndexField<T>> fields,
      String firstKey,
      boolean compositeKey,
      String modelName) {
    for (Condition<T> c : query.conditions()) {
      if (!fields.containsKey(c.property().storedName())) {
        throw new UnsupportedQueryException(
            "cannot query " + modelName + "." + c.property().name() + ": it has no @Index");
      }
    }
    Property<T, ?> p = query.drivingProperty();
    String drivingName = p == null ? firstKey : p.storedName();
    IndexField<T> driving = fields.get(drivingName);
    if (driving == null || (driving.type == IndexField.Type.KEY && !drivingName.equals(firstKey))) {
      throw new UnsupportedQueryException(
          "cannot "
              + (query.orderBy() != null ? "order" : "query")
              + " "
              + modelName
              + " by "
              + p.name()
              + ": Riak serves queries from one index, and "
              + p.name()
              + " is neither the (first) key field nor an @Index field");
    }
    boolean compositeKeyIndex = driving.type == IndexField.Type.KEY && compositeKey;
    Object lo = driving.lowest();
    Object hi = driving.highest();
    for (Condition<T> c : query.conditions()) {
      if (!c.property().storedName().equals(drivingName)) {
        continue;
      }
      Object[] b = bounds(driving, c, compositeKeyIndex);
      if (b[0] != null && driving.compare(b[0], lo) > 0) {
        lo = b[0];
      }
      if (b[1] != null && driving.compare(b[1], hi) < 0) {
        hi = b[1];
      }
    }
    int cmp = driving.compare(lo, hi);
    List<Condition<T>> all = query.conditions();
    if (cmp > 0) {
      return new QueryPlan<>(driving, true, null, null, all, fields, compositeKey);
    }
    // Riak refuses ranges whose ends are equal: ask for equality instead.
    byte[] start = driving.wire(lo);
    byte[] end = cmp == 0 ? null : driving.wire(hi);
    QueryPlan<T> plan = new QueryPlan<>(driving, false, start, end, all, fields, compositeKey);
    if (end == null && !compositeKeyIndex) {
      // One term left: it either meets every condition on the driving property or none matches.
      for (Condition<T> c : all) {
        if (c.property().storedName().equals(drivingName) && !plan.matches(c, driving, lo, null)) {
          return new QueryPlan<>(driving, true, null, null, all, fields, compositeKey);
        }
      }
    }
    return plan;
  }

  /** The inclusive term range {lower, upper} (null for open) that covers every match of c. */
  private static <T> Object[] bounds(IndexField<T> f, Condition<T> c, boolean compositeKey) {
    if (c instanceof Condition.Eq<T, ?> eq) {
      Object t = f.term(eq.value());
      // A composite key's first component: the keys that start with it as a complete element.
      // Its byte successor (prefixEnd) would take "a\0..." in with "a", whose encoding is a
      // byte prefix of theirs.
      return compositeKey
          ? new Object[] {t, TupleKey.afterElements((byte[]) t)}
          : new Object[] {t, t};
    }
    if (c instanceof Condition.Prefix<T> prefix) {
      byte[] t =
          compositeKey
              ? TupleKey.stringPrefix(new Object[0], prefix.prefix())
              : TupleKey.utf8(prefix.prefix());
      byte[] upper;
      if (compositeKey) {
        upper = TupleKey.prefixEnd(t);
      } else {
        // No UTF-8 text holds the byte 0xFF: prefix + 0xFF is above every text with the prefix.
        upper = Arrays.copyOf(t, t.length + 1);
        upper[t.length] = (byte) 0xFF;
      }
      return new Object[] {t, upper};
    }
    Condition.Range<T, ?> r = (Condition.Range<T, ?>) c;
    Object lower = null;
    Object upper = null;
    if (r.lower() != null) {
      Object t = f.term(r.lower());
      if (compositeKey) {
        lower = r.lowerInclusive() ? t : TupleKey.afterElements((byte[]) t);
      } else {
        lower = r.lowerInclusive() ? t : f.successor(t);
      }
    }
    if (r.upper() != null) {
      Object t = f.term(r.upper());
      if (compositeKey) {
        upper = r.upperInclusive() ? TupleKey.afterElements((byte[]) t) : t;
      } else if (!r.upperInclusive() && f.type == IndexField.Type.INT) {
        upper = ((BigInteger) t).subtract(BigInteger.ONE);
      } else {
        upper = t; // an exclusive upper bound on a binary: the exact check drops the term itself
      }
    }
    return new Object[] {lower, upper};
  }

  /**
   * Whether a term Riak returned for the driving index can match: checks the conditions on the
   * driving property (a cheap filter before the document is read).
   */
  boolean termMatches(byte[] wireTerm) {
    if (!returnTerms || wireTerm == null) {
      return true;
    }
    Object term = driving.fromWire(wireTerm);
    for (Condition<T> c : conditions) {
      if (c.property().storedName().equals(driving.property.storedName())
          && !matches(c, driving, term, null)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the document read for an index entry matches: every condition holds, and for range
   * queries the document's own term is the entry's (so a document listed under an older value, or
   * under several values while it has siblings, is returned once, at its current place).
   */
  boolean documentMatches(T model, byte[] entryTerm) {
    if (returnTerms && entryTerm != null) {
      Object value = driving.property.get(model);
      if (value == null || driving.compare(driving.term(value), driving.fromWire(entryTerm)) != 0) {
        return false;
      }
    }
    for (Condition<T> c : conditions) {
      Object value = c.property().get(model);
      if (value == null) {
        return false;
      }
      IndexField<T> f = fields.get(c.property().storedName());
      if (!matches(c, f, f.term(value), value)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the conditions all concern the driving index, so terms alone decide a match. */
  boolean decidedByTerms() {
    if (driving.type == IndexField.Type.KEY) {
      return false;
    }
    for (Condition<T> c : conditions) {
      if (!c.property().storedName().equals(driving.property.storedName())) {
        return false;
      }
    }
    return true;
  }

  private boolean matches(Condition<T> c, IndexField<T> f, Object term, Object value) {
    if (c instanceof Condition.Eq<T, ?> eq) {
      return f.compare(term, f.term(eq.value())) == 0;
    }
    if (c instanceof Condition.Prefix<T> prefix) {
      // By code point, as the ranges select: the bytes of the text start with the prefix's.
      byte[] p = TupleKey.utf8(prefix.prefix());
      byte[] t;
      if (value instanceof String s) {
        t = TupleKey.utf8(s);
      } else if (f.type == IndexField.Type.BIN
          || (f.type == IndexField.Type.KEY && !compositeKey)) {
        t = (byte[]) term;
      } else {
        return true; // decided on the document
      }
      return t.length >= p.length && Arrays.equals(t, 0, p.length, p, 0, p.length);
    }
    Condition.Range<T, ?> r = (Condition.Range<T, ?>) c;
    if (r.lower() != null) {
      int cmp = f.compare(term, f.term(r.lower()));
      if (cmp < 0 || (cmp == 0 && !r.lowerInclusive())) {
        return false;
      }
    }
    if (r.upper() != null) {
      int cmp = f.compare(term, f.term(r.upper()));
      if (cmp > 0 || (cmp == 0 && !r.upperInclusive())) {
        return false;
      }
    }
    return true;
  }
}
