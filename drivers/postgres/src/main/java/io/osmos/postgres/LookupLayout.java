package io.osmos.postgres;

import io.osmos.query.Property;
import io.osmos.schema.ModelSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * The two tables of a stream in the lookup service:
 *
 * <pre>
 * CREATE TABLE IF NOT EXISTS "osmos"."readings__log" (     -- every write, in order
 *   "offset" bigint PRIMARY KEY,                           -- 0, 1, 2, ... without gaps
 *   "key" bytea NOT NULL,                                  -- TupleKey of the key fields
 *   "ts" timestamptz NOT NULL,                             -- @Timestamp, to the microsecond
 *   "ts_nanos" integer NOT NULL,                           -- its nanosecond of the second
 *   "record" json NOT NULL,                                -- the record in the JSON format
 *   "written_at" timestamptz NOT NULL DEFAULT now());
 * CREATE TABLE IF NOT EXISTS "osmos"."readings__index" (   -- the newest record per key
 *   "key" bytea PRIMARY KEY, "offset" bigint NOT NULL, "ts" timestamptz NOT NULL,
 *   "ts_nanos" integer NOT NULL, "record" json NOT NULL,
 *   "ix__site" bytea NOT NULL);                            -- per @Index: TupleKey(site, key...)
 * CREATE INDEX IF NOT EXISTS "readings__index__site" ON "osmos"."readings__index" ("ix__site");
 * </pre>
 *
 * Index entries are {@link io.osmos.spi.TupleKey} encodings, as in Beneath's Bigtable layout, so a
 * condition on a leftmost prefix of an index's fields is one range of bytes and the order of a read
 * is the order of the tuples.
 *
 * @param <T> the model
 * @param <K> its key
 */
final class LookupLayout<T, K> {
  final ModelSchema<T, K> schema;
  final String bucket;
  final String log;
  final String index;
  final List<Property<T, ?>> indexes;

  /** The entry column of each {@code @Index}, in {@link #indexes} order. */
  final List<String> entryColumns;

  private final String indexTableName;

  LookupLayout(String schemaName, ModelSchema<T, K> schema) {
    this.schema = schema;
    this.bucket = SqlNames.checkName("stream bucket", schema.bucket());
    this.log = SqlNames.qualified(schemaName, SqlNames.derived(bucket, "log"));
    this.indexTableName = SqlNames.derived(bucket, "index");
    this.index = SqlNames.qualified(schemaName, indexTableName);
    if (!schema.timestamped()) {
      throw new IllegalArgumentException(
          schema.modelName()
              + " has no @Timestamp field; a"
              + " lookup table keeps the newest record per key by it");
    }
    this.indexes = schema.indexes();
    List<String> columns = new ArrayList<>();
    for (Property<T, ?> p : indexes) {
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
      columns.add(SqlNames.quote(SqlNames.derived("ix", p.storedName())));
    }
    this.entryColumns = List.copyOf(columns);
  }

  List<String> ddl() {
    List<String> ddl = new ArrayList<>();
    ddl.add(
        "CREATE TABLE IF NOT EXISTS "
            + log
            + " (\"offset\" bigint PRIMARY KEY,"
            + " \"key\" bytea NOT NULL, \"ts\" timestamptz NOT NULL, \"ts_nanos\" integer NOT NULL,"
            + " \"record\" json NOT NULL, \"written_at\" timestamptz NOT NULL DEFAULT now())");
    StringBuilder index =
        new StringBuilder(
            "CREATE TABLE IF NOT EXISTS "
                + this.index
                + " (\"key\" bytea PRIMARY KEY, \"offset\" bigint NOT NULL, \"ts\" timestamptz NOT NULL,"
                + " \"ts_nanos\" integer NOT NULL, \"record\" json NOT NULL");
    for (String c : entryColumns) {
      index.append(", ").append(c).append(" bytea NOT NULL");
    }
    ddl.add(index.append(')').toString());
    for (int i = 0; i < indexes.size(); i++) {
      // An @Index added to an existing stream fails here (its column is missing): its entries
      // would have to be computed from every record first.
      ddl.add(
          "CREATE INDEX IF NOT EXISTS "
              + SqlNames.quote(SqlNames.derived(indexTableName, indexes.get(i).storedName()))
              + " ON "
              + this.index
              + " ("
              + entryColumns.get(i)
              + ")");
    }
    return ddl;
  }

  String signature() {
    StringBuilder b = new StringBuilder().append(schema.keyProperties().size());
    for (Property<T, ?> p : indexes) {
      b.append('|').append(p.storedName());
    }
    return b.toString();
  }
}
