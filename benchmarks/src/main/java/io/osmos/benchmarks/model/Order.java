package io.osmos.benchmarks.model;

import io.osmos.annotations.Index;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The model every benchmark reads and writes: a nested type, a list of nested types, a list of
 * strings, an enum, an instant, decimals and one index. The same class is given to Osmos's
 * generated codec, to jackson-databind and to the hand-written codec.
 */
@Model(bucket = "orders", driver = "bench")
public record Order(
    @Key String id,
    @Index String customerId,
    OrderStatus status,
    Address shipTo,
    List<OrderLine> lines,
    List<String> tags,
    BigDecimal total,
    Instant placedAt,
    long revision) {}
