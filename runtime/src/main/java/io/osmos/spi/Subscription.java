package io.osmos.spi;

/** A running subscription. Closing it stops delivery; messages being handled finish first. */
public interface Subscription extends AutoCloseable {
  /** Stops delivery and waits for handlers that are running. */
  @Override
  void close();
}
