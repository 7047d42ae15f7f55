package io.osmos.query;

import io.osmos.codec.FieldDescriptor;
import io.osmos.codec.ValueCodec;
import java.util.function.Function;

/**
 * A numeric property ({@code int}, {@code long}, {@code double}, ... and their wrappers): patches
 * can increment it atomically.
 *
 * @param <T> the model
 * @param <V> the boxed number type
 */
public class NumberProperty<T, V extends Number & Comparable<? super V>>
    extends ComparableProperty<T, V> {
  public NumberProperty(FieldDescriptor descriptor, ValueCodec<V> codec, Function<T, V> getter) {
    super(descriptor, codec, getter);
  }

  /** Whether the stored value is a floating-point number (increments are then doubles). */
  public boolean floating() {
    return switch (descriptor().type().kind()) {
      case FLOAT32, FLOAT64 -> true;
      default -> false;
    };
  }
}
