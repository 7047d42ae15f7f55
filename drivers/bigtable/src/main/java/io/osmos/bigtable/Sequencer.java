package io.osmos.bigtable;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.models.ConditionalRowMutation;
import com.google.cloud.bigtable.data.v2.models.Filters;
import com.google.cloud.bigtable.data.v2.models.Mutation;
import com.google.cloud.bigtable.data.v2.models.ReadModifyWriteRow;
import com.google.cloud.bigtable.data.v2.models.Row;
import com.google.cloud.bigtable.data.v2.models.RowCell;
import com.google.cloud.bigtable.data.v2.models.RowMutation;
import com.google.cloud.bigtable.data.v2.models.TableId;
import com.google.protobuf.ByteString;
import io.osmos.exceptions.DriverException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Log offsets of one stream, after Beneath's Bigtable sequencer: a writer takes a batch of offsets
 * with one atomic ReadModifyWrite increment, writes its log rows, then commits the batch. The
 * stable tip ({@code NextStable}) is the lowest offset below which every batch is committed or
 * dead, so replay cursors that end there and change cursors that start there miss nothing.
 *
 * <p>Row {@code streamId} of the sequencer table:
 *
 * <ul>
 *   <li>{@code n:n} the next offset to hand out (int64, incremented by ReadModifyWrite; its cell
 *       timestamp is the server time of the latest batch), {@code n:c} the number of batches;
 *   <li>{@code c:<start(8)><end(8)>} one cell per committed batch {@code [start, end)}, valued the
 *       batch's begin time (µs); folded into {@code s:n} by compaction;
 *   <li>{@code s:n} the stable tip as of the last compaction.
 * </ul>
 *
 * A batch that is not committed within the timeout (a writer that crashed, or took too long, in
 * which case its commit fails) is <i>dead</i>: once the timeout plus the allowed clock drift has
 * passed since a batch that began after it, or since the latest batch for a gap at the tail, {@code
 * NextStable} moves past it. Its offsets stay missing from the log, or hold rows that the writer
 * will write again under new offsets (at least once).
 */
final class Sequencer {
  static final String NEXT_FAMILY = "n";
  static final String COMMIT_FAMILY = "c";
  static final String STABLE_FAMILY = "s";
  private static final ByteString NEXT = ByteString.copyFromUtf8("n");
  private static final ByteString BATCHES = ByteString.copyFromUtf8("c");
  private static final ByteString STABLE = ByteString.copyFromUtf8("n");

  /** Commits are folded into the stable tip every this many batches. */
  static final int COMPACT_EVERY = 100;

  private final BigtableDataClient data;
  private final String table;
  private final TableId tableId;
  private final ByteString row;
  private final Duration timeout;
  private final Duration drift;
  private final Clock clock;

  /** Offsets {@code [start, end)} handed out at {@code beginMicros} (server time). */
  record Batch(long start, long end, long beginMicros, long beganNanos, long number) {}

  /**
   * The sequencer's state.
   *
   * @param next the next offset to hand out
   * @param nextStable every offset below is committed or dead
   * @param stored the stable tip stored by the last compaction
   * @param pendingCommits commit cells not yet folded into {@code stored}
   */
  record State(long next, long nextStable, long stored, int pendingCommits) {}

  Sequencer(
      BigtableDataClient data,
      String table,
      byte[] streamId,
      Duration timeout,
      Duration drift,
      Clock clock) {
    this.data = data;
    this.table = table;
    this.tableId = TableId.of(table);
    this.row = ByteString.copyFrom(streamId);
    this.timeout = timeout;
    this.drift = drift;
    this.clock = clock;
  }

  /** Takes {@code n} offsets. */
  Batch begin(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("a batch has at least one offset, was " + n);
    }
    long began = System.nanoTime();
    Row r;
    try {
      r =
          data.readModifyWriteRow(
              ReadModifyWriteRow.create(tableId, row)
                  .increment(NEXT_FAMILY, NEXT, n)
                  .increment(NEXT_FAMILY, BATCHES, 1));
    } catch (ApiException e) {
      throw new DriverException(
          "cannot take "
              + n
              + " log offsets from the Bigtable sequencer"
              + " (table "
              + table
              + "): "
              + e.getMessage(),
          e);
    }
    RowCell next = latest(r, NEXT_FAMILY, NEXT);
    RowCell batches = latest(r, NEXT_FAMILY, BATCHES);
    long end = Layout.int64(next.getValue());
    return new Batch(
        end - n,
        end,
        next.getTimestamp(),
        began,
        batches == null ? 0 : Layout.int64(batches.getValue()));
  }

  /**
   * Commits a batch whose log rows are written, or given up: a write that failed commits its batch
   * too, so that readers need not wait for the timeout to pass it.
   *
   * @throws DriverException when the batch began longer than the timeout ago: readers may have
   *     skipped it already, so the write fails (and is written again by the caller's retry)
   */
  void commit(Batch b) {
    long elapsed = System.nanoTime() - b.beganNanos();
    if (elapsed > timeout.toNanos()) {
      throw new DriverException(
          "the write of log offsets ["
              + b.start()
              + ", "
              + b.end()
              + ") took "
              + Duration.ofNanos(elapsed).toMillis()
              + " ms, longer than the sequencer"
              + " timeout of "
              + timeout.toMillis()
              + " ms; readers may have skipped it, so it is"
              + " not committed: write the records again");
    }
    try {
      data.mutateRow(
          RowMutation.create(tableId, row)
              .setCell(
                  COMMIT_FAMILY,
                  range(b.start(), b.end()),
                  b.beginMicros(),
                  Layout.int64(b.beginMicros())));
    } catch (ApiException e) {
      throw new DriverException(
          "cannot commit log offsets ["
              + b.start()
              + ", "
              + b.end()
              + ") to the Bigtable sequencer (table "
              + table
              + "): "
              + e.getMessage(),
          e);
    }
    if (b.number() % COMPACT_EVERY == 0) {
      compact();
    }
  }

  /** The current state (reads one row). */
  State state() {
    Row r;
    try {
      r = data.readRow(tableId, row, Filters.FILTERS.limit().cellsPerColumn(1));
    } catch (ApiException e) {
      throw new DriverException(
          "cannot read the Bigtable sequencer (table " + table + "): " + e.getMessage(), e);
    }
    return state(r);
  }

  private State state(Row r) {
    if (r == null) {
      return new State(0, 0, 0, 0);
    }
    RowCell nextCell = latest(r, NEXT_FAMILY, NEXT);
    RowCell stableCell = latest(r, STABLE_FAMILY, STABLE);
    long next = nextCell == null ? 0 : Layout.int64(nextCell.getValue());
    long lastBegin = nextCell == null ? 0 : nextCell.getTimestamp();
    long stored = stableCell == null ? 0 : Layout.int64(stableCell.getValue());
    List<long[]> commits = new ArrayList<>();
    for (RowCell c : r.getCells(COMMIT_FAMILY)) {
      ByteString q = c.getQualifier();
      if (q.size() == 16) {
        commits.add(
            new long[] {
              Layout.int64(q.substring(0, 8)),
              Layout.int64(q.substring(8)),
              Layout.int64(c.getValue())
            });
      }
    }
    commits.sort(Comparator.comparingLong((long[] c) -> c[0]));
    long deadBefore = clock.millis() * 1000 - (timeout.toNanos() + drift.toNanos()) / 1000;
    long stable = stored;
    boolean blocked = false;
    for (long[] c : commits) {
      if (c[1] <= stable) {
        continue;
      }
      if (c[0] > stable) {
        // A gap: batches that began before this one and are not committed. Dead once this
        // later batch began longer than timeout + drift ago.
        if (c[2] >= deadBefore) {
          blocked = true;
          break;
        }
      }
      stable = c[1];
    }
    if (!blocked && stable < next && lastBegin < deadBefore) {
      // The tail: every batch there began by the latest one, and long enough ago.
      stable = next;
    }
    return new State(next, stable, stored, commits.size());
  }

  /**
   * Folds commits into the stored stable tip, with a conditional mutation so that a concurrent
   * compaction is never undone: it applies only if the stored tip is still the one read.
   */
  void compact() {
    Row r;
    try {
      r = data.readRow(tableId, row, Filters.FILTERS.limit().cellsPerColumn(1));
    } catch (ApiException e) {
      throw new DriverException(
          "cannot read the Bigtable sequencer (table " + table + "): " + e.getMessage(), e);
    }
    State s = state(r);
    if (r == null || s.nextStable() <= s.stored()) {
      return;
    }
    Mutation m =
        Mutation.create()
            .deleteCells(STABLE_FAMILY, STABLE)
            .setCell(STABLE_FAMILY, STABLE, Layout.int64(s.nextStable()));
    for (RowCell c : r.getCells(COMMIT_FAMILY)) {
      ByteString q = c.getQualifier();
      if (q.size() != 16 || Layout.int64(q.substring(8)) <= s.nextStable()) {
        m.deleteCells(COMMIT_FAMILY, q);
      }
    }
    Filters.Filter storedTip =
        Filters.FILTERS
            .chain()
            .filter(Filters.FILTERS.family().exactMatch(STABLE_FAMILY))
            .filter(Filters.FILTERS.qualifier().exactMatch(STABLE))
            .filter(Filters.FILTERS.limit().cellsPerColumn(1));
    ConditionalRowMutation cm = ConditionalRowMutation.create(tableId, row);
    if (latest(r, STABLE_FAMILY, STABLE) == null) {
      cm.condition(storedTip).otherwise(m);
    } else {
      cm.condition(
              Filters.FILTERS
                  .chain()
                  .filter(storedTip)
                  .filter(Filters.FILTERS.value().exactMatch(Layout.int64(s.stored()))))
          .then(m);
    }
    try {
      data.checkAndMutateRow(cm);
    } catch (ApiException e) {
      throw new DriverException(
          "cannot compact the Bigtable sequencer (table " + table + "): " + e.getMessage(), e);
    }
  }

  private static ByteString range(long start, long end) {
    return Layout.int64(start).concat(Layout.int64(end));
  }

  private static RowCell latest(Row r, String family, ByteString qualifier) {
    List<RowCell> cells = r.getCells(family, qualifier);
    // Cells come newest first; the emulator keeps every version.
    return cells.isEmpty() ? null : cells.get(0);
  }
}
