package io.osmos.benchmarks.google;

import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.cloud.bigtable.admin.v2.BigtableTableAdminClient;
import com.google.cloud.bigtable.admin.v2.BigtableTableAdminSettings;
import com.google.cloud.bigtable.admin.v2.models.CreateTableRequest;
import com.google.cloud.bigtable.admin.v2.models.GCRules;
import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.BigtableDataSettings;
import com.google.cloud.bigtable.data.v2.models.BulkMutation;
import com.google.cloud.bigtable.data.v2.models.Filters;
import com.google.cloud.bigtable.data.v2.models.Query;
import com.google.cloud.bigtable.data.v2.models.Range.TimestampRange;
import com.google.cloud.bigtable.data.v2.models.ReadModifyWriteRow;
import com.google.cloud.bigtable.data.v2.models.Row;
import com.google.cloud.bigtable.data.v2.models.RowCell;
import com.google.cloud.bigtable.data.v2.models.RowMutation;
import com.google.cloud.bigtable.data.v2.models.RowMutationEntry;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.osmos.benchmarks.model.Click;
import io.osmos.spi.TupleKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw-client baseline for Bigtable: the {@link BigtableDataClient} doing the mutations and
 * reads {@code BigtableDriver} does for {@link Click}, on the driver's layout (row keys, cells,
 * cell timestamps) in tables of its own prefix on the same emulator.
 *
 * <ul>
 *   <li>write: read the primary index rows of the batch's keys (latest record cell), take offsets
 *       from the sequencer row ({@code ReadModifyWriteRow}: next += n, batches += 1), bulk-write
 *       the log rows, the primary index rows (record + offset) and the secondary {@code page}
 *       entries (deleting an entry the record moved away from), then commit the offsets to the
 *       sequencer row;
 *   <li>find by user: one {@code ReadRows} over the primary index range of the user's key prefix,
 *       newest cell per column, decoding the records.
 * </ul>
 *
 * It leaves out the repository's validation, limit checks and error context, the driver's sequencer
 * compaction (one extra read and conditional mutation every 100th batch), and the sequencer read
 * with which {@code find} opens its cursor.
 */
public final class RawBigtableClicks implements AutoCloseable {
  private static final String FAMILY = "f";
  private static final ByteString RECORD = ByteString.copyFromUtf8("r");
  private static final ByteString OFFSET = ByteString.copyFromUtf8("o");
  private static final String BUCKET = "bench_clicks";

  private final BigtableDataClient data;
  private final String logTable;
  private final String indexTable;
  private final String sequencerTable;
  private final ByteString stream = ByteString.copyFrom(hash("osmos/stream/" + BUCKET));
  private final byte[] primary = hash("osmos/index/" + BUCKET + "/");
  private final byte[] byPage = hash("osmos/index/" + BUCKET + "/page");
  private final Filters.Filter latestRecord =
      Filters.FILTERS
          .chain()
          .filter(Filters.FILTERS.family().exactMatch(FAMILY))
          .filter(Filters.FILTERS.qualifier().exactMatch(RECORD))
          .filter(Filters.FILTERS.limit().cellsPerColumn(1));
  private final Filters.Filter latest =
      Filters.FILTERS
          .chain()
          .filter(Filters.FILTERS.family().exactMatch(FAMILY))
          .filter(Filters.FILTERS.limit().cellsPerColumn(1));

  /** Connects to the emulator at {@code host:port} and creates the tables of {@code prefix}. */
  public RawBigtableClicks(String host, int port, String project, String instance, String prefix)
      throws IOException {
    logTable = prefix + "_log";
    indexTable = prefix + "_indexes";
    sequencerTable = prefix + "_sequencer";
    try (BigtableTableAdminClient admin =
        BigtableTableAdminClient.create(
            BigtableTableAdminSettings.newBuilderForEmulator(host, port)
                .setProjectId(project)
                .setInstanceId(instance)
                .build())) {
      GCRules.GCRule one = GCRules.GCRULES.maxVersions(1);
      create(admin, CreateTableRequest.of(logTable).addFamily(FAMILY, one));
      create(admin, CreateTableRequest.of(indexTable).addFamily(FAMILY, one));
      create(
          admin,
          CreateTableRequest.of(sequencerTable)
              .addFamily("n", one)
              .addFamily("c", one)
              .addFamily("s", one));
    }
    data =
        BigtableDataClient.create(
            BigtableDataSettings.newBuilderForEmulator(host, port)
                .setProjectId(project)
                .setInstanceId(instance)
                .build());
  }

  private static void create(BigtableTableAdminClient admin, CreateTableRequest request) {
    try {
      admin.createTable(request);
    } catch (AlreadyExistsException e) {
      // an earlier run's table: fine
    }
  }

  /** Appends the clicks to the log and makes each the indexed record of its key. */
  public void write(List<Click> clicks) {
    int n = clicks.size();
    byte[][] keys = new byte[n][];
    ByteString[] json = new ByteString[n];
    Map<ByteString, Integer> winners = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      Click c = clicks.get(i);
      keys[i] = TupleKey.encode(c.user(), c.seq());
      json[i] = UnsafeByteOperations.unsafeWrap(RawClickCodec.encode(c));
      ByteString k = UnsafeByteOperations.unsafeWrap(keys[i]);
      Integer current = winners.get(k);
      if (current == null || !c.at().isBefore(clicks.get(current).at())) {
        winners.put(k, i);
      }
    }
    // what the primary index holds for these keys
    Query q = Query.create(indexTable).filter(latestRecord);
    for (ByteString k : winners.keySet()) {
      q.rowKey(concat(primary, k.toByteArray()));
    }
    Map<ByteString, Click> stored = new HashMap<>();
    for (Row row : data.readRows(q)) {
      stored.put(
          row.getKey(),
          RawClickCodec.decode(row.getCells(FAMILY, RECORD).get(0).getValue().newInput()));
    }
    // offsets [start, end) from the sequencer row
    Row seq =
        data.readModifyWriteRow(
            ReadModifyWriteRow.create(sequencerTable, stream)
                .increment("n", ByteString.copyFromUtf8("n"), n)
                .increment("n", ByteString.copyFromUtf8("c"), 1));
    RowCell next = seq.getCells("n", ByteString.copyFromUtf8("n")).get(0);
    long end = int64(next.getValue());
    long start = end - n;
    long begin = next.getTimestamp();

    BulkMutation log = BulkMutation.create(logTable);
    for (int i = 0; i < n; i++) {
      log.add(
          RowMutationEntry.createUnsafe(
                  concat(stream.toByteArray(), int64(start + i).toByteArray()))
              .setCell(FAMILY, RECORD, micros(clicks.get(i)), json[i]));
    }
    BulkMutation primaries = BulkMutation.create(indexTable);
    BulkMutation entries = BulkMutation.create(indexTable);
    int indexed = 0;
    for (Map.Entry<ByteString, Integer> w : winners.entrySet()) {
      int i = w.getValue();
      Click c = clicks.get(i);
      ByteString row = concat(primary, keys[i]);
      Click old = stored.get(row);
      if (old != null && c.at().isBefore(old.at())) {
        continue; // the index holds a newer record of this key
      }
      indexed++;
      long t = micros(c);
      ByteString offset = int64(start + i);
      primaries.add(
          RowMutationEntry.createUnsafe(row)
              .setCell(FAMILY, RECORD, t, json[i])
              .setCell(FAMILY, OFFSET, t, offset));
      entries.add(
          RowMutationEntry.createUnsafe(
                  concat(byPage, TupleKey.encode(c.page(), c.user(), c.seq())))
              .setCell(FAMILY, OFFSET, t, offset));
      if (old != null && !old.page().equals(c.page())) {
        entries.add(
            RowMutationEntry.createUnsafe(
                    concat(byPage, TupleKey.encode(old.page(), old.user(), old.seq())))
                .deleteCells(FAMILY, OFFSET, TimestampRange.create(0, micros(old) + 1000)));
      }
    }
    data.bulkMutateRows(log);
    if (indexed > 0) {
      data.bulkMutateRows(primaries);
      data.bulkMutateRows(entries);
    }
    data.mutateRow(
        RowMutation.create(sequencerTable, stream)
            .setCell("c", int64(start).concat(int64(end)), begin, int64(begin)));
  }

  /** The newest record of each key of {@code user}, at most {@code limit}, in key order. */
  public List<Click> findByUser(String user, int limit) {
    byte[] prefix = TupleKey.encode(user);
    Query q =
        Query.create(indexTable)
            .range(concat(primary, prefix), concat(primary, TupleKey.afterElements(prefix)))
            .filter(latest)
            .limit(limit);
    List<Click> out = new ArrayList<>();
    for (Row row : data.readRows(q)) {
      out.add(RawClickCodec.decode(row.getCells(FAMILY, RECORD).get(0).getValue().newInput()));
    }
    return out;
  }

  /** The data client, for the tests. */
  BigtableDataClient data() {
    return data;
  }

  private static long micros(Click c) {
    return Math.max(0, c.at().toEpochMilli()) * 1000;
  }

  private static ByteString concat(byte[] a, byte[] b) {
    byte[] k = new byte[a.length + b.length];
    System.arraycopy(a, 0, k, 0, a.length);
    System.arraycopy(b, 0, k, a.length, b.length);
    return UnsafeByteOperations.unsafeWrap(k);
  }

  private static ByteString int64(long v) {
    byte[] b = new byte[8];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (v >>> (56 - 8 * i));
    }
    return UnsafeByteOperations.unsafeWrap(b);
  }

  private static long int64(ByteString b) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b.byteAt(i) & 0xFF);
    }
    return v;
  }

  private static byte[] hash(String label) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 8).getBytes(StandardCharsets.US_ASCII);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    data.close();
  }
}
