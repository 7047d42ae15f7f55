package io.osmos.postgres;

import io.osmos.spi.Driver;
import io.osmos.testkit.MessageQueueConformance;

class PostgresMessageQueueConformanceTest extends MessageQueueConformance {
  @Override
  protected Driver newDriver() {
    return TestPostgres.newDriver();
  }
}
