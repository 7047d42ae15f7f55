package io.osmos.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A typed query: conditions on indexed fields, all of which must hold, an optional ordering index
 * and an optional limit. Built from metamodel properties:
 *
 * <pre>{@code
 * users.find(User_.age.between(18, 40).and(User_.country.eq("NO")).limit(100), PageRequest.first(20));
 * }</pre>
 *
 * Results are ordered by the index that drives the query (the ordering property if given, else
 * the first condition's field, else the key), then by key, so paging is stable. Drivers evaluate
 * queries with the store's indexes; a condition on a field that has no {@code @Index} is rejected
 * with {@code UnsupportedQueryException}, never answered by a scan.
 *
 * @param <T> the model
 */
public final class Query<T> {
  private static final Query<?> ALL = new Query<>(List.of(), null, 0);

  private final List<Condition<T>> conditions;
  private final Property<T, ?> orderBy;
  private final int limit;

  private Query(List<Condition<T>> conditions, Property<T, ?> orderBy, int limit) {
    this.conditions = conditions;
    this.orderBy = orderBy;
    this.limit = limit;
  }

  /** Every model of the bucket, in key order. */
  @SuppressWarnings("unchecked")
  public static <T> Query<T> all() {
    return (Query<T>) ALL;
  }

  /** A query of one condition. */
  public static <T> Query<T> of(Condition<T> condition) {
    return new Query<>(List.of(condition), null, 0);
  }

  /** Both this query's conditions and {@code other}'s. */
  public Query<T> and(Query<T> other) {
    List<Condition<T>> all = new ArrayList<>(conditions);
    all.addAll(other.conditions);
    Property<T, ?> order = orderBy != null ? orderBy : other.orderBy;
    int lim = limit == 0 ? other.limit : other.limit == 0 ? limit : Math.min(limit, other.limit);
    return new Query<>(List.copyOf(all), order, lim);
  }

  /** At most {@code n} results in all (pages included). */
  public Query<T> limit(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("limit must be positive, was " + n);
    }
    return new Query<>(conditions, orderBy, n);
  }

  /** Orders results by an indexed property (then by key). */
  public Query<T> orderBy(Property<T, ?> property) {
    return new Query<>(conditions, Objects.requireNonNull(property), limit);
  }

  public List<Condition<T>> conditions() {
    return conditions;
  }

  /** The ordering property, or null for the default order. */
  public Property<T, ?> orderBy() {
    return orderBy;
  }

  /** The limit, or 0 for none. */
  public int limit() {
    return limit;
  }

  /**
   * The property whose index drives the query: the ordering property, else the first condition's,
   * else null (key order).
   */
  public Property<T, ?> drivingProperty() {
    if (orderBy != null) {
      return orderBy;
    }
    return conditions.isEmpty() ? null : conditions.get(0).property();
  }

  /**
   * A stable, unambiguous text form; cursors are bound to it so a cursor cannot be replayed on
   * another query. Values are quoted and escaped, so no value can make two queries look alike.
   */
  public String canonical() {
    StringBuilder b = new StringBuilder();
    for (Condition<T> c : conditions) {
      if (c instanceof Condition.Eq<T, ?> eq) {
        b.append("eq(").append(eq.property().storedName()).append(',');
        quote(b, eq.value());
      } else if (c instanceof Condition.Prefix<T> p) {
        b.append("prefix(").append(p.property().storedName()).append(',');
        quote(b, p.prefix());
      } else if (c instanceof Condition.Range<T, ?> r) {
        b.append("range(").append(r.property().storedName()).append(',');
        quote(b, r.lower());
        b.append(r.lowerInclusive() ? ",incl," : ",excl,");
        quote(b, r.upper());
        b.append(r.upperInclusive() ? ",incl" : ",excl");
      }
      b.append(')');
    }
    b.append("order(").append(orderBy == null ? "" : orderBy.storedName());
    b.append(")limit(").append(limit).append(')');
    return b.toString();
  }

  private static void quote(StringBuilder b, Object value) {
    if (value == null) {
      b.append("null");
      return;
    }
    b.append('"');
    String s = value instanceof byte[] bytes
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
    return conditions.isEmpty() ? "all" : conditions.toString();
  }
}
