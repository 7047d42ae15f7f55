package io.osmos.codec.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoInstantTest {
  private static final long MIN = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
  private static final long MAX = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

  private static String format(Instant t) {
    char[] buf = new char[IsoInstant.MAX_LENGTH];
    int n = IsoInstant.format(t, buf);
    return n < 0 ? null : new String(buf, 0, n);
  }

  private static Instant parse(String s) {
    return IsoInstant.parse(s.toCharArray(), 0, s.length());
  }

  @Test
  void textHelpersAreExactlyToStringAndParse() {
    Random random = new Random(7);
    List<Instant> extremes =
        List.of(
            Instant.MIN,
            Instant.MAX,
            Instant.EPOCH,
            Instant.parse("-0001-12-31T23:59:59.999999999Z"),
            Instant.parse("+10000-01-01T00:00:00Z"));
    for (Instant t : extremes) {
      assertEquals(t.toString(), IsoInstant.toText(t));
      assertEquals(t, IsoInstant.fromText(t.toString()));
    }
    for (int i = 0; i < 20_000; i++) {
      Instant t =
          Instant.ofEpochSecond(
              MIN + Math.floorMod(random.nextLong(), MAX - MIN + 1), random.nextInt(1_000_000_000));
      assertEquals(t.toString(), IsoInstant.toText(t));
      assertEquals(t, IsoInstant.fromText(t.toString()));
    }
    // Forms only Instant.parse accepts still parse; bad text fails as Instant.parse fails.
    assertEquals(
        Instant.parse("2024-05-01T10:15:30+02:00"),
        IsoInstant.fromText("2024-05-01T10:15:30+02:00"));
    org.junit.jupiter.api.Assertions.assertThrows(
        java.time.format.DateTimeParseException.class,
        () -> IsoInstant.fromText("2024-02-30T10:15:30Z"));
    org.junit.jupiter.api.Assertions.assertThrows(
        java.time.format.DateTimeParseException.class, () -> IsoInstant.fromText("yesterday"));
  }

  @Test
  void formatsExactlyLikeInstantToStringAndParsesBack() {
    Random random = new Random(42);
    for (int i = 0; i < 200_000; i++) {
      long seconds = MIN + Math.floorMod(random.nextLong(), MAX - MIN + 1);
      int nano;
      switch (i % 4) {
        case 0 -> nano = 0;
        case 1 -> nano = random.nextInt(1000) * 1_000_000;
        case 2 -> nano = random.nextInt(1_000_000) * 1000;
        default -> nano = random.nextInt(1_000_000_000);
      }
      Instant t = Instant.ofEpochSecond(seconds, nano);
      String text = format(t);
      assertEquals(t.toString(), text);
      assertEquals(t, parse(text));
    }
  }

  @Test
  void formatsTheEdgesOfTheFastRange() {
    for (String s :
        List.of(
            "0000-01-01T00:00:00Z",
            "0000-02-29T23:59:59.999Z",
            "1969-12-31T23:59:59.999999999Z",
            "1970-01-01T00:00:00Z",
            "2000-02-29T00:00:00.000001Z",
            "2100-03-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z")) {
      Instant t = Instant.parse(s);
      assertEquals(s, format(t));
      assertEquals(t, parse(s));
    }
    assertNull(format(Instant.parse("-0001-12-31T23:59:59.999999999Z")));
    assertNull(format(Instant.parse("+10000-01-01T00:00:00Z")));
    assertNull(format(Instant.MIN));
    assertNull(format(Instant.MAX));
  }

  @Test
  void parsesEveryFractionLength() {
    String digits = "123456789";
    for (int n = 1; n <= 9; n++) {
      String s = "2024-05-01T10:15:30." + digits.substring(0, n) + "Z";
      assertEquals(Instant.parse(s), parse(s), s);
    }
  }

  /** Where the fast path declines, Instant.parse decides; where it accepts, they agree. */
  @Test
  void agreesWithInstantParseOnDatesAndTimesValidOrNot() {
    Random random = new Random(7);
    for (int i = 0; i < 100_000; i++) {
      String s =
          String.format(
              "%04d-%02d-%02dT%02d:%02d:%02dZ",
              random.nextInt(10_000),
              random.nextInt(14),
              random.nextInt(33),
              random.nextInt(26),
              random.nextInt(62),
              random.nextInt(62));
      Instant expected;
      try {
        expected = Instant.parse(s);
      } catch (DateTimeException e) {
        expected = null;
      }
      Instant fast = parse(s);
      if (fast != null) {
        assertEquals(expected, fast, s);
      }
    }
  }

  @Test
  void declinesOtherForms() {
    for (String s :
        List.of(
            "",
            "2024-05-01",
            "2024-05-01T10:15Z",
            "2024-05-01T10:15:30",
            "2024-05-01T10:15:30z",
            "2024-05-01t10:15:30Z",
            "2024-05-01T10:15:30+01:00",
            "2024-05-01T10:15:30.Z",
            "2024-05-01T10:15:30.1234567890Z",
            "2024-05-01T10:15:30,5Z",
            "2024-13-01T10:15:30Z",
            "2023-02-29T10:15:30Z",
            "2024-04-31T10:15:30Z",
            "2024-05-01T24:00:00Z",
            "2024-05-01T23:59:60Z",
            "2024-05-01T23:60:00Z",
            "2024-05-00T10:15:30Z",
            "+2024-05-01T10:15:30Z",
            "2O24-05-01T10:15:30Z",
            "2024-05-01T10:15:3aZ",
            "2024-05-01T10:15:30.12a4Z")) {
      assertNull(parse(s), s);
    }
  }
}
