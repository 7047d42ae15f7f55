package io.osmos.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class TupleKeyTest {
  private final Random random = new Random(20240501);

  private enum Color {
    RED,
    GREEN
  }

  // ---- round trips --------------------------------------------------------------------------

  @Test
  void everyElementTypeRoundTrips() {
    UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    Instant instant = Instant.parse("2024-05-01T10:15:30.123456789Z");
    LocalDate date = LocalDate.of(1969, 12, 31);
    LocalDateTime dateTime = LocalDateTime.of(2024, 2, 29, 23, 59, 59, 999_999_999);
    Object[] tuple = {
      null,
      "",
      "a\0b\0",
      "😀 中文",
      new byte[] {0, (byte) 0xFF, 0, 1},
      new byte[0],
      0L,
      1L,
      -1L,
      Long.MIN_VALUE,
      Long.MAX_VALUE,
      true,
      false,
      -0.0,
      Double.NaN,
      Double.NEGATIVE_INFINITY,
      1.5,
      uuid,
      instant,
      Instant.MIN,
      Instant.MAX,
      date,
      LocalDate.MIN,
      LocalDate.MAX,
      dateTime
    };
    Object[] back = TupleKey.decode(TupleKey.encode(tuple));
    assertEquals(tuple.length, back.length);
    for (int i = 0; i < tuple.length; i++) {
      if (tuple[i] instanceof byte[] b) {
        assertArrayEquals(b, (byte[]) back[i], "element " + i);
      } else {
        assertEquals(tuple[i], back[i], "element " + i);
      }
    }
  }

  @Test
  void maxEncodedSizeBoundsEveryEncoding() {
    Object[] elements = {
      null,
      "",
      "a\0b\0",
      "\0\0\0",
      "😀 中文",
      "ü".repeat(500),
      "x".repeat(1024),
      new byte[] {0, 0, 0},
      new byte[0],
      0L,
      Long.MIN_VALUE,
      Long.MAX_VALUE,
      7,
      (short) -1,
      (byte) 3,
      true,
      false,
      -0.0,
      2.5f,
      'x',
      '\0',
      UUID.randomUUID(),
      Instant.MAX,
      Instant.MIN,
      LocalDate.MAX,
      LocalDateTime.MIN,
      Color.GREEN
    };
    for (Object e : elements) {
      int exact = TupleKey.encode(e).length;
      int bound = TupleKey.maxEncodedSize(e);
      assertTrue(bound >= exact, e + ": bound " + bound + " < encoded " + exact);
    }
    for (int i = 0; i < 1000; i++) {
      Object[] tuple = {randomText(), random.nextLong(), randomText()};
      assertTrue(TupleKey.maxEncodedSize(tuple) >= TupleKey.encode(tuple).length);
    }
    assertEquals(Integer.MAX_VALUE, TupleKey.maxEncodedSize(new BigDecimal("1")));
  }

  private String randomText() {
    StringBuilder b = new StringBuilder();
    int n = random.nextInt(40);
    for (int i = 0; i < n; i++) {
      b.appendCodePoint(random.nextInt(4) == 0 ? random.nextInt(0x10FFFF) : random.nextInt(0x80));
    }
    return b.toString();
  }

  @Test
  void narrowerTypesComeBackWidened() {
    Object[] back =
        TupleKey.decode(TupleKey.encode((byte) -3, (short) 300, 70_000, 2.5f, 'x', Color.GREEN));
    assertArrayEquals(new Object[] {-3L, 300L, 70_000L, 2.5, "x", "GREEN"}, back);
    assertArrayEquals(TupleKey.encode(5L, "GREEN"), TupleKey.encode(List.of(5, Color.GREEN)));
  }

  @Test
  void integersRoundTripAcrossEveryByteLength() {
    for (long v : interestingLongs()) {
      assertEquals(v, TupleKey.decode(TupleKey.encode(v))[0], () -> "value " + v);
    }
    for (int i = 0; i < 10_000; i++) {
      long v = randomLong();
      assertEquals(v, TupleKey.decode(TupleKey.encode(v))[0], () -> "value " + v);
    }
  }

  @Test
  void doublesRoundTripBitForBit() {
    for (int i = 0; i < 10_000; i++) {
      double d = Double.longBitsToDouble(random.nextLong());
      Object back = TupleKey.decode(TupleKey.encode(d))[0];
      if (Double.isNaN(d)) {
        assertTrue(Double.isNaN((Double) back));
      } else {
        assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits((Double) back));
      }
    }
  }

  @Test
  void unsupportedTypesAreRejectedWithTheSupportedOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TupleKey.encode(BigDecimal.ONE));
    assertTrue(e.getMessage().contains("java.math.BigDecimal"), e.getMessage());
    assertTrue(e.getMessage().contains("strings, integers"), e.getMessage());
  }

  // ---- order --------------------------------------------------------------------------------

  /** For random pairs, the encodings compare like the values. */
  private <V> void assertOrderPreserved(
      List<V> interesting, Supplier<V> randomValue, Comparator<? super V> order) {
    List<V> values = new ArrayList<>(interesting);
    for (int i = 0; i < 300; i++) {
      values.add(randomValue.get());
    }
    for (V a : values) {
      for (int i = 0; i < 40; i++) {
        V b = values.get(random.nextInt(values.size()));
        int expected = Integer.signum(order.compare(a, b));
        int actual = Integer.signum(TupleKey.compare(TupleKey.encode(a), TupleKey.encode(b)));
        assertEquals(expected, actual, () -> show(a) + " vs " + show(b));
      }
    }
    // Also every pair of the interesting values (boundaries next to each other).
    for (V a : interesting) {
      for (V b : interesting) {
        assertEquals(
            Integer.signum(order.compare(a, b)),
            Integer.signum(TupleKey.compare(TupleKey.encode(a), TupleKey.encode(b))),
            () -> show(a) + " vs " + show(b));
      }
    }
  }

  private static String show(Object o) {
    if (o instanceof String s) {
      return "\"" + s + "\" " + s.codePoints().boxed().toList();
    }
    if (o instanceof byte[] b) {
      return Arrays.toString(b);
    }
    return String.valueOf(o);
  }

  private List<Long> interestingLongs() {
    List<Long> values =
        new ArrayList<>(
            List.of(
                0L,
                1L,
                -1L,
                Long.MIN_VALUE,
                Long.MAX_VALUE,
                Long.MIN_VALUE + 1,
                Long.MAX_VALUE - 1));
    for (int bits = 8; bits < 64; bits += 8) {
      long edge = 1L << bits;
      values.addAll(List.of(edge - 1, edge, edge + 1, -edge + 1, -edge, -edge - 1));
    }
    return values;
  }

  /** Spread over every encoded length: a random long shifted right by 0..63 bits, either sign. */
  private long randomLong() {
    long v = random.nextLong() >>> random.nextInt(64);
    return random.nextBoolean() ? v : -v;
  }

  @Test
  void integersOrderLikeLongs() {
    assertOrderPreserved(interestingLongs(), this::randomLong, Comparator.naturalOrder());
  }

  @Test
  void doublesOrderTotallyWithNegativeZeroBeforeZeroAndNaNLast() {
    List<Double> interesting =
        List.of(
            -0.0,
            0.0,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE,
            -Double.MIN_VALUE,
            Double.MAX_VALUE,
            -Double.MAX_VALUE,
            Double.MIN_NORMAL,
            1.0,
            -1.0,
            0.1,
            -0.1);
    // Double.compare is that total order: -0.0 < 0.0, every NaN equal and above +Infinity.
    assertOrderPreserved(
        interesting, () -> Double.longBitsToDouble(random.nextLong()), Double::compare);
    assertOrderPreserved(interesting, () -> random.nextGaussian() * 1e6, Double::compare);
    assertTrue(TupleKey.compare(TupleKey.encode(-0.0), TupleKey.encode(0.0)) < 0);
    assertTrue(
        TupleKey.compare(TupleKey.encode(Double.POSITIVE_INFINITY), TupleKey.encode(Double.NaN))
            < 0);
  }

  /** Strings order by code point (as UTF-8 bytes do), not by UTF-16 unit like compareTo. */
  private static int compareCodePoints(String a, String b) {
    return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
  }

  @Test
  void stringsOrderByCodePointIncludingNulAndSurrogates() {
    String[] alphabet = {
      "\0", "\u0001", "a", "b", "\u00FF", "\u0100", "\uE000", "\uFFFF", "😀", "𝄞", "\0\0"
    };
    Supplier<String> randomString =
        () -> {
          StringBuilder b = new StringBuilder();
          int n = random.nextInt(6);
          for (int i = 0; i < n; i++) {
            b.append(alphabet[random.nextInt(alphabet.length)]);
          }
          return b.toString();
        };
    List<String> interesting =
        List.of(
            "", "\0", "\0\0", "a", "a\0", "a\0a", "a\u0001", "ab", "\uE000", "😀", "\uFFFF", "𝄞a");
    assertOrderPreserved(interesting, randomString, TupleKeyTest::compareCodePoints);
    // UTF-16 order would put U+1F600 (a surrogate pair) before U+E000; code point order after.
    assertTrue(TupleKey.compare(TupleKey.encode("\uE000"), TupleKey.encode("😀")) < 0);
  }

  @Test
  void bytesOrderAsUnsigned() {
    Supplier<byte[]> randomBytes =
        () -> {
          byte[] b = new byte[random.nextInt(5)];
          for (int i = 0; i < b.length; i++) {
            b[i] = (byte) new int[] {0, 1, 0x7F, 0x80, 0xFE, 0xFF}[random.nextInt(6)];
          }
          return b;
        };
    assertOrderPreserved(
        List.of(
            new byte[0],
            new byte[] {0},
            new byte[] {0, 0},
            new byte[] {(byte) 0xFF},
            new byte[] {0, (byte) 0xFF}),
        randomBytes,
        Arrays::compareUnsigned);
  }

  @Test
  void otherTypesOrderNaturally() {
    assertOrderPreserved(List.of(false, true), random::nextBoolean, Comparator.naturalOrder());
    assertOrderPreserved(
        List.of(
            new UUID(0, 0),
            new UUID(-1, -1),
            new UUID(Long.MIN_VALUE, 0),
            new UUID(Long.MAX_VALUE, Long.MIN_VALUE)),
        () -> new UUID(random.nextLong(), random.nextLong()),
        // Unsigned, as their text sorts; UUID.compareTo compares signed halves.
        Comparator.comparing(UUID::toString));
    assertOrderPreserved(
        List.of(
            Instant.EPOCH,
            Instant.MIN,
            Instant.MAX,
            Instant.EPOCH.minusNanos(1),
            Instant.EPOCH.plusNanos(1)),
        () ->
            Instant.ofEpochSecond(
                random.nextLong() % 10_000_000_000L, random.nextInt(1_000_000_000)),
        Comparator.naturalOrder());
    assertOrderPreserved(
        List.of(LocalDate.MIN, LocalDate.MAX, LocalDate.EPOCH, LocalDate.EPOCH.minusDays(1)),
        () -> LocalDate.ofEpochDay(random.nextInt() / 10),
        Comparator.naturalOrder());
    LocalDateTime base = LocalDateTime.of(2000, 1, 1, 0, 0);
    assertOrderPreserved(
        List.of(LocalDateTime.MIN, LocalDateTime.MAX, base, base.minusNanos(1)),
        () ->
            base.plus(random.nextLong() % 1_000_000_000_000L, ChronoUnit.MILLIS)
                .plusNanos(random.nextInt(1_000_000)),
        Comparator.naturalOrder());
  }

  @Test
  void tuplesOrderElementByElement() {
    List<Object[]> sorted =
        List.of(
            new Object[] {null},
            new Object[] {"a"},
            new Object[] {"a", null},
            new Object[] {"a", -1L},
            new Object[] {"a", 5L},
            new Object[] {"a", 10L},
            new Object[] {"a\0", Long.MIN_VALUE},
            new Object[] {"ab", -1L},
            new Object[] {"b", Long.MIN_VALUE});
    for (int i = 0; i + 1 < sorted.size(); i++) {
      byte[] a = TupleKey.encode(sorted.get(i));
      byte[] b = TupleKey.encode(sorted.get(i + 1));
      assertTrue(TupleKey.compare(a, b) < 0, i + ": " + Arrays.toString(sorted.get(i)));
    }
  }

  // ---- prefixes -----------------------------------------------------------------------------

  @Test
  void aStringPrefixRangeHoldsExactlyTheStringsStartingWithIt() {
    Object[] leading = {"tenant", 7L};
    byte[] start = TupleKey.stringPrefix(leading, "ab");
    byte[] end = TupleKey.prefixEnd(start);
    for (String s :
        List.of(
            "ab",
            "ab\0",
            "abc",
            "ab\uFFFF",
            "ab😀",
            "a",
            "aa",
            "a\uFFFF",
            "b",
            "ac",
            "",
            "AB",
            "a\0b")) {
      byte[] key = TupleKey.encode("tenant", 7L, s, "more");
      boolean inRange = TupleKey.compare(start, key) <= 0 && TupleKey.compare(key, end) < 0;
      assertEquals(s.startsWith("ab"), inRange, () -> show(s));
    }
    // Another leading element is outside the range.
    byte[] other = TupleKey.encode("tenant", 8L, "ab");
    assertTrue(TupleKey.compare(other, end) >= 0);
  }

  @Test
  void prefixEndAndSuccessor() {
    assertArrayEquals(new byte[] {1, 3}, TupleKey.prefixEnd(new byte[] {1, 2}));
    assertArrayEquals(new byte[] {2}, TupleKey.prefixEnd(new byte[] {1, (byte) 0xFF}));
    assertArrayEquals(
        new byte[] {1, 1}, TupleKey.prefixEnd(new byte[] {1, 0, (byte) 0xFF, (byte) 0xFF}));
    assertNull(TupleKey.prefixEnd(new byte[] {(byte) 0xFF, (byte) 0xFF}));
    assertNull(TupleKey.prefixEnd(new byte[0]));
    byte[] key = TupleKey.encode("k");
    byte[] next = TupleKey.successor(key);
    assertTrue(TupleKey.compare(key, next) < 0);
    assertTrue(TupleKey.compare(next, TupleKey.encode("k\0")) < 0); // nothing fits between
  }

  // ---- decode errors ------------------------------------------------------------------------

  private static void assertRejected(String expectedMessagePart, int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TupleKey.decode(b));
    assertTrue(e.getMessage().contains(expectedMessagePart), e.getMessage());
  }

  @Test
  void bytesThatAreNotAnEncodingAreRejected() {
    assertRejected("unknown type code 0x5 at byte 0", 0x05);
    assertRejected("unknown type code 0xff at byte 2", 0x15, 0x01, 0xFF);
    assertRejected("truncated", 0x21, 0x80, 0x00);
    assertRejected("truncated", 0x02, 'a', 'b');
    assertRejected("truncated", 0x01, 0x00, 0xFF);
    assertRejected("truncated", 0x16, 0x01);
    assertRejected("truncated", 0x30, 1, 2, 3);
    assertRejected("truncated", 0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    // Eight magnitude bytes beyond the long range, either sign.
    assertRejected("long range", 0x1C, 0x80, 0, 0, 0, 0, 0, 0, 0);
    assertRejected("long range", 0x0C, 0x00, 0, 0, 0, 0, 0, 0, 0);
    assertRejected("long range", 0x0C, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE);
    // Seconds beyond what an Instant or a LocalDate can hold.
    assertRejected(
        "out of range", 0x40, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0);
    assertRejected("out of range", 0x41, 0x00, 0, 0, 0, 0, 0, 0, 0);
  }

  @Test
  void theEncodingOfAStringIsItsUtf8Escaped() {
    byte[] expected = {0x02, 'a', 0x00, (byte) 0xFF, (byte) 0xC3, (byte) 0xA9, 0x00};
    assertArrayEquals(expected, TupleKey.encode("a\0é"));
    assertArrayEquals("é".getBytes(StandardCharsets.UTF_8), Arrays.copyOfRange(expected, 4, 6));
  }

  @Test
  void validUnicodeTextKeepsTheLayoutOfItsUtf8() {
    // Data stored before lone surrogates got an encoding of their own must still be found.
    List<String> texts =
        new ArrayList<>(
            List.of(
                "",
                "\0",
                "a\0\0b",
                "\u007F\u0080",
                "\u07FF\u0800",
                "\uD7FF\uE000\uFFFF",
                "😀𝄞",
                "\uDBFF\uDFFF"));
    for (int i = 0; i < 2000; i++) {
      String t = randomText();
      if (t.codePoints()
          .noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
        texts.add(t);
      }
    }
    for (String s : texts) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      assertArrayEquals(utf8, TupleKey.utf8(s), () -> show(s));
      java.io.ByteArrayOutputStream legacy = new java.io.ByteArrayOutputStream();
      legacy.write(0x02);
      for (byte b : utf8) {
        legacy.write(b);
        if (b == 0) {
          legacy.write(0xFF);
        }
      }
      legacy.write(0x00);
      assertArrayEquals(legacy.toByteArray(), TupleKey.encode(s), () -> show(s));
    }
  }

  @Test
  void loneSurrogatesAreTheirOwnCodePointsNotQuestionMarks() {
    // UTF-8 cannot hold them and String.getBytes writes '?': "\uD800" and "?" would be one key.
    for (String lone :
        List.of("\uD800", "\uDBFF", "\uDC00", "\uDFFF", "a\uD83D", "\uDE00a", "\uDE00\uD83D")) {
      assertEquals(lone, TupleKey.decode(TupleKey.encode(lone))[0], () -> show(lone));
      assertEquals(lone, TupleKey.fromUtf8(TupleKey.utf8(lone)), () -> show(lone));
      assertFalse(
          Arrays.equals(
              TupleKey.encode(lone), TupleKey.encode(lone.replaceAll("[\uD800-\uDFFF]", "?"))),
          () -> show(lone));
    }
    assertArrayEquals(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, TupleKey.utf8("\uD800"));
    // Between U+D7FF and U+E000, as their code points are.
    assertTrue(TupleKey.compare(TupleKey.encode("\uD7FF"), TupleKey.encode("\uD800")) < 0);
    assertTrue(TupleKey.compare(TupleKey.encode("\uDFFF"), TupleKey.encode("\uE000")) < 0);
  }

  @Test
  void textThatIsNotWhatTheEncoderWritesIsRejected() {
    assertRejected("not UTF-8", 0x02, 0xC0, 0x80, 0x00); // overlong NUL
    assertRejected("not UTF-8", 0x02, 0xE0, 0x80, 0x80, 0x00); // overlong
    assertRejected("not UTF-8", 0x02, 0xF4, 0x90, 0x80, 0x80, 0x00); // beyond U+10FFFF
    assertRejected("not UTF-8", 0x02, 0x80, 0x00); // a continuation byte first
    assertRejected("not UTF-8", 0x02, 0xC3, 0x00); // cut short
    assertRejected("not UTF-8", 0x02, 0xFE, 0x00);
    // A pair as two halves of three bytes each: the encoder writes its four-byte form.
    assertRejected("not UTF-8", 0x02, 0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80, 0x00);
    assertEquals(
        "\uD83D\uDE00",
        TupleKey.decode(
            new byte[] {0x02, (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80, 0x00})[0]);
    // U+FFFD itself is text like any other.
    assertEquals("a\uFFFDb", TupleKey.decode(TupleKey.encode("a\uFFFDb"))[0]);
    assertThrows(
        IllegalArgumentException.class, () -> TupleKey.fromUtf8(new byte[] {'a', (byte) 0xFF}));
  }

  @Test
  void afterElementsEndsTheEncodingsThatStartWithThem() {
    byte[] a = TupleKey.encode("a");
    byte[] end = TupleKey.afterElements(a);
    assertTrue(TupleKey.compare(TupleKey.encode("a", Long.MAX_VALUE), end) < 0);
    assertTrue(TupleKey.compare(TupleKey.encode("a", new byte[] {(byte) 0xFF}), end) < 0);
    assertTrue(TupleKey.compare(TupleKey.encode("a\0"), end) >= 0, "a longer string");
    assertTrue(TupleKey.compare(TupleKey.encode("a\0", 1L), end) >= 0);
    assertTrue(TupleKey.compare(TupleKey.encode("a\u0001"), end) >= 0);
    // What prefixEnd gives instead holds "a\0" (its bytes start with those of "a").
    assertTrue(TupleKey.compare(TupleKey.encode("a\0"), TupleKey.prefixEnd(a)) < 0);
  }
}
