package io.osmos.codec.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import io.osmos.codec.Codecs;
import io.osmos.codec.FieldName;
import io.osmos.codec.FieldNames;
import io.osmos.codec.FieldReader;
import io.osmos.codec.FieldType;
import io.osmos.codec.FieldWriter;
import io.osmos.codec.ValueCodec;
import io.osmos.exceptions.LimitExceededException;
import io.osmos.exceptions.ValidationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@link Utf8JsonWriter} against {@link JsonFieldWriter} over jackson's generators, on the same
 * calls: the bytes must equal those of jackson's UTF-8 generator, and the text those of its
 * char-based generator, for every kind of value, including the awkward ones (every char,
 * surrogates, number extremes, deep nesting), and also when the buffer is tiny (so it grows) or is
 * flushed to a stream.
 */
class Utf8JsonWriterTest {
  private static final long SEED = 0x5eed_0f_0505L;

  // ---- the comparison ------------------------------------------------------------------------

  private static byte[] jacksonBytes(Consumer<FieldWriter> writes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JsonFormat.createGenerator(out)) {
      writes.accept(JsonFormat.writer(g));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String jacksonText(Consumer<FieldWriter> writes) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JsonFormat.createGenerator(out)) {
      writes.accept(JsonFormat.writer(g));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static byte[] ours(Consumer<FieldWriter> writes, int bufferSize) {
    Utf8JsonWriter w = new Utf8JsonWriter(bufferSize);
    writes.accept(w);
    return w.toByteArray();
  }

  private static byte[] oursStreamed(Consumer<FieldWriter> writes, int bufferSize) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Utf8JsonWriter w = new Utf8JsonWriter(bufferSize).reset(out, false);
    writes.accept(w);
    w.finish();
    return out.toByteArray();
  }

  private static String oursText(Consumer<FieldWriter> writes, int bufferSize) {
    Utf8JsonWriter w = new Utf8JsonWriter(bufferSize).reset(null, true);
    writes.accept(w);
    return w.toText();
  }

  /**
   * Asserts that every way of writing gives jackson's bytes and text, or that every way refuses the
   * writes with the same kind of error (a lone surrogate, a value over a limit).
   */
  private static void same(Consumer<FieldWriter> writes) {
    byte[] expected;
    try {
      expected = jacksonBytes(writes);
    } catch (ValidationException | LimitExceededException e) {
      Class<? extends Throwable> refused = e.getClass();
      assertThrows(refused, () -> ours(writes, Utf8JsonWriter.INITIAL_SIZE));
      assertThrows(refused, () -> ours(writes, 16));
      assertThrows(refused, () -> oursStreamed(writes, 16));
      assertThrows(refused, () -> oursText(writes, 16));
      assertThrows(refused, () -> jacksonText(writes));
      return;
    }
    String show = new String(expected, StandardCharsets.UTF_8);
    assertArrayEquals(expected, ours(writes, Utf8JsonWriter.INITIAL_SIZE), show);
    assertArrayEquals(expected, ours(writes, 16), () -> "with a 16-byte buffer: " + show);
    assertArrayEquals(expected, oursStreamed(writes, 16), () -> "streamed: " + show);
    assertEquals(jacksonText(writes), oursText(writes, 16));
  }

  /** Like {@link #same}, with a single root value. */
  private static void sameValue(Consumer<FieldWriter> value) {
    same(value);
    // And as a member and an element, where commas and names come into play.
    same(
        w -> {
          w.beginObject();
          w.name(NAMES.name(0));
          value.accept(w);
          w.name("second");
          value.accept(w);
          w.endObject();
        });
    same(
        w -> {
          w.beginArray();
          value.accept(w);
          value.accept(w);
          w.endArray();
        });
  }

  private static final FieldNames NAMES =
      FieldNames.of(
          "id",
          "naïve",
          "emoji\uD83D\uDE00",
          "q\"uote\\back/slash",
          "ctl\u0001\n\t",
          "",
          "日本語",
          "日\u0001\"\uD83D\uDE00",
          "abcdefghijk",
          "abcdefghijkl",
          "abcdefghijklm",
          "lone\uD800surrogate");

  // ---- strings -------------------------------------------------------------------------------

  @Test
  void everyCharAloneAndBetweenOthers() {
    // One document with each char of the BMP alone, one with each between ASCII letters.
    // A surrogate alone is refused (checked below and in surrogatesPairedAndLone); every pair of
    // a high and a low one is written.
    StringBuilder all = new StringBuilder();
    List<String> strings = new ArrayList<>();
    List<String> framed = new ArrayList<>();
    for (int c = 0; c <= 0xFFFF; c++) {
      if (Character.isSurrogate((char) c)) {
        int low = 0xDC00 + (c & 0x3FF);
        String pair = new String(new char[] {(char) (0xD800 + (c & 0x3FF)), (char) low});
        all.append(pair);
        strings.add(pair);
        framed.add("a" + pair + "bc");
        assertThrows(ValidationException.class, () -> ours(w -> w.string("a" + (char) low), 64));
        continue;
      }
      all.append((char) c);
      strings.add(String.valueOf((char) c));
      framed.add("a" + (char) c + "bc");
    }
    for (List<String> list : List.of(strings, framed)) {
      same(
          w -> {
            w.beginArray();
            for (String s : list) {
              w.string(s);
            }
            w.endArray();
          });
    }
    sameValue(w -> w.string(all.toString()));
    for (int c = 0; c < 128; c++) {
      String s = String.valueOf((char) c);
      sameValue(w -> w.string(s));
      same(
          w -> {
            w.beginObject();
            w.name(s);
            w.string(s);
            w.endObject();
          });
    }
  }

  @Test
  void surrogatesPairedAndLone() {
    String[] samples = {
      "\uD83D\uDE00",
      "a\uD83D\uDE00b",
      "\uD800",
      "\uDC00",
      "x\uDBFF",
      "\uDFFFx",
      "\uDC00\uD800",
      "\uD800\uD800\uDC00",
      "\uDBFF\uDFFF",
      "\uD800\uDC00\uD800",
      "ab\uD83Dcd"
    };
    for (String s : samples) {
      sameValue(w -> w.string(s));
      same(
          w -> {
            w.beginObject();
            w.name(s); // a dynamic name: escaped like a value
            w.nul();
            w.endObject();
          });
    }
  }

  @Test
  void aSurrogatePairAcrossASegmentBoundaryIsKeptWhole() {
    for (int at = 1020; at < 1030; at++) {
      for (String prefix : List.of("a", "é", "\n")) {
        String s = prefix.repeat(at) + "\uD83D\uDE00" + "z".repeat(5);
        sameValue(w -> w.string(s));
      }
    }
    String lone = "é".repeat(1023) + "\uD83D";
    sameValue(w -> w.string(lone));
  }

  @Test
  void textMixesLatin1AndCharsBeyond() {
    FieldName wide = NAMES.name(6); // 日本語
    for (String beyond : List.of("Ł", "日", "\uD83D\uDE00", "\uD800", "\uFFFF")) {
      // In a value, a dynamic name, and a model's name, among Latin-1 beyond ASCII.
      same(
          w -> {
            w.beginObject();
            w.name(NAMES.name(1)); // naïve
            w.string("Zürich 3º ÿ");
            w.name("ü" + beyond);
            w.string("é" + beyond + "é");
            w.name(wide);
            w.string("ö");
            w.endObject();
          });
    }
    same(
        w -> {
          w.beginArray();
          w.string("¡Hola! ©");
          w.beginObject();
          w.name(wide);
          w.string("ä");
          w.endObject();
          w.endArray();
        });
    String many = "aé" + "Ł\u0000".repeat(3000); // (escaped NULs: the stand-in is only raw)
    assertEquals(jacksonText(w -> w.string(many)), oursText(w -> w.string(many), 16));
  }

  @Test
  void randomStrings() {
    SplittableRandom r = new SplittableRandom(SEED);
    for (int i = 0; i < 3000; i++) {
      String s = randomString(r, r.nextInt(10) == 0 ? 5000 : 40);
      sameValue(w -> w.string(s));
    }
  }

  private static String randomString(SplittableRandom r, int maxLength) {
    int n = r.nextInt(maxLength + 1);
    StringBuilder sb = new StringBuilder(n);
    int kind = r.nextInt(8); // bias each string towards one kind, as real text is
    for (int i = 0; i < n; i++) {
      int k = r.nextInt(4) == 0 ? r.nextInt(8) : kind;
      switch (k) {
        case 0, 1 -> sb.append((char) (0x20 + r.nextInt(0x5f))); // printable ASCII
        case 2 -> sb.append((char) r.nextInt(0x80)); // any ASCII, controls included
        case 3 -> sb.append((char) (0x80 + r.nextInt(0x780))); // two UTF-8 bytes
        case 4 -> sb.append((char) (0x800 + r.nextInt(0xD800 - 0x800))); // three bytes
        case 5 -> sb.append((char) (0xE000 + r.nextInt(0x2000))); // three bytes, above surrogates
        case 6 -> sb.appendCodePoint(0x10000 + r.nextInt(0x100000)); // a surrogate pair
        default -> sb.append((char) (0xD800 + r.nextInt(0x800))); // a lone surrogate (mostly)
      }
    }
    return sb.toString();
  }

  @Test
  void longStrings() {
    SplittableRandom r = new SplittableRandom(SEED + 1);
    for (int n : new int[] {1023, 1024, 1025, 2047, 2048, 2049, 100_000}) {
      String ascii = "abcdefghij".repeat(n / 10 + 1).substring(0, n);
      sameValue(w -> w.string(ascii));
      String escapes = "\"\\\n\u0000".repeat(n / 4 + 1).substring(0, n);
      sameValue(w -> w.string(escapes));
      String mixed = randomString(r, n);
      sameValue(w -> w.string(mixed));
      String wide = "日".repeat(n);
      sameValue(w -> w.string(wide));
    }
  }

  // ---- numbers -------------------------------------------------------------------------------

  @Test
  void integers() {
    List<Long> longs =
        new ArrayList<>(
            List.of(
                Long.MIN_VALUE,
                Long.MAX_VALUE,
                0L,
                -1L,
                1L,
                (long) Integer.MIN_VALUE,
                (long) Integer.MAX_VALUE,
                Integer.MIN_VALUE - 1L,
                Integer.MAX_VALUE + 1L,
                Long.MIN_VALUE + 1));
    for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10; p *= 10) {
      longs.addAll(List.of(p, p - 1, p + 1, -p, -p + 1, -p - 1, p * 10 - 1));
    }
    SplittableRandom r = new SplittableRandom(SEED + 2);
    for (int i = 0; i < 2000; i++) {
      longs.add(r.nextLong() >> r.nextInt(64));
    }
    for (long v : longs) {
      sameValue(w -> w.int64(v));
      int i = (int) v;
      sameValue(w -> w.int32(i));
    }
  }

  @Test
  void doublesAndFloats() {
    List<Double> doubles =
        new ArrayList<>(
            List.of(
                0.0,
                -0.0,
                Double.MIN_VALUE,
                -Double.MIN_VALUE,
                Double.MIN_NORMAL,
                Math.nextDown(Double.MIN_NORMAL),
                Double.MAX_VALUE,
                -Double.MAX_VALUE,
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                0.1,
                0.2,
                0.3,
                1.0 / 3,
                1e21,
                1e22,
                1e23,
                1e-7,
                1e-6,
                1e-5,
                1e-3,
                1e7,
                9999999.0,
                10000000.0,
                123456789012.0,
                2.0,
                -1.5,
                4.35,
                5e-324,
                1.7976931348623157e308,
                2.2250738585072014e-308,
                9007199254740993.0,
                (double) Long.MAX_VALUE,
                Double.longBitsToDouble(0x7ff8000000000001L)));
    SplittableRandom r = new SplittableRandom(SEED + 3);
    for (int i = 0; i < 3000; i++) {
      doubles.add(Double.longBitsToDouble(r.nextLong())); // any bit pattern, NaNs included
      doubles.add(r.nextDouble() * Math.pow(10, r.nextInt(-30, 30)));
      doubles.add((double) r.nextInt(-1_000_000, 1_000_000) / 100);
    }
    for (double d : doubles) {
      sameValue(w -> w.float64(d));
      float f = (float) d;
      sameValue(w -> w.float32(f));
      sameValue(w -> w.any(f));
      float bits = Float.intBitsToFloat((int) Double.doubleToRawLongBits(d));
      sameValue(w -> w.float32(bits));
    }
  }

  @Test
  void decimalsAndBigIntegers() {
    List<BigDecimal> decimals =
        new ArrayList<>(
            List.of(
                BigDecimal.ZERO,
                new BigDecimal("0E-10"),
                new BigDecimal("0E+10"),
                new BigDecimal("1.50"),
                new BigDecimal("-0.000001"),
                new BigDecimal("-0.0000001"),
                new BigDecimal("1E+5000"),
                new BigDecimal("1E-5000"),
                new BigDecimal("123456789012345678901234567890.123456789"),
                new BigDecimal(new BigInteger("9".repeat(20_000)), 3)));
    SplittableRandom r = new SplittableRandom(SEED + 4);
    for (int i = 0; i < 2000; i++) {
      BigInteger unscaled = new BigInteger(r.nextInt(1, 400), new java.util.Random(r.nextLong()));
      if (r.nextBoolean()) {
        unscaled = unscaled.negate();
      }
      decimals.add(new BigDecimal(unscaled, r.nextInt(-60, 60)));
      decimals.add(new BigDecimal(unscaled, r.nextInt(-5000, 5000)));
    }
    for (BigDecimal d : decimals) {
      sameValue(w -> w.decimal(d));
      BigInteger i = d.unscaledValue();
      sameValue(w -> w.bigInteger(i));
      sameValue(w -> w.any(i));
    }
  }

  // ---- other scalars -------------------------------------------------------------------------

  @Test
  void instants() {
    List<Instant> instants =
        new ArrayList<>(
            List.of(
                Instant.MIN,
                Instant.MAX,
                Instant.EPOCH,
                Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("-0001-12-31T23:59:59Z"),
                Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("1969-12-31T23:59:59.999Z"),
                Instant.parse("2000-02-29T12:00:00.000001Z"),
                Instant.ofEpochSecond(-1, 1)));
    SplittableRandom r = new SplittableRandom(SEED + 5);
    for (int i = 0; i < 3000; i++) {
      long seconds =
          r.nextInt(4) == 0
              ? r.nextLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
              : r.nextLong(-62_167_219_200L - 1000, 253_402_300_799L + 1000);
      int nanos =
          switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> r.nextInt(1000) * 1_000_000;
            case 2 -> r.nextInt(1_000_000) * 1000;
            default -> r.nextInt(1_000_000_000);
          };
      instants.add(Instant.ofEpochSecond(seconds, nanos));
    }
    for (Instant t : instants) {
      sameValue(w -> w.instant(t));
    }
  }

  @Test
  void bytesBooleansNullAndTextTypes() {
    SplittableRandom r = new SplittableRandom(SEED + 6);
    for (int n = 0; n < 20; n++) {
      byte[] b = new byte[n];
      r.nextBytes(b);
      sameValue(w -> w.bytes(b));
    }
    for (int n : new int[] {3071, 3072, 3073, 3074, 10_000, 100_001}) {
      byte[] b = new byte[n];
      r.nextBytes(b);
      sameValue(w -> w.bytes(b));
    }
    sameValue(w -> w.bool(true));
    sameValue(w -> w.bool(false));
    sameValue(FieldWriter::nul);
    sameValue(w -> w.stringOrNull(null));
    sameValue(w -> w.stringOrNull("x"));
    UUID uuid = new UUID(r.nextLong(), r.nextLong());
    sameValue(w -> w.uuid(uuid));
    sameValue(w -> w.localDate(LocalDate.of(-5, 2, 3)));
    sameValue(w -> w.localDateTime(LocalDateTime.of(2024, 2, 29, 23, 59, 1, 5)));
    sameValue(w -> w.duration(Duration.ofSeconds(-1, 5)));
  }

  // ---- structure -----------------------------------------------------------------------------

  @Test
  void fieldNamesOfAModel() {
    for (int i = 0; i < NAMES.size(); i++) {
      FieldName a = NAMES.name(i);
      if (a.value().contains("\uD800")) {
        continue; // see aNameWithALoneSurrogate
      }
      for (int j = 0; j < NAMES.size() - 1; j++) {
        FieldName b = NAMES.name(j);
        same(
            w -> {
              w.beginObject();
              w.name(a);
              w.int32(1);
              w.name(b);
              w.beginObject();
              w.name(a);
              w.beginArray();
              w.endArray();
              w.endObject();
              w.endObject();
            });
      }
    }
  }

  @Test
  void aNameWithALoneSurrogate() {
    FieldName lone = NAMES.name(NAMES.size() - 1);
    Consumer<FieldWriter> writes =
        w -> {
          w.beginObject();
          w.name(lone);
          w.int32(1);
          w.endObject();
        };
    // A model's names are checked at compile time; one that got past is refused, naming it.
    assertThrows(IllegalArgumentException.class, () -> jacksonBytes(writes));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ours(writes, 64));
    assertTrue(e.getMessage().contains("lone\uD800surrogate"), e.getMessage());
    assertTrue(e.getMessage().contains("lone surrogate"), e.getMessage());
    // A dynamic name (a map key) holding one is refused in every mode, like a string value.
    Consumer<FieldWriter> dynamic =
        w -> {
          w.beginObject();
          w.name("lone\uD800surrogate");
          w.int32(1);
          w.endObject();
        };
    assertThrows(ValidationException.class, () -> jacksonBytes(dynamic));
    assertThrows(ValidationException.class, () -> ours(dynamic, 64));
    assertThrows(ValidationException.class, () -> oursText(dynamic, 64));
  }

  @Test
  void randomTrees() {
    SplittableRandom r = new SplittableRandom(SEED + 7);
    for (int i = 0; i < 1500; i++) {
      Object tree = randomTree(r, 0);
      sameValue(w -> w.any(tree));
    }
  }

  private static Object randomTree(SplittableRandom r, int depth) {
    int k = r.nextInt(depth > 5 ? 10 : 14);
    switch (k) {
      case 0:
        return null;
      case 1:
        return randomString(r, 12);
      case 2:
        return r.nextBoolean();
      case 3:
        return r.nextLong() >> r.nextInt(64);
      case 4:
        return r.nextInt();
      case 5:
        return Double.longBitsToDouble(r.nextLong());
      case 6:
        return (float) r.nextDouble();
      case 7:
        return BigDecimal.valueOf(r.nextLong(), r.nextInt(-20, 20));
      case 8:
        return BigInteger.valueOf(r.nextLong()).shiftLeft(r.nextInt(100));
      case 9:
        {
          byte[] b = new byte[r.nextInt(8)];
          r.nextBytes(b);
          return b;
        }
      case 10:
        return Instant.ofEpochSecond(r.nextLong(-1L << 36, 1L << 36), r.nextInt(1 << 29));
      case 11:
      case 12:
        {
          List<Object> list = new ArrayList<>();
          for (int n = r.nextInt(6); n > 0; n--) {
            list.add(randomTree(r, depth + 1));
          }
          return list;
        }
      default:
        {
          Map<String, Object> map = new LinkedHashMap<>();
          for (int n = r.nextInt(6); n > 0; n--) {
            map.put(randomString(r, 8), randomTree(r, depth + 1));
          }
          return map;
        }
    }
  }

  @Test
  void nestingUpToJacksonsLimit() {
    same(w -> nest(w, 1000));
    // One more: both refuse.
    assertThrows(LimitExceededException.class, () -> jacksonBytes(w -> nest(w, 1001)));
    LimitExceededException e =
        assertThrows(LimitExceededException.class, () -> ours(w -> nest(w, 1001), 64));
    assertTrue(e.getMessage().contains("nested 1001 deep"), e.getMessage());
  }

  private static void nest(FieldWriter w, int levels) {
    for (int i = 0; i < levels; i++) {
      if (i % 2 == 0) {
        w.beginArray();
      } else {
        w.beginObject();
        w.name(NAMES.name(1));
      }
    }
    w.string("deep");
    for (int i = levels - 1; i >= 0; i--) {
      if (i % 2 == 0) {
        w.endArray();
      } else {
        w.endObject();
      }
    }
  }

  @Test
  void misplacedCallsFailNamingWhatWasExpected() {
    assertMisplaced(
        "a value inside an object without a name",
        w -> {
          w.beginObject();
          w.int32(1);
        });
    assertMisplaced(
        "a value inside an object without a name",
        w -> {
          w.beginObject();
          w.name("a");
          w.int32(1);
          w.beginArray();
        });
    assertMisplaced("name \"a\" outside an object", w -> w.name("a"));
    assertMisplaced(
        "name \"id\" outside an object",
        w -> {
          w.beginArray();
          w.name(NAMES.name(0));
        });
    assertMisplaced(
        "name \"b\" right after another name",
        w -> {
          w.beginObject();
          w.name("a");
          w.name("b");
        });
    assertMisplaced(
        "endObject() inside an array",
        w -> {
          w.beginArray();
          w.endObject();
        });
    assertMisplaced(
        "endArray() after a name",
        w -> {
          w.beginObject();
          w.name("a");
          w.endArray();
        });
    assertMisplaced("endObject() outside any object or array", FieldWriter::endObject);
    assertMisplaced(
        "a second top-level value",
        w -> {
          w.nul();
          w.nul();
        });
    assertMisplaced(
        "1 object(s) or array(s) still open",
        w -> {
          w.beginObject();
          ((Utf8JsonWriter) w).toByteArray();
        });
    assertMisplaced("nothing was written", w -> ((Utf8JsonWriter) w).toByteArray());
  }

  private static void assertMisplaced(String message, Consumer<FieldWriter> writes) {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> writes.accept(new Utf8JsonWriter(16)));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  // ---- through JsonFormat --------------------------------------------------------------------

  @Test
  void textKeepsSurrogatePairsAsTheyAreAndRefusesLoneOnes() {
    String pair = "ab\uD83D\uDE00";
    assertEquals("\"ab\uD83D\uDE00\"", JsonFormat.encodeValueToString(Codecs.STRING, pair));
    assertEquals(
        "\"ab\\uD83D\\uDE00\"",
        new String(JsonFormat.encodeValue(Codecs.STRING, pair), StandardCharsets.UTF_8));
    String lone = "a\uDC00b";
    assertThrows(
        ValidationException.class, () -> JsonFormat.encodeValueToString(Codecs.STRING, lone));
    assertThrows(ValidationException.class, () -> JsonFormat.encodeValue(Codecs.STRING, lone));
  }

  @Test
  void anEncodeInsideAnEncodeGetsItsOwnBuffer() {
    ValueCodec<String> nested =
        new ValueCodec<>() {
          @Override
          public void write(String value, FieldWriter out) {
            out.beginArray();
            out.string(value);
            // Another document, written on the same thread while this one is open.
            out.string(
                new String(
                    JsonFormat.encodeValue(Codecs.STRING, value + "!"), StandardCharsets.UTF_8));
            out.endArray();
          }

          @Override
          public String read(FieldReader in) {
            throw new UnsupportedOperationException();
          }

          @Override
          public FieldType type() {
            return FieldType.STRING;
          }
        };
    assertEquals(
        "[\"x\",\"\\\"x!\\\"\"]",
        new String(JsonFormat.encodeValue(nested, "x"), StandardCharsets.UTF_8));
  }

  @Test
  void theThreadsBufferIsReusedButNotKeptWhenHuge() {
    Utf8JsonWriter first = Utf8JsonWriter.acquire(null);
    first.release();
    Utf8JsonWriter again = Utf8JsonWriter.acquire(null);
    assertSame(first, again);
    Utf8JsonWriter nested = Utf8JsonWriter.acquire(null);
    assertNotSame(again, nested);
    nested.release();
    // Large values still encode whole, and a failed encode leaves the writer ready.
    again.string("x".repeat(200_000));
    assertEquals(200_002, again.toByteArray().length);
    again.release();
    assertThrows(IllegalStateException.class, () -> JsonFormat.encodeValue(BROKEN, "y"));
    assertEquals("\"z\"", JsonFormat.encodeValueToString(Codecs.STRING, "z"));
  }

  private static final ValueCodec<String> BROKEN =
      new ValueCodec<>() {
        @Override
        public void write(String value, FieldWriter out) {
          out.beginObject();
          out.string(value); // no name
        }

        @Override
        public String read(FieldReader in) {
          throw new UnsupportedOperationException();
        }

        @Override
        public FieldType type() {
          return FieldType.STRING;
        }
      };

  @Test
  void aStreamGetsBoundedChunksHoweverLargeTheValue() {
    List<Integer> writes = new ArrayList<>();
    OutputStream out =
        new OutputStream() {
          @Override
          public void write(int b) {
            writes.add(1);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            writes.add(len);
          }
        };
    String big = "é\n".repeat(1_000_000);
    byte[] bytes = new byte[1_000_000];
    Utf8JsonWriter w = new Utf8JsonWriter(Utf8JsonWriter.INITIAL_SIZE).reset(out, false);
    w.beginArray();
    w.string(big);
    w.bytes(bytes);
    w.decimal(new BigDecimal(new BigInteger("7".repeat(50_000))));
    w.endArray();
    w.finish();
    int max = writes.stream().mapToInt(Integer::intValue).max().orElseThrow();
    assertTrue(max <= 8 * 1024, "a write of " + max + " bytes");
    assertTrue(writes.size() > 100, writes.size() + " writes");
  }

  @Test
  void namesKeepWorkingForJacksonsWriter() {
    FieldNames names = FieldNames.of("a", "b");
    // Our writer first: the jackson writer must accept what it cached.
    byte[] ours =
        ours(
            w -> {
              w.beginObject();
              w.name(names.name(0));
              w.nul();
              w.endObject();
            },
            64);
    assertTrue(names.name(0).formatCache() instanceof SerializableString);
    byte[] jackson =
        jacksonBytes(
            w -> {
              w.beginObject();
              w.name(names.name(0));
              w.nul();
              w.endObject();
            });
    assertArrayEquals(jackson, ours);
    // Jackson's first: ours replaces the cached form with one that serves both.
    jacksonBytes(
        w -> {
          w.beginObject();
          w.name(names.name(1));
          w.nul();
          w.endObject();
        });
    same(
        w -> {
          w.beginObject();
          w.name(names.name(1));
          w.nul();
          w.endObject();
        });
    assertTrue(names.name(1).formatCache() instanceof Utf8JsonWriter.EncodedName);
  }
}
