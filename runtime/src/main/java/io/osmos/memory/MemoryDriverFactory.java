package io.osmos.memory;

import io.osmos.spi.Driver;
import io.osmos.spi.DriverFactory;
import java.net.URI;
import java.util.Set;

/**
 * {@code memory:} (or {@code memory://}): a new {@link MemoryDriver} with the default limits; the
 * rest of the URL is not read.
 */
public final class MemoryDriverFactory implements DriverFactory {
  @Override
  public Set<String> schemes() {
    return Set.of("memory");
  }

  @Override
  public Driver create(URI url) {
    return new MemoryDriver();
  }
}
