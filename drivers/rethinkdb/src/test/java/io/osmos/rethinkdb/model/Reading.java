package io.osmos.rethinkdb.model;

import io.osmos.annotations.Index;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import java.time.Instant;

/**
 * A model whose key field is not {@code id} and whose indexes are on the types RethinkDB cannot
 * order natively as stored: instants (nanoseconds), doubles (NaN, infinities, -0.0) and longs
 * beyond 2^53.
 */
@Model(bucket = "rdb_readings", driver = "rdb")
public record Reading(
    @Key String code, @Index Instant at, @Index double level, @Index long counter, String note) {}
