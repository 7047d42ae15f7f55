package io.osmos.spi;

/**
 * A connection to a store, registered with {@code Osmos} under a name. A driver implements one or
 * more capability interfaces ({@link DocumentStore}, {@link ChangeFeed}, {@link MessageQueue},
 * {@link LookupService}, {@link WarehouseService}); a repository checks at bind time that its
 * driver offers what it needs. Drivers are safe for concurrent use and pool their connections.
 */
public interface Driver extends AutoCloseable {
  /**
   * The implementation's short name for messages: {@code memory}, {@code redis}, {@code postgres}.
   */
  String kind();

  /** The limits the driver enforces before writing. */
  default DriverLimits limits() {
    return DriverLimits.DEFAULT;
  }

  /** Releases connections and threads. */
  @Override
  default void close() {}
}
