package io.osmos.codec.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import io.osmos.codec.Codecs;
import io.osmos.codec.FieldNames;
import io.osmos.codec.FieldReader;
import io.osmos.codec.FieldType;
import io.osmos.codec.ValueCodec;
import io.osmos.exceptions.DecodeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The byte-level JSON reader behind {@link JsonFormat}'s decode methods, case by case, on values
 * read by codecs: strict JSON, escapes and UTF-8, numbers, names and single values. The reader on a
 * generated model (limits, unknown fields, byte ranges, text, other encodings, streams) and its
 * comparison with the jackson-based reader on random input are in the runtime-tests module
 * (Utf8JsonReaderModelTest, Utf8JsonReaderDifferentialTest), where models are compiled.
 */
class Utf8JsonReaderTest {
  private static final ValueCodec<Object> ANY =
      Codecs.scalar(FieldType.STRING, (v, out) -> {}, FieldReader::any);

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(Object... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (Object p : parts) {
      if (p instanceof String s) {
        out.writeBytes(utf8(s));
      } else {
        out.write((Integer) p);
      }
    }
    return out.toByteArray();
  }

  /** What jackson's reader (the reference) gives for the value, or its exception. */
  private static Object reference(ValueCodec<?> codec, byte[] json) {
    try (JsonParser p = JsonFormat.createParser(json)) {
      JsonFieldReader r = new JsonFieldReader(p, null);
      Object v = r.tryNull() ? null : codec.read(r);
      r.expectEnd();
      return v;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DecodeException fails(ValueCodec<?> codec, String json) {
    DecodeException e =
        assertThrows(DecodeException.class, () -> JsonFormat.decodeValue(codec, json));
    assertThrows(DecodeException.class, () -> JsonFormat.decodeValue(codec, utf8(json)));
    return e;
  }

  private static void malformed(ValueCodec<?> codec, String json) {
    DecodeException e = fails(codec, json);
    assertTrue(e.getMessage().contains("malformed JSON"), json + ": " + e.getMessage());
  }

  // ---- strict JSON --------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[1,]",
        "[,1]",
        "[1,,2]",
        "[1 2]",
        "{\"a\":1,}",
        "{,\"a\":1}",
        "{\"a\" 1}",
        "{\"a\":}",
        "{\"a\"}",
        "{a:1}",
        "{'a':1}",
        "['x']",
        "01",
        "-01",
        "00",
        "-",
        "+1",
        ".5",
        "1.",
        "1.e5",
        "1e",
        "1e+",
        "--1",
        "0x10",
        "NaN",
        "Infinity",
        "-Infinity",
        "nul",
        "tru",
        "fals",
        "True",
        "nulll",
        "/*c*/1",
        "1//c",
        "# c\n1",
        "\"a\tb\"",
        "\"a\nb\"",
        "\"\u0000\"",
        "\"\\x\"",
        "\"\\'\"",
        "\"\\u12\"",
        "\"\\u12G4\"",
        "\"\\U0041\"",
        "\"abc",
        "\"abc\\",
        "\"abc\\u00",
        "[1,2",
        "{\"a\":[}",
        "[}",
        "{]",
        "1 2",
        "{} {}",
        "{}]",
        "[]x",
        "\f1",
        "1\u000b",
        "\u00a01",
        "\"x\"\"y\"",
        "[1]]",
        ""
      })
  void malformedJsonIsRejected(String json) {
    if (json.isEmpty()) { // nothing at all: a mismatch at the root, as jackson's reader says
      DecodeException e = fails(ANY, json);
      assertEquals("(root)", e.path());
      assertEquals("the end of the input", e.found());
      return;
    }
    DecodeException e = fails(ANY, json);
    assertTrue(
        e.getMessage().contains("malformed JSON") || e.getMessage().contains("trailing content"),
        json + ": " + e.getMessage());
    // The reference agrees.
    assertThrows(RuntimeException.class, () -> reference(ANY, utf8(json)));
  }

  @Test
  void whitespaceIsTheFourJsonCharsOnly() {
    assertEquals(List.of(1L, 2L), JsonFormat.decodeValue(ANY, " \t\r\n[ 1 ,\r\n\t2 ] \n"));
    malformed(ANY, "[1,\u00852]");
  }

  // ---- strings, escapes and UTF-8 -----------------------------------------------------------

  @Test
  void escapesAreDecoded() {
    assertEquals(
        "\" \\ / \b \f \n \r \t é \u2028 😀 \uD800 x\uDC00",
        JsonFormat.decodeValue(
            Codecs.STRING,
            "\"\\\" \\\\ \\/ \\b \\f \\n"
                + " \\r"
                + " \\t \\u00E9 \\u2028 \\uD83D\\ude00 \\uD800 x\\uDC00\""));
  }

  @Test
  void utf8IsDecodedAtEveryLengthBoundary() {
    String s = "\u0080\u07ff\u0800\uffff\ud800\udc00\udbff\udfff\u00e9\u4e2d";
    assertEquals(s, JsonFormat.decodeValue(Codecs.STRING, utf8("\"" + s + "\"")));
    assertEquals(s, JsonFormat.decodeValue(Codecs.STRING, "\"" + s + "\""));
    assertEquals(
        Map.of(s, 1L), JsonFormat.decodeValue(Codecs.map(Codecs.LONG), utf8("{\"" + s + "\":1}")));
  }

  @Test
  void stringsAreScannedCorrectlyAtEveryOffset() {
    // The reader scans eight bytes at a time: put each kind of special byte at each offset.
    String[] specials = {"\\\"", "\\\\", "\\u0041", "é", "😀", "?", "\\n", "\u007f"};
    for (String special : specials) {
      for (int at = 0; at < 24; at++) {
        for (int tail = 0; tail < 10; tail += 3) {
          String json = "\"" + "a".repeat(at) + special + "b".repeat(tail) + "\"";
          Object expected = reference(Codecs.STRING, utf8(json));
          assertEquals(expected, JsonFormat.decodeValue(Codecs.STRING, utf8(json)), json);
          assertEquals(expected, JsonFormat.decodeValue(Codecs.STRING, json), json);
          String named = "{" + json + ":1}";
          assertEquals(
              reference(Codecs.map(Codecs.LONG), utf8(named)),
              JsonFormat.decodeValue(Codecs.map(Codecs.LONG), utf8(named)),
              named);
        }
      }
    }
    for (int at = 0; at < 24; at++) {
      malformed(Codecs.STRING, "\"" + "a".repeat(at) + "\u0001" + "b".repeat(9) + "\"");
      malformed(ANY, "[\"" + "a".repeat(at) + "\u001f" + "b".repeat(9) + "\"]");
    }
  }

  // ---- text input ---------------------------------------------------------------------------

  @Test
  void aByteOrderMarkIsSkippedInBytesButNotInText() {
    assertEquals("x", JsonFormat.decodeValue(Codecs.STRING, bytes(0xEF, 0xBB, 0xBF, "\"x\"")));
    assertEquals(1L, JsonFormat.decodeValue(Codecs.LONG, bytes(0xEF, 0xBB, 0xBF, "1")));
    DecodeException e =
        assertThrows(
            DecodeException.class, () -> JsonFormat.decodeValue(Codecs.STRING, "\uFEFF\"x\""));
    assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
  }

  // ---- numbers ------------------------------------------------------------------------------

  @Test
  void int64ReadsIntegersInEveryJsonForm() {
    assertEquals(1L, JsonFormat.decodeValue(Codecs.LONG, "1.0"));
    assertEquals(1000L, JsonFormat.decodeValue(Codecs.LONG, "1e3"));
    assertEquals(1000L, JsonFormat.decodeValue(Codecs.LONG, "1E+3"));
    assertEquals(1L, JsonFormat.decodeValue(Codecs.LONG, "10e-1"));
    assertEquals(0L, JsonFormat.decodeValue(Codecs.LONG, "-0"));
    assertEquals(0L, JsonFormat.decodeValue(Codecs.LONG, "0e999999999"));
    assertEquals(Long.MAX_VALUE, JsonFormat.decodeValue(Codecs.LONG, "9223372036854775807"));
    assertEquals(Long.MIN_VALUE, JsonFormat.decodeValue(Codecs.LONG, "-9223372036854775808"));
    assertEquals(Long.MAX_VALUE, JsonFormat.decodeValue(Codecs.LONG, "92233720368547758070e-1"));
    assertEquals(
        999_999_999_999_999_999L, JsonFormat.decodeValue(Codecs.LONG, "999999999999999999"));
    for (String bad :
        List.of(
            "9223372036854775808",
            "-9223372036854775809",
            "99999999999999999999",
            "1.5",
            "1e-1",
            "1e19",
            "1e999999999",
            "1e-999999999",
            "1e99999999999",
            "\"12\"",
            "true",
            "[]",
            "{}",
            "9223372036854775807.5")) {
      DecodeException e = fails(Codecs.LONG, bad);
      assertEquals("an int64 (a JSON integer)", e.expected(), bad);
      assertEquals(
          bad.startsWith("[") ? "an array" : bad.startsWith("{") ? "an object" : bad, e.found());
    }
    assertEquals("int", fails(Codecs.INT, "2147483648.0").expected());
    assertEquals("2147483648", fails(Codecs.INT, "2147483648.0").found());
  }

  @Test
  void decimalsKeepTheirTextsScaleAndPrecision() {
    Random r = new Random(7);
    List<String> texts =
        new ArrayList<>(
            List.of(
                "1.50",
                "1E+3",
                "1e3",
                "-0.0",
                "-0",
                "0.000",
                "0E-5",
                "-0E+5",
                "1.5e2",
                "123456789012345678",
                "1234567890123456789",
                "12345678901234567.8",
                "0.000000000000000001",
                "9.99e-999999999",
                "1e999999999",
                "-922337203685477580.7",
                "0.1e-2147483647",
                "10e2147483647"));
    for (int i = 0; i < 2000; i++) {
      StringBuilder b = new StringBuilder();
      if (r.nextBoolean()) {
        b.append('-');
      }
      b.append(
          r.nextInt(10) == 0
              ? "0"
              : Long.toString(1 + (long) (r.nextDouble() * Math.pow(10, r.nextInt(19)))));
      if (r.nextBoolean()) {
        b.append('.')
            .append(Long.toString((long) (r.nextDouble() * 1e12)).substring(0, 1 + r.nextInt(5)));
      }
      if (r.nextInt(3) == 0) {
        b.append(r.nextBoolean() ? "e" : "E")
            .append(r.nextBoolean() ? "-" : "")
            .append(r.nextInt(30));
      }
      texts.add(b.toString());
    }
    for (String text : texts) {
      BigDecimal expected;
      try {
        expected = new BigDecimal(text);
      } catch (NumberFormatException e) {
        assertThrows(DecodeException.class, () -> JsonFormat.decodeValue(Codecs.DECIMAL, text));
        continue;
      }
      BigDecimal actual = JsonFormat.decodeValue(Codecs.DECIMAL, text);
      assertEquals(expected, actual, text); // equals compares the scale
      assertEquals(expected.scale(), actual.scale(), text);
      assertEquals(expected.precision(), actual.precision(), text);
      assertEquals(expected.unscaledValue(), actual.unscaledValue(), text);
    }
  }

  @Test
  void doublesAreCorrectlyRounded() {
    List<String> texts =
        new ArrayList<>(
            List.of(
                "0.1",
                "1e23",
                "8.41e21",
                "9007199254740993",
                "2.2250738585072011e-308",
                "2.2250738585072012e-308",
                "4.9e-324",
                "2.4703282292062327e-324",
                "2.4703282292062328e-324",
                "1.7976931348623157e308",
                "0.30000000000000004",
                "123456789012345678901234567890",
                "7.038531e-26",
                "1.00000017881393421514957253748434595763683319091796875001",
                "-0.0",
                "1e-400",
                "3.0",
                "5e-324",
                "9999999999999999999",
                "0.0000001"));
    Random r = new Random(11);
    for (int i = 0; i < 20_000; i++) {
      double d = Double.longBitsToDouble(r.nextLong());
      if (Double.isFinite(d)) {
        texts.add(Double.toString(d));
        texts.add(new BigDecimal(d).round(new java.math.MathContext(1 + r.nextInt(25))).toString());
      }
      texts.add(r.nextInt(1_000_000) + "." + r.nextInt(1000) + "e" + (r.nextInt(60) - 30));
    }
    for (String text : texts) {
      double expected = Double.parseDouble(text);
      double actual = JsonFormat.decodeValue(Codecs.DOUBLE, text);
      assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual), text);
      // float32 is the decimal rounded to float directly (never through a double, which would
      // round twice: 7.038531e-26); beyond float range a mismatch.
      float expectedFloat = Float.parseFloat(text);
      if (Float.isInfinite(expectedFloat)) {
        assertTrue(fails(Codecs.FLOAT, text).expected().startsWith("a float32"), text);
      } else {
        float f = JsonFormat.decodeValue(Codecs.FLOAT, text);
        assertEquals(Float.floatToRawIntBits(expectedFloat), Float.floatToRawIntBits(f), text);
      }
    }
    // As with jackson: an integer is read as a long first, so -0 is 0.0; -0.0 keeps its sign.
    assertEquals(0L, Double.doubleToRawLongBits(JsonFormat.decodeValue(Codecs.DOUBLE, "-0")));
    assertEquals(
        Double.doubleToRawLongBits(-0.0),
        Double.doubleToRawLongBits(JsonFormat.decodeValue(Codecs.DOUBLE, "-0.0")));
    assertTrue(Double.isNaN(JsonFormat.decodeValue(Codecs.DOUBLE, "\"NaN\"")));
    assertEquals(Double.NEGATIVE_INFINITY, JsonFormat.decodeValue(Codecs.DOUBLE, "\"-Infinity\""));
    assertEquals("1e400", fails(Codecs.DOUBLE, "1e400").found());
  }

  @Test
  void hugeExponentsAreRefusedForBigIntegersInsteadOfComputed() {
    // BigDecimal.toBigIntegerExact would compute 10^999999999 here and not finish.
    for (String huge : List.of("1e999999999", "1.5e-999999999", "-2e100001", "3e-100001")) {
      DecodeException e = fails(Codecs.BIG_INTEGER, huge);
      assertTrue(e.expected().contains("integer"), e.getMessage());
    }
    assertEquals(
        BigInteger.TEN.pow(100_000), JsonFormat.decodeValue(Codecs.BIG_INTEGER, "1e100000"));
    assertEquals(BigInteger.ZERO, JsonFormat.decodeValue(Codecs.BIG_INTEGER, "0e-999999999"));
    assertEquals(BigInteger.valueOf(-15), JsonFormat.decodeValue(Codecs.BIG_INTEGER, "-1.5e1"));
  }

  @Test
  void schemalessNumbersAreLongsBigIntegersOrDecimals() {
    // A number with a fraction or exponent is a BigDecimal, exact and with its scale.
    assertEquals(
        List.of(
            0L,
            1L,
            -9223372036854775808L,
            new BigInteger("9223372036854775808"),
            new BigDecimal("-0.0"),
            new BigDecimal("1e2"),
            new BigDecimal("1e400"),
            new BigDecimal("0.1000000000000000000001")),
        JsonFormat.decodeValue(
            ANY,
            "[-0,1,-9223372036854775808,9223372036854775808,-0.0,1e2,"
                + "1e400,0.1000000000000000000001]"));
  }

  // ---- names and unknown fields -------------------------------------------------------------

  /** The fields {@link #COUNTING} knows: any other is skipped by the reader. */
  private static final FieldNames KNOWN = FieldNames.of("id", "age", "tags");

  /**
   * A codec that leaves values unread, which the reader skips. (Jackson's reader skips unread array
   * elements too, but fails on an unread field value: for a codec's bug, not the input.)
   */
  private static final ValueCodec<Integer> COUNTING =
      Codecs.scalar(
          FieldType.STRING,
          (v, out) -> {},
          in -> {
            int n = 0;
            in.beginObject();
            while (in.nextField(KNOWN) >= 0) {
              n++;
            }
            return n;
          });

  @Test
  void valuesACodecLeavesUnreadAreSkipped() {
    assertEquals(
        3,
        JsonFormat.decodeValue(
            COUNTING, "{\"id\":{\"a\":[1]},\"age\" : [1,2] ,\"x\":1,\"tags\":\"t\"}"));
    ValueCodec<Integer> elements =
        Codecs.scalar(
            FieldType.STRING,
            (v, out) -> {},
            in -> {
              int n = 0;
              in.beginArray();
              while (in.hasNextElement()) {
                n++;
              }
              return n;
            });
    assertEquals(3, JsonFormat.decodeValue(elements, "[{\"a\":1}, [2], \"3\"]"));
  }

  // ---- entry points -------------------------------------------------------------------------

  @Test
  void singleValuesAtTheEndOfTheInput() {
    assertEquals(12L, JsonFormat.decodeValue(Codecs.LONG, "12"));
    assertEquals(0L, JsonFormat.decodeValue(Codecs.LONG, "0"));
    assertEquals(-3, JsonFormat.decodeValue(Codecs.INT, utf8("-3")));
    assertEquals(new BigDecimal("1.50"), JsonFormat.decodeValue(Codecs.DECIMAL, "1.50"));
    assertEquals(0.5, JsonFormat.decodeValue(Codecs.DOUBLE, "5e-1"));
    assertEquals(Boolean.TRUE, JsonFormat.decodeValue(Codecs.BOOLEAN, "true"));
    assertNull(JsonFormat.decodeValue(Codecs.LONG, " null "));
    assertArrayEquals(new byte[] {1, 2}, JsonFormat.decodeValue(Codecs.BYTES, "\"AQI=\""));
    DecodeException e = fails(Codecs.LONG, "  ");
    assertEquals("(root)", e.path());
    assertEquals("the end of the input", e.found());
    assertEquals("an int64 (a JSON integer)", e.expected());
    malformed(Codecs.LONG, "1-");
    malformed(Codecs.LONG, "nul");
    malformed(Codecs.DOUBLE, "1e");
  }
}
