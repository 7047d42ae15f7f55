package io.osmos.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.spi.Driver;
import io.osmos.spi.WarehouseService;
import io.osmos.testkit.model.Reading_;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The conformance suite of the {@link WarehouseService} capability. <b>Not complete yet:</b> it
 * arrives with the first warehouse driver (BigQuery, PostgreSQL, DuckDB) and will check table
 * creation from the schema, idempotent row writes per (key, timestamp), dry-run analysis, jobs run,
 * polled and read by cursor, and the bytes-scanned cap. Today it checks binding only, so driver
 * modules can already extend it.
 *
 * <p><b>Lifecycle.</b> {@link #newDriver()} is called once per test class and closed after the
 * last test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class WarehouseServiceConformance {
  private Driver driver;
  private WarehouseService warehouse;

  /** The driver under test, connected to the test server. Called once per test class. */
  protected abstract Driver newDriver();

  @BeforeAll
  final void connect() {
    driver = newDriver();
    assertTrue(driver instanceof WarehouseService,
        "the driver under test (" + driver.kind() + ") must implement WarehouseService");
    warehouse = (WarehouseService) driver;
  }

  @AfterAll
  final void disconnect() {
    if (driver != null) {
      driver.close();
    }
  }

  @Test
  void bindingATableIsIdempotent() {
    String first = warehouse.warehouseTable(Reading_.MODEL).tableName();
    String again = warehouse.warehouseTable(Reading_.MODEL).tableName();
    assertFalse(first.isBlank(), "a table name to use in SQL");
    assertEquals(first, again, "binding the same model twice names the same table");
  }
}
