package io.osmos.bigquery;

import io.osmos.Streams;
import io.osmos.memory.MemoryDriver;
import io.osmos.spi.Driver;
import io.osmos.testkit.StreamScenario;
import org.junit.jupiter.api.AfterAll;

/**
 * The end-to-end stream scenario with BigQuery (the fake) as the warehouse, and the in-memory queue
 * and lookup service.
 */
class BigQueryStreamScenarioTest extends StreamScenario {
  private final FakeBigQueryServer server = FakeBigQueryServer.start();

  @Override
  protected Driver newDriver() {
    return Streams.of(
        new MemoryDriver(),
        new MemoryDriver(),
        new BigQueryDriver(server.options(), "osmos_scenario"));
  }

  @AfterAll
  void stopServer() {
    server.close();
  }
}
