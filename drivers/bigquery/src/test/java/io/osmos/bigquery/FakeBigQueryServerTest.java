package io.osmos.bigquery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Clustering;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.InsertAllResponse;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableInfo;
import com.google.cloud.bigquery.TableResult;
import com.google.cloud.bigquery.TimePartitioning;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The fake as the official client sees it, without the driver: what the driver's tests rely on (404
 * as null, 409, errors' shape, the checks on new tables) and the client's own query path.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FakeBigQueryServerTest {
  private final FakeBigQueryServer server = FakeBigQueryServer.start();
  private final BigQuery client = server.options().getService();
  private final TableId numbers = TableId.of("fake", "numbers");

  @BeforeAll
  void numbers() {
    client.create(DatasetInfo.of("fake"));
    client.create(
        TableInfo.of(
            numbers,
            StandardTableDefinition.of(
                Schema.of(
                    Field.newBuilder("n", StandardSQLTypeName.INT64)
                        .setMode(Field.Mode.REQUIRED)
                        .build(),
                    Field.of("name", StandardSQLTypeName.STRING)))));
    InsertAllRequest.Builder rows = InsertAllRequest.newBuilder(numbers);
    for (int i = 0; i < 5; i++) {
      rows.addRow("id" + i, Map.of("n", i, "name", "n" + i));
    }
    client.insertAll(rows.build());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void dryRunsReportTheStatementTypeBigQueryWould() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("SELECT ';' AS a", "SELECT");
    expected.put("SELECT 1 AS a -- ; DROP TABLE fake.numbers\n", "SELECT");
    expected.put("SELECT 1 /* ; */ AS a", "SELECT");
    expected.put("SELECT '''it's; here''' AS a", "SELECT");
    expected.put("SELECT \"\"\"a;\"b\"\"\" AS a", "SELECT");
    expected.put("# a comment;\n(SELECT n FROM `fake.numbers`);", "SELECT");
    expected.put("SELECT 1; SELECT 2", "SCRIPT");
    expected.put("SELECT r'\\\\' AS a; DROP TABLE fake.numbers", "SCRIPT");
    expected.put(
        "SELECT `a;b` FROM (SELECT 1 AS `a;b`); DELETE FROM `fake.numbers` WHERE true", "SCRIPT");
    expected.put("DELETE FROM `fake.numbers` WHERE true", "DELETE");
    expected.put("INSERT INTO `fake.numbers` (n) VALUES (9)", "INSERT");
    expected.put("UPDATE `fake.numbers` SET n = 0 WHERE true", "UPDATE");
    expected.put("TRUNCATE TABLE `fake.numbers`", "TRUNCATE_TABLE");
    expected.put(
        "CREATE TABLE fake.copy AS SELECT * FROM `fake.numbers`", "CREATE_TABLE_AS_SELECT");
    expected.put("CREATE TABLE IF NOT EXISTS fake.empty (x INT64)", "CREATE_TABLE");
    expected.put("CREATE OR REPLACE VIEW fake.v AS SELECT 1 AS a", "CREATE_VIEW");
    expected.put("CREATE TEMP FUNCTION f() AS (1)", "CREATE_FUNCTION");
    expected.put("DROP VIEW fake.v", "DROP_VIEW");
    expected.put("DROP SCHEMA IF EXISTS fake CASCADE", "DROP_SCHEMA");
    expected.put("ALTER TABLE `fake.numbers` ADD COLUMN x INT64", "ALTER_TABLE");
    expected.put(
        "EXPORT DATA OPTIONS (uri = 'gs://b/*', format = 'CSV') AS SELECT 1 AS a", "EXPORT_DATA");
    expected.put("DECLARE x INT64", "SCRIPT");
    expected.put("SET @@dataset_id = 'fake'", "SCRIPT");
    expected.put("BEGIN TRANSACTION", "SCRIPT");
    expected.put("COMMIT TRANSACTION", "SCRIPT");
    expected.put("EXECUTE IMMEDIATE 'DROP TABLE fake.numbers'", "SCRIPT");
    expected.put("CALL fake.proc()", "SCRIPT");
    Map<String, String> actual = new LinkedHashMap<>();
    for (String sql : expected.keySet()) {
      JobStatistics.QueryStatistics stats =
          client
              .create(
                  JobInfo.of(
                      QueryJobConfiguration.newBuilder(sql)
                          .setUseLegacySql(false)
                          .setDryRun(true)
                          .build()))
              .getStatistics();
      actual.put(sql, String.valueOf(stats.getStatementType()));
    }
    assertEquals(expected, actual);
    assertEquals(5, client.listTableData(numbers).getTotalRows(), "a dry run runs nothing");
  }

  @Test
  void missingDatasetsAndTablesAreNull() {
    assertNull(client.getDataset("nope"));
    assertNull(client.getTable(TableId.of("fake", "nope")));
    assertNull(client.getTable(TableId.of("nope", "nope")));
  }

  @Test
  void aDuplicateDatasetIsAConflict() {
    BigQueryException e =
        assertThrows(BigQueryException.class, () -> client.create(DatasetInfo.of("fake")));
    assertEquals(409, e.getCode());
    assertEquals("duplicate", e.getReason());
    assertEquals("Already Exists: Dataset osmos-test:fake", e.getMessage());
  }

  @Test
  void theClientsOwnQueryPathPagesThroughResults() throws InterruptedException {
    TableResult result =
        client.query(
            QueryJobConfiguration.newBuilder(
                    "SELECT n, name FROM `fake.numbers` WHERE n > 0 ORDER BY n DESC")
                .setMaxResults(2L)
                .build());
    List<Long> seen = new ArrayList<>();
    for (FieldValueList row : result.iterateAll()) {
      seen.add(row.get("n").getLongValue());
    }
    assertEquals(List.of(4L, 3L, 2L, 1L), seen);
    assertEquals(4, result.getTotalRows());
  }

  @Test
  void insertErrorsNameTheRowAndFieldAndSkippingStoresTheValidRows() {
    InsertAllResponse response =
        client.insertAll(
            InsertAllRequest.newBuilder(numbers)
                .addRow(Map.of("n", 10))
                .addRow(Map.of("name", "no n"))
                .addRow(Map.of("n", "ten"))
                .addRow(Map.of("n", 11, "extra", 1))
                .setSkipInvalidRows(true)
                .build());
    assertEquals("Missing required field: n.", response.getErrorsFor(1).get(0).getMessage());
    assertEquals(
        "Cannot convert value to integer (bad value):ten",
        response.getErrorsFor(2).get(0).getMessage());
    assertEquals("no such field: extra.", response.getErrorsFor(3).get(0).getMessage());
    assertEquals("extra", response.getErrorsFor(3).get(0).getLocation());
    assertNull(response.getErrorsFor(0), "row 0 is valid and stored");
    assertEquals(6, server.storedRows("fake", "numbers").size());
  }

  @Test
  void queryErrorsHaveBigQuerysShape() {
    BigQueryException e =
        assertThrows(
            BigQueryException.class,
            () -> client.query(QueryJobConfiguration.of("SELECT nope FROM `fake.numbers`")));
    assertEquals(400, e.getCode());
    assertEquals("invalidQuery", e.getReason());
    assertTrue(e.getMessage().contains("nope"), e.getMessage());
  }

  @Test
  void tablesAreCheckedAsBigQueryChecksThem() {
    BigQueryException clustering =
        assertThrows(
            BigQueryException.class,
            () ->
                client.create(
                    TableInfo.of(
                        TableId.of("fake", "bad_clustering"),
                        StandardTableDefinition.newBuilder()
                            .setSchema(Schema.of(Field.of("x", StandardSQLTypeName.FLOAT64)))
                            .setClustering(Clustering.newBuilder().setFields(List.of("x")).build())
                            .build())));
    assertEquals(
        "Field x is of type FLOAT which is not supported for clustering.", clustering.getMessage());
    BigQueryException partitioning =
        assertThrows(
            BigQueryException.class,
            () ->
                client.create(
                    TableInfo.of(
                        TableId.of("fake", "bad_partitioning"),
                        StandardTableDefinition.newBuilder()
                            .setSchema(Schema.of(Field.of("x", StandardSQLTypeName.STRING)))
                            .setTimePartitioning(
                                TimePartitioning.newBuilder(TimePartitioning.Type.DAY)
                                    .setField("x")
                                    .build())
                            .build())));
    assertEquals(
        "The field specified for time partitioning can only be of type TIMESTAMP, DATE"
            + " or DATETIME. The type found is: STRING.",
        partitioning.getMessage());
  }

  @Test
  void whatTheFakeDoesNotImplementIsNamed() {
    BigQueryException e = assertThrows(BigQueryException.class, () -> client.listDatasets());
    assertEquals(
        "FakeBigQueryServer does not implement GET /bigquery/v2/projects/osmos-test" + "/datasets",
        e.getMessage());
  }
}
