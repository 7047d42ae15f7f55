package io.osmos.rethinkdb;

import static com.rethinkdb.RethinkDB.r;

import com.rethinkdb.gen.ast.ReqlExpr;
import io.osmos.codec.FieldType;
import java.util.List;

/**
 * The sort keys Osmos's secondary indexes are built from: ReQL expressions that turn a stored value
 * (see {@link StoredValues}) into an array whose ReQL order is the order of the Java values, the
 * order of {@link io.osmos.spi.TupleKey} that the other drivers use. The same expressions build the
 * index functions and, applied to a query's values, the bounds of index ranges, so no Java code has
 * to imitate them.
 *
 * <ul>
 *   <li>null or missing: {@code []} (before every other key; range conditions exclude it);
 *   <li>integers: {@code [0, n]} when stored as a number, {@code [1, high, low]} for stored text of
 *       a positive integer beyond 2^53 ({@code n = high * 10^9 + low}) and {@code [-1, -high,
 *       -low]} for a negative one;
 *   <li>floating point: {@code [0]} for -Infinity, {@code [1, d, 1]} for a number, {@code [1, 0,
 *       0]} for -0.0 (just before 0.0), {@code [2]} for Infinity, {@code [3]} for NaN;
 *   <li>strings, booleans, UUIDs, enums, instants and dates (all stored as order-preserving text):
 *       {@code [v]}.
 * </ul>
 *
 * Values of the wrong type (data another writer stored) get keys of their own class, so they never
 * break an index read.
 */
final class IndexKeys {
  private IndexKeys() {}

  /** What kind of sort key a type has. */
  enum Kind {
    INTEGER,
    FLOATING,
    PLAIN;

    static Kind of(FieldType type) {
      if (!type.ordered()) {
        throw new IllegalArgumentException(
            "type " + type.kind() + " has no order and cannot be indexed");
      }
      return switch (type.kind()) {
        case INT32, INT64 -> INTEGER;
        case FLOAT32, FLOAT64 -> FLOATING;
        default -> PLAIN;
      };
    }
  }

  /** The sort key of a stored value that may be null. */
  static ReqlExpr key(Kind kind, ReqlExpr stored) {
    return stored.do_(v -> r.branch(v.eq((Object) null), r.array(), nonNullKey(kind, v)));
  }

  /** The sort key of a stored value known not to be null. */
  static ReqlExpr nonNullKey(Kind kind, ReqlExpr v) {
    return switch (kind) {
      case INTEGER -> integerKey(v);
      case FLOATING -> floatingKey(v);
      case PLAIN -> r.expr(r.array(v));
    };
  }

  /** The sort key of a Java-side stored value (a query's value), computed by the server. */
  static ReqlExpr keyOf(Kind kind, Object stored) {
    return key(kind, r.expr(stored));
  }

  /** An index value: a field's key followed by the key components' keys. */
  static ReqlExpr indexValue(ReqlExpr fieldKey, List<ReqlExpr> keyKeys) {
    Object[] parts = new Object[keyKeys.size() + 1];
    parts[0] = fieldKey;
    for (int i = 0; i < keyKeys.size(); i++) {
      parts[i + 1] = keyKeys.get(i);
    }
    return r.expr(List.of(parts));
  }

  private static ReqlExpr integerKey(ReqlExpr v) {
    // Text holds an integer beyond 2^53 (16 to 19 digits): its leading digits and its last nine
    // are each exact as a double, so the key is [sign, high, low] with n = high * 10^9 + low.
    return r.branch(
        v.typeOf().eq("NUMBER"),
        r.array(0, v),
        r.branch(
            v.typeOf().eq("STRING"),
            v.match("^(-?)([0-9]{1,10})([0-9]{9})$")
                .do_(
                    m ->
                        r.branch(
                            m.eq((Object) null),
                            r.array(9, v),
                            m.g("groups")
                                .do_(
                                    g ->
                                        r.branch(
                                            g.nth(0).g("str").eq("-"),
                                            r.array(
                                                -1,
                                                g.nth(1).g("str").coerceTo("number").mul(-1),
                                                g.nth(2).g("str").coerceTo("number").mul(-1)),
                                            r.array(
                                                1,
                                                g.nth(1).g("str").coerceTo("number"),
                                                g.nth(2).g("str").coerceTo("number")))))),
            r.array(9, v)));
  }

  private static ReqlExpr floatingKey(ReqlExpr v) {
    return r.branch(
        v.typeOf().eq("NUMBER"),
        r.array(1, v, 1),
        r.branch(
            v.eq(StoredValues.NEGATIVE_ZERO),
            r.array(1, 0, 0),
            r.branch(
                v.eq("-Infinity"),
                r.array(0),
                r.branch(
                    v.eq("Infinity"),
                    r.array(2),
                    r.branch(v.eq("NaN"), r.array(3), r.array(9, v))))));
  }
}
