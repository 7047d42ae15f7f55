package io.osmos.bigquery;

import io.osmos.spi.Driver;
import io.osmos.testkit.WarehouseServiceConformance;
import org.junit.jupiter.api.AfterAll;

/** The warehouse conformance suite: the official client against {@link FakeBigQueryServer}. */
class BigQueryWarehouseConformanceTest extends WarehouseServiceConformance {
  private final FakeBigQueryServer server = FakeBigQueryServer.start();

  @Override
  protected Driver newDriver() {
    return new BigQueryDriver(server.options(), "osmos_conformance");
  }

  @AfterAll
  void stopServer() {
    server.close();
  }
}
