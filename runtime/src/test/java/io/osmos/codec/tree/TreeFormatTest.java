package io.osmos.codec.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.codec.Codecs;
import io.osmos.codec.FieldDescriptor;
import io.osmos.codec.FieldNames;
import io.osmos.codec.ValueCodec;
import io.osmos.exceptions.DecodeException;
import io.osmos.query.NumberProperty;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TreeFormatTest {
  private enum Color {
    RED,
    GREEN
  }

  @Test
  void scalarsKeepTheirTypeOrBecomeIsoText() {
    Instant t = Instant.parse("2026-01-02T03:04:05.123456789Z");
    assertEquals(t, TreeFormat.encodeValue(Codecs.INSTANT, t));
    assertEquals(42L, TreeFormat.encodeValue(Codecs.INT, 42));
    assertEquals(0.1, TreeFormat.encodeValue(Codecs.FLOAT, 0.1f));
    assertEquals(true, TreeFormat.encodeValue(Codecs.BOOLEAN, true));
    assertEquals(
        new BigDecimal("1.50"), TreeFormat.encodeValue(Codecs.DECIMAL, new BigDecimal("1.50")));
    assertEquals(
        new BigDecimal("12345678901234567890"),
        TreeFormat.encodeValue(Codecs.BIG_INTEGER, new BigInteger("12345678901234567890")));
    UUID u = UUID.randomUUID();
    assertEquals(u.toString(), TreeFormat.encodeValue(Codecs.UUID_CODEC, u));
    assertEquals("2026-01-02", TreeFormat.encodeValue(Codecs.LOCAL_DATE, LocalDate.of(2026, 1, 2)));
    assertEquals("PT1H", TreeFormat.encodeValue(Codecs.DURATION, Duration.ofHours(1)));
    assertEquals("GREEN", TreeFormat.encodeValue(Codecs.enumeration(Color.values()), Color.GREEN));
    assertNull(TreeFormat.encodeValue(Codecs.optional(Codecs.STRING), Optional.empty()));
    assertNull(TreeFormat.encodeValue(Codecs.STRING, null));

    // every one reads back
    assertEquals(u, TreeFormat.decodeValue(Codecs.UUID_CODEC, u.toString(), "u"));
    assertEquals(Duration.ofHours(1), TreeFormat.decodeValue(Codecs.DURATION, "PT1H", "d"));
    assertEquals(0.1f, TreeFormat.decodeValue(Codecs.FLOAT, 0.1, "f"));
    assertEquals(
        Color.GREEN, TreeFormat.decodeValue(Codecs.enumeration(Color.values()), "GREEN", "c"));
  }

  @Test
  void bytesAreCopiedBothWays() {
    byte[] b = {1, 2, 3};
    byte[] stored = (byte[]) TreeFormat.encodeValue(Codecs.BYTES, b);
    b[0] = 9;
    assertArrayEquals(new byte[] {1, 2, 3}, stored);
    byte[] read = TreeFormat.decodeValue(Codecs.BYTES, stored, "b");
    read[1] = 9;
    assertArrayEquals(new byte[] {1, 2, 3}, stored);
    assertArrayEquals(
        new byte[] {1, 2, 3},
        TreeFormat.decodeValue(
            Codecs.BYTES, Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}), "b"));
  }

  @Test
  void numbersOfAnyTypeAreAcceptedWhereTheyFit() {
    assertEquals(5L, TreeFormat.decodeValue(Codecs.LONG, 5, "n"));
    assertEquals(5L, TreeFormat.decodeValue(Codecs.LONG, BigInteger.valueOf(5), "n"));
    assertEquals(5L, TreeFormat.decodeValue(Codecs.LONG, new BigDecimal("5.00"), "n"));
    assertEquals(5L, TreeFormat.decodeValue(Codecs.LONG, 5.0, "n"));
    assertEquals(
        Long.MAX_VALUE,
        TreeFormat.decodeValue(Codecs.LONG, BigInteger.valueOf(Long.MAX_VALUE), "n"));
    assertEquals((short) 7, TreeFormat.decodeValue(Codecs.SHORT, 7L, "n"));
    assertEquals(2.5, TreeFormat.decodeValue(Codecs.DOUBLE, new BigDecimal("2.5"), "n"));
    assertEquals(3.0, TreeFormat.decodeValue(Codecs.DOUBLE, 3, "n"));
    assertTrue(Double.isNaN(TreeFormat.decodeValue(Codecs.DOUBLE, "NaN", "n")));
    assertEquals(new BigDecimal("0.1"), TreeFormat.decodeValue(Codecs.DECIMAL, 0.1, "n"));
    assertEquals(new BigDecimal("1.25"), TreeFormat.decodeValue(Codecs.DECIMAL, "1.25", "n"));
    assertEquals(BigInteger.TEN, TreeFormat.decodeValue(Codecs.BIG_INTEGER, 10, "n"));

    DecodeException frac =
        assertThrows(
            DecodeException.class, () -> TreeFormat.decodeValue(Codecs.LONG, 1.5, "count"));
    assertEquals("count", frac.path());
    assertEquals("cannot decode field 'count': expected integer but found 1.5", frac.getMessage());
    DecodeException big =
        assertThrows(
            DecodeException.class,
            () ->
                TreeFormat.decodeValue(
                    Codecs.LONG, BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE), "n"));
    assertTrue(big.getMessage().contains("9223372036854775808"), big.getMessage());
    DecodeException narrow =
        assertThrows(
            DecodeException.class, () -> TreeFormat.decodeValue(Codecs.INT, 1L << 40, "n"));
    assertEquals("int", narrow.expected());
    assertThrows(DecodeException.class, () -> TreeFormat.decodeValue(Codecs.LONG, "5", "n"));
    assertThrows(DecodeException.class, () -> TreeFormat.decodeValue(Codecs.BOOLEAN, 1L, "n"));
  }

  @Test
  void instantsAndDatesAreAcceptedInTheFormsClientsReturn() {
    Instant t = Instant.parse("2026-01-02T03:04:05Z");
    assertEquals(
        t,
        TreeFormat.decodeValue(
            Codecs.INSTANT, OffsetDateTime.ofInstant(t, ZoneOffset.ofHours(2)), "t"));
    assertEquals(t, TreeFormat.decodeValue(Codecs.INSTANT, Date.from(t), "t"));
    assertEquals(t, TreeFormat.decodeValue(Codecs.INSTANT, "2026-01-02T03:04:05Z", "t"));
    assertEquals(t, TreeFormat.decodeValue(Codecs.INSTANT, "2026-01-02T05:04:05+02:00", "t"));
    assertEquals(
        LocalDate.of(2026, 1, 2),
        TreeFormat.decodeValue(Codecs.LOCAL_DATE, LocalDate.of(2026, 1, 2), "d"));
    UUID u = UUID.randomUUID();
    assertEquals(u, TreeFormat.decodeValue(Codecs.UUID_CODEC, u, "u"));
    DecodeException e =
        assertThrows(
            DecodeException.class, () -> TreeFormat.decodeValue(Codecs.INSTANT, 12L, "at"));
    assertTrue(
        e.getMessage().startsWith("cannot decode field 'at': expected instant"), e.getMessage());
    assertThrows(
        DecodeException.class, () -> TreeFormat.decodeValue(Codecs.UUID_CODEC, "1-1-1-1-1", "u"));
  }

  @Test
  void unknownFieldsCanBeKeptAsDeepCopies() {
    List<Object> inner = new ArrayList<>(List.of(1L));
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("a", 1L);
    source.put("extra", new LinkedHashMap<>(Map.of("n", inner)));
    TreeReader r = new TreeReader(source);
    FieldNames names = FieldNames.of("a");
    Map<String, Object> extra = new LinkedHashMap<>();
    r.beginObject();
    assertEquals(0, r.nextField(names, extra));
    assertEquals(1L, r.int64());
    assertEquals(-1, r.nextField(names, extra));
    assertEquals(Map.of("extra", Map.of("n", List.of(1L))), extra);
    inner.add(2L);
    assertEquals(Map.of("extra", Map.of("n", List.of(1L))), extra);
  }

  @Test
  void theWriterRejectsMisnestedCalls() {
    TreeWriter w = new TreeWriter();
    w.beginObject();
    assertThrows(IllegalStateException.class, () -> w.string("no name"));
    assertThrows(IllegalStateException.class, w::result);
    w.name("a");
    assertThrows(IllegalStateException.class, () -> w.name("b"));
    w.any(List.of(1, "two", Map.of("x", true)));
    w.endObject();
    assertEquals(Map.of("a", List.of(1L, "two", Map.of("x", true))), w.result());
    assertThrows(IllegalStateException.class, w::beginObject);
  }

  @Test
  void anIncrementAddsWithTheFieldsArithmetic() {
    NumberProperty<Object, Integer> visits = number("visits", Codecs.INT);
    NumberProperty<Object, Long> points = number("points", Codecs.LONG);
    assertEquals(8L, TreeFormat.increment(visits, 3L, 5), "int");
    assertEquals(5L, TreeFormat.increment(points, null, 5L), "null counts as 0");
    assertEquals(2.0, TreeFormat.increment(number("score", Codecs.DOUBLE), 1.5, 0.5), "double");
    assertEquals(
        0.3,
        TreeFormat.increment(number(Codecs.FLOAT), 0.1, 0.2f),
        "a float sum is stored as the float's decimal string");
    assertEquals(
        new BigDecimal("1.25"),
        TreeFormat.increment(number(Codecs.DECIMAL), new BigDecimal("1"), new BigDecimal(".25")));
    assertEquals(
        new BigDecimal("12"),
        TreeFormat.increment(number(Codecs.BIG_INTEGER), new BigDecimal("10"), BigInteger.TWO));

    assertEquals(
        "cannot increment the integer field 'visits' by 0.5",
        assertThrows(IllegalArgumentException.class, () -> TreeFormat.increment(visits, 1L, 0.5))
            .getMessage());
    assertEquals(
        "cannot increment the integer field 'amount' by 0.5",
        assertThrows(
                IllegalArgumentException.class,
                () -> TreeFormat.increment(number(Codecs.BIG_INTEGER), null, new BigDecimal("0.5")))
            .getMessage());
    assertEquals(
        "incrementing 'points' (" + Long.MAX_VALUE + ") by 1 overflows a long",
        assertThrows(
                IllegalArgumentException.class,
                () -> TreeFormat.increment(points, Long.MAX_VALUE, 1L))
            .getMessage());
    assertEquals(
        "incrementing 'visits' (" + Integer.MAX_VALUE + ") by 1 leaves the int range",
        assertThrows(
                IllegalArgumentException.class,
                () -> TreeFormat.increment(visits, (long) Integer.MAX_VALUE, 1))
            .getMessage());
    assertThrows(
        DecodeException.class,
        () -> TreeFormat.increment(visits, "x", 1),
        "a stored value that is no number");
  }

  /** A numeric field "amount" with {@code codec}. */
  private static <V extends Number & Comparable<? super V>> NumberProperty<Object, V> number(
      ValueCodec<V> codec) {
    return number("amount", codec);
  }

  /** A numeric field {@code name} with {@code codec}. */
  private static <V extends Number & Comparable<? super V>> NumberProperty<Object, V> number(
      String name, ValueCodec<V> codec) {
    return new NumberProperty<>(
        new FieldDescriptor(0, name, name, codec.type(), true, FieldDescriptor.Role.PLAIN, false),
        codec,
        a -> null);
  }
}
