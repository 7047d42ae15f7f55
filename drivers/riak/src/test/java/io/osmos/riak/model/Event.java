package io.osmos.riak.model;

import io.osmos.annotations.Index;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import io.osmos.annotations.Version;
import io.osmos.testkit.model.Level;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.UUID;

/** One {@code @Index} of each kind Riak indexes, to check their encodings and order. */
@Model(bucket = "events", driver = "riak")
public record Event(
    @Key String id,
    @Index String topic,
    @Index Instant at,
    @Index LocalDate day,
    @Index LocalDateTime local,
    @Index boolean done,
    @Index Level level,
    @Index UUID ref,
    @Index int count,
    @Version long version) {}
