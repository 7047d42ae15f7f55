package io.osmos.codec.flat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.NumberInput;
import io.osmos.codec.CodecLimits;
import io.osmos.codec.FieldNames;
import io.osmos.codec.FieldPath;
import io.osmos.codec.FieldReader;
import io.osmos.codec.FieldType;
import io.osmos.codec.ValueCodec;
import io.osmos.codec.json.IsoInstant;
import io.osmos.codec.json.JsonFormat;
import io.osmos.exceptions.DecodeException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

/**
 * Reads a model from one text value per top-level field. The codec decides how each field is read:
 * a scalar read parses the field's text, and a read that opens an object or array parses the text
 * as JSON (every call is forwarded to a JSON reader until the value is closed again). So a String
 * field whose text looks like JSON is still just a string.
 */
final class FlatFieldReader implements FieldReader {
  private static final String INT64 = "an int64 (decimal integer text)";
  private static final String FLOAT64 = "a float64 (decimal number text, NaN, Infinity, -Infinity)";
  private static final String FLOAT32 =
      "a float32 (decimal number text within float range, NaN, Infinity, -Infinity)";
  private static final String BOOL = "a boolean (true or false)";
  private static final String BYTES = "bytes (base64 text)";
  private static final String DECIMAL = "a decimal (decimal number text)";
  private static final String INSTANT = "an Instant (ISO-8601 text, e.g. 2024-05-01T10:15:30Z)";

  private static final int BEFORE = 0;
  private static final int FIELDS = 1;
  private static final int DONE = 2;

  private final Iterator<Map.Entry<String, String>> entries; // null for a single value
  private int state;
  private String field;
  private String text;

  private JsonParser parser;
  private FieldReader nested;
  private int nestedDepth;

  /** A reader of one model from its fields' texts. */
  FlatFieldReader(Map<String, String> fields) {
    this.entries = fields.entrySet().iterator();
    this.state = BEFORE;
  }

  /** A reader of one top-level field's value. */
  FlatFieldReader(String field, String text) {
    this.entries = null;
    this.state = FIELDS;
    this.field = field;
    this.text = text;
  }

  /** Whether every value opened has been read to its end. */
  boolean complete() {
    return nested == null;
  }

  // ---- structure ----------------------------------------------------------------------------

  /** Starts reading the current field's text as a JSON object or array. */
  private void startNested(boolean object) {
    String expected = object ? "an object (JSON text)" : "an array (JSON text)";
    if (state != FIELDS || field == null) {
      throw new IllegalStateException("flat format: a model is read as an object of fields");
    }
    if (text == null) {
      throw mismatch(expected, null);
    }
    parser = JsonFormat.createParser(text);
    nested = JsonFormat.reader(parser, field);
    nestedDepth = 1;
    try {
      if (object) {
        nested.beginObject();
      } else {
        nested.beginArray();
      }
    } catch (DecodeException e) {
      // Not JSON, or another JSON value: show the whole text rather than its first token.
      nested = null;
      try {
        parser.close();
      } catch (IOException ignored) {
        // nothing was read from a stream
      }
      throw mismatch(expected, text);
    }
  }

  /** One nested container ended; when the outermost did, the field's JSON must end there too. */
  private void closeLevel() {
    if (--nestedDepth > 0) {
      return;
    }
    JsonParser p = parser;
    nested = null;
    parser = null;
    try (p) {
      JsonToken t = p.nextToken();
      if (t != null) {
        throw new DecodeException(
            field, "a single JSON value", new Raw("more after it: " + p.getText()));
      }
    } catch (IOException e) {
      throw new DecodeException(
          field,
          "a single JSON value",
          new Raw("malformed JSON after it"),
          "malformed JSON after the value: " + e.getMessage(),
          e);
    }
  }

  @Override
  public void beginObject() {
    if (nested != null) {
      nested.beginObject();
      nestedDepth++;
    } else if (state == BEFORE) {
      state = FIELDS;
    } else {
      startNested(true);
    }
  }

  @Override
  public int nextField(FieldNames names) {
    return nextField(names, null);
  }

  @Override
  public int nextField(FieldNames names, Map<String, Object> extra) {
    if (nested != null) {
      int i = nested.nextField(names, extra);
      if (i < 0) {
        closeLevel();
      }
      return i;
    }
    checkFields();
    while (entries.hasNext()) {
      Map.Entry<String, String> e = entries.next();
      int i = names.indexOf(e.getKey());
      if (i >= 0) {
        field = e.getKey();
        text = e.getValue();
        return i;
      }
      if (extra != null) {
        // A flat store keeps no type for a field the model does not know: its text is read as the
        // JSON value it spells, if that gives the same text back, else as text.
        extra.put(e.getKey(), FlatFormat.extraValue(e.getValue()));
      }
    }
    state = DONE;
    field = null;
    return -1;
  }

  @Override
  public String nextKey() {
    if (nested != null) {
      String key = nested.nextKey();
      if (key == null) {
        closeLevel();
      }
      return key;
    }
    checkFields();
    if (entries.hasNext()) { // a flat map: one entry per key
      Map.Entry<String, String> e = entries.next();
      field = e.getKey();
      text = e.getValue();
      return field;
    }
    state = DONE;
    field = null;
    return null;
  }

  private void checkFields() {
    if (state != FIELDS || entries == null) {
      throw new IllegalStateException("flat format: fields are read inside the model's object");
    }
  }

  @Override
  public <V> V readOrNull(ValueCodec<V> codec) {
    if (nested != null) {
      // Inside a field's JSON: the JSON reader reads the whole value without this layer.
      return nested.readOrNull(codec);
    }
    FieldType.Kind kind = codec.type().kind();
    boolean object = kind == FieldType.Kind.STRUCT || kind == FieldType.Kind.MAP;
    if (state != FIELDS || field == null || !FlatFormat.storedAsJson(kind)) {
      return tryNull() ? null : codec.read(this);
    }
    if (text == null) {
      return null;
    }
    // A top-level field holding JSON text: one JSON reader reads the value from start to end.
    int i = 0;
    while (i < text.length() && isJsonSpace(text.charAt(i))) {
      i++;
    }
    if (i == text.length() || text.charAt(i) != (object ? '{' : '[')) {
      // Not JSON, or another JSON value: show the whole text rather than its first token.
      throw mismatch(object ? "an object (JSON text)" : "an array (JSON text)", text);
    }
    return JsonFormat.decodeValue(codec, text, field);
  }

  private static boolean isJsonSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  @Override
  public boolean tryNull() {
    return nested != null ? nested.tryNull() : text == null;
  }

  @Override
  public void beginArray() {
    if (nested != null) {
      nested.beginArray();
      nestedDepth++;
    } else {
      startNested(false);
    }
  }

  @Override
  public boolean hasNextElement() {
    if (nested == null) {
      throw new IllegalStateException("flat format: hasNextElement outside an array");
    }
    boolean more = nested.hasNextElement();
    if (!more) {
      closeLevel();
    }
    return more;
  }

  @Override
  public void skip() {
    if (nested != null) {
      nested.skip();
    }
  }

  @Override
  public Object any() {
    if (nested != null) {
      return nested.any();
    }
    return text == null ? null : FlatFormat.extraValue(text);
  }

  // ---- scalars ------------------------------------------------------------------------------

  /** The current field's text; a missing one is a mismatch (the codec did not expect null). */
  private String text(String expected) {
    if (text == null) {
      throw mismatch(expected, null);
    }
    return text;
  }

  @Override
  public String string() {
    return nested != null ? nested.string() : text("a string");
  }

  @Override
  public long int64() {
    if (nested != null) {
      return nested.int64();
    }
    String s = text(INT64);
    checkNumber(s, INT64, true);
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) { // beyond the long range
      throw mismatch(INT64, s);
    }
  }

  @Override
  public double float64() {
    if (nested != null) {
      return nested.float64();
    }
    return parseDouble(text(FLOAT64), FLOAT64);
  }

  @Override
  public float float32() {
    if (nested != null) {
      return nested.float32();
    }
    String s = text(FLOAT32);
    float f;
    switch (s) {
      case "NaN":
        return Float.NaN;
      case "Infinity":
        return Float.POSITIVE_INFINITY;
      case "-Infinity":
        return Float.NEGATIVE_INFINITY;
      default:
        // Rounded to float from the decimal, not through a double (double rounding).
        checkNumber(s, FLOAT32, false);
        f = Float.parseFloat(s);
    }
    if (Float.isInfinite(f)) { // rounds beyond the float range
      throw mismatch(FLOAT32, s);
    }
    return f;
  }

  /**
   * Decimal number text, or NaN/Infinity/-Infinity: JSON's number grammar in ASCII, at most {@link
   * CodecLimits#MAX_NUMBER_CHARS} chars. Stricter than {@code Double.parseDouble}, which also takes
   * hex, a leading {@code +}, a trailing {@code d}/{@code f} and surrounding blanks.
   */
  private double parseDouble(String s, String expected) {
    switch (s) {
      case "NaN":
        return Double.NaN;
      case "Infinity":
        return Double.POSITIVE_INFINITY;
      case "-Infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    checkNumber(s, expected, false);
    double d = Double.parseDouble(s);
    if (Double.isInfinite(d)) { // 1e400: out of range
      throw mismatch(expected, s);
    }
    return d;
  }

  /**
   * Checks that {@code s} is a number as JSON writes it, in ASCII: {@code -?(0|[1-9][0-9]*)}, then
   * (unless {@code integer}) an optional fraction {@code .[0-9]+} and exponent {@code
   * [eE][+-]?[0-9]+}, at most {@link CodecLimits#MAX_NUMBER_CHARS} chars. The one canonical text
   * per number the writers use, so two texts never give one value and parsing stays linear.
   */
  private void checkNumber(String s, String expected, boolean integer) {
    int n = s.length();
    if (n > CodecLimits.MAX_NUMBER_CHARS) {
      throw mismatch(
          expected + ", at most " + CodecLimits.MAX_NUMBER_CHARS + " chars",
          new Raw(n + " chars of text"));
    }
    int i = 0;
    if (i < n && s.charAt(i) == '-') {
      i++;
    }
    int digits = digits(s, i);
    if (digits == 0 || (digits > 1 && s.charAt(i) == '0')) {
      throw mismatch(expected, s);
    }
    i += digits;
    if (!integer) {
      if (i < n && s.charAt(i) == '.') {
        int fraction = digits(s, ++i);
        if (fraction == 0) {
          throw mismatch(expected, s);
        }
        i += fraction;
      }
      if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
        i++;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
          i++;
        }
        int exponent = digits(s, i);
        if (exponent == 0) {
          throw mismatch(expected, s);
        }
        i += exponent;
      }
    }
    if (i != n) {
      throw mismatch(expected, s);
    }
  }

  /** The number of ASCII digits at {@code i}. */
  private static int digits(String s, int i) {
    int j = i;
    while (j < s.length() && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
      j++;
    }
    return j - i;
  }

  @Override
  public boolean bool() {
    if (nested != null) {
      return nested.bool();
    }
    String s = text(BOOL);
    if (s.equals("true")) {
      return true;
    }
    if (s.equals("false")) {
      return false;
    }
    throw mismatch(BOOL, s);
  }

  @Override
  public byte[] bytes() {
    if (nested != null) {
      return nested.bytes();
    }
    String s = text(BYTES);
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw mismatch(BYTES, s);
    }
  }

  @Override
  public BigDecimal decimal() {
    if (nested != null) {
      return nested.decimal();
    }
    String s = text(DECIMAL);
    checkNumber(s, DECIMAL, false);
    try {
      // Jackson's parser: exact, and not quadratic in the number of digits as BigDecimal's is.
      return NumberInput.parseBigDecimal(s, true);
    } catch (NumberFormatException e) { // an exponent beyond the int range
      throw mismatch(DECIMAL, s);
    }
  }

  @Override
  public BigInteger bigInteger() {
    if (nested != null) {
      return nested.bigInteger();
    }
    return FieldReader.super.bigInteger();
  }

  @Override
  public Instant instant() {
    if (nested != null) {
      return nested.instant();
    }
    String s = text(INSTANT);
    try {
      return IsoInstant.fromText(s);
    } catch (DateTimeParseException e) {
      throw mismatch(INSTANT, s);
    }
  }

  // The typed reads below have defaults in terms of the ones above; forwarding them keeps a
  // nested reader's own versions in use.

  @Override
  public int int32() {
    return nested != null ? nested.int32() : FieldReader.super.int32();
  }

  @Override
  public short int16() {
    return nested != null ? nested.int16() : FieldReader.super.int16();
  }

  @Override
  public byte int8() {
    return nested != null ? nested.int8() : FieldReader.super.int8();
  }

  @Override
  public char char16() {
    return nested != null ? nested.char16() : FieldReader.super.char16();
  }

  @Override
  public UUID uuid() {
    return nested != null ? nested.uuid() : FieldReader.super.uuid();
  }

  @Override
  public LocalDate localDate() {
    return nested != null ? nested.localDate() : FieldReader.super.localDate();
  }

  @Override
  public LocalDateTime localDateTime() {
    return nested != null ? nested.localDateTime() : FieldReader.super.localDateTime();
  }

  @Override
  public Duration duration() {
    return nested != null ? nested.duration() : FieldReader.super.duration();
  }

  @Override
  public String path() {
    if (nested != null) {
      return nested.path();
    }
    return field != null ? field : FieldPath.ROOT;
  }

  /** A found value shown as is, not quoted like a string. */
  private record Raw(String text) {
    @Override
    public String toString() {
      return text;
    }
  }
}
