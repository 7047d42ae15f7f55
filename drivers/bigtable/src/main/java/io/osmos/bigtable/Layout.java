package io.osmos.bigtable;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The row keys and cells of the driver's three tables (README.md shows them with {@code cbt}):
 *
 * <ul>
 *   <li>{@code <prefix>_log}: row {@code streamId(16) | offset(8, big-endian int64)}, cell {@code
 *       f:r} = the record as JSON; one row per write, every version kept;
 *   <li>{@code <prefix>_indexes}: primary row {@code indexHash(bucket, "")(16) | TupleKey(key...)},
 *       cells {@code f:r} = the record as JSON and {@code f:o} = its log offset; secondary row
 *       {@code indexHash(bucket, field)(16) | TupleKey(value, key...)}, cell {@code f:o} = the log
 *       offset of the record it points at;
 *   <li>{@code <prefix>_sequencer}: row {@code streamId(16)}, see {@link Sequencer}.
 * </ul>
 *
 * Every log and index cell carries the record's {@code @Timestamp} (milliseconds, the granularity
 * Bigtable accepts) as its cell timestamp, so the newest record wins under a latest-cell filter and
 * age-based garbage collection expires records by their own time. Stream ids and index hashes are
 * the first 8 bytes of SHA-256 over a label, written as 16 hex digits: every stream and index has a
 * fixed, spread-out prefix that a bucket name cannot forge and that {@code cbt read ...
 * prefix=<id>} can select.
 */
final class Layout {
  /** The column family of the log and index tables. */
  static final String FAMILY = "f";

  /** The record, as JSON. */
  static final ByteString RECORD = ByteString.copyFromUtf8("r");

  /** A log offset, as a big-endian int64. */
  static final ByteString OFFSET = ByteString.copyFromUtf8("o");

  /** Stream ids and index hashes: 16 lower-case hex digits. */
  static final int ID_BYTES = 16;

  private Layout() {}

  /** The fixed prefix of a stream's log rows and its sequencer row. */
  static byte[] streamId(String bucket) {
    return hash("osmos/stream/" + bucket);
  }

  /** The fixed prefix of an index's rows: {@code field} is "" for the primary index. */
  static byte[] indexHash(String bucket, String field) {
    return hash("osmos/index/" + bucket + "/" + field);
  }

  static ByteString logKey(byte[] streamId, long offset) {
    byte[] k = Arrays.copyOf(streamId, ID_BYTES + 8);
    putLong(k, ID_BYTES, offset);
    return ByteString.copyFrom(k);
  }

  /** The offset in a log row key. */
  static long offsetOf(ByteString logKey) {
    return getLong(logKey, ID_BYTES);
  }

  static ByteString concat(byte[] prefix, byte[] rest) {
    byte[] k = Arrays.copyOf(prefix, prefix.length + rest.length);
    System.arraycopy(rest, 0, k, prefix.length, rest.length);
    return ByteString.copyFrom(k);
  }

  static ByteString int64(long v) {
    byte[] b = new byte[8];
    putLong(b, 0, v);
    return ByteString.copyFrom(b);
  }

  static long int64(ByteString b) {
    if (b.size() != 8) {
      throw new IllegalArgumentException(
          "expected an 8-byte integer, found " + b.size() + " bytes");
    }
    return getLong(b, 0);
  }

  /**
   * The cell timestamp of a record time: microseconds since the epoch, floored to a whole
   * millisecond (Bigtable rejects finer timestamps), and kept at 0 or above (negative values are
   * not timestamps to Bigtable).
   */
  static long cellMicros(Instant t) {
    long millis;
    try {
      millis = t.toEpochMilli();
    } catch (ArithmeticException e) {
      millis = t.isBefore(Instant.EPOCH) ? 0 : Long.MAX_VALUE / 1000;
    }
    if (millis < 0) {
      return 0;
    }
    return millis > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE / 1000 * 1000 : millis * 1000;
  }

  private static void putLong(byte[] b, int at, long v) {
    for (int i = 7; i >= 0; i--) {
      b[at + 7 - i] = (byte) (v >>> (8 * i));
    }
  }

  private static long getLong(ByteString b, int at) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b.byteAt(at + i) & 0xFF);
    }
    return v;
  }

  private static byte[] hash(String label) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.UTF_8));
      // Hex digits: spread like the hash, and printable where cbt shows row keys.
      return HexFormat.of().formatHex(h, 0, ID_BYTES / 2).getBytes(StandardCharsets.US_ASCII);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
