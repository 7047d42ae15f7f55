package io.osmos.codec.testmodel;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Sample people for codec tests. */
public final class People {
  private People() {}

  /** A person with every field set. */
  public static Person full() {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("visits", 12L);
    counts.put("odd \"key\".with[dots]", -1L);
    counts.put("none", null);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("legacyFlag", Boolean.TRUE);
    extra.put("legacyScore", 17L);
    return new Person(
        "p-1",
        42,
        -7,
        0.1,
        2.5f,
        true,
        Level.HIGH,
        Instant.parse("2024-05-01T10:15:30.123456789Z"),
        new BigDecimal("12345678901234567890.0123456789"),
        new BigInteger("-123456789012345678901234567890"),
        new byte[] {0, 1, 2, (byte) 0xFF, (byte) 0x80},
        UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
        LocalDate.of(1990, 2, 28),
        Duration.ofMinutes(90),
        new Address("1 Main St", "Springfield", 3),
        List.of("a", "b", "c"),
        new LinkedHashSet<>(List.of(Level.LOW, Level.HIGH)),
        counts,
        Optional.of("Pat"),
        List.of(new Address("Old Rd", "Shelbyville", null), new Address(null, "Ogdenville", -1)),
        extra);
  }
}
