package io.osmos.query;

import io.osmos.codec.ValueCodec;
import io.osmos.schema.FieldDescriptor;
import java.util.Objects;
import java.util.function.Function;

/**
 * A property of an ordered type: numbers, strings, instants, dates, UUIDs, enums (by name).
 *
 * @param <T> the model
 * @param <V> the field's type
 */
public class ComparableProperty<T, V extends Comparable<? super V>> extends Property<T, V> {
  public ComparableProperty(
      FieldDescriptor descriptor, ValueCodec<V> codec, Function<T, V> getter) {
    super(descriptor, codec, getter);
  }

  public Query<T> gt(V value) {
    return range(Objects.requireNonNull(value), false, null, false);
  }

  public Query<T> gte(V value) {
    return range(Objects.requireNonNull(value), true, null, false);
  }

  public Query<T> lt(V value) {
    return range(null, false, Objects.requireNonNull(value), false);
  }

  public Query<T> lte(V value) {
    return range(null, false, Objects.requireNonNull(value), true);
  }

  /** Values from {@code lower} to {@code upper}, both included. */
  public Query<T> between(V lower, V upper) {
    Objects.requireNonNull(lower, "lower");
    Objects.requireNonNull(upper, "upper");
    if (lower.compareTo(upper) > 0) {
      throw new IllegalArgumentException(
          name() + ".between(" + lower + ", " + upper + "): lower bound is above the upper bound");
    }
    return range(lower, true, upper, true);
  }

  private Query<T> range(V lower, boolean lowerInclusive, V upper, boolean upperInclusive) {
    return Query.of(new Condition.Range<>(this, lower, lowerInclusive, upper, upperInclusive));
  }
}
