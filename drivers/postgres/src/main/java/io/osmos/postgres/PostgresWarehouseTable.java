package io.osmos.postgres;

import io.osmos.spi.WarehouseService;
import java.util.List;

final class PostgresWarehouseTable<T> implements WarehouseService.WarehouseTable<T> {
  <K> PostgresWarehouseTable(Database db, WarehouseLayout<T, K> layout) {}

  public String tableName() {
    throw new UnsupportedOperationException();
  }

  public void write(List<T> rows) {
    throw new UnsupportedOperationException();
  }
}
