package io.osmos.postgres;

import io.osmos.codec.FieldType;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.TupleKey;
import java.nio.ByteBuffer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * How a model's key is stored in the {@code key} column of its table. A single String or enum key
 * is {@code text COLLATE "C"} (ordered by code point), a single integer key {@code bigint}, a
 * single UUID key {@code uuid}: readable in {@code psql} and compared natively. Every other key,
 * and every composite key, is the {@link TupleKey} encoding of its components in a {@code bytea},
 * whose byte order is the order of the tuples.
 */
enum KeyColumn {
  TEXT("text COLLATE \"C\"", "text"),
  BIGINT("bigint", "bigint"),
  UUID("uuid", "uuid"),
  TUPLE("bytea", "bytea");

  private final String definition;
  private final String typeName;

  KeyColumn(String definition, String typeName) {
    this.definition = definition;
    this.typeName = typeName;
  }

  /** The column type in {@code CREATE TABLE}. */
  String definition() {
    return definition;
  }

  /** The type as {@code format_type} names it, to check an existing table. */
  String typeName() {
    return typeName;
  }

  /** The column kind for a model's key. */
  static KeyColumn of(ModelSchema<?, ?> schema) {
    if (schema.keyProperties().size() != 1) {
      return TUPLE;
    }
    return of(schema.keyProperties().get(0).descriptor().type().kind());
  }

  static KeyColumn of(FieldType.Kind kind) {
    return switch (kind) {
      case STRING, ENUM -> TEXT;
      case INT32, INT64 -> BIGINT;
      case UUID -> UUID;
      default -> TUPLE;
    };
  }

  /** The value bound for a key given as its components. */
  Object param(Object[] components) {
    return switch (this) {
      case TEXT -> text(components[0]);
      case BIGINT -> ((Number) components[0]).longValue();
      case UUID -> (java.util.UUID) components[0];
      case TUPLE -> TupleKey.encode(components);
    };
  }

  /** The value bound for one value of the (single) key field, for conditions on it. */
  Object componentParam(Object value) {
    return switch (this) {
      case TEXT -> text(value);
      case BIGINT -> ((Number) value).longValue();
      case UUID -> (java.util.UUID) value;
      case TUPLE -> throw new IllegalStateException("tuple keys are compared as byte ranges");
    };
  }

  /** Reads the key column as the value {@link #param} binds. */
  Object read(ResultSet rs, int column) throws SQLException {
    return switch (this) {
      case TEXT -> rs.getString(column);
      case BIGINT -> rs.getLong(column);
      case UUID -> rs.getObject(column, java.util.UUID.class);
      case TUPLE -> rs.getBytes(column);
    };
  }

  /** A value with value equality for a parameter (arrays compare by identity). */
  static Object lookup(Object param) {
    return param instanceof byte[] b ? ByteBuffer.wrap(b) : param;
  }

  private static String text(Object value) {
    return value instanceof Enum<?> e ? e.name() : checkText("a key", (String) value);
  }

  /**
   * {@code s}, if PostgreSQL's {@code text} can hold it. It cannot hold U+0000, nor a lone
   * surrogate, which the JDBC driver would send as '?', so that a + U+D800 would be taken for the
   * key or value "a?". Also for JSON text, whose strings keep surrogates as they are.
   *
   * @param what names the string in the error, e.g. "a key"
   * @throws IllegalArgumentException naming the character and where it is
   */
  static String checkText(String what, String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c == 0) {
        throw new IllegalArgumentException(
            what
                + " holds U+0000 (NUL) at char "
                + i
                + ", which"
                + " PostgreSQL text cannot hold; remove it, or store such values in another type"
                + " (e.g. byte[] with @Convert)");
      }
      if (Character.isSurrogate(c)) {
        boolean paired =
            Character.isHighSurrogate(c)
                ? i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
        if (!paired) {
          throw new IllegalArgumentException(
              what
                  + " holds a lone surrogate (U+"
                  + Integer.toHexString(c).toUpperCase(Locale.ROOT)
                  + ") at char "
                  + i
                  + ", which is not Unicode text and PostgreSQL text cannot hold; pair it or remove"
                  + " it");
        }
      }
    }
    return s;
  }
}
