package io.osmos.codec;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored field names of one object type, in a fixed order, with a lookup from name to index.
 * Generated codecs hold one as a constant and switch on the index {@link FieldReader#nextField}
 * returns.
 */
public final class FieldNames {
  private final FieldName[] names;
  private final Map<String, Integer> indexes;
  // Formats cache their encoding of the whole table here (JSON keeps the names' pre-encoded forms
  // in one array, one load away from the reader); written once, racy but idempotent.
  private volatile Object formatCache;

  private FieldNames(String[] names) {
    this.names = new FieldName[names.length];
    this.indexes = new HashMap<>(names.length * 2);
    for (int i = 0; i < names.length; i++) {
      this.names[i] = new FieldName(names[i], i);
      if (indexes.put(names[i], i) != null) {
        throw new IllegalArgumentException("duplicate field name " + names[i]);
      }
    }
  }

  /** A table of the given names; index i is {@code names[i]}. */
  public static FieldNames of(String... names) {
    return new FieldNames(names.clone());
  }

  /** The name at {@code index}. */
  public FieldName name(int index) {
    return names[index];
  }

  /** The index of {@code name}, or -1 when the type has no such field. */
  public int indexOf(String name) {
    Integer i = indexes.get(name);
    return i == null ? -1 : i;
  }

  /**
   * The index of {@code name}, trying {@code expected} first (readers pass the index that follows
   * the last field read, which matches when the stored order is the written order).
   */
  public int indexOf(String name, int expected) {
    if (expected >= 0 && expected < names.length && names[expected].value().equals(name)) {
      return expected;
    }
    return indexOf(name);
  }

  public int size() {
    return names.length;
  }

  /** A format's cached encoding of the whole table, or null. */
  public Object formatCache() {
    return formatCache;
  }

  /** Stores a format's encoding of the whole table (formats share one slot: JSON uses it). */
  public void formatCache(Object encoded) {
    this.formatCache = encoded;
  }

  /** The names in order. */
  public List<FieldName> all() {
    return Arrays.asList(names.clone());
  }
}
