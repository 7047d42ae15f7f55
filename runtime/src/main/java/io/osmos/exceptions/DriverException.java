package io.osmos.exceptions;

/**
 * The store or its client failed: connection lost, server error, timeout. The cause is the client's
 * exception.
 */
public class DriverException extends OsmosException {
  private static final long serialVersionUID = 1L;

  public DriverException(String message) {
    super(message);
  }

  public DriverException(String message, Throwable cause) {
    super(message, cause);
  }
}
