package io.osmos.exceptions;

/**
 * The driver cannot evaluate a query with its indexes (e.g. a condition on a field without
 * {@code @Index}); Osmos never falls back to a full scan.
 */
public class UnsupportedQueryException extends OsmosException {
  private static final long serialVersionUID = 1L;

  public UnsupportedQueryException(String message) {
    super(message);
  }

  public UnsupportedQueryException(String message, Throwable cause) {
    super(message, cause);
  }
}
