package io.osmos.duckdb;

import io.osmos.Streams;
import io.osmos.memory.MemoryDriver;
import io.osmos.spi.Driver;
import io.osmos.testkit.StreamScenario;

/**
 * The stream scenario on the embedded default: the in-memory queue and lookup service, and an
 * in-memory DuckDB warehouse, composed under one name.
 */
class DuckDbStreamScenarioTest extends StreamScenario {
  @Override
  protected Driver newDriver() {
    return Streams.of(new MemoryDriver(), new MemoryDriver(), new DuckDbDriver());
  }
}
