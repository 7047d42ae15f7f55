package io.osmos.exceptions;

/** A page cursor was malformed, tampered with, expired, or belongs to another query or bucket. */
public class InvalidCursorException extends OsmosException {
  private static final long serialVersionUID = 1L;

  public InvalidCursorException(String message) {
    super(message);
  }

  public InvalidCursorException(String message, Throwable cause) {
    super(message, cause);
  }
}
