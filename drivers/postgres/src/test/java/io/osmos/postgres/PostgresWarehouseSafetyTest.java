package io.osmos.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.osmos.Osmos;
import io.osmos.exceptions.DriverException;
import io.osmos.exceptions.OsmosException;
import io.osmos.postgres.model.Measurement;
import io.osmos.postgres.model.MeasurementRepository;
import io.osmos.spi.WarehouseService.Status;
import io.osmos.spi.WarehouseService.WarehouseJob;
import io.osmos.testkit.model.Address;
import io.osmos.testkit.model.Level;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Warehouse SQL is one read-only SELECT, whatever the text: stacked statements hidden from a
 * client-side lexer (an identifier such as {@code €$x$} that looks like a dollar quote), comments,
 * quotes, transaction control, roles, {@code COPY ... TO PROGRAM}, {@code DO}, and functions that
 * change session state. Every input goes through {@code analyze}, {@code query} and {@code
 * queryRows}; afterwards the tables, their rows, the roles, the file system and the settings of
 * every pooled connection are as they were.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresWarehouseSafetyTest {
  private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");

  /** First key of the advisory lock a query tries to keep. */
  private static final int LOCK_KEY = 424_242;

  private final String run = "ws" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  private final String canary = "osmos." + run + "_canary";
  private final String sequence = "osmos." + run + "_seq";
  private final String role = run + "_evil";
  private final Path marker = Path.of("/tmp", run + "-copied");
  private HikariDataSource pool;
  private Osmos osmos;
  private MeasurementRepository measurements;

  @BeforeAll
  void bind() {
    TestPostgres.server()
        .psql(
            "CREATE SCHEMA IF NOT EXISTS osmos; CREATE TABLE "
                + canary
                + " (id int PRIMARY KEY, v text); INSERT INTO "
                + canary
                + " VALUES (1, 'a'), (2, 'b');"
                + " CREATE SEQUENCE "
                + sequence);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(TestPostgres.server().jdbcUrl());
    // Two connections, both inspected after the attacks: whichever ran a query is checked.
    config.setMaximumPoolSize(2);
    config.setMinimumIdle(2);
    config.setPoolName("osmos-safety-test");
    pool = new HikariDataSource(config);
    osmos = Osmos.builder().driver("pg", new PostgresDriver(pool)).build();
    measurements = new MeasurementRepository(osmos);
    measurements.write(List.of(measurement("a", 1), measurement("b", 2)));
  }

  @AfterAll
  void close() throws Exception {
    try {
      if (osmos != null) {
        osmos.close();
      }
      if (pool != null) {
        pool.close();
      }
    } finally {
      Files.deleteIfExists(marker);
      TestPostgres.server()
          .psql(
              "DROP TABLE IF EXISTS "
                  + canary
                  + "; DROP SEQUENCE IF EXISTS "
                  + sequence
                  + "; DROP ROLE IF EXISTS "
                  + role);
    }
  }

  @Test
  void noTextChangesTheDatabaseOrTheSession() throws Exception {
    String before = databaseState();
    List<String> accepted = new ArrayList<>();
    for (String template : attacks()) {
      String sql =
          template
              .replace("{canary}", canary)
              .replace("{role}", role)
              .replace("{marker}", marker.toString())
              .replace("{seq}", sequence);
      if (runEveryWay(sql)) {
        accepted.add(sql);
      }
    }
    assertEquals(before, databaseState(), "the database is as it was");
    assertFalse(Files.exists(marker), "no program ran on the server");
    for (Map<String, String> session : pooledSessions()) {
      assertEquals(
          Map.of(
              "current_user",
              TestPostgres.server().user(),
              "role",
              "none",
              "statement_timeout",
              "0",
              "search_path",
              "\"$user\", public",
              "default_transaction_read_only",
              "off",
              "transaction_read_only",
              "off"),
          session,
          "a pooled connection keeps none of a query's settings");
    }
    assertEquals(
        "0",
        TestPostgres.server()
            .psql(
                "SELECT count(*) FROM pg_locks WHERE locktype ="
                    + " 'advisory' AND classid = "
                    + LOCK_KEY),
        "no advisory lock outlives its query");
    // Only texts that are one harmless SELECT ran: the function calls.
    for (String sql : accepted) {
      assertTrue(
          sql.startsWith("SELECT set_config")
              || sql.startsWith("SELECT pg_advisory")
              || sql.startsWith("SELECT $€$")
              || sql.startsWith("SELECT 1 AS a /*"),
          "accepted as a query: " + sql);
    }
  }

  @Test
  void aQueryCannotDisableItsTimeoutForTheRestOfItsRows() {
    // Rows after the first batch of fetched rows sleep: the timeout must still hold for them.
    String sql =
        "SELECT n, set_config('statement_timeout', '0', true) AS t,"
            + " CASE WHEN n > 600 THEN pg_sleep(5) END AS s FROM generate_series(1, 700) AS n";
    try (PostgresDriver quick =
        PostgresDriver.builder()
            .url(TestPostgres.server().url())
            .warehouseTimeout(Duration.ofSeconds(2))
            .build()) {
      WarehouseJob job = quick.run(sql, 0);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (job.status() != Status.DONE) {
        if (System.nanoTime() > deadline) {
          fail("the job is still " + job.status() + " after 60 s");
        }
        job = quick.poll(job.id());
      }
      assertNotNull(job.error(), "the job must fail on its timeout");
      assertTrue(job.error().contains("statement timeout"), job.error());
    }
  }

  @Test
  void theSimpleProtocolIsRefusedForWarehouseQueries() {
    try (PostgresDriver simple =
        PostgresDriver.builder()
            .url(TestPostgres.server().url() + "?preferQueryMode=simple")
            .build()) {
      DriverException e = assertThrows(DriverException.class, () -> simple.analyze("SELECT 1"));
      assertTrue(e.getMessage().contains("preferQueryMode=simple"), e.getMessage());
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /**
   * Texts that must not change anything: {@code {canary}} is a table of the test, {@code {role}} a
   * role that must not appear, {@code {marker}} a file that must not be written.
   */
  private static List<String> attacks() {
    String open = "SELECT 1 AS €$x$) AS q; ";
    String close = "; SELECT * FROM (SELECT 1 AS €$x$";
    List<String> attacks = new ArrayList<>();
    for (String statements :
        List.of(
            "COMMIT; DROP TABLE {canary}",
            "COMMIT; DELETE FROM {canary}; INSERT INTO {canary} VALUES (9, 'x')",
            "END; UPDATE {canary} SET v = 'x'",
            "ROLLBACK; CREATE ROLE {role} SUPERUSER LOGIN",
            "ABORT; SET ROLE NONE; DROP TABLE {canary}",
            "COMMIT; SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
            "COMMIT; COPY (SELECT 1) TO PROGRAM 'touch {marker}'",
            "COMMIT; DO $$ BEGIN EXECUTE 'DROP TABLE {canary}'; END $$",
            "COMMIT; BEGIN; DROP TABLE {canary}; PREPARE TRANSACTION '{role}'",
            "COMMIT; SET statement_timeout = 1; SET default_transaction_read_only = off")) {
      attacks.add(open + statements + close);
    }
    attacks.addAll(
        List.of(
            // Stacked statements the way every lexer sees them.
            "SELECT 1; DROP TABLE {canary}",
            "SELECT 1) AS q; DROP TABLE {canary}; SELECT * FROM (SELECT 1",
            "COMMIT; DROP TABLE {canary}",
            "DROP TABLE {canary}",
            "DELETE FROM {canary}",
            "ROLLBACK",
            "END",
            "ABORT",
            "PREPARE TRANSACTION '{role}'",
            "SET ROLE NONE",
            "CREATE ROLE {role}",
            "COPY {canary} TO PROGRAM 'touch {marker}'",
            "DO $$ BEGIN DROP TABLE {canary}; END $$",
            "WITH d AS (DELETE FROM {canary} RETURNING *) SELECT * FROM d",
            "INSERT INTO {canary} VALUES (3, 'c') RETURNING *",
            "SELECT * FROM {canary} FOR UPDATE",
            "EXPLAIN ANALYZE DELETE FROM {canary}",
            "SELECT nextval('{seq}') AS n",
            "SELECT * FROM query_to_xml('DELETE FROM {canary} RETURNING 1', true, false, '') AS x",
            // Comments, quotes and dollar quotes that lexers may read differently.
            "SELECT 1 AS a /* /* */ ) AS q; DROP TABLE {canary}; SELECT * FROM (SELECT 1 AS a -- */",
            "SELECT E'\\'' AS a) AS q; DROP TABLE {canary}; SELECT * FROM (SELECT E'\\'' AS b",
            "SELECT 'a\\' AS a) AS q; DROP TABLE {canary}; SELECT * FROM (SELECT 'b' AS b",
            "SELECT $€$ ) AS q; DROP TABLE {canary}; SELECT * FROM (SELECT $€$ AS a",
            "SELECT $é$ ; $é$ AS a) AS q; DROP TABLE {canary}; SELECT * FROM (SELECT 1 AS b",
            "SELECT U&'\\0041' AS a) AS q; DROP TABLE {canary}; SELECT * FROM (SELECT 1 AS b",
            // One SELECT whose functions change the session: harmless once the query is over.
            "SELECT set_config('statement_timeout', '1', false) AS a",
            "SELECT set_config('default_transaction_read_only', 'off', false) AS a",
            "SELECT set_config('transaction_read_only', 'off', false) AS a",
            "SELECT set_config('role', 'none', false) AS a",
            "SELECT set_config('search_path', 'pg_temp', false) AS a",
            "SELECT pg_advisory_lock(" + LOCK_KEY + ", 1) IS NULL AS a"));
    return attacks;
  }

  /**
   * Runs {@code sql} through analyze, query and queryRows. A refusal must be an Osmos exception or
   * a failed job; returns whether it ran as a query (every way).
   */
  private boolean runEveryWay(String sql) {
    boolean ran = true;
    try {
      measurements.analyze(sql);
    } catch (OsmosException e) {
      assertFalse(e.getMessage().isBlank(), sql);
      ran = false;
    }
    try {
      if (awaitDone(measurements.query(sql)).error() != null) {
        ran = false;
      }
    } catch (OsmosException e) {
      assertFalse(e.getMessage().isBlank(), sql);
      ran = false;
    }
    try {
      measurements.queryRows(sql, Duration.ofSeconds(60));
    } catch (OsmosException e) {
      assertFalse(e.getMessage().isBlank(), sql);
      ran = false;
    }
    return ran;
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

  /** Tables and their row counts, the canary's rows, roles, sequences, prepared transactions. */
  private String databaseState() {
    return TestPostgres.server()
            .psql(
                "SELECT string_agg(schemaname || '.' || tablename, ',' ORDER"
                    + " BY schemaname, tablename) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog',"
                    + " 'information_schema') AND tablename NOT LIKE 'warehouse_result_%'")
        + "\n"
        + canaryRows()
        + "\n"
        + TestPostgres.server()
            .psql(
                "SELECT count(*) FROM osmos.pg_measurements__warehouse"
                    + " WHERE sensor LIKE '"
                    + run
                    + "%'")
        + "\n"
        + TestPostgres.server()
            .psql(
                "SELECT string_agg(rolname || ':' || rolsuper, ','"
                    + " ORDER BY rolname) FROM pg_roles")
        + "\n"
        + TestPostgres.server().psql("SELECT last_value || ':' || is_called FROM " + sequence)
        + "\n"
        + TestPostgres.server().psql("SELECT count(*) FROM pg_prepared_xacts");
  }

  private String canaryRows() {
    boolean exists =
        "1"
            .equals(
                TestPostgres.server()
                    .psql(
                        "SELECT count(*) FROM pg_tables WHERE"
                            + " schemaname = 'osmos' AND tablename = '"
                            + run
                            + "_canary'"));
    return exists
        ? TestPostgres.server()
            .psql("SELECT string_agg(id || '=' || v, ',' ORDER BY" + " id) FROM " + canary)
        : "(the table " + canary + " is gone)";
  }

  /** The settings a query could have changed, on every connection of the pool at once. */
  private List<Map<String, String>> pooledSessions() throws SQLException {
    List<Connection> held = new ArrayList<>();
    List<Map<String, String>> sessions = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        held.add(pool.getConnection());
      }
      for (Connection c : held) {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
            ResultSet rs =
                s.executeQuery(
                    "SELECT current_user, current_setting('role') AS role,"
                        + " current_setting('statement_timeout') AS statement_timeout,"
                        + " current_setting('search_path') AS search_path,"
                        + " current_setting('default_transaction_read_only')"
                        + " AS default_transaction_read_only,"
                        + " current_setting('transaction_read_only') AS transaction_read_only")) {
          rs.next();
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            settings.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
          }
        }
        sessions.add(settings);
      }
    } finally {
      for (Connection c : held) {
        c.close();
      }
    }
    return sessions;
  }

  private Measurement measurement(String sensor, int count) {
    return new Measurement(
        run + "-" + sensor,
        T0,
        "site",
        count,
        1L,
        0.5,
        0.5f,
        BigDecimal.ONE,
        true,
        new byte[] {1},
        UUID.nameUUIDFromBytes(sensor.getBytes(StandardCharsets.UTF_8)),
        LocalDate.of(2024, 5, 1),
        LocalDateTime.of(2024, 5, 1, 0, 0),
        Duration.ofMinutes(1),
        Level.HIGH,
        List.of("a"),
        Map.of("x", 1L),
        new Address("Oslo", null));
  }
}
