package io.osmos.exceptions;

/**
 * One failed constraint of a {@link ValidationException}: where (the dotted path, {@code
 * address.city}, {@code tags[2]}), what, and the offending value.
 */
public record Violation(String path, String message, Object invalidValue) {
  @Override
  public String toString() {
    return path + ": " + message;
  }
}
