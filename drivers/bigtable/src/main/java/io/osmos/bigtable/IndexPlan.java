package io.osmos.bigtable;

import io.osmos.UnsupportedQueryException;
import io.osmos.query.Condition;
import io.osmos.query.Property;
import io.osmos.query.Query;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.TupleKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a query into one row range of one index, as Beneath's key ranges do: equality on a
 * leftmost prefix of the index's fields, then at most one eq, prefix or range condition on the
 * next field, and nothing else. The primary index (the key fields) is tried first, then each
 * {@code @Index} (its field, then the key fields) in declaration order.
 *
 * @param index 0 for the primary index, i + 1 for the i-th {@code @Index}
 * @param range the entries to read, without the index's hash prefix
 */
record IndexPlan(int index, KeyRange range) {

  /**
   * The plan for {@code where}.
   *
   * @throws UnsupportedQueryException when no index can answer it with one range
   */
  static <T> IndexPlan of(ModelSchema<T, ?> schema, Query<T> where) {
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
        return new IndexPlan(i, r);
      }
    }
    List<String> described = new ArrayList<>();
    for (List<String> f : candidates) {
      described.add("(" + String.join(", ", f) + ")");
    }
    throw new UnsupportedQueryException("cannot evaluate " + where + (order != null
        ? " ordered by " + order.storedName() : "") + " on stream " + schema.modelName()
        + " with its Bigtable indexes " + described + ": a lookup query must constrain a"
        + " leftmost prefix of the key or of one index, with eq on the leading fields and at"
        + " most one eq, prefix, gt, gte, lt or lte on the field after them (composite keys are"
        + " indexed starting with the leftmost field)");
  }

  /** The index's fields: the indexed field (unless primary), then the key fields. */
  private static <T> List<String> fields(ModelSchema<T, ?> schema, Property<T, ?> indexed) {
    List<String> fields = new ArrayList<>();
    if (indexed != null) {
      fields.add(indexed.storedName());
    }
    for (Property<T, ?> k : schema.keyProperties()) {
      if (!fields.contains(k.storedName())) {
        fields.add(k.storedName());
      }
    }
    return fields;
  }

  /** The range of an index's entries the conditions select, or null when the index cannot. */
  private static <T> KeyRange range(List<String> fields,
      Map<String, List<Condition<T>>> byField) {
    int used = 0;
    byte[] prefix = new byte[0];
    KeyRange range = null;
    for (String f : fields) {
      List<Condition<T>> cs = byField.get(f);
      if (cs == null) {
        break;
      }
      used++;
      Object eq = equalValue(cs);
      if (eq != null) {
        prefix = KeyRange.concat(prefix, TupleKey.encode(eq));
        continue;
      }
      range = KeyRange.prefix(prefix);
      for (Condition<T> c : cs) {
        range = range.intersect(KeyRange.of(c, prefix));
      }
      break;
    }
    if (used != byField.size()) {
      return null;
    }
    return range != null ? range : prefix.length == 0 ? KeyRange.ALL : KeyRange.prefix(prefix);
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
