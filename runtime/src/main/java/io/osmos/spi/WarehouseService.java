package io.osmos.spi;

import io.osmos.schema.ModelSchema;
import java.util.List;
import java.util.Map;

/**
 * The warehouse capability (Beneath's {@code WarehouseService}): a typed table per stream model and
 * analytical SQL run as jobs whose results are read by cursor.
 */
public interface WarehouseService extends Driver {
  /** Binds a stream model, creating its table from the schema if needed (idempotent). */
  <T, K> WarehouseTable<T> warehouseTable(ModelSchema<T, K> model);

  /** Dry run: checks the SQL and describes its result without running it. */
  WarehouseJob analyze(String sql);

  /**
   * Starts a query. {@code sql} has had {@code {table}} placeholders expanded already.
   *
   * @param maxBytesScanned 0 for the driver's default cap
   */
  WarehouseJob run(String sql, long maxBytesScanned);

  /** The job's current state. */
  WarehouseJob poll(String jobId);

  /** Reads result rows from a cursor of a finished job. */
  ResultRead read(byte[] cursor, int limit);

  /** One model's table. */
  interface WarehouseTable<T> {
    /** The name to use in SQL (quoted as the engine needs). */
    String tableName();

    /**
     * Writes rows, idempotently per (key, timestamp): writing a row twice leaves one row (where the
     * engine can de-duplicate; BigQuery's insert ids are best effort).
     */
    void write(List<T> rows);
  }

  /**
   * A query job.
   *
   * @param id job id
   * @param status where it is
   * @param error the failure, when done and failed
   * @param columns result column names and types, when known
   * @param cursors cursors over the result, when done
   * @param bytesScanned estimate, or -1
   * @param resultRows rows in the result, or -1
   */
  record WarehouseJob(
      String id,
      Status status,
      String error,
      List<Column> columns,
      List<byte[]> cursors,
      long bytesScanned,
      long resultRows) {
    public WarehouseJob {
      columns = columns == null ? List.of() : List.copyOf(columns);
      cursors = cursors == null ? List.of() : List.copyOf(cursors);
    }
  }

  /** Job states. */
  enum Status {
    PENDING,
    RUNNING,
    DONE
  }

  /** A result column. */
  record Column(String name, io.osmos.codec.FieldType type, boolean nullable) {}

  /** Result rows (column name to value, in the tree format's value types) and the next cursor. */
  record ResultRead(List<Map<String, Object>> rows, byte[] next) {
    public ResultRead {
      rows = List.copyOf(rows);
    }
  }
}
