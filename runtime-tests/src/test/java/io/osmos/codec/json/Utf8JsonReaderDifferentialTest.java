package io.osmos.codec.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonParser;
import io.osmos.codec.Codecs;
import io.osmos.codec.FieldNames;
import io.osmos.codec.FieldReader;
import io.osmos.codec.FieldType;
import io.osmos.codec.FieldWriter;
import io.osmos.codec.ValueCodec;
import io.osmos.codec.testmodel.Person_;
import io.osmos.exceptions.DecodeException;
import io.osmos.schema.ModelSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Differential test of the byte-level JSON reader against the jackson-based {@link
 * JsonFieldReader}: random valid documents, and random mutations of them (truncated, bytes flipped,
 * inserted, deleted), decoded through both. For every input, both must give equal values or both
 * must fail, the new reader with a {@link DecodeException} and nothing else; type mismatches must
 * name the same path, expected type and found value. The one difference allowed: input that is not
 * well-formed UTF-8, which the new reader always rejects and jackson partly accepts (overlong
 * forms, code points beyond U+10FFFF).
 *
 * <p>The seed is fixed so a failure reproduces; {@code -Dosmos.fuzz.seed=N} tries another.
 */
class Utf8JsonReaderDifferentialTest {
  private static final long SEED = Long.getLong("osmos.fuzz.seed", 20261121L);

  // ---- a model read with the fused calls generated codecs use -------------------------------

  /** Like a generated codec: stringOrNull, requiredInt64/32, nested lists of objects, a map. */
  record Line(
      String sku,
      int quantity,
      long revision,
      BigDecimal price,
      Instant at,
      List<String> tags,
      Map<String, Double> weights,
      List<Line> children,
      Float ratio,
      Boolean flag) {}

  static final FieldNames LINE_NAMES =
      FieldNames.of(
          "sku",
          "quantity",
          "revision",
          "price",
          "at",
          "tags",
          "weights",
          "children",
          "ratio",
          "flag");

  static final ValueCodec<List<String>> STRINGS = Codecs.list(Codecs.STRING);
  static final ValueCodec<Map<String, Double>> WEIGHTS = Codecs.map(Codecs.DOUBLE);

  static final ValueCodec<Line> LINE =
      new ValueCodec<>() {
        @Override
        public void write(Line value, FieldWriter out) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Line read(FieldReader in) {
          String sku = null;
          int quantity = 0;
          long revision = 0;
          BigDecimal price = null;
          Instant at = null;
          List<String> tags = null;
          Map<String, Double> weights = null;
          List<Line> children = null;
          Float ratio = null;
          Boolean flag = null;
          in.beginObject();
          int field;
          while ((field = in.nextField(LINE_NAMES)) >= 0) {
            switch (field) {
              case 0 -> sku = in.stringOrNull();
              case 1 -> quantity = in.requiredInt32("int");
              case 2 -> revision = in.requiredInt64("long");
              case 3 -> price = in.tryNull() ? null : in.decimal();
              case 4 -> at = in.tryNull() ? null : in.instant();
              case 5 -> tags = STRINGS.readOrNull(in);
              case 6 -> weights = WEIGHTS.readOrNull(in);
              case 7 -> children = LINES.readOrNull(in);
              case 8 -> ratio = Codecs.FLOAT.readOrNull(in);
              case 9 -> flag = Codecs.BOOLEAN.readOrNull(in);
              default -> in.skip();
            }
          }
          return new Line(sku, quantity, revision, price, at, tags, weights, children, ratio, flag);
        }

        @Override
        public FieldType type() {
          return FieldType.STRING;
        }
      };

  static final ValueCodec<List<Line>> LINES = Codecs.list(LINE);

  // ---- the two readers ------------------------------------------------------------------------

  private sealed interface Outcome permits Value, Failure {}

  private record Value(Object value) implements Outcome {}

  private record Failure(Throwable error) implements Outcome {}

  private static Outcome run(java.util.function.Supplier<Object> decode) {
    try {
      return new Value(decode.get());
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      return new Failure(e);
    }
  }

  /** The reference: jackson's parser, configured like the format's, under JsonFieldReader. */
  private static Object jacksonModel(ModelSchema<?, ?> schema, JsonParser p) {
    try (p) {
      JsonFieldReader reader = new JsonFieldReader(p, null);
      Object model = schema.decode(reader);
      reader.expectEnd();
      return model;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Object jacksonValue(ValueCodec<?> codec, JsonParser p) {
    try (p) {
      JsonFieldReader reader = new JsonFieldReader(p, null);
      Object value = reader.tryNull() ? null : codec.read(reader);
      reader.expectEnd();
      return value;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** One way of decoding: the model schema or a value codec, from bytes or from text. */
  private record Target(
      String name, ModelSchema<?, ?> schema, ValueCodec<?> codec, boolean readsBigIntegers) {
    Target(String name, ModelSchema<?, ?> schema, ValueCodec<?> codec) {
      this(name, schema, codec, false);
    }

    Object reference(byte[] json) {
      return schema != null
          ? jacksonModel(schema, JsonFormat.createParser(json))
          : jacksonValue(codec, JsonFormat.createParser(json));
    }

    Object reference(String json) {
      return schema != null
          ? jacksonModel(schema, JsonFormat.createParser(json))
          : jacksonValue(codec, JsonFormat.createParser(json));
    }

    Object decode(byte[] json) {
      return schema != null ? JsonFormat.decode(schema, json) : JsonFormat.decodeValue(codec, json);
    }

    Object decode(String json) {
      return schema != null ? JsonFormat.decode(schema, json) : JsonFormat.decodeValue(codec, json);
    }
  }

  private static final Target PERSON = new Target("Person", Person_.MODEL, null, true);
  private static final Target LINE_LIST = new Target("List<Line>", null, LINES);

  private final Stats stats = new Stats();

  private static final class Stats {
    int inputs;
    int bothValue;
    int bothFailed;
    int invalidUtf8;
    int mismatchesCompared;
    int skipped;
  }

  private static boolean validUtf8(byte[] b) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** Bytes jackson reads as UTF-16/32: both sides use jackson's parser for them. */
  private static boolean jacksonEncodingGuess(byte[] b) {
    return b.length >= 2
        && (b[0] == 0 || b[1] == 0 || (b[0] & 0xFF) == 0xFE || (b[0] & 0xFF) == 0xFF);
  }

  /**
   * Whether the text has an exponent beyond 10^50000 (or what could be one). Jackson's reader turns
   * such a number into a BigInteger through BigDecimal.toBigIntegerExact, which computes
   * 10^exponent and does not finish; the new reader refuses it instead. So the reference is not run
   * on these for targets that read BigIntegers, and the new reader is only checked to fail or
   * succeed cleanly (a DecodeException at most).
   */
  private static boolean hugeExponent(byte[] b) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == 'e' || b[i] == 'E') {
        int j = i + 1;
        if (j < b.length && (b[j] == '+' || b[j] == '-')) {
          j++;
        }
        long v = 0;
        while (j < b.length && b[j] >= '0' && b[j] <= '9' && v < 1_000_000) {
          v = v * 10 + (b[j++] - '0');
        }
        if (v > 50_000) {
          return true;
        }
      }
    }
    return false;
  }

  private void checkBytes(Target target, byte[] json) {
    stats.inputs++;
    if (target.readsBigIntegers() && hugeExponent(json)) {
      stats.skipped++;
      compare(
          target.name() + " from bytes",
          null,
          run(() -> target.decode(json)),
          false,
          () -> describe(json));
      return;
    }
    Outcome expected = run(() -> target.reference(json));
    Outcome actual = run(() -> target.decode(json));
    boolean strictlyInvalid = !validUtf8(json) && !jacksonEncodingGuess(json);
    if (strictlyInvalid) {
      stats.invalidUtf8++;
    }
    compare(target.name() + " from bytes", expected, actual, strictlyInvalid, () -> describe(json));
  }

  private void checkText(Target target, String json) {
    stats.inputs++;
    if (target.readsBigIntegers() && hugeExponent(json.getBytes(StandardCharsets.UTF_8))) {
      stats.skipped++;
      compare(
          target.name() + " from text",
          null,
          run(() -> target.decode(json)),
          false,
          () -> describe(json));
      return;
    }
    Outcome expected = run(() -> target.reference(json));
    Outcome actual = run(() -> target.decode(json));
    compare(target.name() + " from text", expected, actual, false, () -> describe(json));
  }

  private void compare(
      String what,
      Outcome expected,
      Outcome actual,
      boolean mustFail,
      java.util.function.Supplier<String> input) {
    if (actual instanceof Failure f && !(f.error() instanceof DecodeException)) {
      throw new AssertionError(what + ": threw " + f.error() + " for " + input.get(), f.error());
    }
    if (expected == null) { // no reference (see hugeExponent)
      return;
    }
    if (mustFail) {
      if (actual instanceof Value v) {
        fail(what + ": accepted malformed UTF-8 " + input.get() + " as " + v.value());
      }
      return;
    }
    if (expected instanceof Value e) {
      if (actual instanceof Failure f) {
        throw new AssertionError(
            what + ": failed where jackson read " + e.value() + " from " + input.get(), f.error());
      }
      Object value = ((Value) actual).value();
      if (!Objects.deepEquals(e.value(), value)) {
        assertEquals(e.value(), value, () -> what + ": " + input.get());
      }
      stats.bothValue++;
      return;
    }
    Throwable reference = ((Failure) expected).error();
    if (actual instanceof Value v) {
      throw new AssertionError(
          what + ": read " + v.value() + " where jackson failed from " + input.get(), reference);
    }
    stats.bothFailed++;
    DecodeException mine = (DecodeException) ((Failure) actual).error();
    if (reference instanceof DecodeException theirs && isMismatch(theirs) && isMismatch(mine)) {
      // Both report a value of the wrong type: the same one, at the same place.
      stats.mismatchesCompared++;
      assertEquals(theirs.getMessage(), mine.getMessage(), () -> what + ": " + input.get());
    }
  }

  /** A value of the wrong type (whose message both readers word alike), not malformed input. */
  private static boolean isMismatch(DecodeException e) {
    return e.path() != null
        && !List.of(
                Utf8JsonReader.WELL_FORMED,
                Utf8JsonReader.WITHIN_LIMITS,
                "nothing after the JSON value")
            .contains(e.expected());
  }

  private static String describe(byte[] json) {
    String text = new String(json, StandardCharsets.ISO_8859_1);
    StringBuilder b = new StringBuilder("bytes <");
    for (char c : text.toCharArray()) {
      if (c >= 0x20 && c < 0x7F) {
        b.append(c);
      } else {
        b.append(String.format("\\x%02x", (int) c));
      }
    }
    if (b.length() > 3000) {
      b.setLength(3000);
      b.append("...");
    }
    return b.append("> (hex ")
        .append(json.length < 400 ? HexFormat.of().formatHex(json) : "...")
        .append(')')
        .toString();
  }

  private static String describe(String json) {
    StringBuilder b = new StringBuilder("text <");
    for (char c : json.toCharArray()) {
      if (c >= 0x20 && c < 0x7F) {
        b.append(c);
      } else {
        b.append(String.format("\\u%04x", (int) c));
      }
    }
    return b.append('>').toString();
  }

  // ---- the tests ------------------------------------------------------------------------------

  @Test
  void randomPeopleAndTheirMutationsDecodeAlike() {
    Random r = new Random(SEED);
    for (int i = 0; i < 1500; i++) {
      Gen g = new Gen(r);
      String text = g.person();
      exercise(PERSON, text, r);
    }
    report("Person");
  }

  @Test
  void randomLineListsAndTheirMutationsDecodeAlike() {
    Random r = new Random(SEED + 1);
    for (int i = 0; i < 1500; i++) {
      Gen g = new Gen(r);
      String text = g.lines();
      exercise(LINE_LIST, text, r);
    }
    report("List<Line>");
  }

  @Test
  void randomScalarsDecodeAlike() {
    Random r = new Random(SEED + 2);
    List<Map.Entry<Target, Function<Gen, String>>> kinds = new ArrayList<>();
    kinds.add(Map.entry(new Target("long", null, Codecs.LONG), Gen::integer));
    kinds.add(Map.entry(new Target("int", null, Codecs.INT), Gen::integer));
    kinds.add(Map.entry(new Target("short", null, Codecs.SHORT), Gen::integer));
    kinds.add(Map.entry(new Target("double", null, Codecs.DOUBLE), Gen::floating));
    kinds.add(Map.entry(new Target("float", null, Codecs.FLOAT), Gen::floating));
    kinds.add(Map.entry(new Target("decimal", null, Codecs.DECIMAL), Gen::number));
    kinds.add(Map.entry(new Target("bigInteger", null, Codecs.BIG_INTEGER, true), Gen::number));
    kinds.add(Map.entry(new Target("bytes", null, Codecs.BYTES), Gen::base64));
    kinds.add(Map.entry(new Target("instant", null, Codecs.INSTANT), Gen::instant));
    kinds.add(Map.entry(new Target("string", null, Codecs.STRING), Gen::valueString));
    kinds.add(Map.entry(new Target("char", null, Codecs.CHAR), Gen::valueString));
    kinds.add(Map.entry(new Target("boolean", null, Codecs.BOOLEAN), g -> g.anyValue(1)));
    kinds.add(Map.entry(new Target("uuid", null, Codecs.UUID_CODEC), Gen::uuid));
    kinds.add(
        Map.entry(
            new Target(
                "any", null, Codecs.scalar(FieldType.STRING, (v, o) -> {}, FieldReader::any)),
            g -> g.anyValue(4)));
    kinds.add(
        Map.entry(
            new Target("map of lists", null, Codecs.map(Codecs.list(Codecs.LONG))),
            g -> g.anyValue(3)));
    for (int i = 0; i < 1000; i++) {
      for (Map.Entry<Target, Function<Gen, String>> kind : kinds) {
        Gen g = new Gen(r);
        String text = g.ws() + kind.getValue().apply(g) + g.ws();
        exercise(kind.getKey(), text, r);
      }
    }
    report("scalars");
  }

  /** The document, its mutations, from bytes and from text, and text with lone surrogates. */
  private void exercise(Target target, String text, Random r) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    checkBytes(target, bytes);
    checkText(target, text);
    for (int m = 0; m < 4; m++) {
      byte[] mutated = mutate(bytes, r);
      if (r.nextInt(4) == 0) {
        mutated = mutate(mutated, r);
      }
      checkBytes(target, mutated);
      if (validUtf8(mutated)) {
        checkText(target, new String(mutated, StandardCharsets.UTF_8));
      }
    }
    // Text is UTF-16: a lone surrogate can stand anywhere (jackson passes it through in strings).
    if (r.nextInt(4) == 0 && !text.isEmpty()) {
      int at = r.nextInt(text.length() + 1);
      if (at < text.length() && Character.isLowSurrogate(text.charAt(at))) {
        at++;
      }
      char lone = r.nextBoolean() ? '\uD800' : '\uDC01';
      checkText(target, text.substring(0, at) + lone + text.substring(at));
    }
  }

  private void report(String what) {
    System.out.println(what + " " + statsText());
    // Guards against a generator that stopped producing valid documents or failures.
    assertTrue(stats.bothValue > stats.inputs / 10, what + ": too few valid inputs " + statsText());
    assertTrue(stats.bothFailed > stats.inputs / 10, what + ": too few failures " + statsText());
    assertTrue(stats.mismatchesCompared > 100, what + ": too few mismatches " + statsText());
  }

  private String statsText() {
    return "(inputs "
        + stats.inputs
        + ", equal values "
        + stats.bothValue
        + ", both failed "
        + stats.bothFailed
        + ", malformed UTF-8 "
        + stats.invalidUtf8
        + ", mismatches compared "
        + stats.mismatchesCompared
        + ", not compared "
        + stats.skipped
        + ")";
  }

  private static final byte[] INTERESTING =
      bytes(
          " ,:[]{}\"\\01-+.eEntfu/*'x?9\t\n",
          0x00,
          0x01,
          0x1F,
          0x7F,
          0x80,
          0xBF,
          0xC0,
          0xC1,
          0xC2,
          0xDF,
          0xE0,
          0xED,
          0xEF,
          0xF0,
          0xF4,
          0xF5,
          0xFF);

  private static byte[] bytes(String ascii, int... more) {
    byte[] b = new byte[ascii.length() + more.length];
    for (int i = 0; i < ascii.length(); i++) {
      b[i] = (byte) ascii.charAt(i);
    }
    for (int i = 0; i < more.length; i++) {
      b[ascii.length() + i] = (byte) more[i];
    }
    return b;
  }

  private static byte[] mutate(byte[] in, Random r) {
    if (in.length == 0) {
      return new byte[] {INTERESTING[r.nextInt(INTERESTING.length)]};
    }
    int at = r.nextInt(in.length);
    byte junk = INTERESTING[r.nextInt(INTERESTING.length)];
    switch (r.nextInt(6)) {
      case 0: // truncate
        return java.util.Arrays.copyOf(in, at);
      case 1:
        { // replace
          byte[] out = in.clone();
          out[at] = junk;
          return out;
        }
      case 2:
        { // insert
          byte[] out = new byte[in.length + 1];
          System.arraycopy(in, 0, out, 0, at);
          out[at] = junk;
          System.arraycopy(in, at, out, at + 1, in.length - at);
          return out;
        }
      case 3:
        { // delete
          byte[] out = new byte[in.length - 1];
          System.arraycopy(in, 0, out, 0, at);
          System.arraycopy(in, at + 1, out, at, in.length - at - 1);
          return out;
        }
      case 4:
        { // flip a bit
          byte[] out = in.clone();
          out[at] ^= (byte) (1 << r.nextInt(8));
          return out;
        }
      default:
        { // duplicate a slice
          int len = Math.min(1 + r.nextInt(8), in.length - at);
          byte[] out = new byte[in.length + len];
          System.arraycopy(in, 0, out, 0, at + len);
          System.arraycopy(in, at, out, at + len, in.length - at);
          return out;
        }
    }
  }

  // ---- random JSON ----------------------------------------------------------------------------

  /** Random JSON text: mostly valid, in every form JSON allows, and sometimes of the wrong type. */
  static final class Gen {
    final Random r;

    /** Half the documents are generated without invalid or mismatched values. */
    final boolean clean;

    Gen(Random r) {
      this.r = r;
      this.clean = r.nextBoolean();
    }

    /** A chance of something invalid: never in clean documents. */
    boolean flaw(int percent) {
      return !clean && chance(percent);
    }

    boolean chance(int percent) {
      return r.nextInt(100) < percent;
    }

    String ws() {
      if (!chance(15)) {
        return "";
      }
      StringBuilder b = new StringBuilder();
      int n = 1 + r.nextInt(3);
      for (int i = 0; i < n; i++) {
        b.append(" \t\n\r".charAt(r.nextInt(4)));
      }
      return b.toString();
    }

    /** A JSON string literal. */
    String string(boolean name) {
      StringBuilder b = new StringBuilder("\"");
      int parts = r.nextInt(chance(10) ? 12 : 4);
      for (int i = 0; i < parts; i++) {
        int k = r.nextInt(100);
        if (k < 50) {
          int n = 1 + r.nextInt(10);
          for (int j = 0; j < n; j++) {
            char c = (char) (0x20 + r.nextInt(0x5F));
            if (c == '"' || c == '\\') {
              c = 'q';
            }
            b.append(c);
          }
        } else if (k < 60) {
          b.append('\\').append("\"\\/bfnrt".charAt(r.nextInt(8)));
        } else if (k < 68) {
          char c = (char) (r.nextBoolean() ? r.nextInt(0x80) : r.nextInt(0xD800));
          String hex = String.format("%04x", (int) c);
          b.append("\\u").append(r.nextBoolean() ? hex : hex.toUpperCase(Locale.ROOT));
        } else if (k < 72) {
          b.append("\\uD83D\\uDE00");
        } else if (k < 74) {
          b.append(name ? "\\uD834\\udd1e" : (r.nextBoolean() ? "\\uD800" : "\\uDC00x"));
        } else if (k < 80) {
          b.append("é");
        } else if (k < 85) {
          b.append("中文");
        } else if (k < 89) {
          b.append("😀");
        } else if (k < 94) {
          b.append('?');
        } else if (k < 96 && !clean) {
          b.append((char) r.nextInt(0x20)); // invalid: raw control char
        } else if (k < 97 && !clean) {
          b.append("\\x"); // invalid escape
        } else {
          b.append(' ');
        }
      }
      return b.append('"').toString();
    }

    String valueString() {
      return string(false);
    }

    String digits(int n) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < n; i++) {
        b.append((char) ('0' + r.nextInt(10)));
      }
      return b.toString();
    }

    /** A JSON number of any shape, sometimes malformed. */
    String number() {
      StringBuilder b = new StringBuilder();
      if (chance(30)) {
        b.append('-');
      }
      if (chance(20)) {
        b.append('0');
      } else {
        int n = r.nextInt(100) < 90 ? r.nextInt(20) : chance(80) ? 20 + r.nextInt(40) : 300;
        b.append((char) ('1' + r.nextInt(9))).append(digits(n));
      }
      if (chance(40)) {
        b.append('.').append(digits(1 + r.nextInt(chance(90) ? 8 : 30)));
      }
      if (chance(25)) {
        b.append(r.nextBoolean() ? 'e' : 'E');
        int s = r.nextInt(3);
        if (s == 1) {
          b.append('+');
        } else if (s == 2) {
          b.append('-');
        }
        b.append(digits(1 + r.nextInt(chance(98) ? 3 : 12)));
      }
      if (flaw(2)) {
        b.insert(r.nextInt(b.length() + 1), "+.0e"); // malformed somewhere
      }
      return b.toString();
    }

    String integer() {
      int k = r.nextInt(clean ? 70 : 100);
      if (k < 60) {
        long v = r.nextLong() >> r.nextInt(64);
        return Long.toString(v);
      }
      if (k < 70) {
        return Long.toString(
            chance(50) ? Long.MAX_VALUE - r.nextInt(3) : Long.MIN_VALUE + r.nextInt(3));
      }
      if (k < 75) {
        return chance(50) ? "9223372036854775808" : "-9223372036854775809";
      }
      if (k < 78) {
        return "null";
      }
      return number();
    }

    String floating() {
      if (clean) {
        return Double.toString(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
      }
      int k = r.nextInt(100);
      if (k < 30) {
        double d =
            r.nextBoolean()
                ? r.nextDouble() * Math.pow(10, r.nextInt(40) - 20)
                : Double.longBitsToDouble(r.nextLong());
        if (Double.isFinite(d)) {
          return Double.toString(d).replace("Infinity", "1e999");
        }
        return "1e999";
      }
      if (k < 35) {
        return new String[] {
              "\"NaN\"",
              "\"Infinity\"",
              "\"-Infinity\"",
              "\"nan\"",
              "NaN",
              "\"\\u004EaN\"",
              "-0",
              "-0.0",
              "1e-400",
              "4.9e-324",
              "2.2250738585072011e-308",
              "1.7976931348623157e308",
              "1.7976931348623159e308",
              "9007199254740993",
              "3.4028235677973366E38"
            }
            [r.nextInt(15)];
      }
      return number();
    }

    String base64() {
      if (flaw(10)) {
        return string(false);
      }
      byte[] data = new byte[r.nextInt(12)];
      r.nextBytes(data);
      String s = Base64.getEncoder().encodeToString(data);
      int k = r.nextInt(clean ? 3 : 10);
      if (k == 0) {
        s = s.replace("=", "");
      } else if (k == 1 && s.endsWith("==")) {
        s = s.substring(0, s.length() - 1);
      } else if (k == 2) {
        s = " " + s + "\\n";
      } else if (k == 3 && s.length() > 2) {
        s = s.substring(0, 2) + " " + s.substring(2);
      } else if (k == 4) {
        s = s + "A";
      } else if (k == 5) {
        s = s.replace('A', '-');
      }
      return "\"" + s + "\"";
    }

    String instant() {
      int k = r.nextInt(clean ? 7 : 10);
      if (k < 5) {
        Instant t =
            Instant.ofEpochSecond(
                r.nextLong() % 253402300799L,
                r.nextInt(1_000_000_000) / (int) Math.pow(10, r.nextInt(10)));
        return "\"" + t + "\"";
      }
      if (k < 7) {
        return "\"2024-05-01T10:15:30"
            + new String[] {"+02:00", ".5Z", "Z", ".123456789012Z", "z", "+24:00", "-00:30"}
                [r.nextInt(7)]
            + "\"";
      }
      if (k < 8) {
        return "\""
            + new String[] {
                  "2023-02-29T00:00:00Z",
                  "2024-13-01T00:00:00Z",
                  "+10000-01-01T00:00:00Z",
                  "yesterday",
                  "2024-05-01T24:00:00Z",
                  "2024-05-01T10:15:60Z"
                }
                [r.nextInt(6)]
            + "\"";
      }
      return anyValue(1);
    }

    String uuid() {
      return !flaw(20) ? "\"" + new UUID(r.nextLong(), r.nextLong()) + "\"" : string(false);
    }

    /** Any JSON value, nested up to {@code depth}. */
    String anyValue(int depth) {
      int k = r.nextInt(depth > 0 ? 10 : 7);
      switch (k) {
        case 0:
        case 1:
          return string(false);
        case 2:
        case 3:
          return number();
        case 4:
          return "true";
        case 5:
          return r.nextBoolean() ? "false" : "null";
        case 6:
          return integer();
        case 7:
        case 8:
          {
            List<String> members = new ArrayList<>();
            int n = r.nextInt(4);
            for (int i = 0; i < n; i++) {
              members.add(ws() + string(true) + ws() + ":" + ws() + anyValue(depth - 1) + ws());
            }
            return "{" + String.join(",", members) + ws() + "}";
          }
        default:
          {
            List<String> elements = new ArrayList<>();
            int n = r.nextInt(4);
            for (int i = 0; i < n; i++) {
              elements.add(ws() + anyValue(depth - 1) + ws());
            }
            return "[" + String.join(",", elements) + ws() + "]";
          }
      }
    }

    /** An object with these members in a random order, plus unknown ones and duplicates. */
    String object(Map<String, String> members) {
      List<String> names = new ArrayList<>(members.keySet());
      if (chance(30)) {
        Collections.shuffle(names, r);
      }
      List<String> parts = new ArrayList<>();
      for (String name : names) {
        if (chance(8)) {
          continue; // missing
        }
        String value = flaw(3) ? anyValue(2) : members.get(name);
        String key = chance(3) ? escapedName(name) : "\"" + name + "\"";
        parts.add(ws() + key + ws() + ":" + ws() + value + ws());
        if (chance(5)) {
          parts.add(ws() + string(true) + ":" + anyValue(2));
        }
      }
      if (chance(3) && !names.isEmpty()) {
        String name = names.get(r.nextInt(names.size()));
        parts.add("\"" + name + "\":" + members.get(name)); // duplicate: the last one wins
      }
      return "{" + String.join(",", parts) + ws() + "}";
    }

    /** The name with one char written as a \\u escape: the same name, not byte-equal. */
    String escapedName(String name) {
      int i = r.nextInt(name.length());
      return "\""
          + name.substring(0, i)
          + String.format("\\u%04X", (int) name.charAt(i))
          + name.substring(i + 1)
          + "\"";
    }

    String orNull(String value) {
      return chance(10) ? "null" : value;
    }

    /** A primitive's value: null is a mismatch there. */
    String required(String value) {
      return flaw(5) ? "null" : value;
    }

    String array(int max, java.util.function.Supplier<String> element) {
      List<String> elements = new ArrayList<>();
      int n = r.nextInt(max + 1);
      for (int i = 0; i < n; i++) {
        elements.add(ws() + element.get() + ws());
      }
      return "[" + String.join(",", elements) + ws() + "]";
    }

    String level() {
      return !flaw(10)
          ? "\"" + new String[] {"LOW", "MEDIUM", "HIGH"}[r.nextInt(3)] + "\""
          : string(false);
    }

    String address() {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("street", orNull(string(false)));
      m.put("city", orNull(string(false)));
      m.put("floor", orNull(!flaw(20) ? Integer.toString(r.nextInt(200) - 100) : integer()));
      return object(m);
    }

    String person() {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("id", orNull(string(false)));
      m.put("age", integer());
      m.put("score", !flaw(20) ? Integer.toString(r.nextInt()) : integer());
      m.put("ratio", floating());
      m.put("weight", floating());
      m.put("active", r.nextBoolean() ? "true" : "false");
      m.put("level", orNull(level()));
      m.put("createdAt", orNull(instant()));
      m.put("balance", orNull(number()));
      m.put("big", orNull(!flaw(30) ? integer() : number()));
      m.put("avatar", orNull(base64()));
      m.put("ref", orNull(uuid()));
      m.put(
          "birthday",
          orNull(
              !flaw(20)
                  ? "\"19"
                      + (10 + r.nextInt(90))
                      + "-0"
                      + (1 + r.nextInt(9))
                      + "-"
                      + (10 + r.nextInt(19))
                      + "\""
                  : string(false)));
      m.put("timeout", orNull(!flaw(20) ? "\"PT" + r.nextInt(100) + "M\"" : string(false)));
      m.put("address", orNull(address()));
      m.put("tags", orNull(array(4, () -> orNull(string(false)))));
      m.put("levels", orNull(array(3, () -> orNull(level()))));
      m.put("counts", orNull(countsObject()));
      m.put("nickname", orNull(string(false)));
      m.put("previous", orNull(array(3, () -> orNull(address()))));
      return ws() + object(m) + ws();
    }

    String countsObject() {
      List<String> parts = new ArrayList<>();
      int n = r.nextInt(4);
      for (int i = 0; i < n; i++) {
        parts.add(string(true) + ws() + ":" + ws() + orNull(integer()));
      }
      return "{" + String.join(",", parts) + "}";
    }

    String line(int depth) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("sku", orNull(string(false)));
      m.put("quantity", !flaw(20) ? Integer.toString(r.nextInt(1000)) : integer());
      m.put("revision", integer());
      m.put("price", orNull(chance(70) ? r.nextInt(100000) / 100.0 + "" : number()));
      m.put("at", orNull(instant()));
      m.put("tags", orNull(array(3, () -> orNull(string(false)))));
      m.put("weights", orNull(chance(50) ? "{}" : "{" + string(true) + ":" + floating() + "}"));
      if (depth > 0 && chance(30)) {
        m.put("children", orNull(array(2, () -> orNull(line(depth - 1)))));
      }
      m.put("ratio", orNull(floating()));
      m.put("flag", orNull(r.nextBoolean() ? "true" : "false"));
      return object(m);
    }

    String lines() {
      return ws() + array(4, () -> orNull(line(2))) + ws();
    }
  }

  // ---- sanity of the harness ------------------------------------------------------------------

  @Test
  void theHarnessSeesDifferences() {
    // The comparison itself must be able to fail: a value against a different value.
    assertTrue(
        assertThrowsAssertion(
            () ->
                compare(
                    "x", new Value(BigInteger.ONE), new Value(BigInteger.TWO), false, () -> "")));
    assertTrue(
        assertThrowsAssertion(
            () ->
                compare(
                    "x",
                    new Failure(new DecodeException("p", "a", "b")),
                    new Value(1),
                    false,
                    () -> "")));
    assertTrue(
        assertThrowsAssertion(
            () ->
                compare(
                    "x", new Value(1), new Failure(new IllegalStateException()), false, () -> "")));
  }

  private static boolean assertThrowsAssertion(Runnable r) {
    try {
      r.run();
      return false;
    } catch (AssertionError e) {
      return true;
    }
  }
}
