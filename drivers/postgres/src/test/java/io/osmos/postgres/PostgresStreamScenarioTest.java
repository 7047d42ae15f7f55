package io.osmos.postgres;

import io.osmos.spi.Driver;
import io.osmos.testkit.StreamScenario;

/** Beneath's write path on PostgreSQL alone: its queue, lookup service and warehouse. */
class PostgresStreamScenarioTest extends StreamScenario {
  @Override
  protected Driver newDriver() {
    return TestPostgres.newDriver();
  }
}
