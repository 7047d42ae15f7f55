package io.osmos.testkit.model;

import io.osmos.annotations.Index;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** One field of every supported type, to store values at the limits of their types. */
@Model(bucket = "osmos_tk_extremes", driver = TestModels.DRIVER)
public record Extremes(
    @Key String id,
    @Index long indexedLong,
    long longValue,
    Long boxedLong,
    int intValue,
    short shortValue,
    byte byteValue,
    char charValue,
    double doubleValue,
    Double boxedDouble,
    float floatValue,
    boolean flag,
    BigDecimal decimal,
    BigInteger bigInteger,
    Instant instant,
    LocalDate date,
    LocalDateTime dateTime,
    Duration duration,
    UUID uuid,
    String text,
    byte[] bytes,
    Level level,
    List<String> list,
    Set<Long> set,
    Map<String, Long> map,
    Optional<String> optional,
    List<Address> addresses) {}
