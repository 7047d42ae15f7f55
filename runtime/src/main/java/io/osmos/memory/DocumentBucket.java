package io.osmos.memory;

import io.osmos.query.Property;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.TupleKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One document bucket of a {@link MemoryDriver}: documents by key (ordered by their {@link
 * TupleKey} encoding) and one ordered index per {@code @Index} field, guarded by one read-write
 * lock so that a write and its index changes are one atomic step.
 */
final class DocumentBucket {
  /**
   * A stored document: its key encoding and components, its tree (never mutated once stored), its
   * version, and per index the value and the entry it is indexed under (null: not indexed, for raw
   * data whose index field does not decode).
   */
  record Doc(
      byte[] key,
      Object[] keyComponents,
      Map<String, Object> tree,
      long version,
      Object[] indexValues,
      byte[][] indexEntries) {}

  final String name;
  final ModelSchema<?, ?> schema;
  final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  final NavigableMap<byte[], Doc> docs = new TreeMap<>(TupleKey::compare);

  /** Per index: entry encoding {@code (value, key...)} to document key. */
  final List<NavigableMap<byte[], byte[]>> indexes = new ArrayList<>();

  /** The last generated {@code long} key; guarded by the write lock. */
  long sequence;

  DocumentBucket(String name, ModelSchema<?, ?> schema) {
    this.name = name;
    this.schema = schema;
    for (int i = 0; i < schema.indexes().size(); i++) {
      indexes.add(new TreeMap<>(TupleKey::compare));
    }
  }

  /**
   * Fails unless {@code other} stores documents the way the bound schema does (two repositories of
   * one model, or two copies of its schema, share a bucket; two different models cannot).
   */
  void checkCompatible(ModelSchema<?, ?> other) {
    checkSameLayout(name, schema, other);
  }

  /** Fails unless {@code other} has the fields, key and indexes of {@code bound}. */
  static void checkSameLayout(String bucket, ModelSchema<?, ?> bound, ModelSchema<?, ?> other) {
    if (other == bound) {
      return;
    }
    if (!other.fields().equals(bound.fields())
        || !storedNames(other.keyProperties()).equals(storedNames(bound.keyProperties()))
        || !storedNames(other.indexes()).equals(storedNames(bound.indexes()))) {
      throw new IllegalArgumentException(
          "memory bucket '"
              + bucket
              + "' is bound to model "
              + bound.modelName()
              + ", whose fields, key or indexes differ from "
              + other.modelName()
              + "'s; give "
              + other.modelName()
              + " a bucket of its own");
    }
  }

  private static List<String> storedNames(List<? extends Property<?, ?>> props) {
    List<String> names = new ArrayList<>(props.size());
    for (Property<?, ?> p : props) {
      names.add(p.storedName());
    }
    return names;
  }

  /** Stores {@code doc}, replacing the document with its key; call with the write lock held. */
  void put(Doc doc) {
    remove(doc.key());
    docs.put(doc.key(), doc);
    for (int i = 0; i < indexes.size(); i++) {
      if (doc.indexEntries()[i] != null) {
        indexes.get(i).put(doc.indexEntries()[i], doc.key());
      }
    }
  }

  /** Removes the document with {@code key} and its index entries; call with the write lock held. */
  Doc remove(byte[] key) {
    Doc old = docs.remove(key);
    if (old != null) {
      for (int i = 0; i < indexes.size(); i++) {
        if (old.indexEntries()[i] != null) {
          indexes.get(i).remove(old.indexEntries()[i]);
        }
      }
    }
    return old;
  }

  /** The entry encoding of an index value: the value, then the key's components. */
  static byte[] indexEntry(Object value, Object[] keyComponents) {
    Object[] elements = new Object[keyComponents.length + 1];
    elements[0] = value;
    System.arraycopy(keyComponents, 0, elements, 1, keyComponents.length);
    return TupleKey.encode(elements);
  }

  @Override
  public String toString() {
    return "bucket " + Objects.toString(name);
  }
}
