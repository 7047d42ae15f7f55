package io.osmos.codec.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.io.NumberInput;
import io.osmos.codec.FieldNames;
import io.osmos.codec.FieldPath;
import io.osmos.codec.FieldReader;
import io.osmos.codec.SharedValues;
import io.osmos.exceptions.DecodeException;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link FieldReader} over a jackson {@link JsonParser}. Reads the representation {@link
 * JsonFieldWriter} writes and fails with a {@link DecodeException} naming the field path on every
 * type mismatch, out-of-range number and malformed input.
 *
 * <p>The path is kept as a cheap stack (one slot per open object or array holding the current field
 * name or element index) and turned into text only when an error is reported.
 */
final class JsonFieldReader implements FieldReader {
  private static final String INT64 = "an int64 (a JSON integer)";
  private static final String FLOAT64 =
      "a float64 (a JSON number, or \"NaN\", \"Infinity\", \"-Infinity\")";
  private static final String FLOAT32 =
      "a float32 (a JSON number within float range, or \"NaN\", \"Infinity\", \"-Infinity\")";
  private static final String DECIMAL = "a decimal (a JSON number)";
  private static final String BYTES = "bytes (a base64 string)";
  private static final String INSTANT = "an Instant (ISO-8601 text, e.g. 2024-05-01T10:15:30Z)";

  // Kinds of open container, for rendering the path.
  private static final byte OBJECT = 0;
  private static final byte MAP = 1;
  private static final byte ARRAY = 2;

  private final JsonParser p;
  private final String prefix;

  /** The parser's current token is the start of the next value, not yet consumed. */
  private boolean pending;

  private int depth;
  private byte[] kinds = new byte[8];

  /** Per level: a map's current key, or the name of an object's field the model does not know. */
  private String[] names = new String[8];

  /** Strings shared within the schemaless values this reader builds, created on first use. */
  private SharedValues strings;

  /** Per object level: the field table {@link #nextField} reads it with. */
  private FieldNames[] tables = new FieldNames[8];

  /** Per level: for arrays the current element index, for objects the next expected field. */
  private int[] counters = new int[8];

  /**
   * @param parser positioned before the value, or on its first token
   * @param prefix where the value sits in an enclosing structure (e.g. a column name), or null
   */
  JsonFieldReader(JsonParser parser, String prefix) {
    this.p = parser;
    this.prefix = prefix == null || prefix.isEmpty() ? null : prefix;
    JsonToken t = parser.currentToken();
    // Like databind: a parser already on a value's first token reads that value; one on nothing,
    // a field name or the end of a container reads the next.
    this.pending = t != null && (t.isScalarValue() || t.isStructStart());
  }

  private JsonToken next() throws IOException {
    if (pending) {
      pending = false;
      return p.currentToken();
    }
    return p.nextToken();
  }

  private void push(byte kind) {
    if (depth == kinds.length) {
      kinds = Arrays.copyOf(kinds, depth * 2);
      names = Arrays.copyOf(names, depth * 2);
      counters = Arrays.copyOf(counters, depth * 2);
      tables = Arrays.copyOf(tables, depth * 2);
    }
    kinds[depth] = kind;
    names[depth] = null;
    counters[depth] = kind == ARRAY ? -1 : 0;
    depth++;
  }

  // ---- structure ----------------------------------------------------------------------------

  @Override
  public void beginObject() {
    try {
      JsonToken t = next();
      if (t != JsonToken.START_OBJECT) {
        throw mismatch("an object", found(t));
      }
      push(OBJECT);
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  @Override
  public int nextField(FieldNames fields) {
    return nextField(fields, null);
  }

  @Override
  public int nextField(FieldNames fields, Map<String, Object> extra) {
    int level = depth - 1;
    try {
      if (pending) { // the codec left the previous value unread
        pending = false;
        p.skipChildren();
      }
      // The reader remembers which table it is in rather than the name of each field, so the
      // path of an error can be rendered without a store per field read.
      if (tables[level] != fields) {
        tables[level] = fields;
      }
      SerializableString[] encoded = JsonFieldWriter.encoded(fields);
      while (true) {
        int expected = counters[level];
        String name;
        if (expected < encoded.length) {
          // Stored order is usually the written order: compare the raw bytes of the name we expect
          // before looking anything up.
          if (p.nextFieldName(encoded[expected])) {
            counters[level] = expected + 1;
            return expected;
          }
          if (p.currentToken() != JsonToken.FIELD_NAME) {
            return endOfObject();
          }
          name = p.currentName();
        } else {
          name = p.nextFieldName();
          if (name == null) {
            return endOfObject();
          }
        }
        int i = fields.indexOf(name);
        if (i >= 0) {
          counters[level] = i + 1;
          return i;
        }
        names[level] = name; // for the path of errors inside the unknown value
        if (extra != null) {
          extra.put(name, any());
        } else {
          p.nextToken();
          p.skipChildren();
        }
        names[level] = null;
      }
    } catch (IOException e) {
      // Jackson reads the start of a member's value together with its name: a failure there is
      // in the member just named, not in the one before.
      String current = p.getParsingContext().getCurrentName();
      if (current != null) {
        names[level] = current;
      }
      throw malformed(e);
    }
  }

  private int endOfObject() throws IOException {
    JsonToken t = p.currentToken();
    if (t != JsonToken.END_OBJECT) { // jackson reports malformed input itself; this is misuse
      throw mismatch("a field or the end of the object", found(t));
    }
    depth--;
    return -1;
  }

  @Override
  public String nextKey() {
    int level = depth - 1;
    kinds[level] = MAP;
    try {
      if (pending) {
        pending = false;
        p.skipChildren();
      }
      String name = p.nextFieldName();
      if (name != null) {
        names[level] = name;
        return name;
      }
      endOfObject();
      return null;
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  @Override
  public boolean tryNull() {
    try {
      if (next() == JsonToken.VALUE_NULL) {
        return true;
      }
      pending = true;
      return false;
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  @Override
  public void beginArray() {
    try {
      JsonToken t = next();
      if (t != JsonToken.START_ARRAY) {
        throw mismatch("an array", found(t));
      }
      push(ARRAY);
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  @Override
  public boolean hasNextElement() {
    try {
      if (pending) {
        pending = false;
        p.skipChildren();
      }
      if (p.nextToken() == JsonToken.END_ARRAY) {
        depth--;
        return false;
      }
      counters[depth - 1]++;
      pending = true;
      return true;
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  @Override
  public void skip() {
    try {
      JsonToken t = next();
      if (t == null) {
        throw mismatch("a value", found(null));
      }
      p.skipChildren();
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  // ---- scalars ------------------------------------------------------------------------------

  @Override
  public String string() {
    try {
      JsonToken t = next();
      if (t == JsonToken.VALUE_STRING) {
        return p.getText();
      }
      throw mismatch("a string", found(t));
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  // The fused reads below use jackson's nextTextValue()/nextLongValue(), which take the value token
  // jackson already parsed after the field name without a call to its large nextToken(). A token
  // of another type is left current (pending) for the general path and its precise errors.

  @Override
  public String stringOrNull() {
    try {
      if (!pending) {
        String s = p.nextTextValue();
        if (s != null) {
          return s;
        }
        pending = true;
      }
      return tryNull() ? null : string();
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  @Override
  public long requiredInt64(String javaType) {
    if (!pending) {
      try {
        long v = p.nextLongValue(0L);
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
          return v;
        }
        pending = true;
      } catch (InputCoercionException e) {
        throw mismatch(INT64, new Raw(text()));
      } catch (IOException e) {
        throw malformed(e);
      }
    }
    if (tryNull()) {
      throw mismatch(javaType, null);
    }
    return int64();
  }

  @Override
  public int requiredInt32(String javaType) {
    long v = requiredInt64(javaType);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw mismatch("int", v);
    }
    return (int) v;
  }

  private String text() {
    try {
      return p.getText();
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  @Override
  public long int64() {
    try {
      JsonToken t = next();
      if (t == JsonToken.VALUE_NUMBER_INT) {
        try {
          return p.getLongValue();
        } catch (InputCoercionException e) {
          throw mismatch(INT64, new Raw(p.getText()));
        }
      }
      if (t == JsonToken.VALUE_NUMBER_FLOAT) {
        // JSON has one number type: 3.0 and 3e2 are integers too.
        try {
          return p.getDecimalValue().longValueExact();
        } catch (ArithmeticException | NumberFormatException e) { // NFE: exponent beyond int
          throw mismatch(INT64, new Raw(p.getText()));
        }
      }
      throw mismatch(INT64, found(t));
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  @Override
  public double float64() {
    try {
      JsonToken t = next();
      if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
        double d = p.getDoubleValue();
        if (Double.isInfinite(d)) { // 1e400: out of range, not infinity
          throw mismatch(FLOAT64, new Raw(p.getText()));
        }
        return d;
      }
      if (t == JsonToken.VALUE_STRING) {
        return nonFinite(FLOAT64);
      }
      throw mismatch(FLOAT64, found(t));
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  @Override
  public float float32() {
    try {
      JsonToken t = next();
      if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
        // Rounded to float from the decimal text, not through a double (double rounding).
        float f =
            t == JsonToken.VALUE_NUMBER_INT
                    && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                ? (float) p.getLongValue()
                : NumberInput.parseFloat(p.getText(), true);
        if (Float.isInfinite(f)) { // rounds beyond the float range
          throw mismatch(FLOAT32, new Raw(p.getText()));
        }
        return f;
      }
      if (t == JsonToken.VALUE_STRING) {
        return (float) nonFinite(FLOAT32);
      }
      throw mismatch(FLOAT32, found(t));
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  /** The current string token as NaN or an infinity, as {@link JsonFieldWriter} writes them. */
  private double nonFinite(String expected) throws IOException {
    char[] c = p.getTextCharacters();
    int off = p.getTextOffset();
    int len = p.getTextLength();
    if (matches("NaN", c, off, len)) {
      return Double.NaN;
    }
    if (matches("Infinity", c, off, len)) {
      return Double.POSITIVE_INFINITY;
    }
    if (matches("-Infinity", c, off, len)) {
      return Double.NEGATIVE_INFINITY;
    }
    throw mismatch(expected, p.getText());
  }

  private static boolean matches(String s, char[] c, int off, int len) {
    if (s.length() != len) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (c[off + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean bool() {
    try {
      JsonToken t = next();
      if (t == JsonToken.VALUE_TRUE) {
        return true;
      }
      if (t == JsonToken.VALUE_FALSE) {
        return false;
      }
      throw mismatch("a boolean", found(t));
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  @Override
  public byte[] bytes() {
    try {
      JsonToken t = next();
      if (t != JsonToken.VALUE_STRING) {
        throw mismatch(BYTES, found(t));
      }
      // Read the text first: a failed streaming base64 decode leaves nothing to show in the error.
      String text = p.getText();
      try {
        return p.getBinaryValue(JsonFormat.BASE64);
      } catch (JsonProcessingException e) {
        throw mismatch(BYTES, text);
      }
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  @Override
  public BigDecimal decimal() {
    try {
      JsonToken t = next();
      if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
        try {
          return p.getDecimalValue(); // parsed from the text: exact, scale kept
        } catch (NumberFormatException e) { // an exponent BigDecimal cannot hold (1e9999999999)
          throw mismatch(DECIMAL, new Raw(p.getText()));
        }
      }
      throw mismatch(DECIMAL, found(t));
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  @Override
  public Instant instant() {
    try {
      JsonToken t = next();
      if (t != JsonToken.VALUE_STRING) {
        throw mismatch(INSTANT, found(t));
      }
      Instant fast = IsoInstant.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
      if (fast != null) {
        return fast;
      }
      String text = p.getText();
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw mismatch(INSTANT, text);
      }
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  // ---- schemaless ---------------------------------------------------------------------------

  @Override
  public Object any() {
    try {
      return anyValue(next());
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  private Object anyValue(JsonToken t) throws IOException {
    if (t == null) {
      throw mismatch("a value", found(null));
    }
    switch (t) {
      case VALUE_STRING:
        return shared(p.getText());
      case VALUE_NUMBER_INT:
        switch (p.getNumberType()) {
          case INT:
          case LONG:
            return shared(p.getLongValue());
          default:
            return p.getBigIntegerValue();
        }
      case VALUE_NUMBER_FLOAT:
        return shared(anyFloat());
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      case START_ARRAY:
        {
          push(ARRAY);
          int level = depth - 1;
          ArrayList<Object> list = new ArrayList<>();
          JsonToken e;
          while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
            counters[level]++;
            list.add(anyValue(e));
          }
          depth--;
          list.trimToSize();
          return list;
        }
      case START_OBJECT:
        {
          push(OBJECT);
          int level = depth - 1;
          // Small: most objects have a few members, and an empty table per object adds up.
          Map<String, Object> map = new LinkedHashMap<>(4);
          String name;
          while ((name = p.nextFieldName()) != null) {
            name = shared(name);
            names[level] = name;
            map.put(name, anyValue(p.nextToken()));
          }
          endOfObject();
          return map;
        }
      default:
        throw mismatch("a value", found(t));
    }
  }

  /** One instance per distinct short string of the schemaless values read (names repeat). */
  private String shared(String s) {
    return values().share(s);
  }

  private Object shared(Object v) {
    return values().share(v);
  }

  private SharedValues values() {
    if (strings == null) {
      strings = new SharedValues();
    }
    return strings;
  }

  private Object anyFloat() throws IOException {
    // A BigDecimal, exact and with its scale: 1.50 stays 1.50 when the value is written back.
    try {
      return p.getDecimalValue();
    } catch (NumberFormatException e) { // an exponent BigDecimal cannot hold (1e9999999999)
      throw mismatch("a number with an exponent within int range", new Raw(p.getText()));
    }
  }

  // ---- errors -------------------------------------------------------------------------------

  @Override
  public String path() {
    StringBuilder b = new StringBuilder();
    if (prefix != null) {
      b.append(prefix);
    }
    for (int i = 0; i < depth; i++) {
      switch (kinds[i]) {
        case OBJECT:
          String name = names[i];
          if (name == null && counters[i] > 0 && tables[i] != null) {
            name = tables[i].name(counters[i] - 1).value();
          }
          if (name != null) {
            FieldPath.appendName(b, name);
          }
          break;
        case MAP:
          if (names[i] != null) {
            FieldPath.appendKey(b, names[i]);
          }
          break;
        default:
          if (counters[i] >= 0) {
            b.append('[').append(counters[i]).append(']');
          }
      }
    }
    return b.length() == 0 ? FieldPath.ROOT : b.toString();
  }

  /** What the stored value is, for an error message (a String is shown quoted). */
  private Object found(JsonToken t) throws IOException {
    if (t == null) {
      return new Raw("the end of the input");
    }
    switch (t) {
      case START_OBJECT:
        return new Raw("an object");
      case START_ARRAY:
        return new Raw("an array");
      case END_OBJECT:
        return new Raw("the end of an object");
      case END_ARRAY:
        return new Raw("the end of an array");
      case FIELD_NAME:
        return new Raw("field name \"" + p.currentName() + "\"");
      case VALUE_STRING:
        return p.getText();
      case VALUE_NULL:
        return null;
      default:
        return new Raw(p.getText());
    }
  }

  /** Jackson's parse error (or a failure of the underlying stream) with the path where it arose. */
  RuntimeException malformed(IOException e) {
    if (e instanceof CharConversionException) {
      // Jackson's UTF-32 decoder: a truncated or invalid char is bad input, not a failed read.
      return new DecodeException(
          path(),
          Utf8JsonReader.WELL_FORMED,
          new Raw("invalid UTF-32"),
          "malformed JSON: " + e.getMessage(),
          e);
    }
    if (!(e instanceof JsonProcessingException jpe)) {
      return new UncheckedIOException("cannot read JSON at '" + path() + "': " + e.getMessage(), e);
    }
    boolean limit = e instanceof StreamConstraintsException;
    return new DecodeException(
        path(),
        limit ? Utf8JsonReader.WITHIN_LIMITS : Utf8JsonReader.WELL_FORMED,
        near(e),
        (limit ? "JSON exceeds a limit" : "malformed JSON")
            + at(jpe.getLocation())
            + ": "
            + jpe.getOriginalMessage(),
        e);
  }

  /** What the parser stopped at, for an error: its current text, or the end of the input. */
  private Raw near(IOException e) {
    if (e instanceof JsonEOFException) {
      return new Raw("the end of the input");
    }
    try {
      String text = p.getText();
      return new Raw(text == null ? "the end of the input" : text);
    } catch (IOException | RuntimeException again) {
      return new Raw("unreadable input");
    }
  }

  private static String at(JsonLocation loc) {
    if (loc == null || loc.getLineNr() < 0) {
      return "";
    }
    return " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }

  /** Fails unless the input ends after the value just read (no trailing content). */
  void expectEnd() {
    JsonToken t;
    try {
      t = p.nextToken();
    } catch (IOException e) {
      throw malformed(e);
    }
    if (t != null) {
      JsonLocation loc = p.currentTokenLocation();
      Object found;
      try {
        found = found(t);
      } catch (IOException e) {
        found = t;
      }
      throw new DecodeException(
          path(),
          "nothing after the JSON value",
          found,
          "trailing content after the JSON value"
              + at(loc)
              + ": found "
              + (found instanceof String s ? '"' + s + '"' : String.valueOf(found)),
          null);
    }
  }

  /** A found value shown as is, not quoted like a string. */
  private record Raw(String text) {
    @Override
    public String toString() {
      return text;
    }
  }
}
