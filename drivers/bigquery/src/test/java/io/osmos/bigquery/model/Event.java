package io.osmos.bigquery.model;

import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import io.osmos.annotations.Timestamp;
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

/** A stream record with a field of every kind the BigQuery type mapping covers. */
@Model(bucket = "events", driver = "warehouse", kind = Model.Kind.STREAM)
public record Event(
    @Key String id,
    @Timestamp Instant time,
    long count,
    int small,
    double score,
    float ratio,
    boolean flag,
    Long maybe,
    BigDecimal amount,
    BigInteger big,
    byte[] payload,
    UUID uuid,
    LocalDate day,
    LocalDateTime at,
    Duration took,
    Mood mood,
    Optional<String> note,
    Place place,
    List<String> tags,
    Set<Long> ids,
    Map<String, Long> counters,
    List<Place> stops,
    List<List<String>> matrix) {

  /** An event with only the key, the time and the primitives set. */
  public static Event minimal(String id, Instant time) {
    return new Event(
        id,
        time,
        0,
        0,
        0,
        0,
        false,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        Optional.empty(),
        null,
        List.of(),
        Set.of(),
        Map.of(),
        List.of(),
        List.of());
  }
}
