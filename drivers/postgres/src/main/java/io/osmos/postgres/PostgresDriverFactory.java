package io.osmos.postgres;

import io.osmos.spi.Driver;
import io.osmos.spi.DriverFactory;
import java.net.URI;
import java.util.Set;

/**
 * Creates {@link PostgresDriver}s from {@code postgresql://} and {@code postgres://} URLs, so
 * {@code Osmos.driverFromUrl("postgresql://app@db:5432/app?schema=osmos")} works when this module
 * is on the class path. Registered with {@link java.util.ServiceLoader}.
 */
public final class PostgresDriverFactory implements DriverFactory {
  /** For {@link java.util.ServiceLoader}. */
  public PostgresDriverFactory() {}

  @Override
  public Set<String> schemes() {
    return Set.of("postgresql", "postgres");
  }

  @Override
  public Driver create(URI url) {
    return new PostgresDriver(url.toString());
  }
}
