package io.osmos.exceptions;

/** No driver is registered under the name a model or repository asked for. */
public class DriverNotFoundException extends OsmosException {
  private static final long serialVersionUID = 1L;

  public DriverNotFoundException(String message) {
    super(message);
  }

  public DriverNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
