package io.osmos.postgres;

import io.osmos.codec.FieldDescriptor;
import io.osmos.codec.FieldType;
import io.osmos.codec.flat.FlatFormat;
import io.osmos.spi.TupleKey;
import io.osmos.spi.WarehouseService;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes rows of one stream model into its warehouse table (see {@link WarehouseLayout}): each
 * field's value in the flat format's text, read by PostgreSQL with the column type's own input
 * function, all rows of a call in one transaction, {@code ON CONFLICT DO NOTHING} so that a row
 * written again (an at-least-once retry) is stored once.
 */
final class PostgresWarehouseTable<T, K> implements WarehouseService.WarehouseTable<T> {
  private final Database db;
  private final WarehouseLayout<T, K> layout;
  private final String insert;

  PostgresWarehouseTable(Database db, WarehouseLayout<T, K> layout) {
    this.db = db;
    this.layout = layout;
    List<String> columns = layout.quotedColumns();
    this.insert =
        "INSERT INTO "
            + layout.table
            + " (\"__key\", \"__timestamp\", \"__nanos\""
            + (columns.isEmpty() ? "" : ", " + String.join(", ", columns))
            + ") VALUES (?, ?, ?"
            + ", ?".repeat(columns.size())
            + ") ON CONFLICT DO NOTHING";
  }

  @Override
  public String tableName() {
    return layout.table;
  }

  @Override
  public void write(List<T> rows) {
    if (rows.isEmpty()) {
      return;
    }
    List<Row> prepared = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      T row = rows.get(i);
      K key = layout.schema.key(row);
      Instant ts = layout.schema.timestamp(row);
      if (key == null || ts == null) {
        throw new IllegalArgumentException(
            "rows["
                + i
                + "] has no "
                + (key == null ? "key" : "timestamp")
                + "; warehouse rows are identified by both");
      }
      prepared.add(
          new Row(
              TupleKey.encode(layout.schema.keyComponents(key)),
              ts,
              FlatFormat.encode(layout.schema, row)));
    }
    // Rows are inserted in (key, timestamp) order, so concurrent writers of the same rows take
    // their locks in the same order and cannot deadlock.
    prepared.sort(Comparator.comparing(Row::key, TupleKey::compare).thenComparing(Row::ts));
    db.transaction(
        "write to warehouse table " + layout.table,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(insert)) {
            for (Row row : prepared) {
              ps.setBytes(1, row.key);
              ps.setObject(2, row.ts.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
              ps.setInt(3, row.ts.getNano());
              int p = 4;
              for (FieldDescriptor f : layout.columns) {
                String text = row.values.get(f.storedName());
                if (text != null && f.type().kind() == FieldType.Kind.BYTES) {
                  ps.setBytes(p++, Base64.getDecoder().decode(text));
                } else {
                  BoundSql.bind(ps, p++, new BoundSql.Untyped(text));
                }
              }
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
  }

  /** A row to insert: its key, its timestamp and its fields in the flat format. */
  private record Row(byte[] key, Instant ts, Map<String, String> values) {}
}
