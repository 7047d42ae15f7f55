package io.osmos.postgres.model;

import io.osmos.annotations.Index;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import io.osmos.annotations.Timestamp;
import io.osmos.testkit.model.Address;
import io.osmos.testkit.model.Level;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A stream record with a field of every kind of column the warehouse makes. */
@Model(bucket = "pg_measurements", driver = "pg", kind = Model.Kind.STREAM)
public record Measurement(
    @Key String sensor,
    @Timestamp Instant at,
    @Index String site,
    int count,
    long total,
    double ratio,
    float fraction,
    BigDecimal amount,
    boolean ok,
    byte[] blob,
    UUID ref,
    LocalDate day,
    LocalDateTime local,
    Duration took,
    Level level,
    List<String> tags,
    Map<String, Long> counts,
    Address address) {}
