package io.osmos.codec;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored field names of one object type, in a fixed order, with a lookup from name to index.
 * Generated codecs hold one as a constant and switch on the index {@link FieldReader#nextField}
 * returns.
 *
 * <p>A table may also hold former names ({@code @Field(aliases)}): fields are read under them but
 * written under their current name. They follow the fields, in the order added with {@link
 * #withAlias}, so the first alias of a table with {@code n} fields has index {@code n}; {@link
 * #field(int)} maps it to the field it names.
 */
public final class FieldNames {
  private final FieldName[] names;
  private final int fields;

  /** For each alias, in order, the index of its field. */
  private final int[] aliasOf;

  private final Map<String, Integer> indexes;
  // Formats cache their encoding of the whole table here (JSON keeps the names' pre-encoded forms
  // in one array, one load away from the reader); written once, racy but idempotent.
  private volatile Object formatCache;

  private FieldNames(String[] names, int fields, int[] aliasOf) {
    this.names = new FieldName[names.length];
    this.fields = fields;
    this.aliasOf = aliasOf;
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
    return new FieldNames(names.clone(), names.length, new int[0]);
  }

  /**
   * This table with one more former name of the field at {@code field}: a stored value under {@code
   * alias} is read as that field's value. The alias's index is {@link #size()} of this table.
   *
   * @throws IllegalArgumentException if {@code field} is not a field's index, or the name is taken
   */
  public FieldNames withAlias(String alias, int field) {
    if (field < 0 || field >= fields) {
      throw new IllegalArgumentException(
          "alias \"" + alias + "\" names field " + field + ", but the table has " + fields);
    }
    String[] all = new String[names.length + 1];
    for (int i = 0; i < names.length; i++) {
      all[i] = names[i].value();
    }
    all[names.length] = alias;
    int[] of = Arrays.copyOf(aliasOf, aliasOf.length + 1);
    of[aliasOf.length] = field;
    return new FieldNames(all, fields, of);
  }

  /** The name at {@code index}: a field's current name, or a former one. */
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

  /** How many names the table holds: the fields, then the former names. */
  public int size() {
    return names.length;
  }

  /** How many fields the table holds (the names before the former names). */
  public int fields() {
    return fields;
  }

  /**
   * The index of the field {@code index} stands for: itself for a field, its field for an alias.
   */
  public int field(int index) {
    return index < fields ? index : aliasOf[index - fields];
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
