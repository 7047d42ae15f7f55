package io.osmos.bigquery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.bigquery.model.Event;
import io.osmos.bigquery.model.Event_;
import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.spi.WarehouseService.WarehouseJob;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Only one SELECT ever runs as a job: BigQuery's dry run says what a text is (the fake answers its
 * statement type as BigQuery does: {@code SCRIPT} for several statements, the DML and DDL types),
 * and the driver refuses the rest before a job exists. Queries run with the query credentials,
 * tables and rows with the others.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BigQueryWarehouseSafetyTest {
  private final FakeBigQueryServer server = FakeBigQueryServer.start();

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void onlyOneSelectRunsAndNothingChanges() {
    BigQueryDriver driver =
        new BigQueryDriver(
            server.options("writer").getService(), server.options("reader").getService(), "safety");
    String table = driver.warehouseTable(Event_.MODEL).tableName();
    driver
        .warehouseTable(Event_.MODEL)
        .write(
            List.of(
                Event.minimal("a", Instant.parse("2024-01-01T00:00:00Z")),
                Event.minimal("b", Instant.parse("2024-01-01T00:00:01Z"))));
    List<String> attacks =
        List.of(
            "SELECT 1; DROP TABLE {t}",
            "SELECT 1 AS a; DELETE FROM {t} WHERE true",
            "DELETE FROM {t} WHERE true",
            "INSERT INTO {t} (id) VALUES ('x')",
            "UPDATE {t} SET count = 0 WHERE true",
            "TRUNCATE TABLE {t}",
            "DROP TABLE {t}",
            "CREATE TABLE `safety.made` AS SELECT 1 AS a",
            "CREATE OR REPLACE TABLE {t} AS SELECT 1 AS a",
            "ALTER TABLE {t} ADD COLUMN x INT64",
            "EXPORT DATA OPTIONS (uri = 'gs://b/*', format = 'CSV') AS SELECT * FROM {t}",
            "BEGIN TRANSACTION; DELETE FROM {t} WHERE true; COMMIT TRANSACTION",
            "COMMIT TRANSACTION; DROP TABLE {t}",
            "ROLLBACK TRANSACTION",
            "DECLARE x INT64; SET x = 1",
            "SET @@dataset_id = 'safety'",
            "EXECUTE IMMEDIATE 'DROP TABLE safety.events'",
            "CALL safety.proc()",
            "SELECT 1 AS a -- ;\n; DROP TABLE {t}",
            "SELECT 1 AS a /* ; */; DROP TABLE {t}",
            "SELECT ''';''' AS a; DROP TABLE {t}",
            "SELECT \"\"\"a\"\"\" AS a; DELETE FROM {t} WHERE true",
            "SELECT r'\\\\' AS a; DROP TABLE {t}",
            "SELECT `a;b` FROM (SELECT 1 AS `a;b`); DROP TABLE {t}",
            "SELECT 1 AS €$x$; DROP TABLE {t}",
            "SELECT $x$ ; $x$ AS a; DROP TABLE {t}");
    for (String template : attacks) {
      String sql = template.replace("{t}", table);
      UnsupportedQueryException e =
          assertThrows(UnsupportedQueryException.class, () -> driver.analyze(sql), sql);
      assertFalse(e.getMessage().isBlank(), sql);
      WarehouseJob job = TestQueries.done(driver, driver.run(sql, 0));
      assertNotNull(job.error(), sql);
      assertTrue(job.cursors().isEmpty(), sql);
    }
    List<String> ran =
        server.queryJobs().stream()
            .filter(j -> !j.dryRun())
            .map(FakeBigQueryEngine.QueryJob::sql)
            .toList();
    assertEquals(List.of(), ran, "no job ran any of these texts");
    assertEquals(2, server.storedRows("safety", "events").size(), "the rows are all there");

    List<String> harmless =
        List.of(
            "SELECT ';' AS a", "SELECT 1 AS a -- ; DROP TABLE " + table, "SELECT ''';''' AS a;");
    for (String sql : harmless) {
      assertEquals(1, TestQueries.rows(driver, sql).size(), sql);
    }
    assertEquals(
        harmless,
        server.queryJobs().stream()
            .filter(j -> !j.dryRun())
            .map(FakeBigQueryEngine.QueryJob::sql)
            .toList(),
        "one SELECT runs");
    assertEquals(
        Set.of("reader"),
        server.queryJobs().stream()
            .map(FakeBigQueryEngine.QueryJob::principal)
            .collect(Collectors.toSet()),
        "every dry run and job runs with the query credentials");
  }
}
