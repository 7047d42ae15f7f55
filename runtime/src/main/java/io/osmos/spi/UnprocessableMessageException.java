package io.osmos.spi;

/**
 * Thrown by a {@link MessageQueue.MessageHandler} for a message that no delivery can process (it
 * does not decode, it is over the reader's limits): the queue moves it to the dead letter at once
 * instead of delivering it again (see {@link DeadLetterPolicy}).
 */
public class UnprocessableMessageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnprocessableMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
