package io.osmos.rethinkdb.model;

import io.osmos.annotations.Embeddable;
import io.osmos.annotations.Extra;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A recursive nested type with the values RethinkDB stores as text, and fields of its own that it
 * does not declare.
 */
@Embeddable
public record Node(
    long big,
    double ratio,
    BigDecimal amount,
    Instant at,
    List<Node> children,
    @Extra Map<String, Object> extra) {}
