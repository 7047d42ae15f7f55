package io.osmos.query;

import io.osmos.codec.FieldDescriptor;
import io.osmos.codec.ValueCodec;
import java.util.Objects;
import java.util.function.Function;

/**
 * A typed reference to a top-level field of a model, generated as a constant in the metamodel
 * ({@code User_.email}). Builds queries and patches.
 *
 * @param <T> the model
 * @param <V> the field's Java type (boxed)
 */
public class Property<T, V> {
  private final FieldDescriptor descriptor;
  private final ValueCodec<V> codec;
  private final Function<T, V> getter;

  public Property(FieldDescriptor descriptor, ValueCodec<V> codec, Function<T, V> getter) {
    this.descriptor = Objects.requireNonNull(descriptor);
    this.codec = Objects.requireNonNull(codec);
    this.getter = Objects.requireNonNull(getter);
  }

  public FieldDescriptor descriptor() {
    return descriptor;
  }

  /** The name in the store. */
  public String storedName() {
    return descriptor.storedName();
  }

  /** The Java name. */
  public String name() {
    return descriptor.javaName();
  }

  public ValueCodec<V> codec() {
    return codec;
  }

  /** The field's value in {@code model} (boxed; null when absent). */
  public V get(T model) {
    return getter.apply(model);
  }

  /** Whether the field carries {@code @Index} or is the (single) key. */
  public boolean queryable() {
    return descriptor.indexed() || descriptor.role() == FieldDescriptor.Role.KEY;
  }

  /** Models whose field equals {@code value}. */
  public Query<T> eq(V value) {
    return Query.of(new Condition.Eq<>(this, Objects.requireNonNull(value, "value")));
  }

  /** Models whose field is one of {@code values} (none for an empty collection). */
  public Query<T> in(java.util.Collection<? extends V> values) {
    return Query.of(new Condition.In<>(this, new java.util.ArrayList<>(values)));
  }

  /** Models whose field is absent (null). */
  public Query<T> isNull() {
    return Query.of(new Condition.Null<>(this));
  }

  /** Models whose field is present (not null). */
  public Query<T> isNotNull() {
    return Query.where(Condition.isNotNull(this));
  }

  /** Ascending on this field. */
  public Sort<T> asc() {
    return Sort.asc(this);
  }

  /** Descending on this field. */
  public Sort<T> desc() {
    return Sort.desc(this);
  }

  @Override
  public String toString() {
    return descriptor.javaName();
  }
}
