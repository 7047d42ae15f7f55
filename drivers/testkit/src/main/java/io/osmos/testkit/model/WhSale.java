package io.osmos.testkit.model;

import io.osmos.annotations.Index;
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
import java.util.UUID;

/**
 * The stream record of the warehouse suite: a field of every kind a warehouse column must hold,
 * nested and repeated ones included.
 *
 * @param shop groups the rows one test writes, so its SQL sees only them
 */
@Model(bucket = "osmos_tk_wh_sales", driver = TestModels.STREAMS, kind = Model.Kind.STREAM)
public record WhSale(
    @Key String id,
    @Timestamp Instant time,
    @Index String shop,
    int quantity,
    long cents,
    double weight,
    float ratio,
    boolean paid,
    BigDecimal amount,
    BigInteger serial,
    Instant shippedAt,
    LocalDate day,
    LocalDateTime localTime,
    Duration took,
    UUID ref,
    byte[] receipt,
    WhTier tier,
    WhAddress address,
    List<String> tags,
    List<WhAddress> stops,
    Map<String, Long> counters) {

  /** A sale with the given key, time, shop and quantity, and every other field empty or zero. */
  public static WhSale of(String id, Instant time, String shop, int quantity) {
    return new WhSale(
        id, time, shop, quantity, 0, 0, 0, false, null, null, null, null, null, null, null, null,
        null, null, List.of(), List.of(), Map.of());
  }
}
