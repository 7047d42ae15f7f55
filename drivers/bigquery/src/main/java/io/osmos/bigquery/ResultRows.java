package io.osmos.bigquery;

import com.fasterxml.jackson.core.JsonParser;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldList;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import io.osmos.codec.FieldDescriptor;
import io.osmos.codec.FieldType;
import io.osmos.codec.json.JsonFormat;
import io.osmos.exceptions.DecodeException;
import io.osmos.spi.WarehouseService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Query results as the warehouse API returns them: columns as {@link FieldType}s, rows as maps of
 * the tree format's values. TIMESTAMP is an {@code Instant}, INTEGER a {@code Long}, FLOAT a {@code
 * Double}, NUMERIC and BIGNUMERIC {@code BigDecimal}s, BYTES {@code byte[]}, BOOLEAN a {@code
 * Boolean}, RECORD a {@code Map}, REPEATED a {@code List}; DATE and DATETIME are ISO-8601 strings
 * (as the tree format writes dates); JSON (where the driver keeps maps) is parsed, so an object is
 * a {@code Map} and a {@code SELECT *} row decodes with {@code TreeFormat} into the model; TIME,
 * GEOGRAPHY and INTERVAL are their text. JSON columns are described as STRING, since {@link
 * FieldType} has no JSON type. Columns whose names start with {@code __} (the driver's {@code
 * __key} and {@code __timestamp}) are left out, as Beneath does.
 */
final class ResultRows {
  private ResultRows() {}

  /** The result columns of {@code schema}, internal ones left out. */
  static List<WarehouseService.Column> columns(Schema schema) {
    List<WarehouseService.Column> out = new ArrayList<>();
    if (schema == null) {
      return out;
    }
    for (Field f : schema.getFields()) {
      if (!internal(f)) {
        out.add(new WarehouseService.Column(f.getName(), type(f), nullable(f)));
      }
    }
    return out;
  }

  /** One row of a result with {@code fields}. */
  static Map<String, Object> row(FieldList fields, FieldValueList values) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < fields.size(); i++) {
      Field f = fields.get(i);
      if (!internal(f)) {
        row.put(f.getName(), value(f, values.get(i)));
      }
    }
    return row;
  }

  private static boolean internal(Field f) {
    return f.getName().startsWith("__");
  }

  private static boolean nullable(Field f) {
    return f.getMode() == null || f.getMode() == Field.Mode.NULLABLE;
  }

  private static FieldType type(Field f) {
    FieldType element = elementType(f);
    return f.getMode() == Field.Mode.REPEATED ? FieldType.list(element) : element;
  }

  private static FieldType elementType(Field f) {
    StandardSQLTypeName t = f.getType().getStandardType();
    return switch (t) {
      case BOOL -> FieldType.BOOLEAN;
      case INT64 -> FieldType.INT64;
      case FLOAT64 -> FieldType.FLOAT64;
      case NUMERIC, BIGNUMERIC -> FieldType.DECIMAL;
      case BYTES -> FieldType.BYTES;
      case TIMESTAMP -> FieldType.INSTANT;
      case DATE -> FieldType.LOCAL_DATE;
      case DATETIME -> FieldType.LOCAL_DATE_TIME;
      case STRUCT -> {
        List<FieldDescriptor> sub = new ArrayList<>();
        int i = 0;
        for (Field s : f.getSubFields()) {
          sub.add(
              new FieldDescriptor(
                  i++,
                  s.getName(),
                  s.getName(),
                  type(s),
                  nullable(s),
                  FieldDescriptor.Role.PLAIN,
                  false));
        }
        yield new FieldType.Struct(f.getName(), sub);
      }
      default -> FieldType.STRING;
    };
  }

  private static Object value(Field f, FieldValue v) {
    if (v == null || v.isNull()) {
      return f.getMode() == Field.Mode.REPEATED ? List.of() : null;
    }
    if (f.getMode() == Field.Mode.REPEATED) {
      List<FieldValue> values = v.getRepeatedValue();
      List<Object> out = new ArrayList<>(values.size());
      for (FieldValue e : values) {
        out.add(e.isNull() ? null : scalar(f, e));
      }
      return out;
    }
    return scalar(f, v);
  }

  private static Object scalar(Field f, FieldValue v) {
    try {
      return switch (f.getType().getStandardType()) {
        case BOOL -> v.getBooleanValue();
        case INT64 -> v.getLongValue();
        case FLOAT64 -> v.getDoubleValue();
        case NUMERIC, BIGNUMERIC -> v.getNumericValue();
        case BYTES -> v.getBytesValue();
        case TIMESTAMP -> v.getTimestampInstant();
        // BigQuery writes DATETIME with a 'T' in results and with a space in some APIs.
        case DATETIME -> v.getStringValue().replace(' ', 'T');
        case STRUCT -> row(f.getSubFields(), v.getRecordValue());
        case JSON -> json(f, v.getStringValue());
        default -> v.getStringValue();
      };
    } catch (DecodeException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new DecodeException(
          "BigQuery returned "
              + v.getValue()
              + " for column "
              + f.getName()
              + " of type "
              + f.getType().getStandardType()
              + ", which does not"
              + " decode as one: "
              + e.getMessage(),
          e);
    }
  }

  private static Object json(Field f, String text) {
    try (JsonParser parser = JsonFormat.createParser(text)) {
      return JsonFormat.reader(parser).any();
    } catch (DecodeException e) {
      throw new DecodeException(
          "BigQuery returned "
              + text
              + " for JSON column "
              + f.getName()
              + ", which is not JSON: "
              + e.getMessage(),
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
