package io.osmos.redis;

import io.osmos.annotations.Index;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import io.osmos.annotations.Version;
import java.math.BigDecimal;

/**
 * Numbers the update script cannot add itself: an indexed long (its index entry changes with the
 * value), a double and a float. Their increments are computed by the driver and written only if the
 * field still holds what was read.
 */
@Model(bucket = "gauges", driver = "db")
public record Gauge(
    @Key String id,
    @Index String group,
    @Index long rank,
    double weight,
    float ratio,
    BigDecimal total,
    long hits,
    long misses,
    @Version long version) {}
