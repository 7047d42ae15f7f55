package io.osmos.duckdb;

import io.osmos.spi.Driver;
import io.osmos.testkit.WarehouseServiceConformance;

/** The warehouse conformance suite on an in-memory DuckDB. */
class DuckDbWarehouseConformanceTest extends WarehouseServiceConformance {
  @Override
  protected Driver newDriver() {
    return new DuckDbDriver();
  }
}
