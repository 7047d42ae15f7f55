package io.osmos.riak;

import io.osmos.spi.Driver;
import io.osmos.spi.DriverFactory;
import java.net.URI;
import java.util.Set;

/**
 * Creates {@link RiakDriver}s for {@code riak://host:port} URLs, so {@code
 * Osmos.driverFromUrl("riak://127.0.0.1:8087")} and {@code OSMOS_DRIVER_DB=riak://...} work with
 * this module on the class path. Registered with {@link java.util.ServiceLoader}.
 */
public final class RiakDriverFactory implements DriverFactory {
  /** For {@link java.util.ServiceLoader}. */
  public RiakDriverFactory() {}

  @Override
  public Set<String> schemes() {
    return Set.of("riak");
  }

  @Override
  public Driver create(URI url) {
    return RiakDriver.fromUri(url).build();
  }
}
