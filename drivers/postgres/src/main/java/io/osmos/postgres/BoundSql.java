package io.osmos.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A statement under construction: SQL text with a {@code ?} per value and the values to bind in
 * order. Values are never written into the text.
 */
final class BoundSql {
  private final StringBuilder text = new StringBuilder();
  private final List<Object> params = new ArrayList<>();

  BoundSql() {}

  BoundSql(String sql) {
    text.append(sql);
  }

  /** Appends SQL text (names already quoted, never values). */
  BoundSql sql(String sql) {
    text.append(sql);
    return this;
  }

  /** Appends {@code ?} and binds {@code value} to it. */
  BoundSql param(Object value) {
    text.append('?');
    params.add(value);
    return this;
  }

  /** Appends {@code ?, ?, ...}, one per value. */
  BoundSql params(List<?> values) {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        text.append(", ");
      }
      param(values.get(i));
    }
    return this;
  }

  /** Appends the text and parameters of {@code other}. */
  BoundSql append(BoundSql other) {
    text.append(other.text);
    params.addAll(other.params);
    return this;
  }

  String text() {
    return text.toString();
  }

  PreparedStatement prepare(Connection c) throws SQLException {
    PreparedStatement ps = c.prepareStatement(text.toString());
    try {
      bind(ps, 1, params);
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }

  /** Binds {@code values} from parameter {@code first} on; returns the next parameter index. */
  static int bind(PreparedStatement ps, int first, List<?> values) throws SQLException {
    int i = first;
    for (Object v : values) {
      bind(ps, i++, v);
    }
    return i;
  }

  /**
   * Binds one value: text, integers, UUIDs, bytes and booleans natively; {@link Untyped} text with
   * no type, so PostgreSQL reads it with the input function of the type it is assigned or cast to.
   */
  static void bind(PreparedStatement ps, int i, Object v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.VARCHAR);
    } else if (v instanceof String s) {
      ps.setString(i, s);
    } else if (v instanceof Long
        || v instanceof Integer
        || v instanceof Short
        || v instanceof Byte) {
      ps.setLong(i, ((Number) v).longValue());
    } else if (v instanceof UUID u) {
      ps.setObject(i, u);
    } else if (v instanceof byte[] b) {
      ps.setBytes(i, b);
    } else if (v instanceof Boolean b) {
      ps.setBoolean(i, b);
    } else if (v instanceof Untyped u) {
      ps.setObject(i, u.text(), Types.OTHER);
    } else {
      throw new IllegalArgumentException("cannot bind a " + v.getClass().getName());
    }
  }

  /** Text bound without a type (null binds SQL NULL). */
  record Untyped(String text) {}

  @Override
  public String toString() {
    return text + " " + params;
  }
}
