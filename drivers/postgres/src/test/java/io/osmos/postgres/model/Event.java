package io.osmos.postgres.model;

import io.osmos.annotations.Index;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import java.time.Instant;
import java.util.UUID;

/** A document with a generated UUID key and indexes whose order the driver must get right. */
@Model(bucket = "pg_events", driver = "pg")
public record Event(
    @Key UUID id, @Index Instant at, @Index String name, @Index double score, String note) {}
