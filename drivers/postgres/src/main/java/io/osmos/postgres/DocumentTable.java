package io.osmos.postgres;

import io.osmos.codec.FieldType;
import io.osmos.query.Property;
import io.osmos.schema.KeyGeneration;
import io.osmos.schema.ModelSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * The table of one bucket and the SQL that creates it:
 *
 * <pre>
 * CREATE TABLE IF NOT EXISTS "osmos"."people" (
 *   "key" text COLLATE "C" PRIMARY KEY,   -- bigint, uuid or bytea for other keys
 *   "doc" json NOT NULL,                  -- the model in the JSON format
 *   "version" bigint NOT NULL DEFAULT 0); -- the @Version, 0 for unversioned models
 * CREATE INDEX IF NOT EXISTS "people__email" ON "osmos"."people"
 *   (((doc->>E'email') COLLATE "C") NULLS FIRST, "key");
 * CREATE SEQUENCE IF NOT EXISTS "osmos"."people__key";   -- generated long keys only
 * </pre>
 *
 * Each {@code @Index} is a B-tree over an expression that extracts the field from the document and
 * gives it an order that matches its type (see {@link #typed}), followed by the key, so that "index
 * value, then key" is one index scan and keyset pagination needs no sort.
 *
 * @param <T> the model
 * @param <K> its key
 */
final class DocumentTable<T, K> {
  final ModelSchema<T, K> schema;
  final String bucket;

  /** {@code "schema"."bucket"}. */
  final String table;

  final KeyColumn key;

  /** The sequence of generated long keys, or null. */
  final String sequence;

  final List<Property<T, ?>> indexes;
  private final String schemaName;

  DocumentTable(String schemaName, ModelSchema<T, K> schema) {
    this.schemaName = schemaName;
    this.schema = schema;
    this.bucket = SqlNames.checkName("bucket", schema.bucket());
    this.table = SqlNames.qualified(schemaName, bucket);
    this.key = KeyColumn.of(schema);
    this.sequence =
        schema.keyGeneration() == KeyGeneration.LONG
            ? SqlNames.qualified(schemaName, SqlNames.derived(bucket, "key"))
            : null;
    this.indexes = schema.indexes();
    for (Property<T, ?> p : indexes) {
      FieldType type = p.descriptor().type();
      if (!indexable(type.kind())) {
        throw new IllegalArgumentException(
            "cannot index "
                + schema.modelName()
                + "."
                + p.name()
                + " in PostgreSQL: its type "
                + type.kind()
                + " has no order; @Index takes strings,"
                + " enums, integers, floating point numbers, booleans, UUIDs, instants and dates");
      }
    }
  }

  /** The statements that create the table, its indexes and its key sequence, if missing. */
  List<String> ddl() {
    List<String> ddl = new ArrayList<>();
    ddl.add(
        "CREATE TABLE IF NOT EXISTS "
            + table
            + " (\"key\" "
            + key.definition()
            + " PRIMARY KEY, \"doc\" json NOT NULL, \"version\" bigint NOT NULL DEFAULT 0)");
    for (Property<T, ?> p : indexes) {
      ddl.add(
          "CREATE INDEX IF NOT EXISTS "
              + SqlNames.quote(indexName(p))
              + " ON "
              + table
              + " (("
              + sortExpression(p)
              + ") NULLS FIRST, \"key\")");
    }
    if (sequence != null) {
      ddl.add("CREATE SEQUENCE IF NOT EXISTS " + sequence);
    }
    return ddl;
  }

  /** The name of the index of {@code p} (unqualified: indexes live in their table's schema). */
  String indexName(Property<T, ?> p) {
    return SqlNames.derived(bucket, p.storedName());
  }

  /** A short description of the layout, to tell whether a bucket is bound the same way again. */
  String signature() {
    StringBuilder b = new StringBuilder(key.name());
    for (Property<T, ?> p : indexes) {
      b.append('|').append(p.storedName()).append(':').append(p.descriptor().type().kind());
    }
    return b.append('|').append(sequence != null).toString();
  }

  String schemaName() {
    return schemaName;
  }

  /** The field's value as text: {@code doc->>'name'} (null for a missing field or JSON null). */
  static String text(String docColumn, String storedName) {
    return "(" + docColumn + "->>" + SqlNames.literal(storedName) + ")";
  }

  /** The indexed expression of {@code p}. */
  String sortExpression(Property<T, ?> p) {
    return typed(p.descriptor().type().kind(), text("doc", p.storedName()));
  }

  /** Whether values of this kind can be indexed (they have an order). */
  static boolean indexable(FieldType.Kind kind) {
    return switch (kind) {
      case STRING,
          ENUM,
          LOCAL_DATE,
          LOCAL_DATE_TIME,
          INSTANT,
          INT32,
          INT64,
          FLOAT32,
          FLOAT64,
          BOOLEAN,
          UUID ->
          true;
      default -> false;
    };
  }

  /**
   * The ordered form of a field's text (the JSON value as {@code ->>} returns it, or a bound
   * parameter holding the same text). Every expression is immutable, as index expressions must be:
   *
   * <ul>
   *   <li>strings, enums (by name), dates and date-times: {@code text COLLATE "C"}, ordered by code
   *       point like the key encoding; ISO dates and date-times sort correctly as text for years
   *       0000 to 9999;
   *   <li>instants: the ISO-8601 text without its final {@code Z}, {@code COLLATE "C"}: exact to
   *       the nanosecond (a {@code timestamptz} keeps microseconds only, and casting text to it is
   *       not immutable), for years 0000 to 9999;
   *   <li>integers {@code bigint}, floating point {@code double precision} (NaN and the infinities
   *       included), booleans {@code boolean}, UUIDs {@code uuid}.
   * </ul>
   */
  static String typed(FieldType.Kind kind, String textExpression) {
    return switch (kind) {
      case STRING, ENUM, LOCAL_DATE, LOCAL_DATE_TIME -> textExpression + " COLLATE \"C\"";
      case INSTANT -> "left(" + textExpression + ", -1) COLLATE \"C\"";
      case INT32, INT64 -> textExpression + "::bigint";
      case FLOAT32, FLOAT64 -> textExpression + "::float8";
      case BOOLEAN -> textExpression + "::boolean";
      case UUID -> textExpression + "::uuid";
      default -> throw new IllegalArgumentException("no order for " + kind);
    };
  }

  /** {@link #typed} of a bound text parameter: {@code (?)::bigint}, {@code (?) COLLATE "C"}. */
  static BoundSql typedParam(FieldType.Kind kind, String text) {
    String[] around = typed(kind, "(\u0001)").split("\u0001", -1);
    return new BoundSql(around[0]).param(text).sql(around[1]);
  }
}
