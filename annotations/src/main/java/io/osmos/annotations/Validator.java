package io.osmos.annotations;

/**
 * A custom check named by {@link Validate}. Called only with non-null values.
 *
 * @param <T> the type checked
 */
@FunctionalInterface
public interface Validator<T> {
  /**
   * Checks a value.
   *
   * @return {@code null} when the value is valid, otherwise a message saying what is wrong
   */
  String check(T value);
}
