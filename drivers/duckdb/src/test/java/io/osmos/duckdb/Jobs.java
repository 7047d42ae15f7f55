package io.osmos.duckdb;

import static org.junit.jupiter.api.Assertions.fail;

import io.osmos.spi.WarehouseService;
import io.osmos.spi.WarehouseService.ResultRead;
import io.osmos.spi.WarehouseService.Status;
import io.osmos.spi.WarehouseService.WarehouseJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Runs SQL on a warehouse and waits for the job, for the module's own tests. */
final class Jobs {
  private Jobs() {}

  /** The finished job of {@code sql} (failed or not). */
  static WarehouseJob await(WarehouseService warehouse, String sql) {
    return await(warehouse.run(sql, 0), warehouse::poll, sql);
  }

  /** {@code job} (of {@code sql}) once done, failed or not, polled by its id with {@code poll}. */
  static WarehouseJob await(WarehouseJob job, Function<String, WarehouseJob> poll, String sql) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (job.status() != Status.DONE) {
      if (System.nanoTime() > deadline) {
        fail("job not done after 30 s: " + sql);
      }
      pause(5);
      job = poll.apply(job.id());
    }
    return job;
  }

  /** Every row of the result of {@code sql}, which must succeed. */
  static List<Map<String, Object>> rows(WarehouseService warehouse, String sql) {
    WarehouseJob job = await(warehouse, sql);
    if (job.error() != null) {
      fail("query failed: " + job.error());
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    byte[] cursor = job.cursors().get(0);
    while (cursor != null) {
      ResultRead read = warehouse.read(cursor, 100);
      rows.addAll(read.rows());
      cursor = read.next();
    }
    return rows;
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
