package io.osmos.bigquery;

import com.google.cloud.bigquery.Clustering;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldList;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.TableDefinition;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableInfo;
import com.google.cloud.bigquery.TimePartitioning;
import io.osmos.codec.FieldDescriptor;
import io.osmos.codec.FieldType;
import io.osmos.query.Property;
import io.osmos.schema.ModelSchema;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The BigQuery table of one stream model: its schema (Beneath's type mapping), day partitioning on
 * {@code __timestamp}, and clustering on the key fields.
 *
 * <p>Type mapping: boolean to BOOLEAN; int, long to INTEGER; float, double to FLOAT; BigDecimal and
 * BigInteger to BIGNUMERIC (38 digits on both sides of the point, where NUMERIC keeps only 9 after
 * it); byte[] to BYTES; String, enums, UUIDs and durations (ISO-8601) to STRING; Instant to
 * TIMESTAMP; LocalDate to DATE; LocalDateTime to DATETIME; embeddables to RECORD; lists and sets to
 * REPEATED. {@code Map<String, V>} goes into a JSON column (an object; BigQuery has no map type,
 * and a JSON object reads back as a map), as do shapes BigQuery cannot nest: an array of arrays or
 * of maps, and an embeddable cut off where it recurses.
 */
final class TableLayout {
  static final String KEY = "__key";
  static final String TIMESTAMP = "__timestamp";

  /** BigQuery clusters on at most four columns, of these types only. */
  private static final int MAX_CLUSTERING = 4;

  private static final Set<StandardSQLTypeName> CLUSTERABLE =
      EnumSet.of(
          StandardSQLTypeName.STRING,
          StandardSQLTypeName.INT64,
          StandardSQLTypeName.BOOL,
          StandardSQLTypeName.DATE,
          StandardSQLTypeName.DATETIME,
          StandardSQLTypeName.TIMESTAMP,
          StandardSQLTypeName.NUMERIC,
          StandardSQLTypeName.BIGNUMERIC);

  private final TableId tableId;
  private final String modelName;
  private final Schema schema;
  private final List<String> clustering;

  TableLayout(TableId tableId, ModelSchema<?, ?> model) {
    this.tableId = tableId;
    this.modelName = model.modelName();
    List<Field> fields = new ArrayList<>();
    for (FieldDescriptor d : model.fields()) {
      if (d.storedName().startsWith("__")) {
        throw new IllegalArgumentException(
            model.modelName()
                + "."
                + d.javaName()
                + " is stored as '"
                + d.storedName()
                + "', but names starting with '__' are the"
                + " BigQuery driver's own ("
                + KEY
                + ", "
                + TIMESTAMP
                + "); rename it with @Field");
      }
      // The repository guarantees key and timestamp values, so those columns are REQUIRED.
      boolean nullable =
          d.nullable()
              && d.role() != FieldDescriptor.Role.KEY
              && d.role() != FieldDescriptor.Role.TIMESTAMP;
      fields.add(field(d.storedName(), d.type(), nullable));
    }
    fields.add(
        Field.newBuilder(KEY, StandardSQLTypeName.BYTES)
            .setMode(Field.Mode.REQUIRED)
            .setDescription("the record's key, tuple-encoded (order-preserving)")
            .build());
    fields.add(
        Field.newBuilder(TIMESTAMP, StandardSQLTypeName.TIMESTAMP)
            .setMode(Field.Mode.REQUIRED)
            .setDescription("the record's @Timestamp")
            .build());
    this.schema = Schema.of(fields);
    this.clustering = clustering(model, schema);
  }

  TableId tableId() {
    return tableId;
  }

  Schema schema() {
    return schema;
  }

  /** The key fields BigQuery clusters the table on: the leading ones of a clusterable type. */
  List<String> clustering() {
    return clustering;
  }

  /** The table to create. */
  TableInfo tableInfo() {
    StandardTableDefinition.Builder def =
        StandardTableDefinition.newBuilder()
            .setSchema(schema)
            .setTimePartitioning(
                TimePartitioning.newBuilder(TimePartitioning.Type.DAY).setField(TIMESTAMP).build());
    if (!clustering.isEmpty()) {
      def.setClustering(Clustering.newBuilder().setFields(clustering).build());
    }
    return TableInfo.newBuilder(tableId, def.build())
        .setDescription("Osmos stream model " + modelName)
        .build();
  }

  /**
   * What keeps an existing table from taking this model's rows: each of the model's columns must
   * exist with the same type and mode, and any other column must be NULLABLE. Empty when it fits.
   */
  List<String> differences(TableDefinition existing) {
    List<String> out = new ArrayList<>();
    Schema other = existing == null ? null : existing.getSchema();
    if (other == null) {
      out.add("it has no schema");
      return out;
    }
    compare("", schema.getFields(), other.getFields(), out);
    return out;
  }

  private static void compare(String path, FieldList want, FieldList have, List<String> out) {
    for (Field w : want) {
      Field h = find(have, w.getName());
      String name = path + w.getName();
      if (h == null) {
        out.add("column " + name + " is missing (the model needs " + describe(w) + ")");
      } else if (h.getType().getStandardType() != w.getType().getStandardType()
          || mode(h) != mode(w)) {
        out.add("column " + name + " is " + describe(h) + ", the model needs " + describe(w));
      } else if (w.getSubFields() != null) {
        compare(name + ".", w.getSubFields(), h.getSubFields(), out);
      }
    }
    for (Field h : have) {
      if (find(want, h.getName()) == null && mode(h) == Field.Mode.REQUIRED) {
        out.add(
            "column "
                + path
                + h.getName()
                + " is REQUIRED but not in the model, so no"
                + " row of the model can be inserted");
      }
    }
  }

  private static Field find(FieldList fields, String name) {
    if (fields == null) {
      return null;
    }
    for (Field f : fields) {
      // BigQuery column names are case-insensitive.
      if (f.getName().equalsIgnoreCase(name)) {
        return f;
      }
    }
    return null;
  }

  private static Field.Mode mode(Field f) {
    return f.getMode() == null ? Field.Mode.NULLABLE : f.getMode();
  }

  private static String describe(Field f) {
    return f.getType().getStandardType() + " " + mode(f);
  }

  // ---- type mapping ----------------------------------------------------------------------------

  /** Whether values of {@code type} go into a JSON column: maps, and what BigQuery cannot nest. */
  static boolean storedAsJson(FieldType type) {
    if (type instanceof FieldType.Struct s) {
      return s.fields().isEmpty();
    }
    if (type instanceof FieldType.Array a) {
      return a.element() instanceof FieldType.Array || storedAsJson(a.element());
    }
    return type instanceof FieldType.MapOf;
  }

  private static Field field(String name, FieldType type, boolean nullable) {
    Field.Mode mode = nullable ? Field.Mode.NULLABLE : Field.Mode.REQUIRED;
    if (storedAsJson(type)) {
      return Field.newBuilder(name, StandardSQLTypeName.JSON).setMode(mode).build();
    }
    if (type instanceof FieldType.Array a) {
      // BigQuery arrays hold no NULLs and are never NULL themselves (NULL reads as []).
      return field(name, a.element(), false).toBuilder().setMode(Field.Mode.REPEATED).build();
    }
    if (type instanceof FieldType.Struct s) {
      List<Field> sub = new ArrayList<>(s.fields().size());
      for (FieldDescriptor d : s.fields()) {
        sub.add(field(d.storedName(), d.type(), d.nullable()));
      }
      return Field.newBuilder(name, StandardSQLTypeName.STRUCT, FieldList.of(sub))
          .setMode(mode)
          .build();
    }
    return Field.newBuilder(name, scalarType(type.kind())).setMode(mode).build();
  }

  private static StandardSQLTypeName scalarType(FieldType.Kind kind) {
    return switch (kind) {
      case BOOLEAN -> StandardSQLTypeName.BOOL;
      case INT32, INT64 -> StandardSQLTypeName.INT64;
      case FLOAT32, FLOAT64 -> StandardSQLTypeName.FLOAT64;
      case DECIMAL, BIG_INTEGER -> StandardSQLTypeName.BIGNUMERIC;
      case BYTES -> StandardSQLTypeName.BYTES;
      case INSTANT -> StandardSQLTypeName.TIMESTAMP;
      case LOCAL_DATE -> StandardSQLTypeName.DATE;
      case LOCAL_DATE_TIME -> StandardSQLTypeName.DATETIME;
      case STRING, UUID, DURATION, ENUM -> StandardSQLTypeName.STRING;
      case LIST, SET, MAP, STRUCT -> throw new IllegalStateException("not a scalar: " + kind);
    };
  }

  private static List<String> clustering(ModelSchema<?, ?> model, Schema schema) {
    List<String> out = new ArrayList<>();
    for (Property<?, ?> p : model.keyProperties()) {
      Field f = schema.getFields().get(p.storedName());
      if (out.size() == MAX_CLUSTERING
          || f.getMode() == Field.Mode.REPEATED
          || !CLUSTERABLE.contains(f.getType().getStandardType())) {
        // Clustering order matters: a key field that cannot cluster ends the usable prefix.
        break;
      }
      out.add(p.storedName());
    }
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return tableId.getTable() + " " + schema.getFields();
  }
}
