package io.osmos.rethinkdb;

import static com.rethinkdb.RethinkDB.r;

import com.rethinkdb.gen.ast.ReqlExpr;
import io.osmos.codec.FieldType;
import io.osmos.query.Condition;
import io.osmos.query.Filter;
import io.osmos.query.Property;
import io.osmos.query.Query;
import io.osmos.query.Sort;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A query plan evaluated by the server: a {@code filter} built with the driver's query builder
 * (never query text), an {@code orderBy} of the sort keys computed for each match, {@code skip} and
 * {@code limit}. Values compare through the same sort keys as the indexes ({@link IndexKeys}), so
 * the order is the other drivers'. SQL's three-valued logic is kept by building, for each node, the
 * predicate "this node is true" or "this node is false" (negation pushed down to the leaves): a
 * comparison with a missing value is neither, so {@code NOT} of it is not true either.
 *
 * <p>RethinkDB lower-cases ASCII letters only ({@code downcase}), so plans that compare ignoring
 * case are declined ({@link #unsupported}). Every term is built fresh for each use (see {@link
 * IndexRead} on {@code do_}).
 *
 * @param <T> the model
 * @param <K> its key
 */
final class ReqlPlan<T, K> {
  private final DocumentLayout<T, K> layout;
  private final Query<T> query;

  ReqlPlan(DocumentLayout<T, K> layout, Query<T> query) {
    this.layout = layout;
    this.query = query;
  }

  /** Why the server cannot evaluate {@code query}, naming the attribute; empty when it can. */
  static <T> Optional<String> unsupported(String model, Query<T> query) {
    for (Filter<T> f : query.filters()) {
      Optional<String> why = unsupported(model, f);
      if (why.isPresent()) {
        return why;
      }
    }
    for (Sort<T> s : query.sorts()) {
      if (s.ignoreCase()) {
        return Optional.of(ignoringCase(model, s.property()));
      }
      if (!s.property().descriptor().type().ordered()) {
        return Optional.of(
            "sorting by " + model + "." + s.property().name() + ": its type has" + " no order");
      }
    }
    return Optional.empty();
  }

  private static <T> Optional<String> unsupported(String model, Filter<T> f) {
    if (f instanceof Filter.Not<T> n) {
      return unsupported(model, n.filter());
    }
    List<Filter<T>> children =
        f instanceof Filter.And<T> a
            ? a.filters()
            : f instanceof Filter.Or<T> o ? o.filters() : null;
    if (children != null) {
      for (Filter<T> c : children) {
        Optional<String> why = unsupported(model, c);
        if (why.isPresent()) {
          return why;
        }
      }
      return Optional.empty();
    }
    Condition<T> c = (Condition<T>) f;
    Property<T, ?> p = c.property();
    boolean ignoreCase =
        (c instanceof Condition.Eq<T, ?> e && e.ignoreCase())
            || (c instanceof Condition.Range<T, ?> r && r.ignoreCase())
            || (c instanceof Condition.Like<T> l && l.ignoreCase());
    if (ignoreCase) {
      return Optional.of(ignoringCase(model, p));
    }
    if (!(c instanceof Condition.Null<T>) && !p.descriptor().type().ordered()) {
      return Optional.of(
          "comparing "
              + model
              + "."
              + p.name()
              + ": its type "
              + p.descriptor().type().kind()
              + " has no order");
    }
    return Optional.empty();
  }

  private static String ignoringCase(String model, Property<?, ?> p) {
    return "RethinkDB lower-cases ASCII letters only, so comparing "
        + model
        + "."
        + p.name()
        + " ignoring case is not served; compare case-sensitively, or query a lower-case copy"
        + " of the field";
  }

  /** The documents that match, in no particular order. */
  ReqlExpr matching(ReqlExpr table) {
    if (query.filters().isEmpty()) {
      return table;
    }
    return table.filter(row -> all(row, query.filters(), true));
  }

  /**
   * The JSON text of the documents that match, in the plan's order, from position {@code from}, at
   * most {@code n}. Each document is paired with its sort keys as fields {@code k0, k1, ...} (the
   * last one the key order), and ordered by those fields.
   */
  ReqlExpr page(ReqlExpr table, long from, long n) {
    List<Sort<T>> sorts = query.sorts();
    if (sorts.isEmpty() && query.isIndexServed() && query.drivingProperty() != null) {
      sorts = List.of(Sort.asc(query.drivingProperty()));
    }
    List<Sort<T>> order = sorts;
    Object[] by = new Object[order.size() + 1];
    for (int i = 0; i < order.size(); i++) {
      by[i] = order.get(i).descending() ? r.desc("k" + i) : r.asc("k" + i);
    }
    by[order.size()] = r.asc("k" + order.size());
    ReqlExpr keyed =
        matching(table)
            .map(
                row -> {
                  com.rethinkdb.model.MapObject<Object, Object> m = r.hashMap("doc", row);
                  for (int i = 0; i < order.size(); i++) {
                    Property<T, ?> p = order.get(i).property();
                    IndexKeys.Kind kind = IndexKeys.Kind.of(p.descriptor().type());
                    // [0, key] for a value, [1] for none: absent values last ascending, first
                    // descending.
                    m.with(
                        "k" + i,
                        layout
                            .fieldValue(row, p)
                            .do_(
                                v ->
                                    r.branch(
                                        v.eq((Object) null),
                                        r.array(1),
                                        r.array(0, IndexKeys.nonNullKey(kind, v)))));
                  }
                  return m.with("k" + order.size(), r.expr(layout.keyKeys(row)));
                });
    // The query builder's orderBy takes up to four keys as separate arguments: the term itself
    // takes any number.
    com.rethinkdb.model.Arguments args = new com.rethinkdb.model.Arguments(keyed);
    args.coerceAndAddAll(by);
    return new com.rethinkdb.gen.ast.OrderBy(args)
        .skip(from)
        .limit(n)
        .map(x -> x.g("doc").toJsonString());
  }

  private ReqlExpr all(ReqlExpr row, List<Filter<T>> filters, boolean truth) {
    if (filters.size() == 1) {
      return holds(row, filters.get(0), truth);
    }
    Object[] parts = new Object[filters.size()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = holds(row, filters.get(i), truth);
    }
    return truth ? r.and(parts) : r.or(parts);
  }

  private ReqlExpr any(ReqlExpr row, List<Filter<T>> filters, boolean truth) {
    if (filters.size() == 1) {
      return holds(row, filters.get(0), truth);
    }
    Object[] parts = new Object[filters.size()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = holds(row, filters.get(i), truth);
    }
    return truth ? r.or(parts) : r.and(parts);
  }

  /** Whether {@code f} is {@code truth} (true or false, never unknown) for the document. */
  private ReqlExpr holds(ReqlExpr row, Filter<T> f, boolean truth) {
    if (f instanceof Filter.Not<T> n) {
      return holds(row, n.filter(), !truth);
    }
    if (f instanceof Filter.And<T> a) {
      return all(row, a.filters(), truth);
    }
    if (f instanceof Filter.Or<T> o) {
      return any(row, o.filters(), truth);
    }
    Condition<T> c = (Condition<T>) f;
    Property<T, ?> p = c.property();
    if (c instanceof Condition.Null<T>) {
      ReqlExpr v = layout.fieldValue(row, p);
      return truth ? v.eq((Object) null) : v.ne((Object) null);
    }
    ReqlExpr test = test(row, c);
    ReqlExpr present = layout.fieldValue(row, p).ne((Object) null);
    return r.and(present, truth ? test : test.not());
  }

  /** The comparison of a present value. */
  private ReqlExpr test(ReqlExpr row, Condition<T> c) {
    Property<T, ?> p = c.property();
    if (c instanceof Condition.Like<T> l) {
      return layout
          .fieldValue(row, p)
          .coerceTo("string")
          .match(regex(l.pattern(), l.escape()))
          .ne((Object) null);
    }
    IndexKeys.Kind k = IndexKeys.Kind.of(p.descriptor().type());
    if (c instanceof Condition.Eq<T, ?> eq) {
      return key(row, p, k).eq(valueKey(p, k, eq.value()));
    }
    if (c instanceof Condition.Prefix<T> pre) {
      DocumentLayout.checkText("the prefix of " + p.name(), pre.prefix());
      ReqlExpr from = key(row, p, k).ge(IndexKeys.keyOf(IndexKeys.Kind.PLAIN, pre.prefix()));
      String next = IndexRead.successor(pre.prefix());
      return next == null
          ? from
          : r.and(from, key(row, p, k).lt(IndexKeys.keyOf(IndexKeys.Kind.PLAIN, next)));
    }
    if (c instanceof Condition.In<T, ?> in) {
      if (in.values().isEmpty()) {
        return r.expr(false);
      }
      Object[] tests = new Object[in.values().size()];
      for (int i = 0; i < tests.length; i++) {
        tests[i] = key(row, p, k).eq(valueKey(p, k, in.values().get(i)));
      }
      return tests.length == 1 ? (ReqlExpr) tests[0] : r.or(tests);
    }
    Condition.Range<T, ?> rg = (Condition.Range<T, ?>) c;
    List<Object> parts = new ArrayList<>(2);
    if (rg.lower() != null) {
      ReqlExpr lo = valueKey(p, k, rg.lower());
      parts.add(rg.lowerInclusive() ? key(row, p, k).ge(lo) : key(row, p, k).gt(lo));
    }
    if (rg.upper() != null) {
      ReqlExpr hi = valueKey(p, k, rg.upper());
      parts.add(rg.upperInclusive() ? key(row, p, k).le(hi) : key(row, p, k).lt(hi));
    }
    return parts.size() == 1 ? (ReqlExpr) parts.get(0) : r.and(parts.toArray());
  }

  private ReqlExpr key(ReqlExpr row, Property<T, ?> p, IndexKeys.Kind k) {
    return IndexKeys.key(k, layout.fieldValue(row, p));
  }

  private ReqlExpr valueKey(Property<T, ?> p, IndexKeys.Kind k, Object value) {
    return IndexKeys.keyOf(k, layout.storedValue(p, coerce(p, value)));
  }

  /** A number of another boxed type as the property's own (10 for a double field is 10.0). */
  private static Object coerce(Property<?, ?> p, Object v) {
    if (!(v instanceof Number n)) {
      return v;
    }
    FieldType.Kind kind = p.descriptor().type().kind();
    return switch (kind) {
      case FLOAT64 -> n.doubleValue();
      case FLOAT32 -> n.floatValue();
      case INT64 -> n.longValue();
      case INT32 -> n.intValue();
      default -> v;
    };
  }

  /**
   * A LIKE pattern as an anchored regular expression that RE2 and JavaScript read alike: {@code
   * [\s\S]*} and {@code [\s\S]} for the wildcards (a dot would not match line breaks), ASCII
   * punctuation escaped, everything else literal.
   */
  static String regex(String pattern, Character escape) {
    StringBuilder b = new StringBuilder("^");
    int[] cps = pattern.codePoints().toArray();
    for (int i = 0; i < cps.length; i++) {
      int cp = cps[i];
      if (escape != null && cp == escape) {
        if (i + 1 == cps.length) {
          throw new IllegalArgumentException(
              "the LIKE pattern '"
                  + pattern
                  + "' ends with its"
                  + " escape character '"
                  + escape
                  + "'; escape a character after it, or drop it");
        }
        literal(b, cps[++i]);
      } else if (cp == '%') {
        b.append("[\\s\\S]*");
      } else if (cp == '_') {
        b.append("[\\s\\S]");
      } else {
        literal(b, cp);
      }
    }
    return b.append('$').toString();
  }

  private static void literal(StringBuilder b, int cp) {
    if ("\\^$.|?*+()[]{}".indexOf(cp) >= 0) {
      b.append('\\');
    }
    b.appendCodePoint(cp);
  }
}
