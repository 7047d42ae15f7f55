package io.osmos.duckdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.duckdb.model.ClickEvent;
import io.osmos.duckdb.model.ClickEvent_;
import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.spi.WarehouseService.WarehouseJob;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A warehouse query is one SELECT that only reads, whatever the text: stacked statements (which
 * DuckDB's JDBC driver would run while preparing), comments, quotes, dollar quotes, unicode
 * identifiers, transaction control, {@code COPY}, {@code ATTACH}, {@code INSTALL}/{@code LOAD},
 * {@code SET}, files, and the functions a SELECT can call that write or change the database's state
 * (sequences, logging, checkpoints). Afterwards the database file holds what it held, no file was
 * written or read, and the driver still works.
 */
class DuckDbWarehouseSafetyTest {
  @TempDir Path dir;

  @Test
  void noTextChangesTheDatabaseOrItsSettings() throws Exception {
    Path file = dir.resolve("warehouse.db");
    sql(
        file,
        "CREATE TABLE canary (id INTEGER, v VARCHAR)",
        "INSERT INTO canary VALUES (1, 'a'), (2, 'b')",
        "CREATE SEQUENCE seq");
    Path secret = Files.writeString(dir.resolve("secret.csv"), "a,b\n1,2\n");
    String before;
    try (DuckDbDriver duck = new DuckDbDriver(file)) {
      duck.warehouseTable(ClickEvent_.MODEL)
          .write(
              List.of(
                  new ClickEvent(
                      "c1",
                      Instant.parse("2024-01-01T00:00:00Z"),
                      "home",
                      "CH",
                      BigDecimal.ONE,
                      List.of("a"))));
      before = state(duck);
      List<String> accepted = new ArrayList<>();
      for (String template : attacks()) {
        String sql =
            template.replace("{dir}", dir.toString()).replace("{secret}", secret.toString());
        boolean ran = true;
        try {
          duck.analyze(sql);
        } catch (UnsupportedQueryException e) {
          assertFalse(e.getMessage().isBlank(), sql);
          ran = false;
        }
        WarehouseJob job = Jobs.await(duck, sql);
        if (job.error() != null) {
          assertFalse(job.error().isBlank(), sql);
          ran = false;
        } else {
          assertTrue(ran, "analyze refused what run accepted: " + sql);
        }
        if (ran) {
          accepted.add(sql);
        }
      }
      assertEquals(before, state(duck), "the database and its settings are as they were");
      assertEquals(
          List.of("SELECT 1 AS \"€$x$\"", "SELECT 1 AS x -- ; DROP TABLE canary"),
          accepted,
          "only one harmless SELECT runs");
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(
          List.of("secret.csv", "warehouse.db"),
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> !n.endsWith(".wal"))
              .sorted()
              .toList(),
          "no file written");
    }
    sql(file); // the file still opens
    assertEquals(
        List.of("1=a", "2=b"), query(file, "SELECT id || '=' || v FROM canary ORDER BY id"));
    assertEquals(
        List.of("false"),
        query(
            file,
            "SELECT count(*) > 0 FROM duckdb_sequences() WHERE"
                + " sequence_name = 'seq' AND last_value IS NOT NULL"),
        "nextval never ran");
  }

  @Test
  void theEnginesParserDecidesWhatIsOneSelect() {
    try (DuckDbDriver duck = new DuckDbDriver()) {
      for (String sql :
          List.of(
              "SELECT 1; SELECT 2",
              "SELECT 1 -- x\n; DROP TABLE t",
              "PIVOT (SELECT 1 AS a) ON a",
              "CALL checkpoint()",
              "EXPLAIN SELECT 1")) {
        UnsupportedQueryException e =
            assertThrows(UnsupportedQueryException.class, () -> duck.analyze(sql), sql);
        assertTrue(e.getMessage().contains("SELECT"), e.getMessage());
      }
      UnsupportedQueryException logging =
          assertThrows(
              UnsupportedQueryException.class,
              () -> duck.analyze("SELECT * FROM main.\"Enable_Logging\"()"));
      assertTrue(logging.getMessage().contains("enable_logging"), logging.getMessage());
      assertEquals(
          List.of(Map.of("a", 1L, "b", "x")),
          Jobs.rows(duck, "-- a comment\nWITH t AS (SELECT 1 AS a) FROM t SELECT a, 'x' AS b;"),
          "comments, WITH, FROM-first and a trailing semicolon are one SELECT");
    }
  }

  /** Texts that must not change anything; {@code {dir}} is the test's directory. */
  private static List<String> attacks() {
    return List.of(
        "SELECT 1; DROP TABLE canary",
        "DROP TABLE canary; SELECT 1",
        "COMMIT; DROP TABLE canary",
        "SELECT 1 AS €$x$; DROP TABLE canary",
        "SELECT $t$ ; $t$ AS a; DROP TABLE canary",
        "SELECT $€$ ; $€$ AS a; DELETE FROM canary",
        "SELECT /* ; /* */ 1 AS a; DROP TABLE canary",
        "SELECT E'\\'' AS a; DROP TABLE canary",
        "SELECT 'a\\' AS a; DROP TABLE canary",
        "SELECT 1 AS \"€$x$\"",
        "SELECT 1 AS x -- ; DROP TABLE canary",
        "DROP TABLE canary",
        "DELETE FROM canary",
        "UPDATE canary SET v = 'x'",
        "INSERT INTO canary VALUES (3, 'c') RETURNING *",
        "CREATE TABLE made AS SELECT 1 AS a",
        "WITH d AS (DELETE FROM canary RETURNING *) SELECT * FROM d",
        "BEGIN TRANSACTION",
        "ROLLBACK",
        "CHECKPOINT",
        "SET enable_external_access = true",
        "SET lock_configuration = false",
        "RESET enable_external_access",
        "PRAGMA enable_profiling",
        "COPY canary TO '{dir}/copied.csv'",
        "COPY (SELECT 1) TO '{dir}/copied.parquet' (FORMAT parquet)",
        "EXPORT DATABASE '{dir}/exported'",
        "ATTACH '{dir}/attached.db' AS other",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SELECT * FROM read_csv('{secret}')",
        "SELECT * FROM read_text('{secret}')",
        "SELECT * FROM glob('{dir}/*')",
        "SELECT * FROM '{secret}'",
        "SELECT nextval('seq') AS n",
        "SELECT setseed(0.5) AS s",
        "SELECT * FROM enable_logging(storage := 'file', storage_path := '{dir}/logs')",
        "SELECT * FROM enable_logging()",
        "SELECT * FROM disable_logging()",
        "SELECT * FROM truncate_duckdb_logs()",
        "SELECT write_log('x') AS w",
        "SELECT * FROM checkpoint()",
        "SELECT * FROM force_checkpoint()",
        "SELECT * FROM query('DELETE FROM canary')",
        "SELECT * FROM query('SELECT * FROM enable_logging()')",
        "SELECT * FROM query_table('canary')",
        "SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT 1'))");
  }

  /** The tables with their row counts, and the settings a query must not change. */
  private static String state(DuckDbDriver duck) {
    return Jobs.rows(
            duck,
            "SELECT (SELECT string_agg(schema_name || '.' || table_name || ':'"
                + " || estimated_size, ',' ORDER BY schema_name, table_name) FROM duckdb_tables()"
                + " WHERE NOT temporary AND schema_name <> 'osmos_results') AS tables,"
                + " (SELECT string_agg(id || '=' || v, ',' ORDER BY id) FROM canary) AS canary,"
                + " current_setting('enable_external_access') AS external,"
                + " current_setting('lock_configuration') AS locked,"
                + " current_setting('enable_logging') AS logging,"
                + " (SELECT count(*) FROM duckdb_databases() WHERE NOT internal) AS databases")
        .toString();
  }

  private static void sql(Path file, String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file);
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  private static List<String> query(Path file, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
