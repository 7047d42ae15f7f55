package io.osmos.duckdb;

import io.osmos.codec.FieldDescriptor;
import io.osmos.codec.FieldType;
import io.osmos.schema.ModelSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How one stream model is laid out in a DuckDB table: a column per top-level field (named by its
 * stored name, typed from its {@link FieldType}) and the internal columns {@code __key} (the
 * order-preserving tuple encoding of the key) and {@code __timestamp}, whose pair is the primary
 * key that makes rows idempotent. Builds the DDL and the {@code INSERT OR IGNORE} statements; every
 * value is a bound parameter, every identifier is quoted.
 */
final class TableLayout {
  static final String KEY_COLUMN = "__key";
  static final String TIMESTAMP_COLUMN = "__timestamp";

  /** DECIMAL(38,9), as BigQuery's NUMERIC: 29 digits before the point, 9 after. */
  static final int DECIMAL_SCALE = 9;

  private static final BigDecimal DECIMAL_LIMIT = BigDecimal.TEN.pow(38 - DECIMAL_SCALE);
  private static final String DECIMAL_TYPE = "DECIMAL(38," + DECIMAL_SCALE + ")";

  // Keeps one statement's text and parameter list at a size DuckDB parses quickly.
  private static final int MAX_PARAMETERS_PER_STATEMENT = 20_000;

  final String modelName;
  final String table;
  final List<Column> columns;

  /** A model column: its stored name, SQL type and the field it comes from. */
  record Column(String name, String sqlType, FieldType type) {}

  /** One {@code INSERT} statement and its parameters, in order. */
  record Insert(String sql, List<Object> parameters) {}

  TableLayout(ModelSchema<?, ?> model) {
    this.modelName = model.modelName();
    this.table = model.bucket();
    List<Column> cols = new ArrayList<>();
    for (FieldDescriptor f : model.fields()) {
      if (f.storedName().startsWith("__")) {
        throw new IllegalArgumentException(
            model.modelName()
                + "."
                + f.javaName()
                + " is stored"
                + " as '"
                + f.storedName()
                + "', but names starting with '__' are the warehouse's own"
                + " ("
                + KEY_COLUMN
                + ", "
                + TIMESTAMP_COLUMN
                + "); rename it with @Field(name)");
      }
      cols.add(new Column(f.storedName(), sqlType(f.type()), f.type()));
    }
    this.columns = List.copyOf(cols);
  }

  /** The table's name, quoted for SQL. */
  String quotedTable() {
    return quote(table);
  }

  /** {@code CREATE TABLE IF NOT EXISTS}, with the (key, timestamp) primary key. */
  String createTable() {
    StringBuilder b =
        new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(quotedTable()).append(" (");
    for (Column c : columns) {
      b.append(quote(c.name())).append(' ').append(c.sqlType()).append(", ");
    }
    return b.append(quote(KEY_COLUMN))
        .append(" BLOB NOT NULL, ")
        .append(quote(TIMESTAMP_COLUMN))
        .append(" TIMESTAMPTZ NOT NULL, PRIMARY KEY (")
        .append(quote(KEY_COLUMN))
        .append(", ")
        .append(quote(TIMESTAMP_COLUMN))
        .append("))")
        .toString();
  }

  /** {@code ALTER TABLE ADD COLUMN} for a column the table does not have yet. */
  String addColumn(Column c) {
    return "ALTER TABLE " + quotedTable() + " ADD COLUMN " + quote(c.name()) + " " + c.sqlType();
  }

  /**
   * The statements that insert {@code rows} unless a row with the same key and timestamp is there:
   * each row is its model's tree (as {@code TreeFormat} writes it), its encoded key and its
   * timestamp.
   */
  List<Insert> inserts(List<Map<String, Object>> trees, List<byte[]> keys, List<Instant> times) {
    List<Insert> out = new ArrayList<>();
    StringBuilder head =
        new StringBuilder("INSERT OR IGNORE INTO ").append(quotedTable()).append(" (");
    for (Column c : columns) {
      head.append(quote(c.name())).append(", ");
    }
    head.append(quote(KEY_COLUMN)).append(", ").append(quote(TIMESTAMP_COLUMN)).append(") VALUES ");
    StringBuilder sql = new StringBuilder(head);
    List<Object> params = new ArrayList<>();
    int rowsInStatement = 0;
    for (int i = 0; i < trees.size(); i++) {
      StringBuilder row = new StringBuilder("(");
      List<Object> rowParams = new ArrayList<>();
      Map<String, Object> tree = trees.get(i);
      for (Column c : columns) {
        String path = "records[" + i + "]." + c.name();
        value(row, rowParams, c.type(), c.sqlType(), tree.get(c.name()), path);
        row.append(", ");
      }
      row.append("CAST(? AS BLOB), make_timestamptz(CAST(? AS BIGINT)))");
      rowParams.add(keys.get(i));
      rowParams.add(micros(times.get(i), "records[" + i + "]." + TIMESTAMP_COLUMN));
      if (rowsInStatement > 0 && params.size() + rowParams.size() > MAX_PARAMETERS_PER_STATEMENT) {
        out.add(new Insert(sql.toString(), params));
        sql = new StringBuilder(head);
        params = new ArrayList<>();
        rowsInStatement = 0;
      }
      sql.append(rowsInStatement > 0 ? ", " : "").append(row);
      params.addAll(rowParams);
      rowsInStatement++;
    }
    if (rowsInStatement > 0) {
      out.add(new Insert(sql.toString(), params));
    }
    return out;
  }

  /** Appends the SQL expression of one value of {@code type}, adding its parameters. */
  private static void value(
      StringBuilder sql,
      List<Object> params,
      FieldType type,
      String sqlType,
      Object v,
      String path) {
    if (v == null) {
      sql.append("CAST(NULL AS ").append(sqlType).append(')');
      return;
    }
    if (type instanceof FieldType.Array a) {
      sql.append("CAST(list_value(");
      String elementType = sqlType(a.element());
      int n = 0;
      for (Object item : (List<?>) v) {
        sql.append(n > 0 ? ", " : "");
        value(sql, params, a.element(), elementType, item, path + "[" + n + "]");
        n++;
      }
      sql.append(") AS ").append(sqlType).append(')');
    } else if (type instanceof FieldType.MapOf m) {
      String valueType = sqlType(m.value());
      StringBuilder keys = new StringBuilder();
      StringBuilder values = new StringBuilder();
      List<Object> valueParams = new ArrayList<>();
      int n = 0;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        keys.append(n > 0 ? ", " : "").append("CAST(? AS VARCHAR)");
        params.add(String.valueOf(e.getKey()));
        values.append(n > 0 ? ", " : "");
        value(values, valueParams, m.value(), valueType, e.getValue(), path + "." + e.getKey());
        n++;
      }
      params.addAll(valueParams);
      sql.append("CAST(map(list_value(")
          .append(keys)
          .append("), list_value(")
          .append(values)
          .append(")) AS ")
          .append(sqlType)
          .append(')');
    } else if (type instanceof FieldType.Struct s) {
      Map<?, ?> fields = (Map<?, ?>) v;
      sql.append("CAST(struct_pack(");
      int n = 0;
      for (FieldDescriptor f : s.fields()) {
        sql.append(n++ > 0 ? ", " : "").append(quote(f.storedName())).append(" := ");
        value(
            sql,
            params,
            f.type(),
            sqlType(f.type()),
            fields.get(f.storedName()),
            path + "." + f.storedName());
      }
      sql.append(") AS ").append(sqlType).append(')');
    } else if (type instanceof FieldType.Enumeration) {
      leaf(sql, params, "VARCHAR", v.toString());
    } else {
      scalar(sql, params, (FieldType.Scalar) type, v, path);
    }
  }

  private static void scalar(
      StringBuilder sql, List<Object> params, FieldType.Scalar type, Object v, String path) {
    switch (type.kind()) {
      case STRING -> leaf(sql, params, "VARCHAR", v.toString());
      case BOOLEAN -> leaf(sql, params, "BOOLEAN", (Boolean) v);
      case INT32 -> leaf(sql, params, "INTEGER", ((Number) v).longValue());
      case INT64 -> leaf(sql, params, "BIGINT", ((Number) v).longValue());
      case FLOAT32 -> leaf(sql, params, "REAL", ((Number) v).doubleValue());
      case FLOAT64 -> leaf(sql, params, "DOUBLE", ((Number) v).doubleValue());
      // As text: the JDBC driver's BigDecimal binding loses values beyond 18 digits.
      case DECIMAL -> leaf(sql, params, DECIMAL_TYPE, decimal(v, path).toPlainString());
      case BIG_INTEGER -> leaf(sql, params, "HUGEINT", bigInteger(v, path).toString());
      case BYTES -> leaf(sql, params, "BLOB", (byte[]) v);
      case UUID -> leaf(sql, params, "UUID", v.toString());
      case INSTANT -> {
        sql.append("make_timestamptz(CAST(? AS BIGINT))");
        params.add(micros((Instant) v, path));
      }
      case LOCAL_DATE -> leaf(sql, params, "DATE", LocalDate.parse(v.toString()));
      case LOCAL_DATE_TIME -> {
        LocalDateTime t = LocalDateTime.parse(v.toString());
        sql.append("make_timestamp(CAST(? AS BIGINT))");
        params.add(micros(t.toInstant(ZoneOffset.UTC), path));
      }
      case DURATION -> {
        Duration d = Duration.parse(v.toString());
        sql.append("to_microseconds(CAST(? AS BIGINT))");
        try {
          params.add(
              Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNano() / 1000));
        } catch (ArithmeticException e) {
          throw new IllegalArgumentException(
              path
                  + ": the duration "
                  + d
                  + " does not fit a"
                  + " DuckDB INTERVAL in microseconds");
        }
      }
      default -> throw new IllegalStateException("not a scalar kind: " + type.kind());
    }
  }

  private static void leaf(StringBuilder sql, List<Object> params, String sqlType, Object param) {
    sql.append("CAST(? AS ").append(sqlType).append(')');
    params.add(param);
  }

  /** DECIMAL(38,9) exactly: a value that would be rounded or overflow is refused. */
  private static BigDecimal decimal(Object v, String path) {
    BigDecimal d = v instanceof BigDecimal b ? b : new BigDecimal(v.toString());
    BigDecimal stripped = d.stripTrailingZeros();
    if (stripped.scale() > DECIMAL_SCALE) {
      throw new IllegalArgumentException(
          path
              + ": "
              + d.toPlainString()
              + " has more than "
              + DECIMAL_SCALE
              + " digits after the point; the warehouse stores decimals as "
              + DECIMAL_TYPE
              + " and does not round");
    }
    if (d.abs().compareTo(DECIMAL_LIMIT) >= 0) {
      throw new IllegalArgumentException(
          path
              + ": "
              + d.toPlainString()
              + " has more than "
              + (38 - DECIMAL_SCALE)
              + " digits before the point; the warehouse stores decimals as "
              + DECIMAL_TYPE);
    }
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  private static BigInteger bigInteger(Object v, String path) {
    try {
      return v instanceof BigInteger b ? b : new BigDecimal(v.toString()).toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(path + ": " + v + " is not a whole number");
    }
  }

  /** Microseconds since the epoch, rounded down: DuckDB timestamps have microseconds. */
  static long micros(Instant t, String path) {
    try {
      return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          path + ": " + t + " is outside the range of DuckDB" + " timestamps");
    }
  }

  /** The DuckDB type that stores values of {@code type}. */
  static String sqlType(FieldType type) {
    if (type instanceof FieldType.Array a) {
      return sqlType(a.element()) + "[]";
    }
    if (type instanceof FieldType.MapOf m) {
      return "MAP(VARCHAR, " + sqlType(m.value()) + ")";
    }
    if (type instanceof FieldType.Struct s) {
      StringBuilder b = new StringBuilder("STRUCT(");
      int n = 0;
      for (FieldDescriptor f : s.fields()) {
        b.append(n++ > 0 ? ", " : "")
            .append(quote(f.storedName()))
            .append(' ')
            .append(sqlType(f.type()));
      }
      return b.append(')').toString();
    }
    return switch (type.kind()) {
      case STRING, ENUM -> "VARCHAR";
      case BOOLEAN -> "BOOLEAN";
      case INT32 -> "INTEGER";
      case INT64 -> "BIGINT";
      case FLOAT32 -> "REAL";
      case FLOAT64 -> "DOUBLE";
      case DECIMAL -> DECIMAL_TYPE;
      case BIG_INTEGER -> "HUGEINT";
      case BYTES -> "BLOB";
      case UUID -> "UUID";
      case INSTANT -> "TIMESTAMPTZ";
      case LOCAL_DATE -> "DATE";
      case LOCAL_DATE_TIME -> "TIMESTAMP";
      case DURATION -> "INTERVAL";
      default -> throw new IllegalStateException("unexpected kind " + type.kind());
    };
  }

  /** Binds parameters as {@link #inserts} made them (never null: nulls are SQL literals). */
  static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      Object p = params.get(i);
      int at = i + 1;
      if (p instanceof Long l) {
        ps.setLong(at, l);
      } else if (p instanceof Double d) {
        ps.setDouble(at, d);
      } else if (p instanceof Boolean b) {
        ps.setBoolean(at, b);
      } else if (p instanceof String s) {
        ps.setString(at, s);
      } else if (p instanceof byte[] bytes) {
        ps.setBytes(at, bytes);
      } else {
        ps.setObject(at, p);
      }
    }
  }

  /** A quoted SQL identifier; quotes inside are doubled. */
  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
