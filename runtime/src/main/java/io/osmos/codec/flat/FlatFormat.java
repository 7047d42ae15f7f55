package io.osmos.codec.flat;

import io.osmos.codec.CodecLimits;
import io.osmos.codec.Codecs;
import io.osmos.codec.FieldReader;
import io.osmos.codec.FieldType;
import io.osmos.codec.FieldWriter;
import io.osmos.codec.ValueCodec;
import io.osmos.codec.json.JsonFormat;
import io.osmos.exceptions.DecodeException;
import io.osmos.exceptions.LimitExceededException;
import io.osmos.exceptions.ValidationException;
import io.osmos.schema.ModelSchema;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The flat format, for stores that keep one value per top-level field: Redis hash fields, SQL and
 * Bigtable columns. Each top-level field becomes one text value under its stored name:
 *
 * <ul>
 *   <li>scalars as readable text: strings as they are, integers and decimals in plain decimal
 *       ({@code 42}, {@code 12.50}; a decimal with a negative scale keeps it as {@code 1E+3}),
 *       floating point as Java spells it ({@code 0.1}, {@code 1.0E10}, {@code NaN}, {@code
 *       -Infinity}), booleans {@code true}/{@code false}, bytes in base64, enums by constant name,
 *       Instant/UUID/LocalDate/LocalDateTime/Duration in ISO-8601;
 *   <li>embedded types, lists, sets, maps (and {@code @Extra} values that are lists or maps) as
 *       JSON text in the {@link io.osmos.codec.json.JsonFormat JSON format};
 *   <li>null fields are left out.
 * </ul>
 *
 * <p>Numbers stored this way work with the store's own arithmetic ({@code HINCRBY}, SQL casts).
 * Decoding lets the model's codec decide how to read each field, so a String field whose text
 * happens to look like JSON is read back unchanged. Fields the model does not know are skipped, or
 * kept in its {@code @Extra} map as their stored text (a flat store has nothing else), which is
 * written back unchanged.
 *
 * <p>A driver patching single fields uses {@link #encodeValue} and {@link #decodeValue} with the
 * field's {@code Property.codec()}. All methods are thread-safe.
 */
public final class FlatFormat {
  private FlatFormat() {}

  /** Whether a top-level value of this kind is stored as JSON text (objects and arrays are). */
  static boolean storedAsJson(FieldType.Kind kind) {
    return switch (kind) {
      case STRUCT, MAP, LIST, SET -> true;
      default -> false;
    };
  }

  /** The model's non-null top-level fields as (stored name, text), in the model's field order. */
  public static <T> Map<String, String> encode(ModelSchema<T, ?> schema, T model) {
    Map<String, String> fields = new LinkedHashMap<>();
    encode(schema, model, fields::put);
    return fields;
  }

  /** Reports each non-null top-level field to {@code sink} as (stored name, text), in order. */
  public static <T> void encode(
      ModelSchema<T, ?> schema, T model, BiConsumer<String, String> sink) {
    try {
      schema.encode(model, new FlatFieldWriter(sink));
    } catch (LimitExceededException | ValidationException e) {
      throw CodecLimits.locate(schema.modelName(), out -> schema.encode(model, out), e);
    }
  }

  /**
   * Reads a model from its fields' texts, in any order; absent fields are null (or the field's
   * default).
   *
   * @throws DecodeException naming the field (and the path inside it, for JSON fields) when a text
   *     does not fit the field
   */
  public static <T> T decode(ModelSchema<T, ?> schema, Map<String, String> fields) {
    return schema.decode(new FlatFieldReader(fields));
  }

  /**
   * The text one top-level field's value is stored as, or null for null (and for an empty {@code
   * Optional}): what {@link #encode} stores under the field's name.
   */
  public static <V> String encodeValue(ValueCodec<V> codec, V value) {
    if (value == null) {
      return null;
    }
    String[] text = new String[1];
    FlatFieldWriter out = new FlatFieldWriter("value", (name, t) -> text[0] = t);
    codec.write(value, out);
    if (!out.complete()) {
      throw new IllegalStateException("codec left an object or array open: " + codec);
    }
    return text[0];
  }

  /**
   * Reads one top-level field's value from its stored text (null gives null).
   *
   * @param field the stored field name, for errors
   * @throws DecodeException naming {@code field} when the text does not fit
   */
  public static <V> V decodeValue(ValueCodec<V> codec, String text, String field) {
    if (text == null) {
      return null;
    }
    FlatFieldReader in = new FlatFieldReader(field, text);
    V value = codec.read(in);
    if (!in.complete()) {
      throw new IllegalStateException("codec did not read the whole value of " + field);
    }
    return value;
  }

  /**
   * Whether a field of this type is stored as JSON text rather than as a scalar: embedded types,
   * lists, sets and maps. Drivers use it to pick a column type ({@code jsonb} against {@code text},
   * {@code bigint}, ...).
   */
  public static boolean storedAsJson(FieldType type) {
    return switch (type.kind()) {
      case LIST, SET, MAP, STRUCT -> true;
      default -> false;
    };
  }

  /**
   * The text an {@code @Extra} string is stored as: the string itself, unless the reader would take
   * it for a JSON value (a number, {@code true}, {@code null}, {@code [..]}, ...), then the string
   * as JSON text, so that it reads back as the same string.
   */
  static String extraText(String s) {
    // extraValue returns the text itself (this very instance) when it reads it as text.
    return extraValue(s) == s ? s : JsonFormat.encodeValueToString(Codecs.STRING, s);
  }

  /**
   * What the stored text of an unknown field reads as in {@code @Extra}: the JSON value it spells,
   * when it is JSON exactly as this format writes it (so writing the value back gives the same
   * text), else the text itself. A flat store keeps no type for a field the model does not know:
   * this keeps stored text unchanged through a read-modify-write, and reads back equal every
   * {@code @Extra} value this format writes.
   */
  static Object extraValue(String text) {
    if (text.isEmpty() || !couldBeJson(text.charAt(0))) {
      return text;
    }
    Object value;
    try {
      value = JsonFormat.decodeValue(ANY, text);
    } catch (DecodeException | LimitExceededException e) {
      return text;
    }
    String again;
    try {
      again = JsonFormat.encodeValueToString(ANY, value);
    } catch (LimitExceededException | ValidationException e) {
      return text;
    }
    return again.equals(text) ? value : text;
  }

  private static boolean couldBeJson(char c) {
    return c == '{'
        || c == '['
        || c == '"'
        || c == '-'
        || (c >= '0' && c <= '9')
        || c == 't'
        || c == 'f'
        || c == 'n';
  }

  /** An {@code @Extra} value, written and read schemaless. */
  private static final ValueCodec<Object> ANY =
      new ValueCodec<>() {
        @Override
        public void write(Object value, FieldWriter out) {
          out.any(value);
        }

        @Override
        public Object read(FieldReader in) {
          return in.any();
        }

        @Override
        public FieldType type() {
          return FieldType.STRING;
        }
      };

  /**
   * Exact decimal text, plain where that keeps the value and scale ({@code 0.0000001}, not {@code
   * 1E-7}); scientific for a negative scale ({@code 1E+3}) or a very long fraction.
   */
  static String decimalText(BigDecimal value) {
    int scale = value.scale();
    return scale >= 0 && scale <= 100 ? value.toPlainString() : value.toString();
  }
}
