package io.osmos.duckdb;

import io.osmos.codec.FieldDescriptor;
import io.osmos.codec.FieldType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Blob;
import java.sql.SQLException;
import java.sql.Struct;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A DuckDB column type as DuckDB spells it in result metadata ({@code VARCHAR}, {@code
 * DECIMAL(38,9)}, {@code TIMESTAMP WITH TIME ZONE}, {@code STRUCT(city VARCHAR, "my field"
 * BIGINT)[]}, {@code MAP(VARCHAR, DOUBLE)}), parsed into a tree, so result columns can be described
 * as {@link FieldType}s and result values converted into the tree format's value types.
 *
 * @param name the base type in upper case ({@code STRUCT}, {@code LIST} for {@code X[]} and {@code
 *     X[n]}, {@code MAP}, {@code DECIMAL}, {@code TIMESTAMP WITH TIME ZONE}, ...)
 * @param fieldNames the field names of a {@code STRUCT} (or {@code UNION}), else empty
 * @param children a {@code STRUCT}'s field types, a {@code LIST}'s element, a {@code MAP}'s key and
 *     value; else empty
 */
record DuckDbType(String name, List<String> fieldNames, List<DuckDbType> children) {
  // DuckDB's interval has months, days and microseconds; a month counts as 30 days, as DuckDB's
  // own epoch() does.
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  DuckDbType {
    fieldNames = List.copyOf(fieldNames);
    children = List.copyOf(children);
  }

  /** Parses a type as DuckDB writes it. */
  static DuckDbType parse(String type) {
    Parser p = new Parser(type);
    DuckDbType t = p.type();
    p.skipSpaces();
    if (p.pos != type.length()) {
      throw p.error("unexpected text");
    }
    return t;
  }

  /** The kind of {@link #fieldType()}, without building it. */
  private FieldType.Kind kind() {
    return switch (name) {
      case "LIST" -> FieldType.Kind.LIST;
      case "MAP" -> FieldType.Kind.MAP;
      case "STRUCT" -> FieldType.Kind.STRUCT;
      default -> fieldType().kind();
    };
  }

  /** What values of this type look like, for result column descriptions. */
  FieldType fieldType() {
    return switch (name) {
      case "BOOLEAN" -> FieldType.BOOLEAN;
      case "TINYINT", "SMALLINT", "INTEGER", "UTINYINT", "USMALLINT" -> FieldType.INT32;
      case "BIGINT", "UINTEGER" -> FieldType.INT64;
      case "UBIGINT", "HUGEINT", "UHUGEINT" -> FieldType.BIG_INTEGER;
      case "FLOAT" -> FieldType.FLOAT32;
      case "DOUBLE" -> FieldType.FLOAT64;
      case "DECIMAL" -> FieldType.DECIMAL;
      case "BLOB" -> FieldType.BYTES;
      case "UUID" -> FieldType.UUID;
      case "TIMESTAMP WITH TIME ZONE" -> FieldType.INSTANT;
      case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS" -> FieldType.LOCAL_DATE_TIME;
      case "DATE" -> FieldType.LOCAL_DATE;
      case "INTERVAL" -> FieldType.DURATION;
      case "LIST" -> FieldType.list(children.get(0).fieldType());
      case "MAP" -> FieldType.map(children.get(1).fieldType());
      case "STRUCT" -> {
        List<FieldDescriptor> fields = new ArrayList<>(children.size());
        for (int i = 0; i < children.size(); i++) {
          fields.add(
              new FieldDescriptor(
                  i,
                  fieldNames.get(i),
                  fieldNames.get(i),
                  children.get(i).fieldType(),
                  true,
                  FieldDescriptor.Role.PLAIN,
                  false));
        }
        yield new FieldType.Struct("", fields);
      }
      // VARCHAR, ENUM, TIME, BIT, UNION, JSON, ...: read as text
      default -> FieldType.STRING;
    };
  }

  /**
   * A value the JDBC driver returned for this type, as a tree-format value: {@code String}, {@code
   * Long}, {@code Double}, {@code Boolean}, {@code BigDecimal}, {@code byte[]}, {@code Instant},
   * null, {@code List} and {@code Map<String, Object>}; UUIDs, dates, date-times and durations as
   * ISO-8601 text, as the tree format writes them.
   */
  Object treeValue(Object v) throws SQLException {
    if (v == null) {
      return null;
    }
    return switch (kind()) {
      case BOOLEAN -> v instanceof Boolean b ? b : Boolean.valueOf(v.toString());
      case INT32, INT64 -> ((Number) v).longValue();
      case BIG_INTEGER ->
          v instanceof BigInteger b ? new BigDecimal(b) : new BigDecimal(v.toString());
      case FLOAT32, FLOAT64 -> ((Number) v).doubleValue();
      case DECIMAL -> v instanceof BigDecimal d ? d : new BigDecimal(v.toString());
      case BYTES -> v instanceof Blob b ? b.getBytes(1, (int) b.length()) : ((byte[]) v).clone();
      case UUID -> v instanceof UUID u ? u.toString() : v.toString();
      case INSTANT -> instant(v);
      case LOCAL_DATE_TIME -> localDateTime(v).toString();
      case LOCAL_DATE ->
          v instanceof LocalDate d ? d.toString() : LocalDate.parse(v.toString()).toString();
      case DURATION -> interval(v.toString()).toString();
      case LIST, SET -> list(v);
      case MAP -> map(v);
      case STRUCT -> struct(v);
      default -> v instanceof byte[] b ? b.clone() : v.toString();
    };
  }

  private List<Object> list(Object v) throws SQLException {
    Object[] items =
        v instanceof java.sql.Array a ? (Object[]) a.getArray() : ((List<?>) v).toArray();
    List<Object> out = new ArrayList<>(items.length);
    DuckDbType element = children.get(0);
    for (Object item : items) {
      out.add(element.treeValue(item));
    }
    return out;
  }

  private Map<String, Object> map(Object v) throws SQLException {
    Map<String, Object> out = new LinkedHashMap<>();
    DuckDbType value = children.get(1);
    for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
      out.put(String.valueOf(e.getKey()), value.treeValue(e.getValue()));
    }
    return out;
  }

  private Map<String, Object> struct(Object v) throws SQLException {
    Object[] attributes = ((Struct) v).getAttributes();
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < children.size(); i++) {
      out.put(fieldNames.get(i), children.get(i).treeValue(attributes[i]));
    }
    return out;
  }

  private static Instant instant(Object v) {
    if (v instanceof OffsetDateTime t) {
      return t.toInstant();
    }
    if (v instanceof ZonedDateTime t) {
      return t.toInstant();
    }
    if (v instanceof Timestamp t) {
      return t.toInstant();
    }
    if (v instanceof Instant t) {
      return t;
    }
    return OffsetDateTime.parse(v.toString()).toInstant();
  }

  private static LocalDateTime localDateTime(Object v) {
    if (v instanceof Timestamp t) {
      return t.toLocalDateTime();
    }
    if (v instanceof LocalDateTime t) {
      return t;
    }
    return LocalDateTime.parse(v.toString().replace(' ', 'T'));
  }

  /**
   * Reads DuckDB's text form of an interval: {@code [N year[s]] [N month[s]] [N day[s]]
   * [-]HH:MM:SS[.ffffff]}, e.g. {@code 1 year 2 months 3 days -01:00:00.5}.
   */
  static Duration interval(String text) {
    long months = 0;
    long days = 0;
    long micros = 0;
    String[] parts = text.trim().split("\\s+", -1);
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (p.indexOf(':') >= 0) {
        micros = timeOfDayMicros(p, text);
      } else if (i + 1 < parts.length) {
        long n = Long.parseLong(p);
        String unit = parts[++i].toLowerCase(Locale.ROOT);
        if (unit.startsWith("year")) {
          months += n * 12;
        } else if (unit.startsWith("mon")) {
          months += n;
        } else if (unit.startsWith("day")) {
          days += n;
        } else {
          throw new IllegalArgumentException(
              "unknown interval unit '" + unit + "' in '" + text + "'");
        }
      } else {
        throw new IllegalArgumentException("cannot read DuckDB interval '" + text + "'");
      }
    }
    long total =
        Math.addExact(
            Math.multiplyExact(Math.addExact(Math.multiplyExact(months, 30), days), MICROS_PER_DAY),
            micros);
    return Duration.ofSeconds(
        Math.floorDiv(total, 1_000_000L), Math.floorMod(total, 1_000_000L) * 1000L);
  }

  private static long timeOfDayMicros(String hms, String text) {
    boolean negative = hms.startsWith("-");
    String[] t = (negative ? hms.substring(1) : hms).split(":", -1);
    if (t.length != 3) {
      throw new IllegalArgumentException("cannot read DuckDB interval '" + text + "'");
    }
    BigDecimal seconds = new BigDecimal(t[2]);
    long micros =
        Math.addExact(
            (Long.parseLong(t[0]) * 3600 + Long.parseLong(t[1]) * 60) * 1_000_000L,
            seconds.movePointRight(6).longValueExact());
    return negative ? -micros : micros;
  }

  @Override
  public String toString() {
    return switch (name) {
      case "LIST" -> children.get(0) + "[]";
      case "MAP" -> "MAP(" + children.get(0) + ", " + children.get(1) + ")";
      case "STRUCT" -> {
        StringBuilder b = new StringBuilder("STRUCT(");
        for (int i = 0; i < children.size(); i++) {
          b.append(i > 0 ? ", " : "").append(fieldNames.get(i)).append(' ').append(children.get(i));
        }
        yield b.append(')').toString();
      }
      default -> name;
    };
  }

  /** A recursive-descent reader of DuckDB type names. */
  private static final class Parser {
    private final String s;
    private int pos;

    Parser(String s) {
      this.s = s;
    }

    DuckDbType type() {
      skipSpaces();
      String word = word();
      DuckDbType t;
      switch (word) {
        case "STRUCT", "UNION" -> t = fields(word);
        case "MAP" -> {
          expect('(');
          DuckDbType key = type();
          expect(',');
          DuckDbType value = type();
          expect(')');
          t = new DuckDbType("MAP", List.of(), List.of(key, value));
        }
        default -> {
          // Multi-word names (TIMESTAMP WITH TIME ZONE), then parameters we do not need
          // (DECIMAL(38,9), ENUM('a', 'b'), VARCHAR(10)).
          StringBuilder name = new StringBuilder(word);
          while (true) {
            int save = pos;
            skipSpaces();
            if (pos < s.length() && Character.isLetter(s.charAt(pos))) {
              name.append(' ').append(word());
            } else {
              pos = save;
              break;
            }
          }
          skipSpaces();
          if (peek() == '(') {
            skipParenthesized();
          }
          t = new DuckDbType(name.toString(), List.of(), List.of());
        }
      }
      while (true) {
        skipSpaces();
        if (peek() != '[') {
          return t;
        }
        // X[] is a list, X[3] a fixed-size array: both read as lists
        pos++;
        while (peek() != ']') {
          if (pos >= s.length()) {
            throw error("unclosed '['");
          }
          pos++;
        }
        pos++;
        t = new DuckDbType("LIST", List.of(), List.of(t));
      }
    }

    private DuckDbType fields(String kind) {
      expect('(');
      List<String> names = new ArrayList<>();
      List<DuckDbType> types = new ArrayList<>();
      skipSpaces();
      if (peek() != ')') {
        do {
          skipSpaces();
          names.add(identifier());
          types.add(type());
          skipSpaces();
        } while (consume(','));
      }
      expect(')');
      return new DuckDbType(kind, names, types);
    }

    private String identifier() {
      if (peek() != '"') {
        int start = pos;
        while (pos < s.length() && !Character.isWhitespace(s.charAt(pos))) {
          pos++;
        }
        return s.substring(start, pos);
      }
      StringBuilder b = new StringBuilder();
      pos++;
      while (true) {
        if (pos >= s.length()) {
          throw error("unclosed quoted name");
        }
        char c = s.charAt(pos++);
        if (c == '"') {
          if (peek() == '"') {
            b.append('"');
            pos++;
          } else {
            return b.toString();
          }
        } else {
          b.append(c);
        }
      }
    }

    private String word() {
      int start = pos;
      while (pos < s.length()
          && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
        pos++;
      }
      if (start == pos) {
        throw error("a type name expected");
      }
      return s.substring(start, pos).toUpperCase(Locale.ROOT);
    }

    private void skipParenthesized() {
      int depth = 0;
      boolean quoted = false;
      do {
        if (pos >= s.length()) {
          throw error("unclosed '('");
        }
        char c = s.charAt(pos++);
        if (c == '\'') {
          quoted = !quoted;
        } else if (!quoted && c == '(') {
          depth++;
        } else if (!quoted && c == ')') {
          depth--;
        }
      } while (depth > 0);
    }

    void skipSpaces() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    private char peek() {
      return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private boolean consume(char c) {
      skipSpaces();
      if (peek() == c) {
        pos++;
        return true;
      }
      return false;
    }

    private void expect(char c) {
      if (!consume(c)) {
        throw error("'" + c + "' expected");
      }
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException(
          "cannot read DuckDB type '" + s + "': " + what + " at " + pos);
    }
  }
}
