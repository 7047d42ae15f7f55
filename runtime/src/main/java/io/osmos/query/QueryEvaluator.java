package io.osmos.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * The reference semantics of a {@link Query}, evaluated on models through the metamodel's accessors
 * (no reflection). Drivers that evaluate queries in process use it; drivers that translate queries
 * for their server follow the same rules, which the conformance suite checks:
 *
 * <ul>
 *   <li>three-valued logic: a comparison with an absent (null) value is unknown, {@code NOT
 *       unknown} is unknown, {@code unknown AND false} is false, {@code unknown OR true} is true,
 *       and a model matches only when every filter is true;
 *   <li>values compare in index order: numbers by value (across boxed types), strings by code
 *       point, UUIDs as unsigned 128-bit numbers, enums by name, booleans {@code false} first;
 *   <li>{@code ignoreCase} compares {@link #lower(String) lower-case forms};
 *   <li>{@code LIKE}: {@code %} matches any run of code points, {@code _} exactly one, the escape
 *       character makes the next one literal; a pattern ending in the escape is an error;
 *   <li>sorting: each sort key in turn, absent values after all others ascending (first
 *       descending), then the caller's tie-break (the key order).
 * </ul>
 */
public final class QueryEvaluator {
  private QueryEvaluator() {}

  /** Whether {@code model} satisfies every filter of {@code query} (which must be bound). */
  public static <T> boolean matches(Query<T> query, T model) {
    for (Filter<T> f : query.filters()) {
      if (!Boolean.TRUE.equals(evaluate(f, model))) {
        return false;
      }
    }
    return true;
  }

  /** The truth of {@code filter} on {@code model}: true, false, or null for unknown. */
  public static <T> Boolean evaluate(Filter<T> filter, T model) {
    if (filter instanceof Filter.Not<T> n) {
      Boolean v = evaluate(n.filter(), model);
      return v == null ? null : !v;
    }
    if (filter instanceof Filter.And<T> a) {
      Boolean result = Boolean.TRUE;
      for (Filter<T> f : a.filters()) {
        Boolean v = evaluate(f, model);
        if (Boolean.FALSE.equals(v)) {
          return false;
        }
        if (v == null) {
          result = null;
        }
      }
      return result;
    }
    if (filter instanceof Filter.Or<T> o) {
      Boolean result = Boolean.FALSE;
      for (Filter<T> f : o.filters()) {
        Boolean v = evaluate(f, model);
        if (Boolean.TRUE.equals(v)) {
          return true;
        }
        if (v == null) {
          result = null;
        }
      }
      return result;
    }
    Condition<T> c = (Condition<T>) filter;
    Object value = c.property().get(model);
    if (c instanceof Condition.Null<T>) {
      return value == null;
    }
    if (value == null) {
      return null;
    }
    if (c instanceof Condition.Eq<T, ?> eq) {
      return compare(value, bound(eq.value(), eq), eq.ignoreCase()) == 0;
    }
    if (c instanceof Condition.Prefix<T> p) {
      return ((String) value).startsWith(p.prefix());
    }
    if (c instanceof Condition.Range<T, ?> r) {
      if (r.lower() != null) {
        int cmp = compare(value, bound(r.lower(), r), r.ignoreCase());
        if (cmp < 0 || (cmp == 0 && !r.lowerInclusive())) {
          return false;
        }
      }
      if (r.upper() != null) {
        int cmp = compare(value, bound(r.upper(), r), r.ignoreCase());
        if (cmp > 0 || (cmp == 0 && !r.upperInclusive())) {
          return false;
        }
      }
      return true;
    }
    if (c instanceof Condition.In<T, ?> in) {
      for (Object v : in.values()) {
        if (compare(value, bound(v, in), false) == 0) {
          return true;
        }
      }
      return false;
    }
    Condition.Like<T> like = (Condition.Like<T>) c;
    bound(like.value(), like);
    return like((String) value, like.pattern(), like.escape(), like.ignoreCase());
  }

  private static Object bound(Object v, Condition<?> c) {
    if (v instanceof Param p) {
      throw new IllegalStateException(
          "parameter " + p + " of " + c + " is not bound; bind the" + " query before running it");
    }
    return v;
  }

  /**
   * The order of {@code query}'s sort keys, then {@code tieBreak} (the key order, so the order is
   * total).
   */
  public static <T> Comparator<T> comparator(Query<T> query, Comparator<T> tieBreak) {
    Comparator<T> order = null;
    List<Sort<T>> sorts = query.sorts();
    if (sorts.isEmpty() && query.isIndexServed() && query.drivingProperty() != null) {
      // The order every driver gives an index-served plan: its driving index, then the key.
      sorts = List.of(Sort.asc(query.drivingProperty()));
    }
    for (Sort<T> s : sorts) {
      Comparator<T> c = (a, b) -> compareForSort(s, s.property().get(a), s.property().get(b));
      order = order == null ? c : order.thenComparing(c);
    }
    return order == null ? tieBreak : order.thenComparing(tieBreak);
  }

  private static <T> int compareForSort(Sort<T> s, Object a, Object b) {
    int c;
    if (a == null || b == null) {
      c = a == null ? (b == null ? 0 : 1) : -1;
    } else {
      c = compare(a, b, s.ignoreCase());
    }
    return s.descending() ? -c : c;
  }

  /**
   * Compares two present values in index order; with {@code ignoreCase}, strings by their
   * lower-case forms.
   *
   * @throws IllegalArgumentException if the values are of kinds that do not compare
   */
  public static int compare(Object a, Object b, boolean ignoreCase) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    if (a instanceof String s && b instanceof String t) {
      return ignoreCase ? compareCodePoints(lower(s), lower(t)) : compareCodePoints(s, t);
    }
    if (a instanceof Number x && b instanceof Number y) {
      return compareNumbers(x, y);
    }
    if (a instanceof UUID u && b instanceof UUID w) {
      int c = Long.compareUnsigned(u.getMostSignificantBits(), w.getMostSignificantBits());
      return c != 0
          ? c
          : Long.compareUnsigned(u.getLeastSignificantBits(), w.getLeastSignificantBits());
    }
    if (a instanceof Enum<?> || b instanceof Enum<?>) {
      if ((a instanceof Enum<?> || a instanceof String)
          && (b instanceof Enum<?> || b instanceof String)) {
        return compare(enumName(a), enumName(b), ignoreCase);
      }
    }
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.compareUnsigned(x, y);
    }
    if (a.getClass() == b.getClass() && a instanceof Comparable<?>) {
      @SuppressWarnings("unchecked")
      Comparable<Object> ca = (Comparable<Object>) a;
      return ca.compareTo(b);
    }
    if (a.equals(b)) {
      return 0;
    }
    throw new IllegalArgumentException("cannot compare " + describe(a) + " with " + describe(b));
  }

  private static String enumName(Object v) {
    return v instanceof Enum<?> e ? e.name() : (String) v;
  }

  private static String describe(Object v) {
    return "'" + v + "' (" + v.getClass().getSimpleName() + ")";
  }

  private static int compareNumbers(Number x, Number y) {
    if (integral(x) && integral(y)) {
      if (x instanceof BigInteger || y instanceof BigInteger) {
        return big(x).compareTo(big(y));
      }
      return Long.compare(x.longValue(), y.longValue());
    }
    return decimal(x).compareTo(decimal(y));
  }

  private static boolean integral(Number n) {
    return n instanceof Integer
        || n instanceof Long
        || n instanceof Short
        || n instanceof Byte
        || n instanceof BigInteger;
  }

  private static BigInteger big(Number n) {
    return n instanceof BigInteger b ? b : BigInteger.valueOf(n.longValue());
  }

  private static BigDecimal decimal(Number n) {
    if (n instanceof BigDecimal d) {
      return d;
    }
    if (n instanceof BigInteger b) {
      return new BigDecimal(b);
    }
    if (n instanceof Double || n instanceof Float) {
      double d = n.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        // Orders NaN and infinities as Double.compare does, after every finite value.
        return d == Double.NEGATIVE_INFINITY
            ? BigDecimal.valueOf(-Double.MAX_VALUE).subtract(BigDecimal.ONE)
            : BigDecimal.valueOf(Double.MAX_VALUE)
                .add(d == Double.POSITIVE_INFINITY ? BigDecimal.ONE : BigDecimal.TEN);
      }
      return new BigDecimal(d);
    }
    return BigDecimal.valueOf(n.longValue());
  }

  private static int compareCodePoints(String s, String t) {
    int i = 0;
    int j = 0;
    while (i < s.length() && j < t.length()) {
      int a = s.codePointAt(i);
      int b = t.codePointAt(j);
      if (a != b) {
        return Integer.compare(a, b);
      }
      i += Character.charCount(a);
      j += Character.charCount(b);
    }
    return Boolean.compare(i < s.length(), j < t.length());
  }

  /**
   * {@code s} in lower case by Unicode's full default mapping ({@code
   * String.toLowerCase(Locale.ROOT)}): what PostgreSQL's {@code lower()} gives under an ICU
   * collation, as the PostgreSQL driver evaluates it.
   */
  public static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /**
   * Whether {@code text} matches the LIKE {@code pattern}.
   *
   * @param escape the escape character, or null for none
   * @param ignoreCase whether to compare lower-case forms
   * @throws IllegalArgumentException if the pattern ends with the escape character
   */
  public static boolean like(String text, String pattern, Character escape, boolean ignoreCase) {
    // As SQL's lower(text) LIKE lower(pattern): the pattern is lower-cased as a whole.
    List<int[]> tokens = tokens(ignoreCase ? lower(pattern) : pattern, escape);
    int[] cps = (ignoreCase ? lower(text) : text).codePoints().toArray();
    return matchesTokens(cps, tokens);
  }

  private static final int ANY_RUN = -1;
  private static final int ANY_ONE = -2;

  /** Each token: {ANY_RUN}, {ANY_ONE} or {literal code point}. */
  private static List<int[]> tokens(String pattern, Character escape) {
    List<int[]> out = new ArrayList<>();
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
        int lit = cps[++i];
        out.add(new int[] {lit});
      } else if (cp == '%') {
        if (out.isEmpty() || out.get(out.size() - 1)[0] != ANY_RUN) {
          out.add(new int[] {ANY_RUN});
        }
      } else if (cp == '_') {
        out.add(new int[] {ANY_ONE});
      } else {
        out.add(new int[] {cp});
      }
    }
    return out;
  }

  /** Dynamic programming over (pattern position, text position): linear space, no backtracking. */
  private static boolean matchesTokens(int[] text, List<int[]> tokens) {
    boolean[] prev = new boolean[text.length + 1];
    prev[0] = true;
    for (int[] token : tokens) {
      boolean[] next = new boolean[text.length + 1];
      int t = token[0];
      if (t == ANY_RUN) {
        boolean any = false;
        for (int k = 0; k <= text.length; k++) {
          any |= prev[k];
          next[k] = any;
        }
      } else {
        for (int k = 1; k <= text.length; k++) {
          next[k] = prev[k - 1] && (t == ANY_ONE || text[k - 1] == t);
        }
      }
      prev = next;
    }
    return prev[text.length];
  }
}
