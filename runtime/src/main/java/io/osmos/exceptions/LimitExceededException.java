package io.osmos.exceptions;

/**
 * A write or read is over a limit the driver declares (key size, record size, batch size, message
 * size, read limit).
 */
public class LimitExceededException extends OsmosException {
  private static final long serialVersionUID = 1L;

  public LimitExceededException(String message) {
    super(message);
  }

  public LimitExceededException(String message, Throwable cause) {
    super(message, cause);
  }
}
