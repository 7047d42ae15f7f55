package io.osmos.postgres;

import io.osmos.query.Query;
import io.osmos.spi.DriverLimits;
import io.osmos.spi.LookupTable;
import java.util.List;
import java.util.Optional;

final class PostgresLookupTable<T, K> implements LookupTable<T, K> {
  PostgresLookupTable(Database db, LookupLayout<T, K> layout, DriverLimits limits) {}

  public void write(List<T> records) {
    throw new UnsupportedOperationException();
  }

  public Optional<T> get(K key) {
    throw new UnsupportedOperationException();
  }

  public CursorSet query(Query<T> where, boolean compacted, int partitions) {
    throw new UnsupportedOperationException();
  }

  public CursorSet peek() {
    throw new UnsupportedOperationException();
  }

  public CursorRead<T> read(byte[] cursor, int limit) {
    throw new UnsupportedOperationException();
  }
}
