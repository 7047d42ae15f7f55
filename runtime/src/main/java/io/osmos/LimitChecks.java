package io.osmos;

import io.osmos.codec.CodecLimits;
import io.osmos.codec.json.JsonFormat;
import io.osmos.exceptions.LimitExceededException;
import io.osmos.exceptions.OsmosException;
import io.osmos.query.Patch;
import io.osmos.query.Property;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.DriverLimits;
import io.osmos.spi.TupleKey;

/**
 * The driver's limits, checked by both kinds of repository on every write path before the driver is
 * called: batch size, the encoded key and every index entry, and each value a patch sets. Errors
 * name the limit, the driver, bucket, key and operation.
 */
final class LimitChecks<T, K> {
  private final ModelSchema<T, K> schema;
  private final DriverLimits limits;
  private final String driverLabel;

  LimitChecks(ModelSchema<T, K> schema, DriverLimits limits, String driverLabel) {
    this.schema = schema;
    this.limits = limits;
    this.driverLabel = driverLabel;
  }

  DriverLimits limits() {
    return limits;
  }

  /** Models (or keys) in one call. */
  void batch(String op, int size) {
    if (size > limits.maxBatch()) {
      throw new LimitExceededException(
              op
                  + " of "
                  + size
                  + " exceeds the driver's batch limit"
                  + " (maxBatch) of "
                  + limits.maxBatch()
                  + "; nothing was written")
          .in(driverLabel, schema.bucket(), null, op);
    }
  }

  /** The encoded key of {@code model} and the entry of each of its indexes. */
  void key(String op, T model, K key) {
    int max = limits.maxKeyBytes();
    Object[] components = schema.keyComponents(key);
    int size = encodedSize(components, max);
    if (size > max) {
      throw new LimitExceededException(
              "encoded key is "
                  + size
                  + " bytes; the driver's limit"
                  + " (maxKeyBytes) is "
                  + max
                  + "; nothing was written")
          .in(driverLabel, schema.bucket(), key, op);
    }
    for (Property<T, ?> p : schema.indexes()) {
      indexEntry(op, key, p, p.get(model), components, size);
    }
  }

  /**
   * Each value {@code patch} sets: checked as every format's writer checks it (naming the field),
   * as an index entry with the key when the field is indexed, and against the record size (a value
   * alone larger than a record cannot be stored in one).
   */
  void patch(String op, K key, Patch<T> patch) {
    Object[] components = null;
    int keySize = 0;
    for (Patch.Op<T> o : patch.ops()) {
      if (!(o instanceof Patch.Set<T, ?> set) || set.value() == null) {
        continue;
      }
      checkValue(op, key, set);
      if (set.property().queryable()) {
        if (components == null) {
          components = schema.keyComponents(key);
          keySize = TupleKey.maxEncodedSize(components);
        }
        indexEntry(op, key, set.property(), set.value(), components, keySize);
      }
    }
  }

  private <V> void checkValue(String op, K key, Patch.Set<T, V> set) {
    Property<T, V> p = set.property();
    try {
      CodecLimits.check(schema.modelName(), p.storedName(), p.codec(), set.value());
    } catch (OsmosException e) {
      throw e.in(driverLabel, schema.bucket(), key, op);
    }
    int bytes = JsonFormat.encodeValue(p.codec(), set.value()).length;
    if (bytes > limits.maxRecordBytes()) {
      throw new LimitExceededException(
              "the value set for field '"
                  + p.name()
                  + "' is "
                  + bytes
                  + " bytes of JSON; the driver's limit for a whole record (maxRecordBytes) is "
                  + limits.maxRecordBytes()
                  + "; nothing was written")
          .in(driverLabel, schema.bucket(), key, op);
    }
  }

  /** An encoded record (a stream record's JSON). */
  void record(String op, Object key, int bytes) {
    if (bytes > limits.maxRecordBytes()) {
      throw new LimitExceededException(
              "the record encodes to "
                  + bytes
                  + " bytes of JSON; the"
                  + " driver's limit (maxRecordBytes) is "
                  + limits.maxRecordBytes()
                  + "; nothing was written")
          .in(driverLabel, schema.bucket(), key, op);
    }
  }

  /** The entry of index {@code p} for {@code value}; {@code keySize} may be an upper bound. */
  private void indexEntry(
      String op, K key, Property<T, ?> p, Object value, Object[] components, int keySize) {
    int max = limits.maxKeyBytes();
    // An index entry is the value followed by the key.
    long bound = (long) TupleKey.maxEncodedSize(value) + keySize;
    if (bound <= max) {
      return;
    }
    int size = TupleKey.encode(value).length + TupleKey.encode(components).length;
    if (size > max) {
      throw new LimitExceededException(
              "index entry for field '"
                  + p.name()
                  + "' is "
                  + size
                  + " bytes with the key; the driver's limit (maxKeyBytes) is "
                  + max
                  + "; nothing was written")
          .in(driverLabel, schema.bucket(), key, op);
    }
  }

  /**
   * The encoded size of the key: exact when it may be over {@code max}, else an upper bound (only
   * keys near the limit are encoded to measure them).
   */
  private static int encodedSize(Object[] components, int max) {
    int size = TupleKey.maxEncodedSize(components);
    return size > max ? TupleKey.encode(components).length : size;
  }
}
