package io.osmos.bigquery;

import com.fasterxml.jackson.core.JsonGenerator;
import io.osmos.codec.FieldDescriptor;
import io.osmos.codec.FieldType;
import io.osmos.codec.json.JsonFormat;
import io.osmos.codec.tree.TreeFormat;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.TupleKey;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a model into the row {@code insertAll} takes: the model's fields as {@link TableLayout}
 * maps them, with the value fix-ups BigQuery's JSON needs, plus {@code __key} and {@code
 * __timestamp}; and the row's insert id.
 *
 * <p>Fix-ups (as Beneath's driver does them): integers and decimals as decimal strings (JSON
 * numbers lose 64-bit integers and decimal digits), NaN and infinities as "NaN", "Infinity" and
 * "-Infinity", bytes as base64, instants as RFC 3339 with microseconds (BigQuery's precision),
 * date-times with at most six fraction digits, JSON columns (maps) as JSON text.
 */
final class RowEncoder<T> {
  /** BigQuery keeps insert ids of at most 128 characters. */
  private static final int MAX_INSERT_ID = 128;

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DATETIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS");

  private final ModelSchema<T, ?> model;

  /** One encoded row. */
  record Row(String insertId, Map<String, Object> content, String key) {}

  RowEncoder(ModelSchema<T, ?> model) {
    this.model = model;
  }

  /**
   * The row of {@code record}.
   *
   * @throws IllegalArgumentException when a value cannot be stored in BigQuery, naming the field
   */
  Row encode(T record) {
    Object[] key = keyComponents(record);
    Instant timestamp = model.timestamped() ? model.timestamp(record) : null;
    if (timestamp == null) {
      throw new IllegalArgumentException(
          "the record has no @Timestamp value; the warehouse"
              + " partitions rows and de-duplicates retried writes by it");
    }
    Map<String, Object> tree = TreeFormat.encode(model, record);
    Map<String, Object> row = struct(model.fields(), tree, "");
    byte[] keyBytes = TupleKey.encode(key);
    row.put(TableLayout.KEY, Base64.getEncoder().encodeToString(keyBytes));
    row.put(TableLayout.TIMESTAMP, timestamp(timestamp, model.modelName() + " @Timestamp"));
    return new Row(insertId(keyBytes, timestamp), row, Arrays.toString(key));
  }

  /** The key components of {@code record}, for messages and the insert id. */
  Object[] keyComponents(T record) {
    Object key = keyOf(record);
    if (key == null) {
      throw new IllegalArgumentException("the record has no key");
    }
    return components(key);
  }

  @SuppressWarnings("unchecked")
  private <K> K keyOf(T record) {
    return ((ModelSchema<T, K>) model).key(record);
  }

  @SuppressWarnings("unchecked")
  private <K> Object[] components(Object key) {
    return ((ModelSchema<T, K>) model).keyComponents((K) key);
  }

  /**
   * The insert id: base64 of the tuple-encoded key followed by the timestamp in microseconds, so a
   * retried write of the same record carries the same id (BigQuery drops it on a best-effort
   * basis). Keys too long for BigQuery's 128 characters are hashed (SHA-256) instead.
   */
  static String insertId(byte[] key, Instant timestamp) {
    ByteBuffer b = ByteBuffer.allocate(key.length + Long.BYTES);
    b.put(key).putLong(micros(timestamp));
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    if (id.length() <= MAX_INSERT_ID) {
      return id;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(b.array());
      return "h" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  // ---- values ----------------------------------------------------------------------------------

  private static Map<String, Object> struct(
      List<FieldDescriptor> fields, Map<?, ?> tree, String path) {
    Map<String, Object> out = new LinkedHashMap<>();
    // Only declared fields: @Extra entries have no column and would fail the insert.
    for (FieldDescriptor d : fields) {
      Object v = tree.get(d.storedName());
      if (v != null) {
        out.put(d.storedName(), value(d.type(), v, path + d.storedName()));
      }
    }
    return out;
  }

  private static Object value(FieldType type, Object v, String path) {
    if (TableLayout.storedAsJson(type)) {
      return json(v);
    }
    if (type instanceof FieldType.Array a) {
      List<?> list = (List<?>) v;
      List<Object> out = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        Object e = list.get(i);
        if (e == null) {
          throw new IllegalArgumentException(
              path + "[" + i + "] is null, but BigQuery arrays" + " cannot hold NULL");
        }
        out.add(value(a.element(), e, path + "[" + i + "]"));
      }
      return out;
    }
    if (type instanceof FieldType.Struct s) {
      return struct(s.fields(), (Map<?, ?>) v, path + ".");
    }
    return switch (type.kind()) {
      // Strings keep 64-bit integers and every decimal digit exact through JSON.
      case INT32, INT64 -> v.toString();
      case DECIMAL, BIG_INTEGER -> ((BigDecimal) v).toPlainString();
      case FLOAT32, FLOAT64 -> {
        double d = ((Number) v).doubleValue();
        yield Double.isNaN(d)
            ? "NaN"
            : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity") : (Object) d;
      }
      case BYTES -> Base64.getEncoder().encodeToString((byte[]) v);
      case INSTANT -> timestamp((Instant) v, path);
      case LOCAL_DATE -> date(v.toString(), path);
      case LOCAL_DATE_TIME -> dateTime(v.toString(), path);
      default -> v;
    };
  }

  private static String timestamp(Instant t, String path) {
    int year = t.atOffset(ZoneOffset.UTC).getYear();
    if (year < 1 || year > 9999) {
      throw outOfRange(path, t.toString(), "TIMESTAMP");
    }
    return TIMESTAMP.format(t.truncatedTo(ChronoUnit.MICROS));
  }

  private static String date(String iso, String path) {
    try {
      LocalDate d = LocalDate.parse(iso);
      if (d.getYear() < 1 || d.getYear() > 9999) {
        throw outOfRange(path, iso, "DATE");
      }
      return d.toString();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(path + " is '" + iso + "', not an ISO date", e);
    }
  }

  private static String dateTime(String iso, String path) {
    try {
      LocalDateTime t = LocalDateTime.parse(iso);
      if (t.getYear() < 1 || t.getYear() > 9999) {
        throw outOfRange(path, iso, "DATETIME");
      }
      return DATETIME.format(t.truncatedTo(ChronoUnit.MICROS));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(path + " is '" + iso + "', not an ISO date-time", e);
    }
  }

  private static IllegalArgumentException outOfRange(String path, String value, String type) {
    return new IllegalArgumentException(
        path + " is " + value + ", outside BigQuery's " + type + " range (years 0001 to 9999)");
  }

  /** A value BigQuery cannot nest, as the text of a JSON column. */
  private static String json(Object tree) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JsonFormat.createGenerator(out)) {
      JsonFormat.writer(g).any(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** A rough size of a row as JSON, to keep requests under BigQuery's 10 MB. */
  static long estimateBytes(Object v) {
    if (v instanceof String s) {
      return s.getBytes(StandardCharsets.UTF_8).length + 3L;
    } else if (v instanceof Map<?, ?> m) {
      long n = 2;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        n +=
            String.valueOf(e.getKey()).getBytes(StandardCharsets.UTF_8).length
                + 4
                + estimateBytes(e.getValue());
      }
      return n;
    } else if (v instanceof List<?> l) {
      long n = 2;
      for (Object e : l) {
        n += estimateBytes(e) + 1;
      }
      return n;
    }
    return 24;
  }
}
