package io.osmos;

import io.osmos.spi.Driver;
import io.osmos.spi.LookupService;
import io.osmos.spi.MessageQueue;
import io.osmos.spi.WarehouseService;
import java.util.Objects;

/**
 * Composes Beneath's three stream services into one driver, registered under one name:
 *
 * <pre>{@code
 * Osmos osmos = Osmos.builder()
 *     .driver("events", Streams.of(new MemoryDriver(), new MemoryDriver(), new DuckDbDriver()))
 *     .build();
 * ClickEventRepository clicks = new ClickEventRepository(osmos);   // @Model(driver = "events")
 * try (Pipeline pipeline = osmos.pipeline("events").start()) {
 *   clicks.publish(click);          // onto the queue; the pipeline writes lookup and warehouse
 * }
 * }</pre>
 *
 * The driver delegates each capability to its service: publish and subscribe to the queue, lookup
 * tables to the lookup service, warehouse tables and queries to the warehouse. It remembers every
 * stream model a repository binds through it, so that a {@link Pipeline} started on it processes
 * them without being told. Its limits are the smallest of its services' (Beneath's rule), and
 * closing it closes each service once (the same object may serve twice, e.g. one {@code
 * MemoryDriver} as queue and lookup service).
 *
 * <p>See {@code docs/streams.md} for the write path, the pipeline and its guarantees.
 */
public final class Streams {
  private Streams() {}

  /**
   * A driver offering a {@link MessageQueue} and a {@link LookupService}, without a warehouse:
   * stream repositories bound to it have no SQL queries, and the pipeline writes the lookup service
   * only.
   */
  public static Driver of(MessageQueue queue, LookupService lookup) {
    return new StreamsDriver(
        Objects.requireNonNull(queue, "queue"), Objects.requireNonNull(lookup, "lookup"));
  }

  /**
   * A driver offering a {@link MessageQueue}, a {@link LookupService} and a {@link
   * WarehouseService}, each by delegation.
   */
  public static Driver of(MessageQueue queue, LookupService lookup, WarehouseService warehouse) {
    return new StreamsDriver.WithWarehouse(
        Objects.requireNonNull(queue, "queue"),
        Objects.requireNonNull(lookup, "lookup"),
        Objects.requireNonNull(warehouse, "warehouse"));
  }
}
