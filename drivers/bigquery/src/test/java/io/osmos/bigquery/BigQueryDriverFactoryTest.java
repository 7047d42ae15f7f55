package io.osmos.bigquery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.Osmos;
import io.osmos.bigquery.model.Event;
import io.osmos.bigquery.model.Event_;
import io.osmos.spi.Driver;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code bigquery://PROJECT/DATASET} URLs, found through the ServiceLoader. */
class BigQueryDriverFactoryTest {
  @Test
  void aUrlWithAHostMakesADriverForTheFake() {
    try (FakeBigQueryServer server = FakeBigQueryServer.start("url-project")) {
      Driver driver = Osmos.driverFromUrl(server.url("from_url"));
      BigQueryDriver bigquery = assertInstanceOf(BigQueryDriver.class, driver);
      assertEquals("url-project", bigquery.project());
      assertEquals("from_url", bigquery.dataset());
      bigquery.warehouseTable(Event_.MODEL).write(List.of(Event.minimal("a", Instant.EPOCH)));
      assertEquals(
          List.of(Map.of("n", 1L)),
          TestQueries.rows(bigquery, "SELECT count(*) AS n FROM `from_url.events`"));
    }
  }

  @Test
  void badUrlsSayWhatIsExpected() {
    for (String url :
        List.of(
            "bigquery://project",
            "bigquery://project/",
            "bigquery:///dataset",
            "bigquery://project/a/b")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Osmos.driverFromUrl(url), url);
      assertEquals(
          "'"
              + url
              + "' is not a BigQuery URL; expected"
              + " bigquery://PROJECT/DATASET[?location=EU][&host=http://127.0.0.1:9050]",
          e.getMessage());
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Osmos.driverFromUrl("bigquery://p/d?hots=http://127.0.0.1:1"));
    assertTrue(
        e.getMessage().startsWith("unknown parameter 'hots' in BigQuery URL"), e.getMessage());
    assertTrue(e.getMessage().endsWith("known: [host, location]"), e.getMessage());
  }
}
