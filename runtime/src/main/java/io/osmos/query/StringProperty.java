package io.osmos.query;

import io.osmos.codec.FieldDescriptor;
import io.osmos.codec.ValueCodec;
import java.util.Objects;
import java.util.function.Function;

/**
 * A {@code String} property: adds prefix queries.
 *
 * @param <T> the model
 */
public class StringProperty<T> extends ComparableProperty<T, String> {
  public StringProperty(
      FieldDescriptor descriptor, ValueCodec<String> codec, Function<T, String> getter) {
    super(descriptor, codec, getter);
  }

  /** Models whose field starts with {@code prefix} (compared by code point, case-sensitive). */
  public Query<T> prefix(String prefix) {
    return Query.of(new Condition.Prefix<>(this, Objects.requireNonNull(prefix, "prefix")));
  }
}
