package io.osmos.postgres;

import io.osmos.codec.json.JsonFormat;
import io.osmos.exceptions.DecodeException;
import io.osmos.exceptions.LimitExceededException;
import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.query.Query;
import io.osmos.spi.DriverLimits;
import io.osmos.spi.IndexRange;
import io.osmos.spi.LogRecord;
import io.osmos.spi.LookupCursor;
import io.osmos.spi.LookupTable;
import io.osmos.spi.TupleKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A {@link LookupTable} over a stream's log and index tables (see {@link LookupLayout}).
 *
 * <p><b>Offsets and the stable tip.</b> A write takes a transaction-scoped advisory lock on the
 * stream, reads the next offset ({@code max(offset) + 1}), appends its records with consecutive
 * offsets and upserts the index, then commits, which releases the lock. Writers of one stream
 * therefore commit one after the other in offset order, so the committed log is always a gap-free
 * prefix {@code [0, tip)}: no record can later appear below the tip a reader saw. Replay cursors
 * end at that tip and change cursors start there, so together they miss nothing and repeat nothing,
 * and a change cursor never skips a record that committed late. The price is that writes to one
 * stream are serialized (writes to different streams are not).
 *
 * <p><b>Last writer wins.</b> The index row of a key is replaced only by a record whose timestamp
 * is at least the stored one ({@code ON CONFLICT (key) DO UPDATE ... WHERE (ts, ts_nanos) >= ...}),
 * so an older record written later changes the log only; with equal timestamps the later write
 * wins. Secondary index entries live in the same row, so they are never stale.
 */
final class PostgresLookupTable<T, K> implements LookupTable<T, K> {
  private final Database db;
  private final LookupLayout<T, K> layout;
  private final DriverLimits limits;
  private final int stream;

  PostgresLookupTable(Database db, LookupLayout<T, K> layout, DriverLimits limits) {
    this.db = db;
    this.layout = layout;
    this.limits = limits;
    this.stream = Database.lockKey(db.schema() + "." + layout.bucket);
  }

  // ---- write and get -------------------------------------------------------------------------

  @Override
  public void write(List<T> records) {
    if (records.isEmpty()) {
      return;
    }
    // Encode everything before the transaction: a record that fails writes nothing.
    List<Row> rows = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      T r = records.get(i);
      K key = layout.schema.key(r);
      if (key == null) {
        throw new IllegalArgumentException("records[" + i + "] has no key");
      }
      Instant ts = layout.schema.timestamp(r);
      if (ts == null) {
        throw new IllegalArgumentException("records[" + i + "] has no timestamp");
      }
      Object[] comps = layout.schema.keyComponents(key);
      byte[][] entries = new byte[layout.indexes.size()][];
      for (int j = 0; j < entries.length; j++) {
        entries[j] = entry(layout.indexes.get(j).get(r), comps);
      }
      // The JSON text keeps surrogates as they are; the JDBC driver would send a lone one as '?'.
      String json =
          KeyColumn.checkText("records[" + i + "]", JsonFormat.encodeToString(layout.schema, r));
      rows.add(new Row(TupleKey.encode(comps), ts, json, entries));
    }
    StringBuilder upsert =
        new StringBuilder(
            "INSERT INTO "
                + layout.index
                + " AS cur (\"key\","
                + " \"offset\", \"ts\", \"ts_nanos\", \"record\"");
    for (String c : layout.entryColumns) {
      upsert.append(", ").append(c);
    }
    upsert
        .append(") VALUES (?, ?, ?, ?, ?::json")
        .append(", ?".repeat(layout.entryColumns.size()))
        .append(
            ") ON CONFLICT (\"key\") DO UPDATE SET \"offset\" = EXCLUDED.\"offset\","
                + " \"ts\" = EXCLUDED.\"ts\", \"ts_nanos\" = EXCLUDED.\"ts_nanos\","
                + " \"record\" = EXCLUDED.\"record\"");
    for (String c : layout.entryColumns) {
      upsert.append(", ").append(c).append(" = EXCLUDED.").append(c);
    }
    upsert.append(
        " WHERE (EXCLUDED.\"ts\", EXCLUDED.\"ts_nanos\") >= (cur.\"ts\"," + " cur.\"ts_nanos\")");
    db.transaction(
        "write to stream " + layout.bucket,
        c -> {
          Database.lock(c, "lookup:" + db.schema() + "." + layout.bucket);
          long next = tip(c);
          try (PreparedStatement log =
                  c.prepareStatement(
                      "INSERT INTO "
                          + layout.log
                          + " (\"offset\", \"key\", \"ts\", \"ts_nanos\", \"record\") VALUES (?, ?, ?, ?,"
                          + " ?::json)");
              PreparedStatement index = c.prepareStatement(upsert.toString())) {
            for (int i = 0; i < rows.size(); i++) {
              Row row = rows.get(i);
              long offset = next + i;
              log.setLong(1, offset);
              log.setBytes(2, row.key);
              log.setObject(3, micros(row.ts));
              log.setInt(4, row.ts.getNano());
              log.setString(5, row.json);
              log.addBatch();
              index.setBytes(1, row.key);
              index.setLong(2, offset);
              index.setObject(3, micros(row.ts));
              index.setInt(4, row.ts.getNano());
              index.setString(5, row.json);
              for (int j = 0; j < row.entries.length; j++) {
                index.setBytes(6 + j, row.entries[j]);
              }
              index.addBatch();
            }
            log.executeBatch();
            // Rows of one key in one batch are applied in batch order, each against the last.
            index.executeBatch();
          }
          return null;
        });
  }

  /** One record to write, encoded. */
  private record Row(byte[] key, Instant ts, String json, byte[][] entries) {}

  @Override
  public Optional<T> get(K key) {
    byte[] kb = TupleKey.encode(layout.schema.keyComponents(key));
    String json =
        db.call(
            "get from stream " + layout.bucket,
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT \"record\" FROM " + layout.index + " WHERE \"key\" = ?")) {
                ps.setBytes(1, kb);
                try (ResultSet rs = ps.executeQuery()) {
                  return rs.next() ? rs.getString(1) : null;
                }
              }
            });
    return json == null ? Optional.empty() : Optional.of(decode(json, kb));
  }

  // ---- cursors -------------------------------------------------------------------------------

  @Override
  public CursorSet query(Query<T> where, boolean compacted, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
    }
    if (partitions > limits.maxPartitions()) {
      throw new LimitExceededException(
          partitions
              + " partitions exceed the driver's limit of "
              + limits.maxPartitions()
              + " (maxPartitions)");
    }
    if (compacted) {
      IndexRange r = IndexRange.plan(layout.schema, where);
      long tip = tip();
      return new CursorSet(
          List.of(
              new LookupCursor.Index(r.index(), r.range().start(), r.range().end()).encode(stream)),
          List.of(new LookupCursor.Log(tip, -1).encode(stream)));
    }
    if (!where.conditions().isEmpty() || where.orderBy() != null) {
      throw new UnsupportedQueryException(
          "a log replay (not compacted) reads every record and"
              + " takes no conditions; query the compacted index to filter by "
              + where);
    }
    long tip = tip();
    // Beneath's split: at most `partitions` contiguous segments of [0, tip), none empty.
    List<byte[]> replay = new ArrayList<>();
    long n = Math.min(partitions, tip);
    for (long i = 0; i < n; i++) {
      replay.add(new LookupCursor.Log(tip * i / n, tip * (i + 1) / n).encode(stream));
    }
    return new CursorSet(replay, List.of(new LookupCursor.Log(tip, -1).encode(stream)));
  }

  @Override
  public CursorSet peek() {
    long tip = tip();
    return new CursorSet(
        List.of(new LookupCursor.Peek(tip).encode(stream)),
        List.of(new LookupCursor.Log(tip, -1).encode(stream)));
  }

  @Override
  public CursorRead<T> read(byte[] cursor, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    if (limit > limits.maxReadLimit()) {
      throw new LimitExceededException(
          "read limit "
              + limit
              + " exceeds the driver's limit of "
              + limits.maxReadLimit()
              + " (maxReadLimit)");
    }
    LookupCursor c = LookupCursor.decode(cursor, stream, layout.indexes.size());
    if (c instanceof LookupCursor.Log l) {
      return readLog(l, limit);
    } else if (c instanceof LookupCursor.Peek p) {
      return readPeek(p, limit);
    }
    return readIndex((LookupCursor.Index) c, limit);
  }

  private CursorRead<T> readLog(LookupCursor.Log c, int limit) {
    long to = c.open() ? Long.MAX_VALUE : Math.min(c.end(), c.start() + limit);
    List<LogRecord<T>> records = readOffsets(c.start(), to, limit, false);
    byte[] nextCursor;
    if (c.open()) {
      long next = records.isEmpty() ? c.start() : records.get(records.size() - 1).offset() + 1;
      nextCursor = new LookupCursor.Log(next, -1).encode(stream);
    } else {
      // Offsets below the tip have no gaps: [start, to) has been read completely.
      nextCursor = to < c.end() ? new LookupCursor.Log(to, c.end()).encode(stream) : null;
    }
    return new CursorRead<>(records, nextCursor);
  }

  private CursorRead<T> readPeek(LookupCursor.Peek c, int limit) {
    long from = Math.max(0, c.end() - limit);
    List<LogRecord<T>> records = readOffsets(from, c.end(), limit, true);
    return new CursorRead<>(records, from > 0 ? new LookupCursor.Peek(from).encode(stream) : null);
  }

  /** Log records with offsets in {@code [from, to)}, at most {@code limit}. */
  private List<LogRecord<T>> readOffsets(long from, long to, int limit, boolean newestFirst) {
    List<Object[]> rows =
        db.call(
            "read the log of stream " + layout.bucket,
            c -> {
              List<Object[]> out = new ArrayList<>();
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT \"offset\", \"key\", \"record\""
                          + " FROM "
                          + layout.log
                          + " WHERE \"offset\" >= ? AND \"offset\" < ? ORDER BY"
                          + " \"offset\""
                          + (newestFirst ? " DESC" : "")
                          + " LIMIT ?")) {
                ps.setLong(1, from);
                ps.setLong(2, to);
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    out.add(new Object[] {rs.getLong(1), rs.getBytes(2), rs.getString(3)});
                  }
                }
              }
              return out;
            });
    List<LogRecord<T>> records = new ArrayList<>(rows.size());
    for (Object[] row : rows) {
      records.add(record((Long) row[0], (byte[]) row[1], (String) row[2]));
    }
    return records;
  }

  private CursorRead<T> readIndex(LookupCursor.Index c, int limit) {
    String entry = c.index() == 0 ? "\"key\"" : layout.entryColumns.get(c.index() - 1);
    if (c.to() != null && TupleKey.compare(c.from(), c.to()) >= 0) {
      return new CursorRead<>(List.of(), null);
    }
    List<Object[]> rows =
        db.call(
            "read the index of stream " + layout.bucket,
            con -> {
              List<Object[]> out = new ArrayList<>();
              try (PreparedStatement ps =
                  con.prepareStatement(
                      "SELECT "
                          + entry
                          + ", \"offset\","
                          + " \"key\", \"record\" FROM "
                          + layout.index
                          + " WHERE "
                          + entry
                          + " >= ?"
                          + (c.to() == null ? "" : " AND " + entry + " < ?")
                          + " ORDER BY "
                          + entry
                          + " LIMIT ?")) {
                int i = 1;
                ps.setBytes(i++, c.from());
                if (c.to() != null) {
                  ps.setBytes(i++, c.to());
                }
                ps.setInt(i, limit + 1);
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    out.add(
                        new Object[] {
                          rs.getBytes(1), rs.getLong(2), rs.getBytes(3), rs.getString(4)
                        });
                  }
                }
              }
              return out;
            });
    boolean more = rows.size() > limit;
    List<LogRecord<T>> records = new ArrayList<>();
    for (int i = 0; i < rows.size() && i < limit; i++) {
      Object[] row = rows.get(i);
      records.add(record((Long) row[1], (byte[]) row[2], (String) row[3]));
    }
    byte[] next =
        more
            ? new LookupCursor.Index(
                    c.index(), TupleKey.successor((byte[]) rows.get(limit - 1)[0]), c.to())
                .encode(stream)
            : null;
    return new CursorRead<>(records, next);
  }

  private LogRecord<T> record(long offset, byte[] key, String json) {
    T value = decode(json, key);
    return new LogRecord<>(offset, layout.schema.timestamp(value), value);
  }

  /** The stable tip: one past the last committed offset (see the class comment). */
  private long tip() {
    return db.call("read the tip of stream " + layout.bucket, this::tip);
  }

  private long tip(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT \"offset\" FROM " + layout.log + " ORDER BY \"offset\" DESC LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) + 1 : 0;
    }
  }

  // ---- encoding ------------------------------------------------------------------------------

  /** An index entry: the indexed value, then the key components. */
  private static byte[] entry(Object value, Object[] keyComponents) {
    Object[] all = new Object[keyComponents.length + 1];
    all[0] = value;
    System.arraycopy(keyComponents, 0, all, 1, keyComponents.length);
    return TupleKey.encode(all);
  }

  /** The timestamp to the microsecond (truncated, so that (ts, ts_nanos) orders exactly). */
  private static OffsetDateTime micros(Instant t) {
    return t.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
  }

  private T decode(String json, byte[] key) {
    try {
      return JsonFormat.decode(layout.schema, json);
    } catch (DecodeException e) {
      Object[] comps = TupleKey.decode(key);
      throw (DecodeException)
          e.in(null, layout.bucket, comps.length == 1 ? comps[0] : Arrays.toString(comps), null);
    }
  }
}
