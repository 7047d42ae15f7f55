package io.osmos.rethinkdb;

import io.osmos.spi.Driver;
import io.osmos.spi.DriverFactory;
import java.net.URI;
import java.util.Set;

/**
 * Makes {@link RethinkDriver}s from {@code rethinkdb://} URLs for {@code Osmos.driverFromUrl} and
 * {@code Osmos.Builder.driver(name, url)}; registered with {@link java.util.ServiceLoader}.
 */
public final class RethinkDriverFactory implements DriverFactory {
  /** Called by {@link java.util.ServiceLoader}. */
  public RethinkDriverFactory() {}

  @Override
  public Set<String> schemes() {
    return Set.of("rethinkdb");
  }

  @Override
  public Driver create(URI url) {
    return new RethinkDriver(url.toString());
  }
}
