package io.osmos.postgres;

import io.osmos.spi.Driver;
import io.osmos.testkit.LookupServiceConformance;

class PostgresLookupServiceConformanceTest extends LookupServiceConformance {
  @Override
  protected Driver newDriver() {
    return TestPostgres.newDriver();
  }
}
