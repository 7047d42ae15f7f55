package io.osmos.exceptions;

/** A {@code will} hook refused the operation; nothing was written. */
public class HookVetoException extends OsmosException {
  private static final long serialVersionUID = 1L;

  public HookVetoException(String message) {
    super(message);
  }
}
