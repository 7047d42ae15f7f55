package io.osmos.query;

import io.osmos.codec.FieldDescriptor;
import io.osmos.codec.ValueCodec;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
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
    if (compare(lower, upper) > 0) {
      throw new IllegalArgumentException(
          name() + ".between(" + lower + ", " + upper + "): lower bound is above the upper bound");
    }
    return range(lower, true, upper, true);
  }

  /**
   * The order values are stored and ranged in: {@code compareTo}, except for strings (by code
   * point, where {@code compareTo} goes by UTF-16 unit and puts U+10000 and above before U+FFFF)
   * and UUIDs (as 128 unsigned bits, where {@code compareTo} compares signed halves).
   */
  private static <V extends Comparable<? super V>> int compare(V a, V b) {
    if (a instanceof String s && b instanceof String t) {
      return Arrays.compare(s.codePoints().toArray(), t.codePoints().toArray());
    }
    if (a instanceof UUID u && b instanceof UUID w) {
      int c = Long.compareUnsigned(u.getMostSignificantBits(), w.getMostSignificantBits());
      return c != 0
          ? c
          : Long.compareUnsigned(u.getLeastSignificantBits(), w.getLeastSignificantBits());
    }
    return a.compareTo(b);
  }

  private Query<T> range(V lower, boolean lowerInclusive, V upper, boolean upperInclusive) {
    return Query.of(new Condition.Range<>(this, lower, lowerInclusive, upper, upperInclusive));
  }
}
