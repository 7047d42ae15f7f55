package io.osmos.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The streaming interface generated codecs write through. A format (JSON, tree, flat) implements
 * it; generated code never sees the format. Calls must form a well-nested sequence: inside an
 * object every value is preceded by {@link #name}; a model is written as one object.
 *
 * <p>The typed methods past {@link #nul} have defaults in terms of the basic ones, so a format only
 * overrides those it stores natively (a tree format keeps an {@code Instant} as an {@code Instant},
 * JSON writes it as ISO-8601 text).
 */
public interface FieldWriter {
  void beginObject();

  /** The next field's name, pre-encoded once per model (see {@link FieldNames}). */
  void name(FieldName name);

  /** A dynamic name: map keys and {@code @Extra} fields. */
  void name(String name);

  void endObject();

  void beginArray();

  void endArray();

  void string(String value);

  void int64(long value);

  void float64(double value);

  void bool(boolean value);

  void bytes(byte[] value);

  void decimal(BigDecimal value);

  void instant(Instant value);

  void nul();

  /**
   * Writes {@code value}, or null when it is null: the counterpart of {@link
   * FieldReader#stringOrNull()}, so generated codecs need no branch per field.
   */
  /**
   * Writes {@code value} with {@code codec}, or null: what {@link ValueCodec#writeOrNull} calls. A
   * format that wraps another one (the flat format keeps nested values as JSON text) overrides it
   * to hand the whole value to the inner writer instead of forwarding each call. Implementations
   * must not call {@link ValueCodec#writeOrNull} from here.
   */
  default <V> void writeOrNull(ValueCodec<V> codec, V value) {
    if (value == null) {
      nul();
    } else {
      codec.write(value, this);
    }
  }

  default void stringOrNull(String value) {
    if (value == null) {
      nul();
    } else {
      string(value);
    }
  }

  default void int32(int value) {
    int64(value);
  }

  default void float32(float value) {
    // Through the decimal string, so 0.1f is stored as 0.1 and not 0.10000000149011612.
    float64(Double.parseDouble(Float.toString(value)));
  }

  default void bigInteger(BigInteger value) {
    decimal(new BigDecimal(value));
  }

  default void uuid(UUID value) {
    string(value.toString());
  }

  default void localDate(LocalDate value) {
    string(value.toString());
  }

  default void localDateTime(LocalDateTime value) {
    string(value.toString());
  }

  default void duration(Duration value) {
    string(value.toString());
  }

  /**
   * A schemaless value as kept by {@code @Extra}: null, String, Boolean, a Number, byte[], Instant,
   * BigDecimal, or a List or Map of those.
   */
  default void any(Object value) {
    if (value == null) {
      nul();
    } else if (value instanceof String s) {
      string(s);
    } else if (value instanceof Boolean b) {
      bool(b);
    } else if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      int64(((Number) value).longValue());
    } else if (value instanceof Double || value instanceof Float) {
      float64(((Number) value).doubleValue());
    } else if (value instanceof BigDecimal d) {
      decimal(d);
    } else if (value instanceof BigInteger i) {
      bigInteger(i);
    } else if (value instanceof byte[] b) {
      bytes(b);
    } else if (value instanceof Instant t) {
      instant(t);
    } else if (value instanceof List<?> list) {
      beginArray();
      for (Object o : list) {
        any(o);
      }
      endArray();
    } else if (value instanceof Map<?, ?> map) {
      beginObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        name(String.valueOf(e.getKey()));
        any(e.getValue());
      }
      endObject();
    } else {
      throw new IllegalArgumentException(
          "cannot store a "
              + value.getClass().getName()
              + " in an @Extra map; use String,"
              + " Boolean, Long, Double, BigDecimal, byte[], Instant, List or Map");
    }
  }
}
