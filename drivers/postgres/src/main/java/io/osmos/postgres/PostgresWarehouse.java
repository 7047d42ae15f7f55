package io.osmos.postgres;

import io.osmos.spi.DriverLimits;
import io.osmos.spi.WarehouseService;
import java.util.List;

final class PostgresWarehouse {
  PostgresWarehouse(Database db, DriverLimits limits) {}

  List<String> ddl() {
    return List.of();
  }

  WarehouseService.WarehouseJob analyze(String sql) {
    throw new UnsupportedOperationException();
  }

  WarehouseService.WarehouseJob run(String sql, long max) {
    throw new UnsupportedOperationException();
  }

  WarehouseService.WarehouseJob poll(String id) {
    throw new UnsupportedOperationException();
  }

  WarehouseService.ResultRead read(byte[] c, int limit) {
    throw new UnsupportedOperationException();
  }

  void close() {}
}
