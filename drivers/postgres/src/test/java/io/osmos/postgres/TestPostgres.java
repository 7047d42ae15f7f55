package io.osmos.postgres;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.osmos.codec.json.JsonFormat;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.TupleKey;
import io.osmos.testkit.server.PostgresTestServer;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The test server, drivers connected to it, and raw access to what the driver stores. */
final class TestPostgres {
  private TestPostgres() {}

  /** The PostgreSQL server of this test JVM (skips the test when there is none, outside CI). */
  static PostgresTestServer server() {
    return PostgresTestServer.get();
  }

  /** A new driver with its own pool, in the default schema. */
  static PostgresDriver newDriver() {
    return PostgresDriver.builder()
        .url(server().url())
        .connectionTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** A plain JDBC connection to the test server, for reading and planting rows directly. */
  static Connection connect() throws SQLException {
    return DriverManager.getConnection(server().jdbcUrl());
  }

  /** A tree (the tree format's values) as JSON text, the way the driver stores documents. */
  static String json(Object tree) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JsonFormat.createGenerator(out)) {
      JsonFormat.writer(g).any(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** The value of the {@code key} column for {@code key}, as the README documents it. */
  static <T, K> Object keyColumn(ModelSchema<T, K> model, K key) {
    Object[] components = model.keyComponents(key);
    if (components.length == 1) {
      Object k = components[0];
      if (k instanceof String || k instanceof java.util.UUID) {
        return k;
      }
      if (k instanceof Enum<?> e) {
        return e.name();
      }
      if (k instanceof Long || k instanceof Integer || k instanceof Short || k instanceof Byte) {
        return ((Number) k).longValue();
      }
    }
    return TupleKey.encode(components);
  }

  /** The top-level field names of the stored document of {@code key}, or null without a row. */
  static <T, K> Set<String> storedFieldNames(ModelSchema<T, K> model, K key) {
    String sql = "SELECT \"doc\"::text FROM \"osmos\".\"" + model.bucket() + "\" WHERE \"key\" = ?";
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, keyColumn(model, key));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        try (JsonParser p = JsonFormat.createParser(rs.getString(1))) {
          return ((Map<?, ?>) JsonFormat.reader(p).any())
              .keySet().stream().map(String::valueOf).collect(Collectors.toSet());
        }
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("cannot read a raw document of " + model.bucket(), e);
    }
  }

  /** Stores {@code document} as the row of {@code key} in the model's table, replacing it. */
  static <T, K> void putRawDocument(ModelSchema<T, K> model, K key, Map<String, Object> document) {
    long version = 0;
    if (model.versioned() && document.get(model.versionField()) instanceof Number n) {
      version = n.longValue();
    }
    String sql =
        "INSERT INTO \"osmos\".\""
            + model.bucket()
            + "\" (\"key\", \"doc\", \"version\")"
            + " VALUES (?, ?::json, ?) ON CONFLICT (\"key\") DO UPDATE SET \"doc\" = EXCLUDED.\"doc\","
            + " \"version\" = EXCLUDED.\"version\"";
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, keyColumn(model, key));
      ps.setString(2, json(document));
      ps.setLong(3, version);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot plant a raw document in " + model.bucket(), e);
    }
  }
}
