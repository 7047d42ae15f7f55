package io.osmos.duckdb;

import io.osmos.codec.tree.TreeFormat;
import io.osmos.exceptions.DriverException;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.TupleKey;
import io.osmos.spi.WarehouseService.WarehouseTable;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One stream model's table. Writes are {@code INSERT OR IGNORE} against the (key, timestamp)
 * primary key, in one transaction per call, so writing a row again (a retry of the pipeline, a
 * redelivered message) leaves one row. Writes to one table are serialized: DuckDB reports two
 * concurrent transactions that insert the same key as a constraint conflict instead of ignoring the
 * second.
 */
final class DuckDbTable<T, K> implements WarehouseTable<T> {
  private final ModelSchema<T, K> schema;
  private final TableLayout layout;
  private final Connections connections;
  private final ReentrantLock writeLock;

  DuckDbTable(
      ModelSchema<T, K> schema,
      TableLayout layout,
      Connections connections,
      ReentrantLock writeLock) {
    this.schema = schema;
    this.layout = layout;
    this.connections = connections;
    this.writeLock = writeLock;
  }

  @Override
  public String tableName() {
    return layout.quotedTable();
  }

  @Override
  public void write(List<T> rows) {
    if (rows.isEmpty()) {
      return;
    }
    // Encode everything first: a row that cannot be stored writes nothing.
    List<Map<String, Object>> trees = new ArrayList<>(rows.size());
    List<byte[]> keys = new ArrayList<>(rows.size());
    List<Instant> times = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      T row = rows.get(i);
      K key = schema.key(row);
      if (key == null) {
        throw new IllegalArgumentException("records[" + i + "] has no key");
      }
      Instant ts = schema.timestamp(row);
      if (ts == null) {
        throw new IllegalArgumentException(
            "records["
                + i
                + "] has no timestamp; a warehouse"
                + " row is identified by its key and timestamp");
      }
      trees.add(TreeFormat.encode(schema, row));
      keys.add(TupleKey.encode(schema.keyComponents(key)));
      times.add(ts);
    }
    List<TableLayout.Insert> inserts = layout.inserts(trees, keys, times);
    writeLock.lock();
    try {
      connections.inTransaction(
          c -> {
            for (TableLayout.Insert insert : inserts) {
              try (PreparedStatement ps = c.prepareStatement(insert.sql())) {
                TableLayout.bind(ps, insert.parameters());
                ps.executeUpdate();
              }
            }
            return null;
          });
    } catch (SQLException e) {
      throw new DriverException(
          "writing "
              + rows.size()
              + " row(s) to DuckDB table "
              + layout.quotedTable()
              + " failed: "
              + DuckDbDriver.firstLine(e),
          e);
    } finally {
      writeLock.unlock();
    }
  }
}
