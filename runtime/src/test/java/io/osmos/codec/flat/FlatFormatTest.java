package io.osmos.codec.flat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osmos.codec.Codecs;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link FlatFormat} on single values. The format on a generated model is tested in the
 * runtime-tests module (FlatFormatModelTest), where models are compiled.
 */
class FlatFormatTest {
  private enum Level {
    LOW,
    HIGH
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0",
        "1.50",
        "-0.000",
        "0.0000001",
        "1E+3",
        "1E-5000",
        "1E+5000",
        "-12.345",
        "3.14159265358979323846264338327950288419716939937510582097494459230781640628620899"
      })
  void decimalsAreExactPlainTextWherePossible(String text) {
    BigDecimal d = new BigDecimal(text);
    String stored = FlatFormat.encodeValue(Codecs.DECIMAL, d);
    if (d.scale() >= 0 && d.scale() <= 100) {
      assertEquals(d.toPlainString(), stored);
    }
    BigDecimal back = FlatFormat.decodeValue(Codecs.DECIMAL, stored, "balance");
    assertEquals(d, back);
    assertEquals(d.scale(), back.scale());
  }

  @Test
  void everyScalarTypeHasItsTextForm() {
    assertEquals(
        "2024-05-01T10:15:30Z",
        FlatFormat.encodeValue(Codecs.INSTANT, Instant.parse("2024-05-01T10:15:30Z")));
    assertEquals(
        "AAEC/4A=",
        FlatFormat.encodeValue(Codecs.BYTES, new byte[] {0, 1, 2, (byte) 0xFF, (byte) 0x80}));
    assertEquals("", FlatFormat.encodeValue(Codecs.BYTES, new byte[0]));
    assertEquals("HIGH", FlatFormat.encodeValue(Codecs.enumeration(Level.values()), Level.HIGH));
    assertEquals("true", FlatFormat.encodeValue(Codecs.BOOLEAN, true));
    assertEquals("12", FlatFormat.encodeValue(Codecs.INT, 12));
    assertEquals("x", FlatFormat.encodeValue(Codecs.CHAR, 'x'));
    assertEquals("-5", FlatFormat.encodeValue(Codecs.BIG_INTEGER, BigInteger.valueOf(-5)));
    assertEquals(
        "2024-05-01T10:15:30.500",
        FlatFormat.encodeValue(
            Codecs.LOCAL_DATE_TIME, LocalDateTime.of(2024, 5, 1, 10, 15, 30, 500_000_000)));
    assertEquals("2024-05-01", FlatFormat.encodeValue(Codecs.LOCAL_DATE, LocalDate.of(2024, 5, 1)));
    assertEquals("PT1.5S", FlatFormat.encodeValue(Codecs.DURATION, Duration.ofMillis(1500)));
    UUID u = UUID.randomUUID();
    assertEquals(u.toString(), FlatFormat.encodeValue(Codecs.UUID_CODEC, u));
  }
}
