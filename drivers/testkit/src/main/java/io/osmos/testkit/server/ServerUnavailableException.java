package io.osmos.testkit.server;

/**
 * A test server could not be started or reached. The message says what is missing and how to
 * provide it (a package to install, an environment variable naming a running server).
 */
public class ServerUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ServerUnavailableException(String message) {
    super(message);
  }

  public ServerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
