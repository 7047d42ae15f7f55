package io.osmos.bigquery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.client.util.Data;
import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableInfo;
import io.osmos.bigquery.model.Clash_;
import io.osmos.bigquery.model.Event;
import io.osmos.bigquery.model.Event_;
import io.osmos.bigquery.model.Sensor_;
import io.osmos.exceptions.DriverException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The tables the driver creates, as the server received them, and binding to existing ones. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BigQueryTablesTest {
  private final FakeBigQueryServer server = FakeBigQueryServer.start();
  private final BigQuery client = server.options().getService();
  private final AtomicInteger datasets = new AtomicInteger();

  @AfterAll
  void stop() {
    server.close();
  }

  private String newDataset() {
    return "tables_" + datasets.incrementAndGet();
  }

  @Test
  void theTableFollowsTheModelWithBeneathsTypeMapping() {
    String ds = newDataset();
    new BigQueryDriver(server.options(), ds).warehouseTable(Event_.MODEL);

    Table posted = server.postedTable(ds, "events");
    assertNotNull(posted, "the driver created " + ds + ".events");
    Map<String, String> columns = describe(posted.getSchema().getFields());
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("id", "STRING REQUIRED"); // the key: always there
    expected.put("time", "TIMESTAMP REQUIRED"); // the @Timestamp: always there
    expected.put("count", "INTEGER REQUIRED"); // long
    expected.put("small", "INTEGER REQUIRED"); // int
    expected.put("score", "FLOAT REQUIRED"); // double
    expected.put("ratio", "FLOAT REQUIRED"); // float
    expected.put("flag", "BOOLEAN REQUIRED");
    expected.put("maybe", "INTEGER NULLABLE"); // Long
    expected.put("amount", "BIGNUMERIC NULLABLE"); // BigDecimal
    expected.put("big", "BIGNUMERIC NULLABLE"); // BigInteger
    expected.put("payload", "BYTES NULLABLE");
    expected.put("uuid", "STRING NULLABLE");
    expected.put("day", "DATE NULLABLE");
    expected.put("at", "DATETIME NULLABLE");
    expected.put("took", "STRING NULLABLE"); // Duration, ISO-8601
    expected.put("mood", "STRING NULLABLE"); // enum, by name
    expected.put("note", "STRING NULLABLE"); // Optional<String>
    expected.put("place", "RECORD NULLABLE");
    expected.put("place.city", "STRING NULLABLE");
    expected.put("place.lat", "FLOAT NULLABLE");
    expected.put("place.tags", "STRING REPEATED");
    expected.put("tags", "STRING REPEATED"); // List<String>
    expected.put("ids", "INTEGER REPEATED"); // Set<Long>
    expected.put("counters", "JSON NULLABLE"); // Map<String, Long>
    expected.put("stops", "RECORD REPEATED"); // List<Place>
    expected.put("stops.city", "STRING NULLABLE");
    expected.put("stops.lat", "FLOAT NULLABLE");
    expected.put("stops.tags", "STRING REPEATED");
    expected.put("matrix", "JSON NULLABLE"); // List<List<String>>: no arrays of arrays
    expected.put("__key", "BYTES REQUIRED");
    expected.put("__timestamp", "TIMESTAMP REQUIRED");
    assertEquals(expected, columns);
  }

  @Test
  void theTableIsPartitionedByDayOnTheTimestampAndClusteredOnTheKey() {
    String ds = newDataset();
    BigQueryDriver driver = new BigQueryDriver(server.options(), ds);
    driver.warehouseTable(Event_.MODEL);
    driver.warehouseTable(Sensor_.MODEL);

    Table events = server.postedTable(ds, "events");
    assertEquals("DAY", events.getTimePartitioning().getType());
    assertEquals("__timestamp", events.getTimePartitioning().getField());
    Long expiration = events.getTimePartitioning().getExpirationMs();
    assertTrue(expiration == null || Data.isNull(expiration), "partitions do not expire");
    assertEquals(List.of("id"), events.getClustering().getFields());

    Table sensors = server.postedTable(ds, "sensors");
    assertEquals(
        List.of("site", "rack", "installed", "primary"),
        sensors.getClustering().getFields(),
        "the first four of five key fields: BigQuery clusters on at most four");
  }

  @Test
  void tableNamesAreFullyQualifiedForStandardSql() {
    String ds = newDataset();
    BigQueryDriver driver = new BigQueryDriver(server.options(), ds);
    assertEquals("`osmos-test." + ds + ".events`", driver.warehouseTable(Event_.MODEL).tableName());
  }

  @Test
  void theDatasetAndTableAreCreatedOnceAndBindingAgainChangesNothing() {
    String ds = newDataset();
    long datasetsBefore = count("POST /bigquery/v2/projects/osmos-test/datasets");
    BigQueryDriver driver = new BigQueryDriver(server.options(), ds);
    driver.warehouseTable(Event_.MODEL).write(List.of(Event.minimal("a", Instant.EPOCH)));
    driver.warehouseTable(Event_.MODEL);
    // A second driver (another process) finds both and creates nothing.
    new BigQueryDriver(server.options(), ds).warehouseTable(Event_.MODEL);

    assertEquals(
        datasetsBefore + 1, count("POST /bigquery/v2/projects/osmos-test/datasets"), "one dataset");
    assertEquals(
        1, count("POST /bigquery/v2/projects/osmos-test/datasets/" + ds + "/tables"), "one table");
    assertEquals(1, server.storedRows(ds, "events").size(), "rows are kept");
  }

  @Test
  void anExistingDatasetIsUsedAsItIs() {
    String ds = newDataset();
    client.create(DatasetInfo.of(ds));
    long before = count("POST /bigquery/v2/projects/osmos-test/datasets");
    new BigQueryDriver(server.options(), ds).warehouseTable(Event_.MODEL);
    assertEquals(before, count("POST /bigquery/v2/projects/osmos-test/datasets"));
    assertNotNull(server.postedTable(ds, "events"));
  }

  @Test
  void anExistingTableThatDoesNotFitTheModelIsRefusedWithEveryDifference() {
    String ds = newDataset();
    client.create(DatasetInfo.of(ds));
    client.create(
        TableInfo.of(
            TableId.of(ds, "events"),
            StandardTableDefinition.of(
                Schema.of(
                    Field.newBuilder("id", StandardSQLTypeName.STRING)
                        .setMode(Field.Mode.REQUIRED)
                        .build(),
                    Field.newBuilder("count", StandardSQLTypeName.STRING).build(),
                    Field.newBuilder("legacy", StandardSQLTypeName.STRING)
                        .setMode(Field.Mode.REQUIRED)
                        .build()))));

    DriverException e =
        assertThrows(
            DriverException.class,
            () -> new BigQueryDriver(server.options(), ds).warehouseTable(Event_.MODEL));
    String m = e.getMessage();
    assertTrue(
        m.contains(
            "`osmos-test." + ds + ".events` exists with a schema that does not" + " fit the model"),
        m);
    assertTrue(m.contains("column count is STRING NULLABLE, the model needs INT64 REQUIRED"), m);
    assertTrue(m.contains("column time is missing (the model needs TIMESTAMP REQUIRED)"), m);
    assertTrue(m.contains("column __key is missing"), m);
    assertTrue(m.contains("column legacy is REQUIRED but not in the model"), m);
  }

  @Test
  void anExistingTableWithExtraNullableColumnsFits() {
    String ds = newDataset();
    BigQueryDriver first = new BigQueryDriver(server.options(), ds);
    first.warehouseTable(Event_.MODEL);
    // Someone added a NULLABLE column; rows of the model can still be inserted.
    String other = newDataset();
    client.create(DatasetInfo.of(other));
    List<Field> fields =
        new ArrayList<>(
            client.getTable(TableId.of(ds, "events")).getDefinition().getSchema().getFields());
    fields.add(Field.of("comment", StandardSQLTypeName.STRING));
    client.create(
        TableInfo.of(TableId.of(other, "events"), StandardTableDefinition.of(Schema.of(fields))));

    BigQueryDriver second = new BigQueryDriver(server.options(), other);
    second.warehouseTable(Event_.MODEL).write(List.of(Event.minimal("a", Instant.EPOCH)));
    assertEquals(1, server.storedRows(other, "events").size());
  }

  @Test
  void aFieldStoredUnderAnInternalNameIsRefused() {
    String ds = newDataset();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new BigQueryDriver(server.options(), ds).warehouseTable(Clash_.MODEL));
    assertEquals(
        "Clash.key is stored as '__key', but names starting with '__' are the BigQuery"
            + " driver's own (__key, __timestamp); rename it with @Field",
        e.getMessage());
    assertNull(server.postedTable(ds, "clash"), "no table was created");
  }

  @Test
  void aDatasetIdIsChecked() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new BigQueryDriver(server.options(), "no-dashes"));
    assertTrue(e.getMessage().contains("'no-dashes' is not a BigQuery dataset id"), e.getMessage());
  }

  private long count(String request) {
    return server.requests().stream().filter(request::equals).count();
  }

  private static Map<String, String> describe(List<TableFieldSchema> fields) {
    Map<String, String> out = new LinkedHashMap<>();
    describe("", fields, out);
    return out;
  }

  private static void describe(
      String prefix, List<TableFieldSchema> fields, Map<String, String> out) {
    for (TableFieldSchema f : fields) {
      out.put(prefix + f.getName(), f.getType() + " " + f.getMode());
      if (f.getFields() != null) {
        describe(prefix + f.getName() + ".", f.getFields(), out);
      }
    }
  }
}
