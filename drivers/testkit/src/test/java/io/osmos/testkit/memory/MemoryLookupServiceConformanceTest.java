package io.osmos.testkit.memory;

import io.osmos.memory.MemoryDriver;
import io.osmos.spi.Driver;
import io.osmos.testkit.LookupServiceConformance;

/** The in-memory driver passes the lookup-service suite. */
class MemoryLookupServiceConformanceTest extends LookupServiceConformance {
  @Override
  protected Driver newDriver() {
    return new MemoryDriver();
  }
}
