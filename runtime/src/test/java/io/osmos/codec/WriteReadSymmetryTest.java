package io.osmos.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.osmos.codec.flat.FlatFormat;
import io.osmos.codec.json.JsonFormat;
import io.osmos.codec.tree.TreeFormat;
import io.osmos.exceptions.LimitExceededException;
import io.osmos.exceptions.OsmosException;
import io.osmos.exceptions.ValidationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What a writer accepts, its reader reads back equal, in every format; and every format accepts and
 * refuses the same values. Values are generated around the edges readers care about: chars that
 * need escapes or are surrogates, floats whose shortest decimal sits near a double rounding
 * boundary, decimals with extreme scales, long names and strings, deep nesting.
 *
 * <p>The seed is fixed so a failure reproduces; {@code -Dosmos.fuzz.seed=N} tries another.
 */
class WriteReadSymmetryTest {
  private static final long SEED = Long.getLong("osmos.fuzz.seed", 20261207L);

  /** A format's way of writing one value of a field and reading it back. */
  enum Format {
    JSON_BYTES {
      @Override
      <V> Object write(ValueCodec<V> codec, V value) {
        return JsonFormat.encodeValue(codec, value);
      }

      @Override
      <V> V read(ValueCodec<V> codec, Object stored) {
        return JsonFormat.decodeValue(codec, (byte[]) stored);
      }
    },
    JSON_TEXT {
      @Override
      <V> Object write(ValueCodec<V> codec, V value) {
        return JsonFormat.encodeValueToString(codec, value);
      }

      @Override
      <V> V read(ValueCodec<V> codec, Object stored) {
        return JsonFormat.decodeValue(codec, (String) stored);
      }
    },
    /** On jackson's generator and parser, as drivers embedding values in documents use it. */
    JSON_STREAM {
      @Override
      <V> Object write(ValueCodec<V> codec, V value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var g = JsonFormat.createGenerator(out)) {
          codec.write(value, JsonFormat.valueWriter(g));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return out.toByteArray();
      }

      @Override
      <V> V read(ValueCodec<V> codec, Object stored) {
        try (var p = JsonFormat.createParser((byte[]) stored)) {
          return codec.read(JsonFormat.reader(p));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    },
    TREE {
      @Override
      <V> Object write(ValueCodec<V> codec, V value) {
        return TreeFormat.encodeValue(codec, value);
      }

      @Override
      <V> V read(ValueCodec<V> codec, Object stored) {
        return TreeFormat.decodeValue(codec, stored, "f");
      }
    },
    /** A top-level field of the flat format: scalars as text, containers as JSON text. */
    FLAT {
      @Override
      <V> Object write(ValueCodec<V> codec, V value) {
        return FlatFormat.encodeValue(codec, value);
      }

      @Override
      <V> V read(ValueCodec<V> codec, Object stored) {
        return FlatFormat.decodeValue(codec, (String) stored, "f");
      }
    };

    abstract <V> Object write(ValueCodec<V> codec, V value);

    abstract <V> V read(ValueCodec<V> codec, Object stored);
  }

  private final Random random = new Random(SEED);

  /**
   * Writes {@code value} in every format: all refuse it (with the same kind of error) or all read
   * it back equal.
   */
  private <V> void roundTrip(ValueCodec<V> codec, V value) {
    Class<?> refusedWith = null;
    Format first = null;
    for (Format f : Format.values()) {
      Object stored;
      try {
        stored = f.write(codec, value);
      } catch (LimitExceededException | ValidationException e) {
        if (first != null && refusedWith == null) {
          fail(
              first
                  + " accepted what "
                  + f
                  + " refused ("
                  + e.getMessage()
                  + "): "
                  + describe(value));
        }
        if (refusedWith != null && refusedWith != e.getClass()) {
          fail(
              f
                  + " refused with "
                  + e.getClass().getSimpleName()
                  + ", others with "
                  + refusedWith.getSimpleName()
                  + ": "
                  + describe(value));
        }
        refusedWith = e.getClass();
        first = f;
        continue;
      }
      if (refusedWith != null) {
        fail(first + " refused what " + f + " accepted: " + describe(value));
      }
      first = f;
      V back;
      try {
        back = f.read(codec, stored);
      } catch (OsmosException e) {
        throw new AssertionError(
            f + " wrote what it cannot read back (" + e.getMessage() + "): " + describe(value), e);
      }
      if (!deepEquals(value, back)) {
        fail(f + " read back " + describe(back) + " for " + describe(value));
      }
    }
  }

  // ---- strings and names -----------------------------------------------------------------------

  private static final char[] ALPHABET = {
    'a', 'Z', '0', ' ', '"', '\\', '/', '?', '\0', '\u0001', '\n', '\r', '\u001f', '\u007f',
    '\u0080', '\u00ff', '\u0100', '\u07ff', '\u0800', '\u2028', '\ud7ff', '\ue000', '\ufffe',
    '\uffff', '\ud800', '\udbff', '\udc00', '\udfff'
  };

  private String randomString(int maxLength) {
    int n = random.nextInt(maxLength + 1);
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      int pick = random.nextInt(ALPHABET.length + 2);
      if (pick == ALPHABET.length) {
        b.appendCodePoint(0x10000 + random.nextInt(0x100000)); // a surrogate pair
      } else if (pick == ALPHABET.length + 1) {
        b.append((char) random.nextInt(0x10000)); // any char, a lone surrogate included
      } else {
        b.append(ALPHABET[pick]);
      }
    }
    return b.toString();
  }

  @Test
  void stringsOfAnyCharsRoundTripOrAreRefusedAlike() {
    for (int i = 0; i < 3000; i++) {
      roundTrip(Codecs.STRING, randomString(12));
    }
  }

  @Test
  void aLoneSurrogateIsRefusedByEveryFormat() {
    for (String s : List.of("\ud800", "a\udc00", "\udbff\udbff\udfff", "x\ud800y")) {
      for (Format f : Format.values()) {
        ValidationException e =
            assertThrows(ValidationException.class, () -> f.write(Codecs.STRING, s), f.name());
        assertTrue(e.getMessage().contains("lone surrogate"), e.getMessage());
      }
    }
    roundTrip(Codecs.STRING, "\ud83d\ude00 and \udbff\udfff");
  }

  @Test
  void mapKeysOfAnyCharsRoundTripOrAreRefusedAlike() {
    ValueCodec<Map<String, String>> codec = Codecs.map(Codecs.STRING);
    for (int i = 0; i < 2000; i++) {
      Map<String, String> m = new LinkedHashMap<>();
      int n = random.nextInt(4);
      for (int j = 0; j < n; j++) {
        m.put(randomString(6), randomString(3));
      }
      roundTrip(codec, m);
    }
  }

  @Test
  void namesAtTheLimitRoundTripAndOneByteMoreIsRefused() {
    ValueCodec<Map<String, String>> codec = Codecs.map(Codecs.STRING);
    String fits = "é".repeat(CodecLimits.MAX_NAME_BYTES / 2); // two bytes each
    roundTrip(codec, Map.of(fits, "v"));
    roundTrip(codec, Map.of("a".repeat(CodecLimits.MAX_NAME_BYTES), "v"));
    for (String over :
        List.of(
            fits + "a",
            "a".repeat(CodecLimits.MAX_NAME_BYTES + 1),
            "\u20ac".repeat(CodecLimits.MAX_NAME_BYTES / 3 + 1))) {
      for (Format f : Format.values()) {
        assertThrows(
            LimitExceededException.class, () -> f.write(codec, Map.of(over, "v")), f.name());
      }
    }
  }

  @Test
  void stringsAtTheLimitRoundTripAndOneCharMoreIsRefused() {
    String max = "x".repeat(CodecLimits.MAX_STRING_CHARS);
    roundTrip(Codecs.STRING, max);
    String over = max + "y";
    for (Format f : Format.values()) {
      assertThrows(LimitExceededException.class, () -> f.write(Codecs.STRING, over), f.name());
    }
  }

  // ---- numbers ---------------------------------------------------------------------------------

  @Test
  void everyFloatRoundTrips() {
    roundTrip(Codecs.FLOAT, 7.038531E-26f);
    for (float f :
        new float[] {
          0f,
          -0f,
          Float.MIN_VALUE,
          Float.MAX_VALUE,
          Float.MIN_NORMAL,
          -Float.MIN_VALUE,
          1.0E-45f,
          3.4028235E38f,
          0.1f,
          16777217f,
          Float.NaN,
          Float.POSITIVE_INFINITY,
          Float.NEGATIVE_INFINITY
        }) {
      roundTrip(Codecs.FLOAT, f);
    }
    for (int i = 0; i < 20_000; i++) {
      roundTrip(Codecs.FLOAT, Float.intBitsToFloat(random.nextInt()));
    }
  }

  @Test
  void everyDoubleRoundTrips() {
    for (double d :
        new double[] {
          0d,
          -0d,
          Double.MIN_VALUE,
          Double.MAX_VALUE,
          Double.MIN_NORMAL,
          2.2250738585072011E-308,
          9007199254740993d,
          0.1,
          Double.NaN,
          Double.POSITIVE_INFINITY,
          Double.NEGATIVE_INFINITY
        }) {
      roundTrip(Codecs.DOUBLE, d);
    }
    for (int i = 0; i < 20_000; i++) {
      roundTrip(Codecs.DOUBLE, Double.longBitsToDouble(random.nextLong()));
    }
  }

  @Test
  void decimalsKeepValueAndScaleOrAreRefusedAlike() {
    int[] scales = {
      0,
      1,
      -1,
      2,
      100,
      101,
      -100,
      6,
      7,
      -6,
      -7,
      1000,
      -1000,
      99_999,
      100_000,
      100_001,
      -99_999,
      -100_000,
      -100_001,
      1_000_000,
      Integer.MAX_VALUE,
      Integer.MAX_VALUE - 1,
      Integer.MIN_VALUE,
      Integer.MIN_VALUE + 1
    };
    for (int scale : scales) {
      for (BigInteger unscaled :
          List.of(
              BigInteger.ZERO,
              BigInteger.ONE,
              BigInteger.TEN,
              BigInteger.valueOf(-12345),
              new BigInteger("123456789012345678901234567890"))) {
        roundTrip(Codecs.DECIMAL, new BigDecimal(unscaled, scale));
      }
    }
    for (int i = 0; i < 3000; i++) {
      BigInteger unscaled = new BigInteger(1 + random.nextInt(200), random);
      if (random.nextBoolean()) {
        unscaled = unscaled.negate();
      }
      int scale = random.nextInt(3) == 0 ? random.nextInt() : random.nextInt(400) - 200;
      roundTrip(Codecs.DECIMAL, new BigDecimal(unscaled, scale));
    }
  }

  @Test
  void numbersOfManyDigitsRoundTripUpToTheLimit() {
    // 99,988 digits, sign, point and exponent fit in 100,000 chars of text.
    BigInteger big = BigInteger.TEN.pow(CodecLimits.MAX_NUMBER_CHARS - 12).subtract(BigInteger.ONE);
    roundTrip(Codecs.DECIMAL, new BigDecimal(big, 5));
    roundTrip(Codecs.BIG_INTEGER, big);
    BigInteger tooBig = BigInteger.TEN.pow(CodecLimits.MAX_NUMBER_CHARS);
    for (Format f : Format.values()) {
      assertThrows(
          LimitExceededException.class, () -> f.write(Codecs.BIG_INTEGER, tooBig), f.name());
      assertThrows(
          LimitExceededException.class,
          () -> f.write(Codecs.DECIMAL, new BigDecimal(tooBig)),
          f.name());
    }
    for (int i = 0; i < 500; i++) {
      BigInteger n = new BigInteger(1 + random.nextInt(2000), random);
      roundTrip(Codecs.BIG_INTEGER, random.nextBoolean() ? n : n.negate());
    }
  }

  // ---- schemaless values (@Extra) -------------------------------------------------------------

  /** How generated codecs write and read an {@code @Extra} value. */
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
          return FieldType.map(FieldType.STRING);
        }
      };

  private Object randomTree(int depth) {
    switch (random.nextInt(depth > 3 ? 6 : 9)) {
      case 0:
        return randomString(5);
      case 1:
        return (long) random.nextInt() * random.nextInt(3);
      case 2:
        return new BigDecimal(BigInteger.valueOf(random.nextInt()), random.nextInt(40) - 20);
      case 3:
        return random.nextBoolean();
      case 4:
        return null;
      case 5:
        return new BigInteger(70 + random.nextInt(40), random);
      case 6:
      case 7:
        {
          Map<String, Object> m = new LinkedHashMap<>();
          for (int i = random.nextInt(4); i > 0; i--) {
            m.put(randomString(5), randomTree(depth + 1));
          }
          return m;
        }
      default:
        {
          List<Object> l = new ArrayList<>();
          for (int i = random.nextInt(4); i > 0; i--) {
            l.add(randomTree(depth + 1));
          }
          return l;
        }
    }
  }

  @Test
  void schemalessValuesRoundTripWithTheirScale() {
    roundTrip(ANY, Map.of("price", new BigDecimal("1.50"), "ratio", new BigDecimal("0.1")));
    for (int i = 0; i < 2000; i++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("v", randomTree(0));
      roundTrip(ANY, m);
    }
  }

  @Test
  void schemalessValuesJsonHasNoTypeForReadBackAsTheSameTextInEveryFormat() {
    // JSON writes bytes, instants and non-finite numbers as text; every format gives that text.
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bytes", new byte[] {0, 1, -1});
    m.put("at", java.time.Instant.parse("2024-05-01T10:15:30.123456789Z"));
    m.put("nan", Double.NaN);
    m.put("inf", Double.NEGATIVE_INFINITY);
    m.put("tenth", 0.1d);
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("bytes", "AAH/");
    expected.put("at", "2024-05-01T10:15:30.123456789Z");
    expected.put("nan", "NaN");
    expected.put("inf", "-Infinity");
    expected.put("tenth", new BigDecimal("0.1"));
    for (Format f : Format.values()) {
      assertEquals(expected, f.read(ANY, f.write(ANY, m)), f.name());
    }
  }

  @Test
  void schemalessTreesShareRepeatedNamesAndValues() {
    // An array of objects repeats its names in every element; each kept once, so a decoded
    // @Extra tree stays a few times the size of its JSON (it was about twenty times).
    String json =
        "[{\"name\":\"ann\",\"qty\":1000,\"price\":1.50},"
            + "{\"name\":\"ann\",\"qty\":1000,\"price\":1.50}]";
    List<Object> trees = new ArrayList<>();
    trees.add(JsonFormat.decodeValue(ANY, json));
    trees.add(JsonFormat.decodeValue(ANY, json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    trees.add(TreeFormat.decodeValue(ANY, JsonFormat.decodeValue(ANY, json), "f"));
    try (var p = JsonFormat.createParser(json)) {
      trees.add(ANY.read(JsonFormat.reader(p)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Object tree : trees) {
      List<?> list = (List<?>) tree;
      Map<?, ?> a = (Map<?, ?>) list.get(0);
      Map<?, ?> b = (Map<?, ?>) list.get(1);
      for (Object key : a.keySet()) {
        Object sameKey = b.keySet().stream().filter(key::equals).findFirst().orElseThrow();
        assertTrue(key == sameKey, "name " + key + " not shared");
        assertTrue(a.get(key) == b.get(key), "value of " + key + " not shared: " + a.get(key));
      }
    }
  }

  // ---- nesting ---------------------------------------------------------------------------------

  /** Lists nested {@code levels} deep inside a field (the field's value is the outermost). */
  private static Object nested(int levels) {
    Object v = "leaf";
    for (int i = 0; i < levels; i++) {
      List<Object> l = new ArrayList<>();
      l.add(v);
      v = l;
    }
    return v;
  }

  @Test
  void nestingIsCountedFromTheModelInEveryFormat() {
    // The model's object is level 1, so a field holds at most MAX_DEPTH - 1 levels.
    roundTrip(ANY, nested(CodecLimits.MAX_DEPTH - 1));
    Object tooDeep = nested(CodecLimits.MAX_DEPTH);
    for (Format f : Format.values()) {
      LimitExceededException e =
          assertThrows(LimitExceededException.class, () -> f.write(ANY, tooDeep), f.name());
      assertTrue(e.getMessage().contains("" + CodecLimits.MAX_DEPTH), e.getMessage());
    }
    Object farTooDeep = nested(100_000);
    for (Format f : Format.values()) {
      assertThrows(LimitExceededException.class, () -> f.write(ANY, farTooDeep), f.name());
    }
  }

  @Test
  void aValueCheckedOnItsOwnNamesItsPath() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ok", List.of("a", "b"));
    m.put("bad", List.of("a", "b\ud800"));
    ValidationException e =
        assertThrows(
            ValidationException.class, () -> CodecLimits.check("Person", "labels", ANY, m));
    assertEquals("labels.bad[1]", e.violations().get(0).path());
    LimitExceededException limit =
        assertThrows(
            LimitExceededException.class,
            () -> CodecLimits.check("Person", "labels", ANY, Map.of("k", nested(2000))));
    assertTrue(limit.getMessage().startsWith("Person field 'labels.k"), limit.getMessage());
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static boolean deepEquals(Object a, Object b) {
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.equals(x, y);
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!deepEquals(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : x.entrySet()) {
        if (!y.containsKey(e.getKey()) || !deepEquals(e.getValue(), y.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    // Schemaless integers have no Java type in JSON: a Long, a BigInteger and a BigDecimal of
    // scale 0 (all written as digits only) read back as a Long, or a BigInteger beyond it.
    if (isInteger(a) && isInteger(b)) {
      return integer(a).equals(integer(b));
    }
    return a == null ? b == null : a.equals(b);
  }

  private static boolean isInteger(Object v) {
    return v instanceof Long
        || v instanceof BigInteger
        || (v instanceof BigDecimal d && d.scale() == 0);
  }

  private static BigInteger integer(Object v) {
    return v instanceof BigDecimal d
        ? d.unscaledValue()
        : v instanceof BigInteger b ? b : BigInteger.valueOf((Long) v);
  }

  private static String describe(Object v) {
    String s;
    if (v instanceof String str) {
      StringBuilder b = new StringBuilder("\"");
      for (char c : str.toCharArray()) {
        b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
      }
      s = b.append('"').toString();
    } else if (v instanceof Float f) {
      s = f + "f (bits " + Integer.toHexString(Float.floatToRawIntBits(f)) + ")";
    } else if (v instanceof BigDecimal d) {
      s =
          (d.precision() > 40 ? d.precision() + " digits" : d.unscaledValue().toString())
              + " scale "
              + d.scale();
    } else {
      s = String.valueOf(v);
    }
    return s.length() > 300 ? s.substring(0, 297) + "..." : s;
  }
}
