package io.osmos.query;

/**
 * One condition of a {@link Query}, on one top-level field. Drivers evaluate them with the store's
 * own indexes.
 *
 * @param <T> the model
 */
public sealed interface Condition<T> permits Condition.Eq, Condition.Prefix, Condition.Range {
  Property<T, ?> property();

  /** {@code property == value}. */
  record Eq<T, V>(Property<T, V> property, V value) implements Condition<T> {
    @Override
    public String toString() {
      return property + " = " + value;
    }
  }

  /** {@code property} starts with {@code prefix}. */
  record Prefix<T>(Property<T, String> property, String prefix) implements Condition<T> {
    @Override
    public String toString() {
      return property + " starts with '" + prefix + "'";
    }
  }

  /** {@code lower <(=) property <(=) upper}; a null bound is open. */
  record Range<T, V>(
      Property<T, V> property, V lower, boolean lowerInclusive, V upper, boolean upperInclusive)
      implements Condition<T> {
    @Override
    public String toString() {
      StringBuilder b = new StringBuilder();
      if (lower != null) {
        b.append(lower).append(lowerInclusive ? " <= " : " < ");
      }
      b.append(property);
      if (upper != null) {
        b.append(upperInclusive ? " <= " : " < ").append(upper);
      }
      return b.toString();
    }
  }
}
