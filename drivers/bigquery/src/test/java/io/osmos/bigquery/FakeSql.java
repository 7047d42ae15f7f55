package io.osmos.bigquery;

import com.google.api.client.util.Data;
import com.google.api.services.bigquery.model.TableCell;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableRow;
import com.google.gson.JsonParser;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.Array;
import java.sql.Blob;
import java.sql.SQLException;
import java.sql.Struct;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the fake needs to speak BigQuery on DuckDB: the few BigQuery-isms of GoogleSQL translated to
 * DuckDB SQL, BigQuery column types as DuckDB types and back, JSON row values as SQL literals
 * (checked as BigQuery checks them), and DuckDB values as BigQuery's string cells.
 */
final class FakeSql {
  private FakeSql() {}

  private static final String BIGNUMERIC = "UNION(bignumeric VARCHAR)";

  /** DuckDB macros and types that give GoogleSQL names to DuckDB functions. */
  static final List<String> SETUP =
      List.of(
          "SET TimeZone = 'UTC'",
          "CREATE TYPE FLOAT64 AS DOUBLE",
          "CREATE TYPE BYTES AS BLOB",
          "CREATE MACRO timestamp_micros(x) AS make_timestamp(x)::TIMESTAMPTZ",
          "CREATE MACRO timestamp_millis(x) AS make_timestamp(x * 1000)::TIMESTAMPTZ",
          "CREATE MACRO timestamp_seconds(x) AS make_timestamp(x * 1000000)::TIMESTAMPTZ",
          "CREATE MACRO unix_micros(t) AS epoch_us(t)",
          "CREATE MACRO unix_millis(t) AS epoch_ms(t)",
          "CREATE MACRO unix_seconds(t) AS epoch(t)::BIGINT",
          "CREATE MACRO countif(x) AS count_if(x)",
          "CREATE MACRO safe_divide(a, b) AS CASE WHEN b = 0 THEN NULL ELSE a / b END");

  private static final Pattern CURRENT_TIMESTAMP =
      Pattern.compile("(?i)\\bcurrent_timestamp\\s*\\(\\s*\\)");
  private static final Pattern SAFE_CAST = Pattern.compile("(?i)\\bsafe_cast\\s*\\(");

  /** A table a query names. */
  record TableRef(String project, String dataset, String table) {
    String duckName() {
      return quote(project + "." + dataset) + "." + quote(table);
    }
  }

  /** A query in DuckDB's dialect and the tables it names. */
  record Translation(String sql, List<TableRef> tables) {
    /**
     * BigQuery's statement type of the original text (see {@link FakeStatementTypes}).
     *
     * @throws IllegalArgumentException for a syntax error, in BigQuery's words
     */
    String statementType(String original) {
      return FakeStatementTypes.of(original);
    }
  }

  /** A value a row cannot hold, as BigQuery reports it: where, and why. */
  static final class RowError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String location;

    RowError(String location, String message) {
      super(message, null, false, false);
      this.location = location;
    }
  }

  // ---- SQL ------------------------------------------------------------------------------------

  /**
   * Translates GoogleSQL: backtick names ({@code `project.dataset.table`}, {@code `dataset.table`})
   * become DuckDB's quoted schema-and-table names, string literals in single, double or triple
   * quotes with backslash escapes (kept as they are in raw {@code r'...'} strings) become DuckDB
   * literals, {@code #} comments become {@code --}, {@code /* *}{@code /} comments stay, {@code
   * CURRENT_TIMESTAMP()} and {@code SAFE_CAST} get their DuckDB spellings. The functions in {@link
   * #SETUP} exist as macros.
   */
  static Translation translate(String sql, String defaultProject) {
    StringBuilder out = new StringBuilder(sql.length() + 16);
    StringBuilder code = new StringBuilder();
    List<TableRef> tables = new ArrayList<>();
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        // A prefix r (raw: backslashes stay) or b (bytes) is the end of the code before it.
        boolean raw = false;
        int prefix = code.length();
        while (prefix > 0
            && "rRbB".indexOf(code.charAt(prefix - 1)) >= 0
            && code.length() - prefix < 2) {
          raw |= Character.toLowerCase(code.charAt(prefix - 1)) == 'r';
          prefix--;
        }
        if (prefix > 0
            && (Character.isLetterOrDigit(code.charAt(prefix - 1))
                || code.charAt(prefix - 1) == '_')) {
          raw = false;
          prefix = code.length();
        }
        code.setLength(prefix);
        flush(code, out);
        String quote =
            sql.startsWith(String.valueOf(c).repeat(3), i)
                ? String.valueOf(c).repeat(3)
                : String.valueOf(c);
        int end = i + quote.length();
        StringBuilder text = new StringBuilder();
        while (true) {
          if (end >= sql.length()) {
            throw new IllegalArgumentException(
                "Syntax error: Unclosed string literal at [" + position(sql, i) + "]");
          }
          char d = sql.charAt(end);
          if (d == '\\' && end + 1 < sql.length()) {
            if (raw) {
              text.append(d).append(sql.charAt(end + 1));
            } else {
              text.append(unescape(sql.charAt(end + 1)));
            }
            end += 2;
          } else if (sql.startsWith(quote, end)) {
            end += quote.length();
            break;
          } else {
            text.append(d);
            end++;
          }
        }
        out.append(stringLiteral(text.toString()));
        i = end;
      } else if (sql.startsWith("/*", i)) {
        flush(code, out);
        int close = sql.indexOf("*/", i + 2);
        int end = close < 0 ? sql.length() : close + 2;
        out.append(sql, i, end);
        i = end;
      } else if (c == '`') {
        flush(code, out);
        int end = sql.indexOf('`', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException(
              "Syntax error: Unclosed identifier literal at [" + position(sql, i) + "]");
        }
        String[] parts = sql.substring(i + 1, end).split("\\.", -1);
        if (parts.length == 3 || parts.length == 2) {
          TableRef ref =
              parts.length == 3
                  ? new TableRef(parts[0], parts[1], parts[2])
                  : new TableRef(defaultProject, parts[0], parts[1]);
          tables.add(ref);
          out.append(ref.duckName());
        } else {
          for (int p = 0; p < parts.length; p++) {
            out.append(p == 0 ? "" : ".").append(quote(parts[p]));
          }
        }
        i = end + 1;
      } else if (c == '#' || (c == '-' && sql.startsWith("--", i))) {
        flush(code, out);
        int end = sql.indexOf('\n', i);
        end = end < 0 ? sql.length() : end;
        out.append("--").append(sql, i + (c == '#' ? 1 : 2), end);
        i = end;
      } else {
        code.append(c);
        i++;
      }
    }
    flush(code, out);
    return new Translation(out.toString(), tables);
  }

  private static void flush(StringBuilder code, StringBuilder out) {
    String s = CURRENT_TIMESTAMP.matcher(code).replaceAll("current_timestamp");
    out.append(SAFE_CAST.matcher(s).replaceAll("try_cast("));
    code.setLength(0);
  }

  private static String position(String sql, int index) {
    int line = 1;
    int col = 1;
    for (int i = 0; i < index; i++) {
      if (sql.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return line + ":" + col;
  }

  private static char unescape(char c) {
    return switch (c) {
      case 'n' -> '\n';
      case 't' -> '\t';
      case 'r' -> '\r';
      case '0' -> '\0';
      default -> c;
    };
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  static String stringLiteral(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  // ---- types ----------------------------------------------------------------------------------

  /** BigQuery's canonical (legacy) name of a type name the API accepts. */
  static String normalizeType(String type) {
    String t = type == null ? "" : type.toUpperCase(Locale.ROOT);
    return switch (t) {
      case "INT64" -> "INTEGER";
      case "FLOAT64" -> "FLOAT";
      case "BOOL" -> "BOOLEAN";
      case "STRUCT" -> "RECORD";
      case "DECIMAL" -> "NUMERIC";
      case "BIGDECIMAL" -> "BIGNUMERIC";
      default -> t;
    };
  }

  static String mode(TableFieldSchema f) {
    return f.getMode() == null ? "NULLABLE" : f.getMode().toUpperCase(Locale.ROOT);
  }

  /**
   * The DuckDB type that stores a BigQuery column. BIGNUMERIC has 38 digits on both sides of the
   * point, more than DuckDB's DECIMAL holds: it is kept exact as text in a one-member union, {@code
   * UNION(bignumeric VARCHAR)}, which keeps its name through queries, so results say BIGNUMERIC
   * (DuckDB cannot compute with it). NOT NULL is not declared, since REQUIRED is checked when rows
   * are inserted, as BigQuery does.
   */
  static String duckType(TableFieldSchema f) {
    String base =
        switch (normalizeType(f.getType())) {
          case "STRING" -> "VARCHAR";
          case "BYTES" -> "BLOB";
          case "INTEGER" -> "BIGINT";
          case "FLOAT" -> "DOUBLE";
          case "BOOLEAN" -> "BOOLEAN";
          case "NUMERIC" -> "DECIMAL(38,9)";
          case "BIGNUMERIC" -> BIGNUMERIC;
          case "TIMESTAMP" -> "TIMESTAMPTZ";
          case "DATE" -> "DATE";
          case "DATETIME" -> "TIMESTAMP";
          case "TIME" -> "TIME";
          case "JSON" -> "JSON";
          case "RECORD" -> {
            if (f.getFields() == null || f.getFields().isEmpty()) {
              throw new IllegalArgumentException(
                  "Field " + f.getName() + " is type RECORD but has no schema.");
            }
            StringBuilder b = new StringBuilder("STRUCT(");
            for (int i = 0; i < f.getFields().size(); i++) {
              TableFieldSchema sub = f.getFields().get(i);
              b.append(i == 0 ? "" : ", ")
                  .append(quote(sub.getName()))
                  .append(' ')
                  .append(duckType(sub));
            }
            yield b.append(')').toString();
          }
          default ->
              throw new IllegalArgumentException(
                  "Invalid field type " + f.getType() + " for field " + f.getName() + ".");
        };
    return "REPEATED".equals(mode(f)) ? base + "[]" : base;
  }

  /** The BigQuery field of a result column of DuckDB type {@code duckType}. */
  static TableFieldSchema field(String name, String duckType) {
    TypeParser p = new TypeParser(duckType);
    TableFieldSchema f = p.type(name);
    return f;
  }

  /** Reads DuckDB's type spellings: {@code BIGINT}, {@code STRUCT(a VARCHAR, "b c" INT)[]}. */
  private static final class TypeParser {
    private final String s;
    private int i;

    TypeParser(String s) {
      this.s = s;
    }

    TableFieldSchema type(String name) {
      TableFieldSchema f = new TableFieldSchema().setName(name).setMode("NULLABLE");
      String base = word().toUpperCase(Locale.ROOT);
      if (base.equals("STRUCT")) {
        expect('(');
        List<TableFieldSchema> sub = new ArrayList<>();
        while (true) {
          String fieldName = identifier();
          sub.add(type(fieldName));
          space();
          if (peek() == ',') {
            i++;
            continue;
          }
          expect(')');
          break;
        }
        f.setType("RECORD").setFields(sub);
      } else {
        String args = peek() == '(' ? balanced() : "";
        if (base.equals("UNION")) {
          base = args.startsWith("(bignumeric ") ? "BIGNUMERIC" : "VARCHAR";
        }
        f.setType(
            switch (base) {
              case "BOOLEAN" -> "BOOLEAN";
              case "TINYINT",
                  "SMALLINT",
                  "INTEGER",
                  "BIGINT",
                  "HUGEINT",
                  "UTINYINT",
                  "USMALLINT",
                  "UINTEGER",
                  "UBIGINT",
                  "UHUGEINT",
                  "\"NULL\"",
                  "NULL" ->
                  "INTEGER";
              case "FLOAT", "DOUBLE" -> "FLOAT";
              case "DECIMAL" -> "NUMERIC";
              case "BIGNUMERIC" -> "BIGNUMERIC";
              case "BLOB" -> "BYTES";
              case "DATE" -> "DATE";
              case "TIMESTAMP" -> "DATETIME";
              case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ" -> "TIMESTAMP";
              case "TIME" -> "TIME";
              case "JSON" -> "JSON";
              case "INTERVAL" -> "INTERVAL";
              default -> "STRING";
            });
      }
      space();
      while (peek() == '[') {
        while (i < s.length() && s.charAt(i) != ']') {
          i++;
        }
        i++;
        // BigQuery has no arrays of arrays: an inner array reads as its text.
        if ("REPEATED".equals(f.getMode())) {
          f.setType("STRING").setFields(null);
        }
        f.setMode("REPEATED");
        space();
      }
      return f;
    }

    private String word() {
      space();
      int start = i;
      if (peek() == '"') {
        return identifier();
      }
      while (i < s.length() && "()[],".indexOf(s.charAt(i)) < 0) {
        i++;
      }
      return s.substring(start, i).trim();
    }

    private String identifier() {
      space();
      if (peek() == '"') {
        StringBuilder b = new StringBuilder();
        i++;
        while (i < s.length()) {
          char c = s.charAt(i++);
          if (c == '"') {
            if (peek() == '"') {
              b.append('"');
              i++;
            } else {
              return b.toString();
            }
          } else {
            b.append(c);
          }
        }
        return b.toString();
      }
      int start = i;
      while (i < s.length() && s.charAt(i) != ' ') {
        i++;
      }
      return s.substring(start, i);
    }

    private String balanced() {
      int start = i;
      int depth = 0;
      do {
        char c = s.charAt(i++);
        if (c == '(') {
          depth++;
        } else if (c == ')') {
          depth--;
        }
      } while (depth > 0 && i < s.length());
      return s.substring(start, i);
    }

    private void space() {
      while (i < s.length() && s.charAt(i) == ' ') {
        i++;
      }
    }

    private char peek() {
      return i < s.length() ? s.charAt(i) : 0;
    }

    private void expect(char c) {
      space();
      if (peek() != c) {
        throw new IllegalStateException("cannot read DuckDB type '" + s + "' at " + i);
      }
      i++;
    }
  }

  // ---- row values -> SQL literals --------------------------------------------------------------

  private static final DateTimeFormatter BQ_TIMESTAMP =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd")
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .appendPattern("HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH:MM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendLiteral("UTC")
          .optionalEnd()
          .toFormatter(Locale.ROOT);

  /**
   * The DuckDB expression for one value of an {@code insertAll} row, checked as BigQuery checks it.
   *
   * @throws RowError naming the field when the value does not fit
   */
  static String literal(TableFieldSchema f, Object value, String path) {
    String mode = mode(f);
    if (value == null || Data.isNull(value)) {
      if (mode.equals("REQUIRED")) {
        throw new RowError(path, "Missing required field: " + path + ".");
      }
      // Untyped: the INSERT casts it to the column's type (and a struct literal to its member's).
      return "NULL";
    }
    if (mode.equals("REPEATED")) {
      if (!(value instanceof List<?> list)) {
        throw new RowError(path, "Array specified for non-repeated field: " + path + ".");
      }
      if (list.isEmpty()) {
        return "[]";
      }
      StringBuilder b = new StringBuilder("[");
      for (int i = 0; i < list.size(); i++) {
        Object e = list.get(i);
        if (e == null || Data.isNull(e)) {
          throw new RowError(path, "Null value in repeated field " + path + " at index " + i + ".");
        }
        b.append(i == 0 ? "" : ", ").append(scalarLiteral(f, e, path));
      }
      return "CAST(" + b.append("] AS ").append(duckType(f)).append(')');
    }
    if (value instanceof List) {
      throw new RowError(path, "Array specified for non-repeated field: " + path + ".");
    }
    return scalarLiteral(f, value, path);
  }

  private static String scalarLiteral(TableFieldSchema f, Object v, String path) {
    String type = normalizeType(f.getType());
    if (type.equals("RECORD")) {
      if (!(v instanceof Map<?, ?> map)) {
        throw new RowError(path, "This field: " + path + " is not a record.");
      }
      for (Object name : map.keySet()) {
        if (find(f.getFields(), String.valueOf(name)) == null) {
          throw new RowError(path + "." + name, "no such field: " + path + "." + name + ".");
        }
      }
      StringBuilder b = new StringBuilder("{");
      for (int i = 0; i < f.getFields().size(); i++) {
        TableFieldSchema sub = f.getFields().get(i);
        Object sv = valueOf(map, sub.getName());
        b.append(i == 0 ? "" : ", ")
            .append(stringLiteral(sub.getName()))
            .append(": ")
            .append(literal(sub, sv, path + "." + sub.getName()));
      }
      TableFieldSchema single = f.clone().setMode("NULLABLE");
      return "CAST(" + b.append("} AS ").append(duckType(single)).append(')');
    }
    if (v instanceof Map || v instanceof List) {
      throw new RowError(
          path,
          "Cannot convert a "
              + (v instanceof Map ? "record" : "array")
              + " to "
              + type
              + " for field "
              + path
              + ".");
    }
    String text = String.valueOf(v);
    try {
      return switch (type) {
        case "STRING" -> stringLiteral(text);
        case "INTEGER" -> {
          BigDecimal d = new BigDecimal(text);
          yield Long.toString(d.longValueExact());
        }
        case "FLOAT" -> {
          double d =
              switch (text) {
                case "NaN" -> Double.NaN;
                case "Infinity", "inf", "+inf" -> Double.POSITIVE_INFINITY;
                case "-Infinity", "-inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(text);
              };
          yield "CAST(" + stringLiteral(Double.toString(d)) + " AS DOUBLE)";
        }
        case "BOOLEAN" ->
            switch (text.toLowerCase(Locale.ROOT)) {
              case "true", "1" -> "TRUE";
              case "false", "0" -> "FALSE";
              default -> throw new IllegalArgumentException(text);
            };
        case "NUMERIC" -> decimal(text, 29, 9, "NUMERIC", "DECIMAL(38,9)", path);
        case "BIGNUMERIC" -> decimal(text, 38, 38, "BIGNUMERIC", BIGNUMERIC, path);
        case "BYTES" ->
            "from_base64("
                + stringLiteral(
                    Base64.getEncoder().encodeToString(Base64.getDecoder().decode(text)))
                + ")";
        case "TIMESTAMP" ->
            "CAST(" + stringLiteral(timestamp(v, text, path).toString()) + " AS TIMESTAMPTZ)";
        case "DATE" -> {
          LocalDate d = LocalDate.parse(text);
          checkYear(d.getYear(), path, text, "DATE");
          yield "DATE " + stringLiteral(d.toString());
        }
        case "DATETIME" -> {
          LocalDateTime t = LocalDateTime.parse(text.replace(' ', 'T'));
          checkYear(t.getYear(), path, text, "DATETIME");
          yield "CAST(" + stringLiteral(t.toString()) + " AS TIMESTAMP)";
        }
        case "TIME" -> "TIME " + stringLiteral(LocalTime.parse(text).toString());
        case "JSON" -> {
          // parsed only to reject malformed JSON, as BigQuery does
          var unused = JsonParser.parseString(text);
          yield "CAST(" + stringLiteral(text) + " AS JSON)";
        }
        default -> throw new RowError(path, "Unsupported type " + type + " in the fake.");
      };
    } catch (RowError e) {
      throw e;
    } catch (RuntimeException e) {
      throw new RowError(
          path,
          "Cannot convert value to " + type.toLowerCase(Locale.ROOT) + " (bad value):" + text);
    }
  }

  private static String decimal(
      String text, int intDigits, int scale, String type, String duckType, String path) {
    BigDecimal d = new BigDecimal(text).stripTrailingZeros();
    if (d.scale() > scale || d.precision() - d.scale() > intDigits) {
      throw new RowError(path, "Invalid " + type + " value: " + text);
    }
    return "CAST(" + stringLiteral(d.toPlainString()) + " AS " + duckType + ")";
  }

  private static Instant timestamp(Object v, String text, String path) {
    Instant t;
    if (v instanceof Number || text.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?")) {
      // A number is seconds since the epoch.
      BigDecimal micros = new BigDecimal(text).movePointRight(6).setScale(0, RoundingMode.HALF_UP);
      t = Instant.EPOCH.plus(micros.longValueExact(), ChronoUnit.MICROS);
    } else {
      try {
        var parsed = BQ_TIMESTAMP.parse(text.trim());
        LocalDateTime local = LocalDateTime.from(parsed);
        ZoneOffset offset =
            parsed.isSupported(ChronoField.OFFSET_SECONDS)
                ? ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS))
                : ZoneOffset.UTC;
        t = local.toInstant(offset);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(text, e);
      }
    }
    checkYear(t.atOffset(ZoneOffset.UTC).getYear(), path, text, "TIMESTAMP");
    return t.truncatedTo(ChronoUnit.MICROS);
  }

  private static void checkYear(int year, String path, String text, String type) {
    if (year < 1 || year > 9999) {
      throw new RowError(
          path,
          "Invalid "
              + type.toLowerCase(Locale.ROOT)
              + " value: "
              + text
              + " for field "
              + path
              + " (out of range)");
    }
  }

  static TableFieldSchema find(List<TableFieldSchema> fields, String name) {
    if (fields == null) {
      return null;
    }
    for (TableFieldSchema f : fields) {
      if (f.getName().equalsIgnoreCase(name)) {
        return f;
      }
    }
    return null;
  }

  /** The row value for column {@code name}, matched case-insensitively as BigQuery does. */
  static Object valueOf(Map<?, ?> row, String name) {
    for (Map.Entry<?, ?> e : row.entrySet()) {
      if (String.valueOf(e.getKey()).equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  // ---- DuckDB values -> BigQuery cells -------------------------------------------------------

  private static final DateTimeFormatter DATETIME =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true)
          .optionalEnd()
          .toFormatter(Locale.ROOT);
  private static final DateTimeFormatter TIME =
      new DateTimeFormatterBuilder()
          .appendPattern("HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true)
          .optionalEnd()
          .toFormatter(Locale.ROOT);

  /**
   * The cell value BigQuery's JSON API gives for {@code value} in column {@code f}: a string, or
   * JSON null, a list of {@code {v: ..}} for REPEATED, {@code {f: [..]}} for RECORD. TIMESTAMP is
   * seconds since the epoch with microseconds ({@code "1700000000.123456"}), or microseconds when
   * {@code int64Timestamps}.
   */
  static Object cell(TableFieldSchema f, Object value, boolean int64Timestamps)
      throws SQLException {
    if ("REPEATED".equals(mode(f))) {
      List<TableCell> out = new ArrayList<>();
      if (value != null) {
        for (Object e : elements(value)) {
          out.add(new TableCell().setV(scalarCell(f, e, int64Timestamps)));
        }
      }
      return out;
    }
    return scalarCell(f, value, int64Timestamps);
  }

  private static Object scalarCell(TableFieldSchema f, Object v, boolean int64Timestamps)
      throws SQLException {
    if (v == null) {
      return Data.nullOf(Object.class);
    }
    String type = normalizeType(f.getType());
    switch (type) {
      case "RECORD":
        {
          Object[] attributes = ((Struct) v).getAttributes();
          List<TableCell> cells = new ArrayList<>();
          for (int i = 0; i < f.getFields().size(); i++) {
            cells.add(
                new TableCell().setV(cell(f.getFields().get(i), attributes[i], int64Timestamps)));
          }
          return new TableRow().setF(cells);
        }
      case "BOOLEAN":
        return v.toString();
      case "FLOAT":
        {
          double d = ((Number) v).doubleValue();
          return Double.isNaN(d)
              ? "NaN"
              : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity") : Double.toString(d);
        }
      case "NUMERIC":
      case "BIGNUMERIC":
        {
          BigDecimal d = v instanceof BigDecimal b ? b : new BigDecimal(v.toString());
          return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
        }
      case "INTEGER":
        return v instanceof BigInteger
                || v instanceof Long
                || v instanceof Integer
                || v instanceof Short
                || v instanceof Byte
            ? v.toString()
            : new BigDecimal(v.toString()).toBigIntegerExact().toString();
      case "BYTES":
        return Base64.getEncoder().encodeToString(bytes(v));
      case "TIMESTAMP":
        {
          Instant t =
              v instanceof OffsetDateTime o
                  ? o.toInstant()
                  : v instanceof Timestamp ts ? ts.toInstant() : Instant.parse(v.toString());
          long micros =
              Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
          return int64Timestamps
              ? Long.toString(micros)
              : BigDecimal.valueOf(micros, 6).toPlainString();
        }
      case "DATETIME":
        {
          LocalDateTime t =
              v instanceof Timestamp ts
                  ? ts.toLocalDateTime()
                  : v instanceof LocalDateTime l
                      ? l
                      : LocalDateTime.parse(v.toString().replace(' ', 'T'));
          return DATETIME.format(t);
        }
      case "TIME":
        return v instanceof LocalTime t ? TIME.format(t) : v.toString();
      default:
        return v.toString();
    }
  }

  private static Object[] elements(Object value) throws SQLException {
    if (value instanceof Array a) {
      return (Object[]) a.getArray();
    }
    if (value instanceof List<?> l) {
      return l.toArray();
    }
    return (Object[]) value;
  }

  /** The bytes of a DuckDB BLOB value. */
  static byte[] bytes(Object v) throws SQLException {
    if (v instanceof byte[] b) {
      return b;
    }
    Blob blob = (Blob) v;
    return blob.getBytes(1, (int) blob.length());
  }
}
