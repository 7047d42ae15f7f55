package io.osmos.memory;

import io.osmos.spi.Driver;
import io.osmos.spi.DriverFactory;
import java.net.URI;
import java.util.Set;

/** {@code memory:}: a new {@link MemoryDriver} with the default limits. */
public final class MemoryDriverFactory implements DriverFactory {
  @Override
  public Set<String> schemes() {
    return Set.of("memory");
  }

  @Override
  public Driver create(URI url) {
    String rest = url.getRawSchemeSpecificPart();
    if (rest != null && !rest.isEmpty() && !rest.equals("/")) {
      throw new IllegalArgumentException("a memory: URL takes nothing after the scheme, was '"
          + url + "'; write memory:");
    }
    return new MemoryDriver();
  }
}
