package io.osmos.postgres;

import io.osmos.codec.FieldDescriptor;
import io.osmos.codec.FieldType;
import io.osmos.schema.ModelSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * The warehouse table of a stream model, one column per top-level field:
 *
 * <pre>
 * CREATE TABLE IF NOT EXISTS "osmos"."readings__warehouse" (
 *   "__key" bytea NOT NULL,              -- TupleKey of the key fields
 *   "__timestamp" timestamptz NOT NULL,  -- @Timestamp, to the microsecond
 *   "__nanos" integer NOT NULL,          -- its nanosecond of the second
 *   "device" text, "seq" bigint NOT NULL, "time" timestamptz, "site" text,
 *   "value" double precision NOT NULL,
 *   PRIMARY KEY ("__key", "__timestamp", "__nanos"));
 * </pre>
 *
 * Column types follow the field types ({@link #columnType}); embedded types, lists, sets and maps
 * are {@code jsonb} in the JSON format. The primary key makes rows idempotent per (key, timestamp):
 * a row written twice is stored once.
 *
 * @param <T> the model
 * @param <K> its key
 */
final class WarehouseLayout<T, K> {
  final ModelSchema<T, K> schema;
  final String bucket;

  /** {@code "schema"."bucket__warehouse"}, the name SQL refers to. */
  final String table;

  /** {@code bucket__warehouse}, unqualified and unquoted. */
  final String tableName;

  final List<FieldDescriptor> columns;

  WarehouseLayout(String schemaName, ModelSchema<T, K> schema) {
    this.schema = schema;
    this.bucket = SqlNames.checkName("stream bucket", schema.bucket());
    this.tableName = SqlNames.derived(bucket, "warehouse");
    this.table = SqlNames.qualified(schemaName, tableName);
    if (!schema.timestamped()) {
      throw new IllegalArgumentException(
          schema.modelName()
              + " has no @Timestamp field; warehouse"
              + " rows are identified by key and timestamp");
    }
    for (FieldDescriptor f : schema.fields()) {
      if (f.storedName().startsWith("__")) {
        throw new IllegalArgumentException(
            "field "
                + schema.modelName()
                + "."
                + f.javaName()
                + " is stored as '"
                + f.storedName()
                + "'; names starting with '__' are the"
                + " warehouse's own columns: rename it with @Field(name = ...)");
      }
      SqlNames.quote(f.storedName());
    }
    this.columns = schema.fields();
  }

  List<String> ddl() {
    StringBuilder b =
        new StringBuilder(
            "CREATE TABLE IF NOT EXISTS "
                + table
                + " (\"__key\" bytea NOT NULL, \"__timestamp\" timestamptz NOT NULL,"
                + " \"__nanos\" integer NOT NULL");
    for (FieldDescriptor f : columns) {
      b.append(", ")
          .append(SqlNames.quote(f.storedName()))
          .append(' ')
          .append(columnType(f.type()));
      if (!f.nullable()) {
        b.append(" NOT NULL");
      }
    }
    b.append(", PRIMARY KEY (\"__key\", \"__timestamp\", \"__nanos\"))");
    return List.of(b.toString());
  }

  String signature() {
    StringBuilder b = new StringBuilder();
    for (FieldDescriptor f : columns) {
      b.append(f.storedName()).append(':').append(columnType(f.type())).append('|');
    }
    return b.toString();
  }

  /** The column type of a field type. */
  static String columnType(FieldType type) {
    return switch (type.kind()) {
      case STRING, ENUM -> "text";
      case BOOLEAN -> "boolean";
      case INT32 -> "integer";
      case INT64 -> "bigint";
      case FLOAT32 -> "real";
      case FLOAT64 -> "double precision";
      case DECIMAL, BIG_INTEGER -> "numeric";
      case BYTES -> "bytea";
      case UUID -> "uuid";
      case INSTANT -> "timestamptz";
      case LOCAL_DATE -> "date";
      case LOCAL_DATE_TIME -> "timestamp";
      case DURATION -> "interval";
      case LIST, SET, MAP, STRUCT -> "jsonb";
    };
  }

  /** The column names in {@link #columns} order, quoted. */
  List<String> quotedColumns() {
    List<String> out = new ArrayList<>();
    for (FieldDescriptor f : columns) {
      out.add(SqlNames.quote(f.storedName()));
    }
    return out;
  }
}
