package io.osmos.spi;

import java.net.URI;

/**
 * Creates drivers from URLs such as {@code memory:}, {@code redis://127.0.0.1:6379} or {@code
 * postgresql://localhost/app}, so applications choose stores by configuration. Driver modules
 * register one with {@link java.util.ServiceLoader} ({@code
 * META-INF/services/io.osmos.spi.DriverFactory}).
 */
public interface DriverFactory {
  /** The URL schemes this factory handles, e.g. {@code redis}, {@code rediss}. */
  java.util.Set<String> schemes();

  /** A new driver for {@code url}; throws {@link IllegalArgumentException} for a bad URL. */
  Driver create(URI url);
}
