package io.osmos.exceptions;

/**
 * The stored {@code @Version} was not the one given: someone else changed the model first. Re-read
 * and retry.
 */
public class ConcurrentUpdateException extends OsmosException {
  private static final long serialVersionUID = 1L;

  public ConcurrentUpdateException(String message) {
    super(message);
  }

  public ConcurrentUpdateException(String message, Throwable cause) {
    super(message, cause);
  }
}
