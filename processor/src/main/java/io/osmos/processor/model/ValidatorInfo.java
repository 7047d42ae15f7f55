package io.osmos.processor.model;

/**
 * The class a {@code @Validate} names, and how it fits the value it is on.
 *
 * @param type the class; null when the value names no class
 * @param checkedType the {@code T} of the {@code Validator<T>} it implements, as users write it;
 *     null when it cannot be determined
 * @param fitsValue whether a value of the constrained type is a {@code T}; true when there is no
 *     declared type to compare (a container's elements)
 */
public record ValidatorInfo(ClassRef type, String checkedType, boolean fitsValue) {
  /** The class's simple name, {@code ?} when there is none. */
  public String simpleName() {
    return type == null ? "?" : type.simpleName();
  }
}
