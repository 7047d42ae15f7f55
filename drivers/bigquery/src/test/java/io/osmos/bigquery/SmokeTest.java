package io.osmos.bigquery;

import io.osmos.bigquery.model.Event;
import io.osmos.bigquery.model.Event_;
import io.osmos.spi.WarehouseService;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void smoke() {
    try (FakeBigQueryServer bq = FakeBigQueryServer.start()) {
      BigQueryDriver d = new BigQueryDriver(bq.options(), "osmos");
      WarehouseService.WarehouseTable<Event> t = d.warehouseTable(Event_.MODEL);
      System.out.println(t.tableName());
      System.out.println(bq.postedTable("osmos", "events"));
      t.write(List.of(Event.minimal("a", Instant.parse("2024-01-01T00:00:00.123456789Z"))));
      System.out.println(bq.storedRows("osmos", "events"));
      WarehouseService.WarehouseJob j = d.run("SELECT * FROM " + t.tableName(), 0);
      System.out.println(j);
      System.out.println(d.read(j.cursors().get(0), 10));
      System.out.println(bq.requests());
    }
  }
}
