package io.osmos.memory;

import io.osmos.spi.Driver;

/** In-memory driver (being written). */
public final class MemoryDriver implements Driver {
  @Override
  public String kind() {
    return "memory";
  }
}
