package io.osmos.postgres;

import io.osmos.spi.Driver;
import io.osmos.testkit.WarehouseServiceConformance;

class PostgresWarehouseConformanceTest extends WarehouseServiceConformance {
  @Override
  protected Driver newDriver() {
    return TestPostgres.newDriver();
  }
}
