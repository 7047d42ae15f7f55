package io.osmos.codec;

import io.osmos.exceptions.DecodeException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;

/**
 * Pull-style reader that generated codecs decode from. A format (JSON, tree, flat) implements it.
 *
 * <p>Objects are read as {@code beginObject(); while ((i = nextField(NAMES)) >= 0) { ... }}: each
 * call returns the index of the next field the model knows, skipping (or collecting) the others,
 * and -1 once the object ends. Every typed read throws {@link DecodeException} naming the current
 * {@link #path()}, the expected type and the value found when the stored value does not fit.
 */
public interface FieldReader {
  /** Enters an object; fails unless the next value is one. */
  void beginObject();

  /**
   * Advances to the next field of the current object that {@code names} contains.
   *
   * @return its index in {@code names}, or -1 when the object has ended (the end is consumed)
   */
  int nextField(FieldNames names);

  /**
   * Like {@link #nextField(FieldNames)}, but unknown fields are read with {@link #any()} and put
   * into {@code extra} instead of being skipped.
   */
  int nextField(FieldNames names, Map<String, Object> extra);

  /** For maps: the next key of the current object, or null when the object has ended (consumed). */
  String nextKey();

  /** If the next value is null, consumes it and returns true. */
  boolean tryNull();

  /** Enters an array; fails unless the next value is one. */
  void beginArray();

  /** Whether the current array has another element; false consumes the array's end. */
  boolean hasNextElement();

  String string();

  long int64();

  double float64();

  boolean bool();

  byte[] bytes();

  BigDecimal decimal();

  Instant instant();

  /**
   * A string, or null when the stored value is null: {@code tryNull() ? null : string()} in one
   * call, which a format can serve with one parser step (JSON does).
   */
  default String stringOrNull() {
    return tryNull() ? null : string();
  }

  /**
   * An int64 for a primitive field: a stored null fails with {@link #mismatch} naming {@code
   * javaType} (e.g. {@code "long"}), as a missing value cannot be represented. One call instead of
   * {@link #tryNull()} then {@link #int64()}, which a format can serve with one parser step.
   */
  default long requiredInt64(String javaType) {
    if (tryNull()) {
      throw mismatch(javaType, null);
    }
    return int64();
  }

  /**
   * Like {@link #requiredInt64}, for an {@code int} field; a value out of int range fails like
   * {@link #int32()}.
   */
  default int requiredInt32(String javaType) {
    if (tryNull()) {
      throw mismatch(javaType, null);
    }
    return int32();
  }

  /**
   * If the next value is a string equal to one of {@code strings} (an enum's constant names, say),
   * reads it and returns that string's index; otherwise reads nothing and returns -1, and the
   * caller reads the value as it would have without this call (so errors stay the same). A format
   * can serve it by comparing the stored bytes with the candidates, without creating a string;
   * returning -1 is always correct, and is what this default does.
   */
  default int oneOf(FieldNames strings) {
    return -1;
  }

  /**
   * Reads the next value with {@code codec}, or returns null when it is null: {@code tryNull() ?
   * null : codec.read(this)}, which is what {@link ValueCodec#readOrNull} calls. A format that
   * wraps another one (the flat format keeps nested values as JSON text) overrides it to hand the
   * whole value to the inner reader instead of forwarding each call. Implementations must not call
   * {@link ValueCodec#readOrNull} from here.
   */
  default <V> V readOrNull(ValueCodec<V> codec) {
    return tryNull() ? null : codec.read(this);
  }

  /** Reads and discards the next value, whatever it is. */
  void skip();

  /** Reads the next value as a schemaless tree (see {@link FieldWriter#any}). */
  Object any();

  /** Where the reader is, as a dotted path with indexes: {@code address.city}, {@code tags[2]}. */
  String path();

  /**
   * An error for a field the object just read lacks: call it once {@link #nextField} has returned
   * -1, when {@link #path()} is the object's own path.
   *
   * @param name the field's stored name
   * @param field the type and field that declare it, for the message: {@code Address.zip}
   * @param expected what the field holds: {@code int}, {@code String (@NotNull)}
   */
  default DecodeException missing(String name, String field, String expected) {
    return DecodeException.missing(FieldPath.child(path(), name), field, expected);
  }

  /** An error at the current path: the stored value is not what the model expects. */
  default DecodeException mismatch(String expected, Object found) {
    return new DecodeException(path(), expected, found);
  }

  default int int32() {
    long v = int64();
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw mismatch("int", v);
    }
    return (int) v;
  }

  default short int16() {
    long v = int64();
    if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
      throw mismatch("short", v);
    }
    return (short) v;
  }

  default byte int8() {
    long v = int64();
    if (v < Byte.MIN_VALUE || v > Byte.MAX_VALUE) {
      throw mismatch("byte", v);
    }
    return (byte) v;
  }

  default float float32() {
    return (float) float64();
  }

  default char char16() {
    String s = string();
    if (s.length() != 1) {
      throw mismatch("char (a one-character string)", s);
    }
    return s.charAt(0);
  }

  /**
   * A decimal that must be an integer. Exponents beyond 10^100000 either way are refused before
   * converting: the integer value of {@code 1e999999999} would take gigabytes, and testing {@code
   * 1.5e-1234567890} for a fraction would not finish.
   */
  default BigInteger bigInteger() {
    BigDecimal d = decimal();
    if (d.signum() == 0) {
      return BigInteger.ZERO;
    }
    if (Math.abs((long) d.scale()) > 100_000) {
      throw mismatch("an integer (with an exponent of at most 100000)", d);
    }
    try {
      return d.toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw mismatch("integer", d);
    }
  }

  /**
   * A UUID in its canonical text: 36 chars, hex digits (either case, as RFC 9562 reads them) in
   * groups of 8-4-4-4-12. {@code UUID.fromString} alone also takes short groups ({@code
   * 1-1-1-1-1}), so several texts would give one key.
   */
  default UUID uuid() {
    String s = string();
    try {
      UUID u = UUID.fromString(s);
      if (u.toString().equalsIgnoreCase(s)) {
        return u;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw mismatch("UUID (8-4-4-4-12 hex digits)", s);
  }

  default LocalDate localDate() {
    String s = string();
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      throw mismatch("LocalDate (yyyy-MM-dd)", s);
    }
  }

  default LocalDateTime localDateTime() {
    String s = string();
    try {
      return LocalDateTime.parse(s);
    } catch (DateTimeParseException e) {
      throw mismatch("LocalDateTime (ISO-8601)", s);
    }
  }

  default Duration duration() {
    String s = string();
    try {
      return Duration.parse(s);
    } catch (DateTimeParseException e) {
      throw mismatch("Duration (ISO-8601, e.g. PT1H)", s);
    }
  }
}
