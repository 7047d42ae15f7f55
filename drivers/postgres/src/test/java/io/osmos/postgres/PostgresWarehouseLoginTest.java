package io.osmos.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.osmos.Osmos;
import io.osmos.exceptions.DriverException;
import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.postgres.model.Measurement;
import io.osmos.postgres.model.MeasurementRepository;
import io.osmos.spi.WarehouseService.Status;
import io.osmos.spi.WarehouseService.WarehouseJob;
import io.osmos.testkit.model.Address;
import io.osmos.testkit.model.Level;
import io.osmos.testkit.server.PostgresTestServer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Warehouse queries as a login of their own ({@code warehouseUser}), set up as the README tells a
 * DBA: a role with {@code LOGIN} and {@code USAGE} on the schema; the driver grants it {@code
 * SELECT} on each warehouse table. It reads those tables and nothing else, and cannot write even
 * through a connection of its own, outside every check of the driver.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresWarehouseLoginTest {
  private final String run = "wl" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  private final String reader = run + "_reader";
  private final String secret = "osmos." + run + "_secret";
  private PostgresDriver driver;
  private Osmos osmos;
  private MeasurementRepository measurements;

  @BeforeAll
  void bind() {
    server()
        .psql(
            "CREATE SCHEMA IF NOT EXISTS osmos; CREATE ROLE "
                + reader
                + " LOGIN;"
                + " GRANT USAGE ON SCHEMA osmos TO "
                + reader
                + "; CREATE TABLE "
                + secret
                + " (v text); INSERT INTO "
                + secret
                + " VALUES ('s')");
    driver =
        PostgresDriver.builder()
            .url(server().url())
            .warehouseUser(reader, null)
            .connectionTimeout(Duration.ofSeconds(5))
            .build();
    osmos = Osmos.builder().driver("pg", driver).build();
    measurements = new MeasurementRepository(osmos);
    measurements.write(List.of(measurement("a"), measurement("b")));
  }

  @AfterAll
  void close() {
    try {
      if (osmos != null) {
        osmos.close();
      }
    } finally {
      server()
          .psql(
              "DROP TABLE IF EXISTS "
                  + secret
                  + "; DROP OWNED BY "
                  + reader
                  + "; DROP ROLE IF EXISTS "
                  + reader);
    }
  }

  @Test
  void queriesRunAsTheWarehouseLoginAndReadTheWarehouseTables() {
    List<Map<String, Object>> rows =
        measurements.queryRows(
            "SELECT session_user AS login,"
                + " count(*) AS n FROM {table} WHERE sensor LIKE '"
                + run
                + "-%'",
            Duration.ofSeconds(60));
    assertEquals(List.of(Map.of("login", reader, "n", 2L)), rows);
    assertEquals(
        "SELECT",
        server()
            .psql(
                "SELECT string_agg(privilege_type, ',') FROM"
                    + " information_schema.role_table_grants WHERE grantee = '"
                    + reader
                    + "' AND"
                    + " table_name = 'pg_measurements__warehouse'"),
        "the driver grants SELECT, only");
  }

  @Test
  void otherTablesOfTheDatabaseCannotBeRead() {
    for (String table : List.of(secret, "osmos.warehouse_jobs")) {
      UnsupportedQueryException e =
          assertThrows(
              UnsupportedQueryException.class,
              () -> measurements.analyze("SELECT * FROM " + table),
              table);
      assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
      WarehouseJob job = awaitDone(measurements.query("SELECT * FROM " + table));
      assertNotNull(job.error(), table);
      assertTrue(job.error().contains("permission denied"), job.error());
    }
  }

  @Test
  void aQueryCannotTakeTheDriversRole() {
    DriverException e =
        assertThrows(
            DriverException.class,
            () ->
                measurements.queryRows(
                    "SELECT set_config('role', '" + server().user() + "', true) AS r",
                    Duration.ofSeconds(60)));
    assertTrue(e.getMessage().contains("permission denied to set role"), e.getMessage());
  }

  @Test
  void theLoginCannotWriteEvenOutsideTheDriversChecks() throws SQLException {
    String before = state();
    String table = measurements.warehouseTableName();
    String url =
        "jdbc:postgresql://"
            + server().host()
            + ":"
            + server().port()
            + "/"
            + server().database()
            + "?user="
            + reader;
    try (Connection c = DriverManager.getConnection(url)) {
      // A read-write session, no statement timeout: as if every other check had failed.
      for (String sql :
          List.of(
              "INSERT INTO "
                  + table
                  + " (\"__key\", \"__timestamp\", \"__nanos\", \"count\","
                  + " \"total\", \"ratio\", \"fraction\", \"ok\") VALUES ('\\x00', now(), 0, 1, 1, 1,"
                  + " 1, true)",
              "UPDATE " + table + " SET \"count\" = 0",
              "DELETE FROM " + table,
              "TRUNCATE " + table,
              "DROP TABLE " + table,
              "ALTER TABLE " + table + " ADD COLUMN x int",
              "CREATE TABLE osmos." + run + "_new (x int)",
              "CREATE TABLE public." + run + "_new (x int)",
              "UPDATE osmos.warehouse_jobs SET \"status\" = 'DONE'",
              "CREATE ROLE " + run + "_other",
              "SET ROLE " + server().user(),
              "COPY (SELECT 1) TO PROGRAM 'true'",
              "SELECT pg_read_file('/etc/hostname')",
              "SELECT lo_import('/etc/hostname')",
              "CREATE FUNCTION osmos." + run + "_f() RETURNS int LANGUAGE sql AS 'SELECT 1'")) {
        SQLException refused =
            assertThrows(
                SQLException.class,
                () -> {
                  try (Statement s = c.createStatement()) {
                    s.execute(sql);
                  }
                },
                "the warehouse login could run: " + sql);
        assertEquals("42501", refused.getSQLState(), sql + ": " + refused.getMessage());
      }
    }
    assertEquals(before, state(), "nothing changed");
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static PostgresTestServer server() {
    return TestPostgres.server();
  }

  private String state() {
    return server()
            .psql(
                "SELECT count(*) FROM osmos.pg_measurements__warehouse WHERE sensor"
                    + " LIKE '"
                    + run
                    + "-%'")
        + "|"
        + server().psql("SELECT count(*) FROM pg_tables WHERE" + " tablename LIKE '" + run + "%'")
        + "|"
        + server().psql("SELECT count(*) FROM pg_roles" + " WHERE rolname LIKE '" + run + "%'");
  }

  private WarehouseJob awaitDone(WarehouseJob job) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (job.status() != Status.DONE) {
      if (System.nanoTime() > deadline) {
        fail("job " + job.id() + " is still " + job.status() + " after 60 s");
      }
      job = measurements.poll(job.id());
    }
    return job;
  }

  private Measurement measurement(String sensor) {
    return new Measurement(
        run + "-" + sensor,
        Instant.parse("2024-05-02T00:00:00Z"),
        "site",
        1,
        1L,
        0.5,
        0.5f,
        BigDecimal.ONE,
        true,
        new byte[] {1},
        UUID.nameUUIDFromBytes(sensor.getBytes(StandardCharsets.UTF_8)),
        LocalDate.of(2024, 5, 2),
        LocalDateTime.of(2024, 5, 2, 0, 0),
        Duration.ofMinutes(1),
        Level.HIGH,
        List.of("a"),
        Map.of("x", 1L),
        new Address("Oslo", null));
  }
}
