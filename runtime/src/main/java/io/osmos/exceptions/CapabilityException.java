package io.osmos.exceptions;

/**
 * The driver does not offer the capability an operation needs (e.g. a {@code find} on a pure
 * message queue).
 */
public class CapabilityException extends OsmosException {
  private static final long serialVersionUID = 1L;

  public CapabilityException(String message) {
    super(message);
  }

  public CapabilityException(String message, Throwable cause) {
    super(message, cause);
  }
}
