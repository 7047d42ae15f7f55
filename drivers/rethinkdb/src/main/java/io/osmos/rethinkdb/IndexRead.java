package io.osmos.rethinkdb;

import static com.rethinkdb.RethinkDB.r;

import com.rethinkdb.gen.ast.ReqlExpr;
import com.rethinkdb.gen.ast.Table;
import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.query.Condition;
import io.osmos.query.Property;
import io.osmos.query.Query;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A query as an index read: the index that drives it (the query's ordering property, else its first
 * condition's property, else the key), a {@code between} range on that index from the first
 * condition on the driving property, and a {@code filter} for every other condition. Results come
 * in index order ({@code orderBy({index})}); equal index values are ordered by key because every
 * index value ends with the key.
 *
 * <p>Every ReQL term here is built fresh for each use: the Java driver's {@code do_} term ({@code
 * Funcall}) reverses its arguments in place each time it is serialized, so one instance must never
 * appear twice in a query.
 *
 * <p>Indexes (see {@link IndexKeys} for the sort keys):
 *
 * <ul>
 *   <li>{@code osmos_key}: {@code [key(k1), key(k2), ...]}, the key order;
 *   <li>{@code osmos_idx_<field>} per {@code @Index} field: {@code [key(field), key(k1), ...]}.
 * </ul>
 */
final class IndexRead<T, K> {
  /** The index that orders documents by key. */
  static final String KEY_INDEX = "osmos_key";

  private final DocumentLayout<T, K> layout;
  private final String index;
  private final IndexKeys.Kind kind;
  private final Property<T, ?> driving;
  private final Condition<T> range;
  private final List<Condition<T>> filters;

  private IndexRead(
      DocumentLayout<T, K> layout,
      String index,
      IndexKeys.Kind kind,
      Property<T, ?> driving,
      Condition<T> range,
      List<Condition<T>> filters) {
    this.layout = layout;
    this.index = index;
    this.kind = kind;
    this.driving = driving;
    this.range = range;
    this.filters = filters;
  }

  /** The name of the index of {@code @Index} field {@code p}. */
  static String indexName(Property<?, ?> p) {
    return "osmos_idx_" + p.storedName();
  }

  /** Every index of a model's table, by name, with the function that computes its values. */
  static <T, K> Map<String, Function<ReqlExpr, ReqlExpr>> definitions(DocumentLayout<T, K> layout) {
    Map<String, Function<ReqlExpr, ReqlExpr>> defs = new LinkedHashMap<>();
    defs.put(KEY_INDEX, row -> r.expr(layout.keyKeys(row)));
    for (Property<T, ?> p : layout.schema.indexes()) {
      IndexKeys.Kind kind = IndexKeys.Kind.of(p.descriptor().type());
      defs.put(
          indexName(p),
          row ->
              IndexKeys.indexValue(
                  IndexKeys.key(kind, layout.fieldValue(row, p)), layout.keyKeys(row)));
    }
    return defs;
  }

  /**
   * Plans {@code query}.
   *
   * @throws UnsupportedQueryException when a condition or the ordering is on a field that is
   *     neither a key field nor an {@code @Index} field, or the driving field is a later key field
   */
  static <T, K> IndexRead<T, K> plan(DocumentLayout<T, K> layout, Query<T> query) {
    Property<T, ?> driving = query.drivingProperty();
    String index;
    IndexKeys.Kind kind;
    if (driving == null || layout.keyPosition(driving) == 0) {
      index = KEY_INDEX;
      kind = layout.keyKinds().get(0);
    } else if (indexed(layout, driving)) {
      index = indexName(driving);
      kind = IndexKeys.Kind.of(driving.descriptor().type());
    } else {
      throw new UnsupportedQueryException(
          "cannot "
              + (query.orderBy() != null ? "order" : "query")
              + " "
              + layout.schema.modelName()
              + " by "
              + driving.name()
              + ": it is neither the (first) key field nor an @Index"
              + " field");
    }
    Condition<T> range = null;
    List<Condition<T>> filters = new ArrayList<>();
    for (Condition<T> c : query.conditions()) {
      Property<T, ?> p = c.property();
      if (range == null && driving != null && p.storedName().equals(driving.storedName())) {
        range = c;
      } else if (layout.keyPosition(p) >= 0 || indexed(layout, p)) {
        filters.add(c);
      } else {
        throw new UnsupportedQueryException(
            "cannot query " + layout.schema.modelName() + "." + p.name() + ": it has no @Index");
      }
    }
    return new IndexRead<>(layout, index, kind, driving, range, List.copyOf(filters));
  }

  private static <T> boolean indexed(DocumentLayout<T, ?> layout, Property<T, ?> p) {
    for (Property<T, ?> i : layout.schema.indexes()) {
      if (i.storedName().equals(p.storedName())) {
        return true;
      }
    }
    return false;
  }

  /** The index value of a document (a ReQL row), as the driving index computes it. */
  ReqlExpr indexValue(ReqlExpr row) {
    if (index.equals(KEY_INDEX)) {
      return r.expr(layout.keyKeys(row));
    }
    return IndexKeys.indexValue(
        IndexKeys.key(kind, layout.fieldValue(row, driving)), layout.keyKeys(row));
  }

  /**
   * The matching documents in index order, starting after the document whose index value is {@code
   * after} (null: from the start).
   */
  ReqlExpr ordered(Table table, Object after) {
    ReqlExpr lower;
    ReqlExpr upper;
    boolean lowerClosed = true;
    boolean upperClosed = true;
    if (range == null) {
      lower = r.minval();
      upper = r.maxval();
    } else {
      Bounds b = bounds(range);
      lower = b.lower();
      upper = b.upper();
      upperClosed = b.upperClosed();
    }
    if (after != null) {
      lower = r.expr(after);
      lowerClosed = false;
    }
    ReqlExpr read =
        table
            .between(lower, upper)
            .optArg("index", index)
            .optArg("left_bound", lowerClosed ? "closed" : "open")
            .optArg("right_bound", upperClosed ? "closed" : "open")
            .orderBy()
            .optArg("index", index);
    return filtered(read);
  }

  /** The matching documents in no particular order (for counting). */
  ReqlExpr unordered(Table table) {
    if (range == null) {
      return filtered(table);
    }
    Bounds b = bounds(range);
    return filtered(
        table
            .between(b.lower(), b.upper())
            .optArg("index", index)
            .optArg("right_bound", b.upperClosed() ? "closed" : "open"));
  }

  private ReqlExpr filtered(ReqlExpr read) {
    if (filters.isEmpty()) {
      return read;
    }
    return read.filter(
        row -> {
          Object[] tests = new Object[filters.size()];
          for (int i = 0; i < tests.length; i++) {
            tests[i] = test(row, filters.get(i));
          }
          return tests.length == 1 ? (ReqlExpr) tests[0] : r.and(tests);
        });
  }

  /** A range of index values: the lower bound is closed, the upper one closed or open. */
  private record Bounds(ReqlExpr lower, ReqlExpr upper, boolean upperClosed) {}

  /**
   * The range of a condition on the driving property. Index values are arrays that start with the
   * property's sort key, so {@code [key]} is below every entry of a value and {@code [key, maxval]}
   * above them all.
   */
  private Bounds bounds(Condition<T> c) {
    if (c instanceof Condition.Eq<T, ?> eq) {
      return new Bounds(
          r.expr(r.array(keyOf(eq.value()))), r.expr(r.array(keyOf(eq.value()), r.maxval())), true);
    }
    if (c instanceof Condition.Prefix<T> p) {
      DocumentLayout.checkText("the prefix of " + p.property().name(), p.prefix());
      ReqlExpr lower = r.expr(r.array(IndexKeys.keyOf(IndexKeys.Kind.PLAIN, p.prefix())));
      String next = successor(p.prefix());
      return next == null
          ? new Bounds(lower, r.maxval(), true)
          : new Bounds(lower, r.expr(r.array(IndexKeys.keyOf(IndexKeys.Kind.PLAIN, next))), false);
    }
    Condition.Range<T, ?> rg = (Condition.Range<T, ?>) c;
    ReqlExpr lower;
    if (rg.lower() == null) {
      // Past the key of null ([]): ranges never match a missing value.
      lower = r.expr(r.array(r.array(r.minval())));
    } else if (rg.lowerInclusive()) {
      lower = r.expr(r.array(keyOf(rg.lower())));
    } else {
      lower = r.expr(r.array(keyOf(rg.lower()), r.maxval()));
    }
    if (rg.upper() == null) {
      return new Bounds(lower, r.maxval(), true);
    }
    if (rg.upperInclusive()) {
      return new Bounds(lower, r.expr(r.array(keyOf(rg.upper()), r.maxval())), true);
    }
    return new Bounds(lower, r.expr(r.array(keyOf(rg.upper()))), false);
  }

  private ReqlExpr keyOf(Object value) {
    return IndexKeys.keyOf(kind, layout.storedValue(driving, value));
  }

  /** A condition as a predicate on a document. */
  private ReqlExpr test(ReqlExpr row, Condition<T> c) {
    Property<T, ?> p = c.property();
    IndexKeys.Kind k = IndexKeys.Kind.of(p.descriptor().type());
    // A new key term for each comparison (see the class comment on do_).
    Supplier<ReqlExpr> v = () -> IndexKeys.key(k, layout.fieldValue(row, p));
    if (c instanceof Condition.Eq<T, ?> eq) {
      return v.get().eq(IndexKeys.keyOf(k, layout.storedValue(p, eq.value())));
    }
    if (c instanceof Condition.Prefix<T> pre) {
      DocumentLayout.checkText("the prefix of " + p.name(), pre.prefix());
      ReqlExpr from = v.get().ge(IndexKeys.keyOf(IndexKeys.Kind.PLAIN, pre.prefix()));
      String next = successor(pre.prefix());
      return next == null
          ? from
          : r.and(from, v.get().lt(IndexKeys.keyOf(IndexKeys.Kind.PLAIN, next)));
    }
    Condition.Range<T, ?> rg = (Condition.Range<T, ?>) c;
    ReqlExpr lower =
        rg.lower() == null
            ? v.get().gt(r.array())
            : rg.lowerInclusive()
                ? v.get().ge(IndexKeys.keyOf(k, layout.storedValue(p, rg.lower())))
                : v.get().gt(IndexKeys.keyOf(k, layout.storedValue(p, rg.lower())));
    if (rg.upper() == null) {
      return lower;
    }
    ReqlExpr upperKey = IndexKeys.keyOf(k, layout.storedValue(p, rg.upper()));
    return r.and(lower, rg.upperInclusive() ? v.get().le(upperKey) : v.get().lt(upperKey));
  }

  /**
   * The least string greater than every string that starts with {@code prefix}: the prefix with its
   * last code point incremented (dropping trailing maximal ones); null when there is none.
   */
  static String successor(String prefix) {
    int[] cps = prefix.codePoints().toArray();
    for (int i = cps.length - 1; i >= 0; i--) {
      if (cps[i] < Character.MAX_CODE_POINT) {
        int next = cps[i] + 1;
        cps[i] = next == Character.MIN_SURROGATE ? Character.MAX_SURROGATE + 1 : next;
        return new String(cps, 0, i + 1);
      }
    }
    return null;
  }
}
