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

  /** Models whose field equals {@code value} ignoring case (see {@link Condition}). */
  public Query<T> eqIgnoreCase(String value) {
    return Query.of(new Condition.Eq<>(this, Objects.requireNonNull(value, "value"), true));
  }

  /** Models whose field matches the LIKE {@code pattern} ({@code %}, {@code _}, no escape). */
  public Query<T> like(String pattern) {
    return Query.of(Condition.like(this, Objects.requireNonNull(pattern, "pattern")));
  }

  /** Models whose field matches the LIKE {@code pattern} with an escape character. */
  public Query<T> like(String pattern, char escape) {
    return Query.of(Condition.like(this, Objects.requireNonNull(pattern, "pattern"), escape));
  }

  /** Models whose field ends with {@code suffix}, taken literally. */
  public Query<T> endsWith(String suffix) {
    return Query.of(Condition.endsWith(this, Objects.requireNonNull(suffix, "suffix")));
  }

  /** Models whose field contains {@code text}, taken literally. */
  public Query<T> contains(String text) {
    return Query.of(Condition.contains(this, Objects.requireNonNull(text, "text")));
  }
}
