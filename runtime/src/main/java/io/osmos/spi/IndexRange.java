package io.osmos.spi;

import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.query.Condition;
import io.osmos.query.Property;
import io.osmos.query.Query;
import io.osmos.schema.ModelSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one index of a lookup stream that answers a query, and the range of its entries to read.
 * Index 0 is the primary index, whose entries are the key ({@code TupleKey.encode(key...)}); index
 * i + 1 is the i-th {@code @Index}, whose entries are {@code TupleKey.encode(value, key...)}. Like
 * Beneath's key ranges, a query is answered only by equality on a leftmost prefix of an index's
 * fields, then at most one eq, prefix or range condition on the next field, and nothing else; the
 * range then holds exactly the matching records, in index order.
 *
 * <pre>{@code
 * IndexRange r = IndexRange.plan(schema, where);
 * // read the entries of index r.index() from r.range().start() (included) to r.range().end()
 * }</pre>
 *
 * @param index 0 for the primary index, i + 1 for the i-th {@code @Index}
 * @param range the entries to read
 */
public record IndexRange(int index, KeyRange range) {

  /**
   * The first index, primary then each {@code @Index} in declaration order, that answers {@code
   * where}; with an order, only an index whose first field is the order's.
   *
   * @throws UnsupportedQueryException naming the query and the indexes when none can answer it with
   *     one range
   */
  public static <T> IndexRange plan(ModelSchema<T, ?> schema, Query<T> where) {
    Map<String, List<Condition<T>>> byField = new LinkedHashMap<>();
    for (Condition<T> c : where.conditions()) {
      byField.computeIfAbsent(c.property().storedName(), n -> new ArrayList<>()).add(c);
    }
    Property<T, ?> order = where.orderBy();
    List<List<String>> candidates = new ArrayList<>();
    candidates.add(fields(schema, null));
    for (Property<T, ?> p : schema.indexes()) {
      candidates.add(fields(schema, p));
    }
    for (int i = 0; i < candidates.size(); i++) {
      List<String> fields = candidates.get(i);
      if (order != null && !fields.get(0).equals(order.storedName())) {
        continue;
      }
      KeyRange r = range(fields, byField);
      if (r != null) {
        return new IndexRange(i, r);
      }
    }
    List<String> described = new ArrayList<>();
    for (List<String> f : candidates) {
      described.add("(" + String.join(", ", f) + ")");
    }
    throw new UnsupportedQueryException(
        "cannot evaluate "
            + where
            + (order != null ? " ordered by " + order.storedName() : "")
            + " on stream "
            + schema.modelName()
            + " with its indexes "
            + described
            + ": a lookup query must constrain a leftmost prefix"
            + " of the key or of one index, with eq on the leading fields and at most one eq, prefix,"
            + " gt, gte, lt or lte on the field after them (composite keys are indexed starting with"
            + " the leftmost field)");
  }

  /**
   * The fields of an index's entries in order: the indexed field (unless primary), then every key
   * field, even one that is the indexed field again, because the entries hold it twice.
   */
  private static <T> List<String> fields(ModelSchema<T, ?> schema, Property<T, ?> indexed) {
    List<String> fields = new ArrayList<>();
    if (indexed != null) {
      fields.add(indexed.storedName());
    }
    for (Property<T, ?> k : schema.keyProperties()) {
      fields.add(k.storedName());
    }
    return fields;
  }

  /** The range of an index's entries the conditions select, or null when the index cannot. */
  private static <T> KeyRange range(List<String> fields, Map<String, List<Condition<T>>> byField) {
    int used = 0;
    byte[] prefix = new byte[0];
    KeyRange range = null;
    List<String> seen = new ArrayList<>();
    for (String f : fields) {
      List<Condition<T>> cs = byField.get(f);
      // A field met again (an @Index on a key field) ends the prefix: its second copy sits
      // between the fields before it and the ones after it in every entry.
      if (cs == null || seen.contains(f)) {
        break;
      }
      seen.add(f);
      used++;
      Object eq = equalValue(cs);
      if (eq != null) {
        prefix = KeyRange.concat(prefix, TupleKey.encode(eq));
        continue;
      }
      range = KeyRange.startingWith(prefix);
      for (Condition<T> c : cs) {
        range = range.intersect(KeyRange.of(c, prefix));
      }
      break;
    }
    if (used != byField.size()) {
      return null;
    }
    return range != null ? range : KeyRange.startingWith(prefix);
  }

  /** The value when every condition is an equality on one value, else null. */
  private static Object equalValue(List<? extends Condition<?>> cs) {
    Object value = null;
    for (Condition<?> c : cs) {
      if (!(c instanceof Condition.Eq<?, ?> eq)) {
        return null;
      }
      if (value != null && !Arrays.equals(TupleKey.encode(value), TupleKey.encode(eq.value()))) {
        return null;
      }
      value = eq.value();
    }
    return value;
  }
}
