package io.osmos.exceptions;

/** {@code insert} found a model with the same key already stored. */
public class DuplicateKeyException extends OsmosException {
  private static final long serialVersionUID = 1L;

  public DuplicateKeyException(String message) {
    super(message);
  }

  public DuplicateKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
