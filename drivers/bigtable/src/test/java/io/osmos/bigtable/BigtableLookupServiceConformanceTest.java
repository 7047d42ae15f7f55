package io.osmos.bigtable;

import io.osmos.spi.Driver;
import io.osmos.testkit.LookupServiceConformance;
import io.osmos.testkit.server.BigtableEmulator;

/** The lookup-service conformance suite against Google's Bigtable emulator. */
class BigtableLookupServiceConformanceTest extends LookupServiceConformance {
  @Override
  protected Driver newDriver() {
    return BigtableDriver.builder("osmos-conformance", "lookup")
        .emulatorHost(BigtableEmulator.get().hostPort())
        .build();
  }
}
