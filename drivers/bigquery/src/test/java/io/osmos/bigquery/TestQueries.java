package io.osmos.bigquery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.osmos.spi.WarehouseService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs SQL through a warehouse and reads every result row, for tests. */
final class TestQueries {
  private TestQueries() {}

  /** Every row of {@code sql}'s result; fails the test if the job fails. */
  static List<Map<String, Object>> rows(WarehouseService warehouse, String sql) {
    WarehouseService.WarehouseJob job = done(warehouse, warehouse.run(sql, 0));
    assertNull(job.error(), "query failed: " + sql);
    assertEquals(1, job.cursors().size(), "one cursor over the result");
    List<Map<String, Object>> rows = new ArrayList<>();
    byte[] cursor = job.cursors().get(0);
    while (cursor != null) {
      WarehouseService.ResultRead read = warehouse.read(cursor, 100);
      rows.addAll(read.rows());
      cursor = read.next();
    }
    return rows;
  }

  /** The job, polled until it is done (the fake finishes jobs after a set number of polls). */
  static WarehouseService.WarehouseJob done(
      WarehouseService warehouse, WarehouseService.WarehouseJob job) {
    for (int polls = 0; job.status() != WarehouseService.Status.DONE; polls++) {
      if (polls == 100) {
        throw new AssertionError("job " + job.id() + " not done after 100 polls");
      }
      job = warehouse.poll(job.id());
    }
    return job;
  }
}
