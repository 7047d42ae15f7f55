package io.osmos.bigtable;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.models.BulkMutation;
import com.google.cloud.bigtable.data.v2.models.Filters;
import com.google.cloud.bigtable.data.v2.models.Range.TimestampRange;
import com.google.cloud.bigtable.data.v2.models.Row;
import com.google.cloud.bigtable.data.v2.models.RowCell;
import com.google.cloud.bigtable.data.v2.models.RowMutationEntry;
import com.google.cloud.bigtable.data.v2.models.TableId;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.osmos.codec.json.JsonFormat;
import io.osmos.exceptions.DecodeException;
import io.osmos.exceptions.DriverException;
import io.osmos.exceptions.LimitExceededException;
import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.query.Property;
import io.osmos.query.Query;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.DriverLimits;
import io.osmos.spi.IndexRange;
import io.osmos.spi.LogRecord;
import io.osmos.spi.LookupTable;
import io.osmos.spi.TupleKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One stream model in the driver's tables (see {@link Layout}). A write takes offsets from the
 * {@link Sequencer}, appends every record to the log, and makes each record the indexed one of its
 * key unless the index holds a newer one (checked by reading the key first, then enforced again by
 * cell timestamps). Secondary index entries are verified against the primary index when read and
 * removed when stale.
 */
final class BigtableLookupTable<T, K> implements LookupTable<T, K> {
  private static final System.Logger LOG = System.getLogger(BigtableDriver.class.getName());

  /** Row ranges one read of a log or secondary index cursor loads at most (Beneath's 5). */
  private static final int MAX_LOADS = 5;

  private final BigtableDataClient data;
  private final String logTable;
  private final String indexTable;
  private final TableId logId;
  private final TableId indexId;
  private final ModelSchema<T, K> schema;
  private final DriverLimits limits;
  private final Duration retention;
  private final Clock clock;
  private final String bucket;
  private final byte[] streamId;

  /** Index hash prefixes: [0] the primary index, [i + 1] the i-th {@code @Index}. */
  private final byte[][] hashes;

  private final Sequencer sequencer;

  BigtableLookupTable(
      BigtableDataClient data,
      BigtableDriver.Tables tables,
      ModelSchema<T, K> schema,
      DriverLimits limits,
      Duration retention,
      Duration timeout,
      Duration drift,
      Clock clock) {
    this.data = data;
    this.logTable = tables.log();
    this.indexTable = tables.indexes();
    this.logId = TableId.of(logTable);
    this.indexId = TableId.of(indexTable);
    this.schema = schema;
    this.limits = limits;
    this.retention = retention;
    this.clock = clock;
    this.bucket = schema.bucket();
    if (!schema.timestamped()) {
      throw new IllegalArgumentException(
          schema.modelName()
              + " has no @Timestamp field; a"
              + " lookup table keeps the newest record per key by it");
    }
    for (Property<T, ?> p : schema.indexes()) {
      if (!p.descriptor().type().ordered()) {
        throw new IllegalArgumentException(
            "cannot index "
                + schema.modelName()
                + "."
                + p.name()
                + ": its type "
                + p.descriptor().type().kind()
                + " has no order");
      }
    }
    this.streamId = Layout.streamId(bucket);
    List<Property<T, ?>> indexes = schema.indexes();
    this.hashes = new byte[indexes.size() + 1][];
    hashes[0] = Layout.indexHash(bucket, "");
    for (int i = 0; i < indexes.size(); i++) {
      hashes[i + 1] = Layout.indexHash(bucket, indexes.get(i).storedName());
    }
    this.sequencer = new Sequencer(data, tables.sequencer(), streamId, timeout, drift, clock);
  }

  Sequencer sequencer() {
    return sequencer;
  }

  byte[] streamId() {
    return streamId;
  }

  /** The row key of {@code key} in the primary index. */
  ByteString primaryRow(K key) {
    return Layout.concat(hashes[0], TupleKey.encode(schema.keyComponents(key)));
  }

  /** The row key of the entry of {@code record} in the i-th {@code @Index}. */
  ByteString secondaryRow(int index, T record) {
    return Layout.concat(
        hashes[index + 1], entry(index, record, schema.keyComponents(schema.key(record))));
  }

  // ---- write ---------------------------------------------------------------------------------

  /** A record ready to store. */
  private record Draft(
      byte[] key, Instant time, long cellMicros, ByteString json, byte[][] entries) {}

  /** What the primary index holds for a key: its time and, when it decodes, its entries. */
  private record Stored(Instant time, long cellMicros, byte[][] entries) {}

  @Override
  public void write(List<T> records) {
    if (records.isEmpty()) {
      return;
    }
    // Encode everything before writing anything: a record that fails writes nothing.
    List<Draft> drafts = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      drafts.add(draft(i, records.get(i)));
    }
    // The index takes the newest record of each key in the batch (ties: the later one).
    Map<ByteString, Integer> winners = new LinkedHashMap<>();
    for (int i = 0; i < drafts.size(); i++) {
      ByteString k = ByteString.copyFrom(drafts.get(i).key());
      Integer current = winners.get(k);
      if (current == null || !drafts.get(i).time().isBefore(drafts.get(current).time())) {
        winners.put(k, i);
      }
    }
    Map<ByteString, Stored> stored = readStored(winners.keySet());

    Sequencer.Batch batch = sequencer.begin(drafts.size());
    BulkMutation log = BulkMutation.create(logId);
    for (int i = 0; i < drafts.size(); i++) {
      Draft d = drafts.get(i);
      log.add(
          RowMutationEntry.createUnsafe(Layout.logKey(streamId, batch.start() + i))
              .setCell(Layout.FAMILY, Layout.RECORD, d.cellMicros(), d.json()));
    }
    // Primary entries before secondary ones: a reader that finds a secondary entry finds the
    // record it points at, so verifying it against the primary index never drops a live entry.
    BulkMutation primary = BulkMutation.create(indexId);
    BulkMutation secondary = BulkMutation.create(indexId);
    int indexed = 0;
    int entries = 0;
    for (Map.Entry<ByteString, Integer> w : winners.entrySet()) {
      Draft d = drafts.get(w.getValue());
      Stored s = stored.get(w.getKey());
      if (s != null && d.time().isBefore(s.time())) {
        continue; // the index holds a newer record of this key
      }
      indexed++;
      ByteString offset = Layout.int64(batch.start() + w.getValue());
      primary.add(
          RowMutationEntry.createUnsafe(Layout.concat(hashes[0], d.key()))
              .setCell(Layout.FAMILY, Layout.RECORD, d.cellMicros(), d.json())
              .setCell(Layout.FAMILY, Layout.OFFSET, d.cellMicros(), offset));
      for (int j = 0; j < d.entries().length; j++) {
        secondary.add(
            RowMutationEntry.createUnsafe(Layout.concat(hashes[j + 1], d.entries()[j]))
                .setCell(Layout.FAMILY, Layout.OFFSET, d.cellMicros(), offset));
        entries++;
        if (s != null && s.entries() != null && !Arrays.equals(s.entries()[j], d.entries()[j])) {
          // The replaced record's entry; only its versions, not a newer write of the same entry.
          secondary.add(
              RowMutationEntry.createUnsafe(Layout.concat(hashes[j + 1], s.entries()[j]))
                  .deleteCells(
                      Layout.FAMILY,
                      Layout.OFFSET,
                      TimestampRange.create(0, s.cellMicros() + 1000)));
        }
      }
    }
    try {
      apply(log, "log", drafts.size());
      if (indexed > 0) {
        apply(primary, "primary index", indexed);
        if (entries > 0) {
          apply(secondary, "secondary indexes", indexed);
        }
      }
    } catch (RuntimeException e) {
      // Give the offsets up at once rather than leave readers waiting for the timeout: what was
      // written stays readable (at least once), and the caller writes the batch again.
      try {
        sequencer.commit(batch);
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    sequencer.commit(batch);
  }

  private Draft draft(int i, T r) {
    K key = schema.key(r);
    if (key == null) {
      throw new IllegalArgumentException("records[" + i + "] has no key");
    }
    Instant time = schema.timestamp(r);
    if (time == null) {
      throw new IllegalArgumentException("records[" + i + "] has no timestamp");
    }
    Object[] comps = schema.keyComponents(key);
    byte[][] entries = new byte[schema.indexes().size()][];
    for (int j = 0; j < entries.length; j++) {
      entries[j] = entry(j, r, comps);
    }
    return new Draft(
        TupleKey.encode(comps),
        time,
        Layout.cellMicros(time),
        UnsafeByteOperations.unsafeWrap(JsonFormat.encode(schema, r)),
        entries);
  }

  /** The entry of a record in the j-th {@code @Index}: (value, key...), without the hash. */
  private byte[] entry(int j, T record, Object[] keyComponents) {
    Object[] elements = new Object[keyComponents.length + 1];
    elements[0] = schema.indexes().get(j).get(record);
    System.arraycopy(keyComponents, 0, elements, 1, keyComponents.length);
    return TupleKey.encode(elements);
  }

  /** The records the primary index holds for {@code keys} (TupleKey encodings). */
  private Map<ByteString, Stored> readStored(Iterable<ByteString> keys) {
    com.google.cloud.bigtable.data.v2.models.Query q =
        com.google.cloud.bigtable.data.v2.models.Query.create(indexId).filter(latest(true));
    int n = 0;
    for (ByteString k : keys) {
      q.rowKey(Layout.concat(hashes[0], k.toByteArray()));
      n++;
    }
    Map<ByteString, Stored> out = new HashMap<>(n * 2);
    for (Row row : rows(q, "primary index")) {
      RowCell cell = cell(row, Layout.RECORD);
      if (cell == null) {
        continue;
      }
      ByteString key = row.getKey().substring(Layout.ID_BYTES);
      T existing;
      try {
        existing = JsonFormat.decode(schema, cell.getValue().newInput());
      } catch (DecodeException e) {
        // Written by another version of the model: compare by cell time; its old secondary
        // entries are found stale and removed when read.
        out.put(
            key,
            new Stored(
                Instant.ofEpochMilli(cell.getTimestamp() / 1000), cell.getTimestamp(), null));
        continue;
      }
      Object[] comps = schema.keyComponents(schema.key(existing));
      byte[][] entries = new byte[schema.indexes().size()][];
      for (int j = 0; j < entries.length; j++) {
        entries[j] = entry(j, existing, comps);
      }
      Instant t = schema.timestamp(existing);
      out.put(
          key,
          new Stored(
              t != null ? t : Instant.ofEpochMilli(cell.getTimestamp() / 1000),
              cell.getTimestamp(),
              entries));
    }
    return out;
  }

  private void apply(BulkMutation bulk, String what, int rows) {
    try {
      data.bulkMutateRows(bulk);
    } catch (ApiException e) {
      throw new DriverException(
          "Bigtable did not apply the "
              + what
              + " mutations of "
              + rows
              + " records (tables "
              + logTable
              + ", "
              + indexTable
              + "): "
              + e.getMessage(),
          e);
    }
  }

  // ---- get -----------------------------------------------------------------------------------

  @Override
  public Optional<T> get(K key) {
    ByteString rowKey = primaryRow(key);
    Row row;
    try {
      row = data.readRow(indexId, rowKey, latest(false));
    } catch (ApiException e) {
      throw new DriverException("cannot read " + indexTable + ": " + e.getMessage(), e);
    }
    if (row == null) {
      return Optional.empty();
    }
    RowCell cell = cell(row, Layout.RECORD);
    return cell == null ? Optional.empty() : Optional.of(decode(cell.getValue(), () -> key));
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
      IndexRange plan = IndexRange.plan(schema, where);
      long tip = sequencer.state().nextStable();
      return new CursorSet(
          List.of(
              Cursor.encode(
                  streamId,
                  new Cursor.Index(plan.index(), plan.range().start(), plan.range().end()))),
          List.of(Cursor.encode(streamId, Cursor.Log.of(tip, -1))));
    }
    if (!where.conditions().isEmpty() || where.orderBy() != null) {
      throw new UnsupportedQueryException(
          "a log replay (not compacted) reads every record and"
              + " takes no conditions; query the compacted index to filter by "
              + where);
    }
    long tip = sequencer.state().nextStable();
    // Beneath's split: at most `partitions` contiguous segments of [0, tip), none empty.
    List<byte[]> replay = new ArrayList<>();
    long n = Math.min(partitions, tip);
    for (long i = 0; i < n; i++) {
      replay.add(Cursor.encode(streamId, Cursor.Log.of(tip * i / n, tip * (i + 1) / n)));
    }
    return new CursorSet(replay, List.of(Cursor.encode(streamId, Cursor.Log.of(tip, -1))));
  }

  @Override
  public CursorSet peek() {
    long tip = sequencer.state().nextStable();
    return new CursorSet(
        List.of(Cursor.encode(streamId, new Cursor.Peek(tip))),
        List.of(Cursor.encode(streamId, Cursor.Log.of(tip, -1))));
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
    Cursor c = Cursor.decode(cursor, streamId, schema.indexes().size());
    if (c instanceof Cursor.Log l) {
      return readLog(l, limit);
    } else if (c instanceof Cursor.Peek p) {
      return readPeek(p, limit);
    }
    Cursor.Index i = (Cursor.Index) c;
    return i.index() == 0 ? readPrimary(i, limit) : readSecondary(i, limit);
  }

  /**
   * Reads log segments in order. Offsets missing below the stable tip are gone for good (a dead
   * batch, or expired); missing offsets above it belong to batches still being written, so the
   * cursor keeps them as segments of their own and reads on past them.
   */
  private CursorRead<T> readLog(Cursor.Log c, int limit) {
    Sequencer.State state = sequencer.state();
    List<Cursor.Segment> segments = c.segments();
    List<Cursor.Segment> keep = new ArrayList<>();
    List<LogRecord<T>> out = new ArrayList<>();
    int loads = 0;
    for (int si = 0; si < segments.size(); si++) {
      Cursor.Segment seg = segments.get(si);
      if (out.size() >= limit || loads >= MAX_LOADS) {
        add(keep, seg);
        continue;
      }
      long end = seg.open() ? state.next() : seg.end();
      if (seg.start() >= end) {
        if (seg.open()) {
          add(keep, seg);
        }
        continue;
      }
      long windowEnd = Math.min(end, seg.start() + (limit - out.size()));
      List<Row> rows = logRows(seg.start(), windowEnd);
      loads++;
      // Segments that follow this one, plus the rest of this one: room left for new gaps.
      int reserved = segments.size() - si;
      long pos = seg.start();
      long stop = windowEnd;
      for (Row row : rows) {
        long o = Layout.offsetOf(row.getKey());
        if (o > pos && !gap(keep, pos, o, state.nextStable(), reserved)) {
          stop = pos;
          break;
        }
        RowCell cell = cell(row, Layout.RECORD);
        if (cell != null) {
          long at = o;
          T value = decode(cell.getValue(), () -> "log offset " + at);
          out.add(new LogRecord<>(o, schema.timestamp(value), value));
        }
        pos = o + 1;
      }
      if (stop == windowEnd
          && pos < windowEnd
          && !gap(keep, pos, windowEnd, state.nextStable(), reserved)) {
        stop = pos;
      }
      if (seg.open()) {
        add(keep, new Cursor.Segment(stop, -1));
      } else if (stop < seg.end()) {
        add(keep, new Cursor.Segment(stop, seg.end()));
      }
    }
    byte[] next = keep.isEmpty() ? null : Cursor.encode(streamId, new Cursor.Log(keep));
    return new CursorRead<>(out, next);
  }

  /**
   * Handles offsets {@code [from, to)} missing from the log: below the stable tip they are dropped,
   * above it they are kept to be read again. Returns false when the cursor has no room for another
   * segment (the caller then stops before the gap).
   */
  private static boolean gap(
      List<Cursor.Segment> keep, long from, long to, long stable, int reserved) {
    if (to <= stable) {
      return true;
    }
    Cursor.Segment pending = new Cursor.Segment(Math.max(from, stable), to);
    if (!keep.isEmpty() && keep.get(keep.size() - 1).end() == pending.start()) {
      add(keep, pending);
      return true;
    }
    if (keep.size() + 1 + reserved > Cursor.MAX_SEGMENTS) {
      return false;
    }
    keep.add(pending);
    return true;
  }

  /** Appends a segment, merging it with the last one when they touch. */
  private static void add(List<Cursor.Segment> keep, Cursor.Segment s) {
    if (!keep.isEmpty()) {
      Cursor.Segment last = keep.get(keep.size() - 1);
      if (!last.open() && last.end() == s.start()) {
        keep.set(keep.size() - 1, new Cursor.Segment(last.start(), s.end()));
        return;
      }
    }
    keep.add(s);
  }

  private CursorRead<T> readPeek(Cursor.Peek c, int limit) {
    long from = Math.max(0, c.end() - limit);
    List<Row> rows = c.end() == 0 ? List.of() : logRows(from, c.end());
    List<LogRecord<T>> out = new ArrayList<>(rows.size());
    for (Row row : rows) {
      RowCell cell = cell(row, Layout.RECORD);
      if (cell != null) {
        long o = Layout.offsetOf(row.getKey());
        T value = decode(cell.getValue(), () -> "log offset " + o);
        out.add(new LogRecord<>(o, schema.timestamp(value), value));
      }
    }
    Collections.reverse(out);
    return new CursorRead<>(out, from > 0 ? Cursor.encode(streamId, new Cursor.Peek(from)) : null);
  }

  private CursorRead<T> readPrimary(Cursor.Index c, int limit) {
    List<Row> rows = indexRows(0, c.from(), c.to(), limit);
    List<LogRecord<T>> out = new ArrayList<>(rows.size());
    for (Row row : rows) {
      out.add(record(row, row.getKey()));
    }
    byte[] next = null;
    if (rows.size() == limit) {
      byte[] last = rows.get(rows.size() - 1).getKey().substring(Layout.ID_BYTES).toByteArray();
      next = Cursor.encode(streamId, new Cursor.Index(0, TupleKey.successor(last), c.to()));
    }
    return new CursorRead<>(out, next);
  }

  /**
   * Reads a secondary index range and checks each entry against the primary index, as Beneath's
   * LoadSecondaryIndexRange: an entry is returned only if the record the primary index holds for
   * its key still has this entry. An entry whose record is gone, or whose record has moved on (its
   * primary cell is at least as new as the entry), is stale: it is skipped and its versions up to
   * its own timestamp are deleted, so a newer write of the same entry survives.
   */
  private CursorRead<T> readSecondary(Cursor.Index c, int limit) {
    int index = c.index();
    List<LogRecord<T>> out = new ArrayList<>();
    byte[] from = c.from();
    boolean more = true;
    for (int load = 0; load < MAX_LOADS && out.size() < limit && more; load++) {
      int want = limit - out.size();
      List<Row> entries = indexRows(index, from, c.to(), want);
      more = entries.size() == want;
      if (entries.isEmpty()) {
        break;
      }
      from =
          TupleKey.successor(
              entries.get(entries.size() - 1).getKey().substring(Layout.ID_BYTES).toByteArray());
      // The primary rows of every entry, in one read.
      Map<ByteString, ByteString> primaryOf = new HashMap<>();
      com.google.cloud.bigtable.data.v2.models.Query q =
          com.google.cloud.bigtable.data.v2.models.Query.create(indexId).filter(latest(false));
      for (Row e : entries) {
        ByteString key = keyOfEntry(e.getKey().substring(Layout.ID_BYTES));
        if (key != null) {
          ByteString p = Layout.concat(hashes[0], key.toByteArray());
          primaryOf.put(e.getKey(), p);
          q.rowKey(p);
        }
      }
      Map<ByteString, Row> primaries = new HashMap<>();
      if (!primaryOf.isEmpty()) {
        for (Row p : rows(q, "primary index")) {
          primaries.put(p.getKey(), p);
        }
      }
      BulkMutation garbage = BulkMutation.create(indexId);
      int stale = 0;
      for (Row e : entries) {
        RowCell entryCell = cell(e, Layout.OFFSET);
        ByteString p = primaryOf.get(e.getKey());
        if (entryCell == null || p == null) {
          continue;
        }
        Row primary = primaries.get(p);
        RowCell recordCell = primary == null ? null : cell(primary, Layout.RECORD);
        if (recordCell != null) {
          LogRecord<T> r = record(primary, p);
          ByteString current =
              Layout.concat(
                  hashes[index],
                  entry(index - 1, r.value(), schema.keyComponents(schema.key(r.value()))));
          if (current.equals(e.getKey())) {
            out.add(r);
            continue;
          }
          if (recordCell.getTimestamp() < entryCell.getTimestamp()) {
            continue; // newer than the record it names: a write in flight, not garbage
          }
        }
        stale++;
        garbage.add(
            RowMutationEntry.createUnsafe(e.getKey())
                .deleteCells(
                    Layout.FAMILY,
                    Layout.OFFSET,
                    TimestampRange.create(0, entryCell.getTimestamp() + 1000)));
      }
      if (stale > 0) {
        try {
          data.bulkMutateRows(garbage);
        } catch (ApiException ex) {
          // Still skipped; the next read tries again.
          LOG.log(
              System.Logger.Level.WARNING,
              "cannot delete "
                  + stale
                  + " stale secondary"
                  + " index entries of "
                  + bucket
                  + " in "
                  + indexTable
                  + ": "
                  + ex.getMessage());
        }
      }
    }
    byte[] next = more ? Cursor.encode(streamId, new Cursor.Index(index, from, c.to())) : null;
    return new CursorRead<>(out, next);
  }

  /** The key part of a secondary entry (value, key...): everything after its first element. */
  private static ByteString keyOfEntry(ByteString entry) {
    byte[] bytes = entry.toByteArray();
    try {
      Object[] elements = TupleKey.decode(bytes);
      if (elements.length < 2) {
        return null;
      }
      int valueLength = TupleKey.encode(elements[0]).length;
      return ByteString.copyFrom(bytes, valueLength, bytes.length - valueLength);
    } catch (IllegalArgumentException e) {
      return null; // not an entry this driver wrote
    }
  }

  // ---- reading rows --------------------------------------------------------------------------

  private List<Row> logRows(long from, long to) {
    com.google.cloud.bigtable.data.v2.models.Query q =
        com.google.cloud.bigtable.data.v2.models.Query.create(logId)
            .range(Layout.logKey(streamId, from), Layout.logKey(streamId, to))
            .filter(latest(true));
    return rows(q, "log");
  }

  private List<Row> indexRows(int index, byte[] from, byte[] to, int limit) {
    ByteString start = Layout.concat(hashes[index], from);
    // An index hash is never all 0xFF bytes, so its rows always have an end.
    ByteString end =
        to != null
            ? Layout.concat(hashes[index], to)
            : ByteString.copyFrom(TupleKey.prefixEnd(hashes[index]));
    if (ByteString.unsignedLexicographicalComparator().compare(start, end) >= 0) {
      return List.of();
    }
    com.google.cloud.bigtable.data.v2.models.Query q =
        com.google.cloud.bigtable.data.v2.models.Query.create(indexId)
            .range(start, end)
            .filter(latest(false))
            .limit(limit);
    return rows(q, index == 0 ? "primary index" : "secondary index");
  }

  private List<Row> rows(com.google.cloud.bigtable.data.v2.models.Query q, String what) {
    try {
      List<Row> out = new ArrayList<>();
      for (Row r : data.readRows(q)) {
        out.add(r);
      }
      return out;
    } catch (ApiException e) {
      throw new DriverException(
          "cannot read the " + what + " of " + bucket + " from Bigtable: " + e.getMessage(), e);
    }
  }

  /**
   * The newest cell of each column (the emulator keeps every version), of the record column only
   * when {@code recordOnly}; under a retention period, only cells younger than it (garbage
   * collection removes older ones eventually, not at once).
   */
  private Filters.Filter latest(boolean recordOnly) {
    Filters.ChainFilter f =
        Filters.FILTERS.chain().filter(Filters.FILTERS.family().exactMatch(Layout.FAMILY));
    if (recordOnly) {
      f.filter(Filters.FILTERS.qualifier().exactMatch(Layout.RECORD));
    }
    if (retention != null) {
      long since = Layout.cellMicros(clock.instant().minus(retention));
      f.filter(Filters.FILTERS.timestamp().range().startClosed(since));
    }
    return f.filter(Filters.FILTERS.limit().cellsPerColumn(1));
  }

  private static RowCell cell(Row row, ByteString qualifier) {
    List<RowCell> cells = row.getCells(Layout.FAMILY, qualifier);
    return cells.isEmpty() ? null : cells.get(0);
  }

  /** A primary index row as a record, with its log offset. */
  private LogRecord<T> record(Row row, ByteString rowKey) {
    RowCell r = cell(row, Layout.RECORD);
    RowCell o = cell(row, Layout.OFFSET);
    T value = decode(r.getValue(), () -> keyOfRow(rowKey));
    long offset = o == null || o.getValue().size() != 8 ? -1 : Layout.int64(o.getValue());
    return new LogRecord<>(offset, schema.timestamp(value), value);
  }

  /** Decodes a stored record; {@code key} names it in the error when it does not fit. */
  private T decode(ByteString json, Supplier<Object> key) {
    try {
      return JsonFormat.decode(schema, json.newInput());
    } catch (DecodeException e) {
      throw (DecodeException) e.in(null, bucket, key.get(), null);
    }
  }

  /** The key in an index row key, for messages. */
  private static Object keyOfRow(ByteString rowKey) {
    try {
      Object[] comps = TupleKey.decode(rowKey.substring(Layout.ID_BYTES).toByteArray());
      return comps.length == 1 ? comps[0] : Arrays.toString(comps);
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return "row " + rowKey;
    }
  }
}
