package io.osmos.codec.json;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.osmos.codec.CodecLimits;
import io.osmos.codec.FieldReader;
import io.osmos.codec.FieldWriter;
import io.osmos.codec.ValueCodec;
import io.osmos.exceptions.DecodeException;
import io.osmos.exceptions.LimitExceededException;
import io.osmos.exceptions.ValidationException;
import io.osmos.schema.ModelSchema;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * The JSON format: models and values as JSON text.
 *
 * <p>Models and values encoded to or decoded from bytes, strings and streams go through Osmos's own
 * UTF-8 writer and reader ({@code Utf8JsonWriter}, {@code Utf8JsonReader}), which work on byte
 * arrays directly and are about twice as fast as jackson-core's generator and parser for this job
 * (see docs/benchmarks.md). jackson-core remains the engine of {@link #writer(JsonGenerator)} and
 * {@link #reader(JsonParser)}, for drivers that embed JSON values in documents of their own, and of
 * inputs in UTF-16 or UTF-32; both engines write the same bytes and accept the same documents
 * (tested differentially), except that the own reader also rejects malformed UTF-8 that jackson
 * lets through.
 *
 * <p>A model is one JSON object with a member per stored field. Strings, booleans and null are
 * JSON's own; integers are JSON integers and floating-point numbers JSON numbers, except NaN and
 * the infinities, which are the strings {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"};
 * decimals are JSON numbers written exactly ({@code BigDecimal.toString}, scale kept); bytes are
 * base64 strings; Instant, UUID, LocalDate, LocalDateTime and Duration are their ISO-8601 strings
 * ({@code Instant.toString}, nanoseconds kept); enums are their constant names; lists and sets are
 * arrays, maps and embedded types objects.
 *
 * <p>Decoding fails with a {@link DecodeException} that names the field path ({@code address.city},
 * {@code tags[2]}, {@code attrs["k"]}) when a value does not fit the model, when a number is out of
 * range, when the text is not JSON, and when anything follows the top-level value. Fields the model
 * does not know are skipped, or collected into its {@code @Extra} map.
 *
 * <p>All methods are thread-safe.
 */
public final class JsonFormat {
  /** Standard base64 with padding on write; padding optional on read. */
  static final Base64Variant BASE64 =
      Base64Variants.MIME_NO_LINEFEEDS.withReadPadding(
          Base64Variant.PaddingReadBehaviour.PADDING_ALLOWED);

  private static final JsonFactory FACTORY =
      new JsonFactoryBuilder()
          // The caller owns the streams it passes in.
          .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          // Both are exact (correctly rounded, shortest round-tripping output) and faster.
          .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
          .enable(StreamReadFeature.USE_FAST_BIG_NUMBER_PARSER)
          .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
          // Every BigDecimal this format writes must read back; jackson's default stops at 1000
          // digits. Other limits (nesting, string length) keep jackson's defaults.
          .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(100_000).build())
          .build();

  private JsonFormat() {}

  // ---- models -------------------------------------------------------------------------------

  /** The model as UTF-8 JSON. */
  public static <T> byte[] encode(ModelSchema<T, ?> schema, T model) {
    Utf8JsonWriter w = Utf8JsonWriter.acquire(null);
    try {
      encode(schema, model, w);
      return w.toByteArray();
    } finally {
      w.release();
    }
  }

  /** The model as JSON text. */
  public static <T> String encodeToString(ModelSchema<T, ?> schema, T model) {
    Utf8JsonWriter w = Utf8JsonWriter.acquireForText();
    try {
      encode(schema, model, w);
      return w.toText();
    } finally {
      w.release();
    }
  }

  /**
   * Writes the model as UTF-8 JSON to {@code out}, which stays open (and is flushed), in chunks of
   * a bounded buffer.
   *
   * @throws UncheckedIOException if writing to the stream fails
   */
  public static <T> void encode(ModelSchema<T, ?> schema, T model, OutputStream out) {
    Utf8JsonWriter w = Utf8JsonWriter.acquire(out);
    try {
      encode(schema, model, w);
      w.finish();
    } finally {
      w.release();
    }
  }

  /** Writes the model; a value a reader would refuse is refused naming its field. */
  private static <T> void encode(ModelSchema<T, ?> schema, T model, FieldWriter w) {
    try {
      schema.encode(model, w);
    } catch (LimitExceededException | ValidationException e) {
      throw CodecLimits.locate(schema.modelName(), out -> schema.encode(model, out), e);
    }
  }

  /** Reads a model from UTF-8 JSON (or UTF-16/32 with a byte order mark). */
  public static <T> T decode(ModelSchema<T, ?> schema, byte[] json) {
    return decode(schema, json, 0, json.length);
  }

  /** Reads a model from {@code length} bytes of UTF-8 JSON at {@code offset}. */
  public static <T> T decode(ModelSchema<T, ?> schema, byte[] json, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, json.length);
    if (notUtf8(json, offset, length)) {
      return decodeModel(schema, createParser(json, offset, length));
    }
    // The reader parses to the end of its array (see Utf8JsonReader): a sub-range is copied.
    byte[] bytes =
        offset == 0 && length == json.length
            ? json
            : Arrays.copyOfRange(json, offset, offset + length);
    Utf8JsonReader reader = Utf8JsonReader.acquire(bytes, utf8BomLength(bytes));
    try {
      T model = schema.decode(reader);
      reader.expectEnd();
      return model;
    } finally {
      reader.release();
    }
  }

  /** Reads a model from JSON text. */
  public static <T> T decode(ModelSchema<T, ?> schema, String json) {
    return readText(json, null, schema::decode, p -> decodeModel(schema, p));
  }

  /**
   * Reads a model from a stream of JSON, which must hold just that model; the stream stays open.
   * The stream is read to its end (trailing content is an error), then parsed.
   *
   * @throws UncheckedIOException if reading the stream fails
   */
  public static <T> T decode(ModelSchema<T, ?> schema, InputStream json) {
    byte[] bytes;
    try {
      bytes = json.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read JSON: " + e.getMessage(), e);
    }
    return decode(schema, bytes);
  }

  private static <T> T decodeModel(ModelSchema<T, ?> schema, JsonParser p) {
    try (p) {
      JsonFieldReader reader = new JsonFieldReader(p, null);
      T model = schema.decode(reader);
      reader.expectEnd();
      return model;
    } catch (IOException e) { // from close()
      throw new UncheckedIOException(e);
    }
  }

  // ---- single values ------------------------------------------------------------------------

  /** One value as UTF-8 JSON; a null value is {@code null}. */
  public static <V> byte[] encodeValue(ValueCodec<V> codec, V value) {
    Utf8JsonWriter w = Utf8JsonWriter.acquire(null).forValue();
    try {
      write(codec, value, w);
      return w.toByteArray();
    } finally {
      w.release();
    }
  }

  /** One value as JSON text; a null value is {@code null}. */
  public static <V> String encodeValueToString(ValueCodec<V> codec, V value) {
    Utf8JsonWriter w = Utf8JsonWriter.acquireForText().forValue();
    try {
      write(codec, value, w);
      return w.toText();
    } finally {
      w.release();
    }
  }

  private static <V> void write(ValueCodec<V> codec, V value, FieldWriter out) {
    if (value == null) {
      out.nul();
    } else {
      codec.write(value, out);
    }
  }

  /** Reads one value from JSON text ({@code null} gives null). */
  public static <V> V decodeValue(ValueCodec<V> codec, String json) {
    return decodeValue(codec, json, null);
  }

  /**
   * Reads one value from JSON text ({@code null} gives null).
   *
   * @param path where the value sits, prefixed to the path of errors (e.g. the field or column it
   *     was stored in); null for none
   */
  public static <V> V decodeValue(ValueCodec<V> codec, String json, String path) {
    return readText(json, path, in -> readValue(codec, in), p -> decodeValue(codec, p, path));
  }

  /** Reads one value from UTF-8 JSON ({@code null} gives null). */
  public static <V> V decodeValue(ValueCodec<V> codec, byte[] json) {
    if (notUtf8(json, 0, json.length)) {
      return decodeValue(codec, createParser(json), null);
    }
    Utf8JsonReader reader = Utf8JsonReader.acquire(json, utf8BomLength(json));
    try {
      V value = readValue(codec, reader);
      reader.expectEnd();
      return value;
    } finally {
      reader.release();
    }
  }

  private static <V> V readValue(ValueCodec<V> codec, FieldReader reader) {
    return reader.tryNull() ? null : codec.read(reader);
  }

  /**
   * Reads text with {@code read}. Text whose chars are all Latin-1 or BMP chars (no surrogate pair)
   * is read from its Latin-1 bytes, a plain copy for most strings, looking up each char beyond
   * Latin-1 in the text. Other text is converted to UTF-8, which cannot carry a lone surrogate:
   * text holding one goes to jackson's char parser, which passes it through as jackson always has
   * (checked only when a {@code ?}, what the conversion makes of it, was read, or when reading
   * failed).
   */
  private static <R> R readText(
      String json, String path, Function<FieldReader, R> read, Function<JsonParser, R> viaJackson) {
    byte[] latin1 = json.getBytes(StandardCharsets.ISO_8859_1);
    if (latin1.length == json.length()) {
      Utf8JsonReader reader = Utf8JsonReader.latin1(latin1, json, path);
      R value = read.apply(reader);
      reader.expectEnd();
      return value;
    }
    Utf8JsonReader reader =
        new Utf8JsonReader(json.getBytes(StandardCharsets.UTF_8), 0, path, true);
    R value;
    try {
      value = read.apply(reader);
      reader.expectEnd();
    } catch (DecodeException e) {
      if (hasLoneSurrogate(json)) {
        return viaJackson.apply(createParser(json));
      }
      throw e;
    }
    if (reader.sawQuestionMark() && hasLoneSurrogate(json)) {
      return viaJackson.apply(createParser(json));
    }
    return value;
  }

  /**
   * Whether jackson would read these bytes as UTF-16 or UTF-32 (a byte order mark, or a zero byte
   * among the first two, which UTF-8 JSON cannot have): those documents go to jackson's parser.
   */
  private static boolean notUtf8(byte[] json, int offset, int length) {
    if (length < 2) {
      return false;
    }
    int b0 = json[offset] & 0xFF;
    return b0 == 0 || json[offset + 1] == 0 || b0 == 0xFE || b0 == 0xFF;
  }

  /** 3 when the bytes start with a UTF-8 byte order mark (skipped, as jackson does), else 0. */
  private static int utf8BomLength(byte[] json) {
    return json.length >= 4
            && (json[0] & 0xFF) == 0xEF
            && (json[1] & 0xFF) == 0xBB
            && (json[2] & 0xFF) == 0xBF
        ? 3
        : 0;
  }

  /** Whether the text has a surrogate that is not half of a pair. */
  private static boolean hasLoneSurrogate(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return true;
        }
      }
    }
    return false;
  }

  private static JsonParser createParser(byte[] json, int offset, int length) {
    try {
      return FACTORY.createParser(json, offset, length);
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  private static <V> V decodeValue(ValueCodec<V> codec, JsonParser p, String path) {
    try (p) {
      JsonFieldReader reader = new JsonFieldReader(p, path);
      V value = reader.tryNull() ? null : codec.read(reader);
      reader.expectEnd();
      return value;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- streaming, for drivers that embed models in larger documents --------------------------

  /**
   * A writer of JSON values onto {@code generator}, for writing models or values inside a larger
   * document. The caller flushes and closes the generator.
   */
  public static FieldWriter writer(JsonGenerator generator) {
    return new JsonFieldWriter(generator, 0);
  }

  /**
   * Like {@link #writer(JsonGenerator)}, for one value of a model's field: nesting is counted from
   * the model, one level up (see {@link CodecLimits#MAX_DEPTH}).
   */
  public static FieldWriter valueWriter(JsonGenerator generator) {
    return new JsonFieldWriter(generator, 1);
  }

  /**
   * A reader of one JSON value from {@code parser}, for reading models or values inside a larger
   * document. The value starts at the parser's current token if that is a value's first token,
   * otherwise at the next token (so a parser just created, or positioned on a field name, works).
   * The reader consumes exactly the value; the caller closes the parser.
   */
  public static FieldReader reader(JsonParser parser) {
    return new JsonFieldReader(parser, null);
  }

  /**
   * Like {@link #reader(JsonParser)}; {@code path} says where the value sits in the enclosing
   * document and prefixes the path of errors (e.g. {@code "payload"} gives {@code
   * payload.address.city}).
   */
  public static FieldReader reader(JsonParser parser, String path) {
    return new JsonFieldReader(parser, path);
  }

  /**
   * A generator configured like this format's own (the caller closes it; {@code out} stays open).
   */
  public static JsonGenerator createGenerator(Writer out) {
    try {
      return FACTORY.createGenerator(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A generator writing UTF-8, configured like this format's own. */
  public static JsonGenerator createGenerator(OutputStream out) {
    try {
      return FACTORY.createGenerator(out, JsonEncoding.UTF8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A parser configured like this format's own (limits, number parsing). */
  public static JsonParser createParser(String json) {
    try {
      return FACTORY.createParser(json);
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  /** A parser of UTF-8 JSON configured like this format's own (limits, number parsing). */
  public static JsonParser createParser(byte[] json) {
    try {
      return FACTORY.createParser(json);
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  private static RuntimeException malformed(IOException e) {
    if (e instanceof JsonProcessingException || e instanceof CharConversionException) {
      return new DecodeException(
          "(root)",
          Utf8JsonReader.WELL_FORMED,
          "the start of the input",
          "malformed JSON: " + e.getMessage(),
          e);
    }
    return new UncheckedIOException("cannot read JSON: " + e.getMessage(), e);
  }
}
