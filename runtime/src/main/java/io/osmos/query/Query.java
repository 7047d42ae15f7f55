package io.osmos.query;

import io.osmos.codec.FieldDescriptor;
import io.osmos.exceptions.UnsupportedQueryException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A typed query plan: a tree of {@link Filter}s that must all hold, a list of {@link Sort} keys, an
 * optional offset and an optional limit. Built from metamodel properties:
 *
 * <pre>{@code
 * users.find(User_.age.between(18, 40).and(User_.country.eq("NO")).limit(100), PageRequest.first(20));
 * }</pre>
 *
 * or, by generated Jakarta Data repositories, once as a constant with {@link Param parameters} that
 * each call binds:
 *
 * <pre>{@code
 * static final Query<Book> BY_AUTHOR = Query.where(Condition.eq(Book_.author, Query.param(1)))
 *     .orderBy(Sort.desc(Book_.year));
 * ... books.findAll(BY_AUTHOR.bind(author));
 * }</pre>
 *
 * A query is immutable and can be shared between threads. Results are ordered by the sort keys,
 * then by the model's key, so paging is stable; without sort keys, by the index that drives the
 * query (the first condition's field), else by key.
 *
 * <p><b>Index-served plans.</b> Every document store evaluates a plan that {@link #isIndexServed()}
 * with its indexes. Other plans (conditions on fields without {@code @Index}, {@code IN}, {@code
 * LIKE} other than a prefix, {@code IS NULL}, {@code NOT}, {@code OR}, {@code ignoreCase}, several
 * or descending sort keys) run only on stores that evaluate queries on the server ({@code
 * DocumentCollection.evaluatesOnServer()}); elsewhere they are declined with {@code
 * UnsupportedQueryException}, never answered by scanning a bucket in the client.
 *
 * @param <T> the model
 */
public final class Query<T> {
  private static final Query<?> ALL = new Query<>(List.of(), List.of(), 0, 0);

  private final List<Filter<T>> filters;
  private final List<Sort<T>> sorts;
  private final int limit;
  private final long offset;
  private final List<Param> params;

  /** 0 unknown, 1 index-served, 2 not (a benign race: every thread computes the same). */
  private byte indexServed;

  private Query(List<Filter<T>> filters, List<Sort<T>> sorts, int limit, long offset) {
    this.filters = filters;
    this.sorts = sorts;
    this.limit = limit;
    this.offset = offset;
    Set<Param> found = new LinkedHashSet<>();
    for (Filter<T> f : filters) {
      collectParams(f, found);
    }
    this.params = List.copyOf(found);
  }

  // ---- building ------------------------------------------------------------------------------

  /** Every model of the bucket, in key order. */
  @SuppressWarnings("unchecked")
  public static <T> Query<T> all() {
    return (Query<T>) ALL;
  }

  /** A query of one condition. */
  public static <T> Query<T> of(Condition<T> condition) {
    return new Query<>(List.of(condition), List.of(), 0, 0);
  }

  /** A query of filters that must all hold. */
  @SafeVarargs
  public static <T> Query<T> where(Filter<T>... filters) {
    return new Query<>(List.of(filters), List.of(), 0, 0);
  }

  /** A query of filters that must all hold. */
  public static <T> Query<T> where(List<? extends Filter<T>> filters) {
    return new Query<>(List.copyOf(filters), List.of(), 0, 0);
  }

  /** The positional parameter {@code ?position} (1-based), bound by {@link #bind(Object...)}. */
  public static Param param(int position) {
    return new Param(null, position);
  }

  /** The named parameter {@code :name}, bound by {@link #bind(Map)}. */
  public static Param param(String name) {
    return new Param(Objects.requireNonNull(name, "name"), 0);
  }

  /**
   * Both this query's filters and {@code other}'s. The sort keys, offset and limit are this query's
   * where it has them, else {@code other}'s (limits: the smaller).
   */
  public Query<T> and(Query<T> other) {
    List<Filter<T>> all = new ArrayList<>(filters);
    all.addAll(other.filters);
    List<Sort<T>> order = sorts.isEmpty() ? other.sorts : sorts;
    int lim = limit == 0 ? other.limit : other.limit == 0 ? limit : Math.min(limit, other.limit);
    return new Query<>(List.copyOf(all), order, lim, offset != 0 ? offset : other.offset);
  }

  /** This query with one more filter that must hold. */
  public Query<T> and(Filter<T> filter) {
    List<Filter<T>> all = new ArrayList<>(filters);
    all.add(Objects.requireNonNull(filter, "filter"));
    return new Query<>(List.copyOf(all), sorts, limit, offset);
  }

  /**
   * Models matching this query's filters or {@code other}'s; sort keys, offset and limit as {@link
   * #and(Query)} combines them.
   */
  public Query<T> or(Query<T> other) {
    if (filters.isEmpty() || other.filters.isEmpty()) {
      return new Query<>(
          List.of(),
          sorts.isEmpty() ? other.sorts : sorts,
          and(other).limit,
          offset != 0 ? offset : other.offset);
    }
    Filter<T> or = new Filter.Or<>(List.of(conjunction(filters), conjunction(other.filters)));
    Query<T> both = and(other);
    return new Query<>(List.of(or), both.sorts, both.limit, both.offset);
  }

  private static <T> Filter<T> conjunction(List<Filter<T>> fs) {
    return fs.size() == 1 ? fs.get(0) : new Filter.And<>(fs);
  }

  /** At most {@code n} results in all (pages included). */
  public Query<T> limit(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("limit must be positive, was " + n);
    }
    return new Query<>(filters, sorts, n, offset);
  }

  /**
   * Skips the first {@code n} results (offset paging: page {@code p} of size {@code s} skips {@code
   * (p - 1) * s}). The limit counts the results after the skipped ones.
   */
  public Query<T> skip(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("skip must be >= 0, was " + n);
    }
    return new Query<>(filters, sorts, limit, n);
  }

  /** Orders results by one property, ascending (then by key); replaces other sort keys. */
  public Query<T> orderBy(Property<T, ?> property) {
    return new Query<>(filters, List.of(Sort.asc(Objects.requireNonNull(property))), limit, offset);
  }

  /** Orders results by these sort keys in turn (then by key); replaces other sort keys. */
  @SafeVarargs
  public final Query<T> orderBy(Sort<T>... sorts) {
    return new Query<>(filters, List.of(sorts), limit, offset);
  }

  /** Orders results by these sort keys in turn (then by key); replaces other sort keys. */
  public Query<T> orderBy(List<Sort<T>> sorts) {
    return new Query<>(filters, List.copyOf(sorts), limit, offset);
  }

  /** This query with one more sort key after its others. */
  public Query<T> thenBy(Sort<T> sort) {
    List<Sort<T>> all = new ArrayList<>(sorts);
    all.add(Objects.requireNonNull(sort, "sort"));
    return new Query<>(filters, List.copyOf(all), limit, offset);
  }

  // ---- reading -------------------------------------------------------------------------------

  /** The filters that must all hold (the roots of the condition tree). */
  public List<Filter<T>> filters() {
    return filters;
  }

  /** The sort keys, in order (empty: the default order). */
  public List<Sort<T>> sorts() {
    return sorts;
  }

  /** The limit, or 0 for none. */
  public int limit() {
    return limit;
  }

  /** How many results to skip before the first one returned (0 for none). */
  public long offset() {
    return offset;
  }

  /**
   * The conditions, for a plan of eq, prefix and range conditions (case-sensitive) that must all
   * hold: the shape every driver evaluates with its indexes.
   *
   * @throws UnsupportedQueryException if the plan holds anything else (drivers that read only this
   *     shape then decline the query instead of ignoring part of it)
   */
  @SuppressWarnings("unchecked")
  public List<Condition<T>> conditions() {
    for (Filter<T> f : filters) {
      if (!isIndexShaped(f)) {
        throw new UnsupportedQueryException(
            "cannot evaluate "
                + f
                + " with indexes: only eq,"
                + " prefix and range conditions (case-sensitive), all of which must hold, are");
      }
    }
    return (List<Condition<T>>) (List<?>) filters;
  }

  /**
   * The ordering property, or null for the default order, for a plan ordered by at most one
   * property ascending (then by key).
   *
   * @throws UnsupportedQueryException if the plan has several, descending or case-insensitive sort
   *     keys
   */
  public Property<T, ?> orderBy() {
    if (sorts.isEmpty()) {
      return null;
    }
    for (int i = 0; i < sorts.size(); i++) {
      Sort<T> s = sorts.get(i);
      if (s.descending() || s.ignoreCase() || (i > 0 && !isKey(s.property()))) {
        throw new UnsupportedQueryException(
            "cannot order by "
                + sorts
                + " with indexes: only"
                + " one property ascending (then the key) is");
      }
    }
    return sorts.get(0).property();
  }

  /**
   * The property whose index drives the query: the ordering property, else the first condition's,
   * else null (key order). Only for plans {@link #conditions()} and {@link #orderBy()} accept.
   */
  public Property<T, ?> drivingProperty() {
    Property<T, ?> order = orderBy();
    if (order != null) {
      return order;
    }
    List<Condition<T>> cs = conditions();
    return cs.isEmpty() ? null : cs.get(0).property();
  }

  // ---- capability ----------------------------------------------------------------------------

  /**
   * Whether every document store serves this plan with its indexes: only eq, prefix (or a
   * starts-with parameter) and range conditions, case-sensitive, all of which must hold, each on
   * the key or an {@code @Index} field; at most one sort key, ascending, on the key or an
   * {@code @Index} field, optionally followed by the key ascending. Offset and limit do not matter.
   * A store may still need the conditions to fit one of its indexes (see the driver's README).
   */
  public boolean isIndexServed() {
    // Checked on every call of a repository: cached, and without building the reason's text.
    byte served = indexServed;
    if (served == 0) {
      served = computeIndexServed() ? (byte) 1 : (byte) 2;
      indexServed = served;
    }
    return served == 1;
  }

  private boolean computeIndexServed() {
    for (Filter<T> f : filters) {
      if (!(f instanceof Condition<T> c)
          || !c.property().queryable()
          || !(isIndexShaped(c)
              || (c instanceof Condition.Like<T> l
                  && l.mode() == Condition.Like.Mode.STARTS_WITH
                  && !l.ignoreCase()))) {
        return false;
      }
    }
    for (int i = 0; i < sorts.size(); i++) {
      Sort<T> s = sorts.get(i);
      if (s.descending()
          || s.ignoreCase()
          || !s.property().queryable()
          || (i > 0 && !isKey(s.property()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Why this plan is not index-served ({@link #isIndexServed()}), naming the attribute and the
   * change that would make it so; empty when it is.
   *
   * @param modelName the model's name, for the message
   */
  public Optional<String> notIndexServedReason(String modelName) {
    if (isIndexServed()) {
      return Optional.empty();
    }
    String m = modelName.isEmpty() ? "" : modelName + ".";
    for (Filter<T> f : filters) {
      String why = unserved(f, m);
      if (why != null) {
        return Optional.of(why);
      }
    }
    for (int i = 0; i < sorts.size(); i++) {
      Sort<T> s = sorts.get(i);
      String attr = m + s.property().name();
      if (s.descending()) {
        return Optional.of(
            "sorting by "
                + attr
                + " descending is not served by an index (indexes"
                + " are read in ascending order); sort ascending");
      }
      if (s.ignoreCase()) {
        return Optional.of(
            "sorting by "
                + attr
                + " ignoring case is not served by an index; sort"
                + " case-sensitively, or sort by a lower-case copy of the field that has @Index");
      }
      if (!s.property().queryable()) {
        return Optional.of(
            "sorting by " + attr + " needs an index: add @Index to " + s.property().name());
      }
      if (i > 0 && !isKey(s.property())) {
        return Optional.of(
            "sorting by "
                + sorts.get(0).property().name()
                + " then by "
                + attr
                + " is not served by an index: an index orders only by its field, then by the key");
      }
    }
    return Optional.of(this + " is not served by an index");
  }

  private static <T> String unserved(Filter<T> f, String m) {
    if (f instanceof Filter.Not<T> || f instanceof Filter.Or<T> || f instanceof Filter.And<T>) {
      List<String> attrs = new ArrayList<>();
      attributes(f, attrs);
      return (f instanceof Filter.Or<T>
              ? "OR"
              : f instanceof Filter.Not<T> ? "NOT" : "a nested AND")
          + " of conditions on "
          + m
          + String.join(", " + m, attrs)
          + " is not served by"
          + " indexes; run one query per alternative, or use a store that evaluates queries on the"
          + " server";
    }
    Condition<T> c = (Condition<T>) f;
    String name = c.property().name();
    String attr = m + name;
    if (c instanceof Condition.In<T, ?>) {
      return "IN on " + attr + " is not served by an index; query each value with eq";
    }
    if (c instanceof Condition.Null<T>) {
      return "IS NULL on " + attr + " is not served by an index (absent values are not indexed)";
    }
    if (c instanceof Condition.Like<T> l && l.mode() != Condition.Like.Mode.STARTS_WITH) {
      return "LIKE on "
          + attr
          + " is not served by an index except as a prefix (StartsWith,"
          + " or a pattern ending in % with no other wildcard) on a field with @Index";
    }
    boolean ignoreCase =
        c instanceof Condition.Eq<T, ?> e
            ? e.ignoreCase()
            : c instanceof Condition.Range<T, ?> r
                ? r.ignoreCase()
                : c instanceof Condition.Like<T> l && l.ignoreCase();
    if (ignoreCase) {
      return "comparing "
          + attr
          + " ignoring case is not served by an index; compare"
          + " case-sensitively, or query a lower-case copy of the field that has @Index";
    }
    if (!c.property().queryable()) {
      return "the condition on " + attr + " needs an index: add @Index to " + name;
    }
    return null;
  }

  private static <T> void attributes(Filter<T> f, List<String> out) {
    if (f instanceof Condition<T> c) {
      if (!out.contains(c.property().name())) {
        out.add(c.property().name());
      }
    } else if (f instanceof Filter.Not<T> n) {
      attributes(n.filter(), out);
    } else if (f instanceof Filter.And<T> a) {
      a.filters().forEach(x -> attributes(x, out));
    } else if (f instanceof Filter.Or<T> o) {
      o.filters().forEach(x -> attributes(x, out));
    }
  }

  private static <T> boolean isIndexShaped(Filter<T> f) {
    return f instanceof Condition.Prefix<T>
        || (f instanceof Condition.Eq<T, ?> e && !e.ignoreCase())
        || (f instanceof Condition.Range<T, ?> r && !r.ignoreCase());
  }

  private static boolean isKey(Property<?, ?> p) {
    return p.descriptor().role() == FieldDescriptor.Role.KEY;
  }

  // ---- parameters ----------------------------------------------------------------------------

  /** The distinct parameters of the plan, in order of appearance. */
  public List<Param> params() {
    return params;
  }

  /** Whether the plan has no unbound parameter (drivers only run bound plans). */
  public boolean isBound() {
    return params.isEmpty();
  }

  /**
   * This plan with its positional parameters {@code ?1 .. ?n} replaced by {@code values[0 .. n-1]}.
   * A starts-with parameter becomes a prefix condition; an {@code IN} parameter bound to a
   * collection or array contributes each element.
   *
   * @throws IllegalArgumentException if the plan has named parameters, if the number of values is
   *     not the highest position, or if a value is null where a condition needs one
   */
  public Query<T> bind(Object... values) {
    int max = 0;
    for (Param p : params) {
      if (p.named()) {
        throw new IllegalArgumentException(
            "the query has the named parameter " + p + "; bind it with bind(Map)");
      }
      max = Math.max(max, p.position());
    }
    if (values.length != max) {
      throw new IllegalArgumentException(
          "the query has "
              + max
              + " positional parameter"
              + (max == 1 ? "" : "s")
              + " but "
              + values.length
              + " value"
              + (values.length == 1 ? " was" : "s were")
              + " given");
    }
    return bindWith(p -> values[p.position() - 1]);
  }

  /**
   * This plan with its named parameters replaced by the values of {@code values}, as {@link
   * #bind(Object...)} describes.
   *
   * @throws IllegalArgumentException if a parameter has no value, a name is not a parameter, or the
   *     plan has positional parameters
   */
  public Query<T> bind(Map<String, ?> values) {
    Set<String> names = new LinkedHashSet<>();
    for (Param p : params) {
      if (!p.named()) {
        throw new IllegalArgumentException(
            "the query has the positional parameter " + p + "; bind it with bind(Object...)");
      }
      if (!values.containsKey(p.name())) {
        throw new IllegalArgumentException(
            "no value for the parameter " + p + "; the query's" + " parameters are " + params);
      }
      names.add(p.name());
    }
    for (String k : values.keySet()) {
      if (!names.contains(k)) {
        throw new IllegalArgumentException(
            "'" + k + "' is not a parameter of the query; its" + " parameters are " + params);
      }
    }
    return bindWith(p -> values.get(p.name()));
  }

  private interface Binder {
    Object value(Param p);
  }

  private Query<T> bindWith(Binder binder) {
    if (params.isEmpty()) {
      return this;
    }
    List<Filter<T>> bound = new ArrayList<>(filters.size());
    for (Filter<T> f : filters) {
      bound.add(bind(f, binder));
    }
    return new Query<>(List.copyOf(bound), sorts, limit, offset);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <T> Filter<T> bind(Filter<T> f, Binder b) {
    if (f instanceof Filter.Not<T> n) {
      return new Filter.Not<>(bind(n.filter(), b));
    }
    if (f instanceof Filter.And<T> a) {
      return new Filter.And<>(a.filters().stream().map(x -> bind(x, b)).toList());
    }
    if (f instanceof Filter.Or<T> o) {
      return new Filter.Or<>(o.filters().stream().map(x -> bind(x, b)).toList());
    }
    if (f instanceof Condition.Eq<T, ?> e && e.value() instanceof Param p) {
      return new Condition.Eq(e.property(), required(b, p, e), e.ignoreCase());
    }
    if (f instanceof Condition.Range<T, ?> r
        && (r.lower() instanceof Param || r.upper() instanceof Param)) {
      Object lo = r.lower() instanceof Param p ? required(b, p, r) : r.lower();
      Object hi = r.upper() instanceof Param p ? required(b, p, r) : r.upper();
      return new Condition.Range(
          r.property(), lo, r.lowerInclusive(), hi, r.upperInclusive(), r.ignoreCase());
    }
    if (f instanceof Condition.Like<T> l && l.value() instanceof Param p) {
      Object v = required(b, p, l);
      if (!(v instanceof String s)) {
        throw new IllegalArgumentException(
            "parameter "
                + p
                + " of "
                + l
                + " must be a String,"
                + " was "
                + v.getClass().getName());
      }
      if (l.mode() == Condition.Like.Mode.STARTS_WITH && !l.ignoreCase()) {
        return new Condition.Prefix<>(l.property(), s);
      }
      return new Condition.Like<>(l.property(), s, l.mode(), l.escape(), l.ignoreCase());
    }
    if (f instanceof Condition.In<T, ?> in
        && in.values().stream().anyMatch(Param.class::isInstance)) {
      List<Object> vs = new ArrayList<>();
      for (Object v : in.values()) {
        if (v instanceof Param p) {
          for (Object x : spread(required(b, p, in))) {
            if (x == null) {
              throw new IllegalArgumentException(
                  "parameter "
                      + p
                      + " of "
                      + in
                      + " holds a null"
                      + " element; IN compares values, use isNull for absent values");
            }
            vs.add(x);
          }
        } else {
          vs.add(v);
        }
      }
      return new Condition.In(in.property(), vs);
    }
    return f;
  }

  private static Object required(Binder b, Param p, Filter<?> where) {
    Object v = b.value(p);
    if (v == null) {
      throw new IllegalArgumentException(
          "parameter "
              + p
              + " of "
              + where
              + " is null; a"
              + " comparison needs a value (query absent values with isNull)");
    }
    return v;
  }

  private static List<Object> spread(Object value) {
    List<Object> out = new ArrayList<>();
    if (value instanceof Iterable<?> it) {
      it.forEach(out::add);
    } else if (value instanceof Object[] a) {
      out.addAll(Arrays.asList(a));
    } else if (value instanceof int[] a) {
      Arrays.stream(a).forEach(out::add);
    } else if (value instanceof long[] a) {
      Arrays.stream(a).forEach(out::add);
    } else if (value instanceof double[] a) {
      Arrays.stream(a).forEach(out::add);
    } else {
      out.add(value);
    }
    return out;
  }

  private static <T> void collectParams(Filter<T> f, Set<Param> out) {
    if (f instanceof Filter.Not<T> n) {
      collectParams(n.filter(), out);
    } else if (f instanceof Filter.And<T> a) {
      a.filters().forEach(x -> collectParams(x, out));
    } else if (f instanceof Filter.Or<T> o) {
      o.filters().forEach(x -> collectParams(x, out));
    } else if (f instanceof Condition.Eq<T, ?> e) {
      addParam(e.value(), out);
    } else if (f instanceof Condition.Range<T, ?> r) {
      addParam(r.lower(), out);
      addParam(r.upper(), out);
    } else if (f instanceof Condition.Like<T> l) {
      addParam(l.value(), out);
    } else if (f instanceof Condition.In<T, ?> in) {
      in.values().forEach(v -> addParam(v, out));
    }
  }

  private static void addParam(Object v, Set<Param> out) {
    if (v instanceof Param p) {
      out.add(p);
    }
  }

  // ---- text ----------------------------------------------------------------------------------

  /**
   * A stable, unambiguous text form; cursors are bound to it so a cursor cannot be replayed on
   * another query. Values are quoted and escaped, so no value can make two queries look alike. A
   * plan of eq, prefix and range conditions with at most one ascending sort key keeps the form
   * earlier versions gave it, so cursors issued before stay valid.
   */
  public String canonical() {
    StringBuilder b = new StringBuilder();
    for (Filter<T> f : filters) {
      canonical(b, f);
    }
    boolean simpleOrder =
        sorts.isEmpty()
            || (sorts.size() == 1 && !sorts.get(0).descending() && !sorts.get(0).ignoreCase());
    b.append("order(");
    if (simpleOrder) {
      b.append(sorts.isEmpty() ? "" : sorts.get(0).property().storedName());
    } else {
      for (Sort<T> s : sorts) {
        b.append(s.property().storedName())
            .append(s.descending() ? ",desc" : ",asc")
            .append(s.ignoreCase() ? ",ci;" : ";");
      }
    }
    b.append(")limit(").append(limit).append(')');
    if (offset != 0) {
      b.append("skip(").append(offset).append(')');
    }
    return b.toString();
  }

  private static <T> void canonical(StringBuilder b, Filter<T> f) {
    if (f instanceof Filter.Not<T> n) {
      b.append("not(");
      canonical(b, n.filter());
    } else if (f instanceof Filter.And<T> a) {
      b.append("and(");
      a.filters().forEach(x -> canonical(b, x));
    } else if (f instanceof Filter.Or<T> o) {
      b.append("or(");
      o.filters().forEach(x -> canonical(b, x));
    } else if (f instanceof Condition.Eq<T, ?> eq) {
      b.append(eq.ignoreCase() ? "eqci(" : "eq(").append(eq.property().storedName()).append(',');
      quote(b, eq.value());
    } else if (f instanceof Condition.Prefix<T> p) {
      b.append("prefix(").append(p.property().storedName()).append(',');
      quote(b, p.prefix());
    } else if (f instanceof Condition.Range<T, ?> r) {
      b.append(r.ignoreCase() ? "rangeci(" : "range(")
          .append(r.property().storedName())
          .append(',');
      quote(b, r.lower());
      b.append(r.lowerInclusive() ? ",incl," : ",excl,");
      quote(b, r.upper());
      b.append(r.upperInclusive() ? ",incl" : ",excl");
    } else if (f instanceof Condition.In<T, ?> in) {
      b.append("in(").append(in.property().storedName());
      for (Object v : in.values()) {
        b.append(',');
        quote(b, v);
      }
    } else if (f instanceof Condition.Like<T> l) {
      b.append(l.ignoreCase() ? "likeci(" : "like(")
          .append(l.property().storedName())
          .append(',')
          .append(l.mode())
          .append(',');
      quote(b, l.value());
      b.append(',');
      quote(b, l.escape());
    } else if (f instanceof Condition.Null<T> n) {
      b.append("null(").append(n.property().storedName());
    }
    b.append(')');
  }

  private static void quote(StringBuilder b, Object value) {
    if (value == null) {
      b.append("null");
      return;
    }
    if (value instanceof Param p) {
      b.append(p);
      return;
    }
    b.append('"');
    String s =
        value instanceof byte[] bytes
            ? java.util.Base64.getEncoder().encodeToString(bytes)
            : String.valueOf(value);
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '"' || ch == '\\') {
        b.append('\\');
      }
      b.append(ch);
    }
    b.append('"');
  }

  @Override
  public String toString() {
    String where = filters.isEmpty() ? "all" : filters.toString();
    boolean simpleOrder = sorts.size() <= 1 && sorts.stream().noneMatch(s -> s.descending());
    return where
        + (simpleOrder ? "" : " order by " + sorts)
        + (offset != 0 ? " skip " + offset : "");
  }
}
