package io.osmos.annotations;

/**
 * Turns an application value into a stored value and back (Osmos's transformers). Both directions
 * must be total for non-null values; nulls are never passed in.
 *
 * @param <A> the type the application uses
 * @param <S> the type that is stored; one of the supported field types
 */
public interface Converter<A, S> {
  /** Application value to stored value. */
  S toStored(A value);

  /** Stored value to application value; throw {@link IllegalArgumentException} for bad input. */
  A fromStored(S stored);
}
